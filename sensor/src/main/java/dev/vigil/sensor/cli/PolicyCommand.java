package dev.vigil.sensor.cli;

import dev.vigil.rules.policy.DefaultPolicy;
import dev.vigil.rules.policy.InventoryCsv;
import dev.vigil.rules.policy.Policy;
import dev.vigil.rules.policy.PolicyException;
import dev.vigil.rules.policy.PolicyExplainer;
import dev.vigil.rules.policy.PolicyLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code vigil policy check FILE [--inventory FILE.csv]} and {@code vigil policy default}: a site
 * engineer validates a policy and reads back what the sensor understood, or starts from the default
 * generated from the hardening guide. Exit status 0 when valid, 2 when not (every problem printed
 * with file:line:column), like the other commands' unusable input.
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {
            "Check a site policy, or print the default policy from the hardening guide.",
            ""},
        subcommands = {PolicyCommand.Check.class, PolicyCommand.Default.class},
        footer = {"",
            "Examples:",
            "  vigil policy default > site-policy.yaml",
            "  vigil policy check site-policy.yaml --inventory stations.csv"})
final class PolicyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {
                "Validate a policy (and an inventory CSV) and explain it: judged networks, approved",
                "servers, inventory size, what each role may do, rules and severities, timing.",
                "Every problem is reported with file:line:column; nothing is half-loaded.",
                ""})
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "Policy YAML file.")
        Path file;

        @Option(names = "--inventory", paramLabel = "FILE.csv",
                description = "Authorized inventory as CSV (header mac,ip,name,role; mac or ip may be empty).")
        Path inventory;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                Policy p = load(file, inventory);
                out.print(PolicyExplainer.explain(p));
                out.flush();
                return 0;
            } catch (PolicyException e) {
                err.println("vigil policy check: " + e.getMessage());
                err.flush();
                return 2;
            }
        }
    }

    @Command(name = "default", mixinStandardHelpOptions = true,
            description = {
                "Print the default policy generated from the hardening guide (Tables 1 and 2 as the",
                "approved services, the Do and Check phases as settings and comments).",
                ""})
    static final class Default implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.print(DefaultPolicy.yaml());
            out.flush();
            return 0;
        }
    }

    /**
     * The policy of {@code --policy FILE} with the devices of {@code --inventory FILE.csv}; either may be
     * null (no policy: the default). For {@code analyze} and {@code run}, which refuse to start on a
     * {@link PolicyException}.
     */
    static Policy load(Path policy, Path inventory) throws PolicyException {
        Policy p = policy == null ? DefaultPolicy.policy() : PolicyLoader.load(policy);
        return inventory == null ? p : p.withInventory(InventoryCsv.load(inventory));
    }
}
