package dev.vigil.sensor.cli;

import dev.vigil.sensor.capture.LiveCapture;
import dev.vigil.sensor.config.ConfigException;
import dev.vigil.sensor.config.SensorConfig;
import dev.vigil.sensor.config.SensorConfigLoader;
import dev.vigil.sensor.detect.DocumentAnalyzer;
import dev.vigil.sensor.logging.Logging;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Run the sensor as a daemon, as configured in FILE (see deploy/config/vigil.example.yaml).",
            "",
            "Opens the capture interface, and, when started as root, then switches to the configured",
            "user (the systemd unit in deploy/systemd starts it as that user with CAP_NET_RAW instead).",
            "Runs the pipeline with the policy and inventory, writes events to the configured outputs,",
            "and serves /metrics, /health and /assets on the local HTTP endpoint (127.0.0.1:9469).",
            "",
            "Signals: SIGTERM or SIGINT stop it cleanly (flows ended and written, outputs flushed and",
            "closed, exit status 0); SIGHUP reloads the policy and inventory named in FILE without",
            "losing flows; a bad new file keeps the old one running and the log says why.",
            ""},
        footer = {"",
            "Exit status: 0 stopped by a signal, 1 the capture failed while running, 2 unusable",
            "configuration or the capture could not be opened."})
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    /** How long a JVM shutdown not started by our signal handlers waits for the drain. */
    static final long DRAIN_TIMEOUT_SECONDS = 60;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The configuration (YAML).")
    Path configFile;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Site policy (YAML); overrides the configuration's policy:, also when SIGHUP reloads.")
    java.nio.file.Path policy;

    @Option(names = "--inventory", paramLabel = "FILE.csv",
            description = "Authorized inventory (mac,ip,name,role); overrides the configuration's inventory:, "
                    + "also when SIGHUP reloads.")
    java.nio.file.Path inventory;

    @Option(names = "--check", description = "Check the configuration (and the policy, inventory and secrets it names), "
            + "print the result and exit without capturing.")
    boolean check;

    /** Builds the analyzers; tests put a fake here. */
    Daemon.AnalyzerFactory analyzerFactory = Analyzers::create;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        SensorConfig config;
        try {
            ConfigReloader.commandLineOverrides(policy, inventory);
            config = ConfigReloader.applyOverrides(SensorConfigLoader.load(configFile));
        } catch (ConfigException e) {
            err.println("vigil run: the configuration has " + e.problems().size() + " problem"
                    + (e.problems().size() == 1 ? "" : "s") + ":");
            e.problems().forEach(p -> err.println("  " + p));
            err.flush();
            return 2;
        }
        if (check) {
            return check(config, err);
        }
        Logging.configure(config.log().format(), config.log().level());

        LiveCapture capture;
        SensorConfig.Capture c = config.capture();
        try {
            capture = LiveCapture.open(c.iface(), LiveCapture.Options.defaults().snaplen(c.snaplen())
                    .bufferSize(c.bufferBytes()).filter(c.filter()).immediate(c.immediate())
                    .promiscuous(c.promiscuous()));
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            String hint = String.valueOf(e.getMessage()).contains("ermission") || String.valueOf(e.getMessage())
                    .contains("not permitted") ? " (needs root or CAP_NET_RAW and CAP_NET_ADMIN: see "
                    + "deploy/systemd/vigil.service)" : "";
            return fail(err, config.location("capture.interface") + ": capture: " + e.getMessage() + hint);
        }
        String identity;
        try {
            identity = dropPrivileges(config);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            capture.close();
            return fail(err, config.location("user") + ": user: cannot switch to " + config.user() + ": "
                    + e.getMessage());
        }

        Daemon daemon;
        try {
            daemon = Daemon.start(config, Daemon.Source.of(capture), analyzerFactory);
        } catch (Daemon.StartupException e) {
            return fail(err, e.getMessage());
        }
        Thread hook = new Thread(() -> {
            // a JVM shutdown we did not handle as a signal (e.g. -Xrs): still drain before exiting
            daemon.stop();
            try {
                daemon.awaitFinished(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vigil-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int status;
        Signals signals = Signals.install(daemon::stop, daemon::reload);
        try {
            daemon.logStarted(identity);
            status = daemon.run();
        } finally {
            signals.close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran: nothing to remove
        }
        return status;
    }

    /**
     * As root with a configured user: switch to it now that the capture is open. Returns who we
     * run as, for the startup line.
     */
    private static String dropPrivileges(SensorConfig config) {
        int euid;
        try {
            euid = Privileges.effectiveUid();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return "unknown user (libc not reachable: " + e.getMessage() + ")";
        }
        if (euid == 0 && config.user() != null) {
            Privileges.Identity id = Privileges.dropTo(config.user());
            return "user " + id.user() + " (uid " + id.uid() + ", gid " + id.gid() + ", switched from root after "
                    + "opening the capture, no capabilities left)";
        }
        if (euid == 0) {
            LOG.warn("running as root: set 'user:' in {} so the sensor gives up root once the capture is open",
                    config.file());
        }
        return Privileges.describe();
    }

    /** {@code --check}: everything that can be checked without the interface. */
    private int check(SensorConfig config, PrintWriter err) {
        try {
            Apps.registry(config.pipeline().decoders());
        } catch (IllegalArgumentException e) {
            return fail(err, config.location("pipeline.decoders") + ": pipeline.decoders: " + e.getMessage());
        }
        try {
            for (DocumentAnalyzer a : analyzerFactory.create(config.policy(), config.inventory(), null)) {
                a.close();
            }
        } catch (Exception e) {
            return fail(err, "policy or inventory: " + e.getMessage());
        }
        if (config.outputs().elasticsearch() != null) {
            try {
                ElasticsearchConfig es = config.outputs().elasticsearch().toBuilder().build();
                err.println("vigil run: Elasticsearch output: " + es);
            } catch (RuntimeException e) {
                return fail(err, config.location("outputs.elasticsearch") + ": outputs.elasticsearch: "
                        + e.getMessage());
            }
        }
        try {
            Webhooks.create(config.webhooks(), config.stateDir());
        } catch (RuntimeException e) {
            return fail(err, e.getMessage());
        }
        String hash;
        try {
            hash = ConfigReloader.policyHash(config.policy());
        } catch (IOException e) {
            return fail(err, config.location("policy") + ": policy: " + e.getMessage());
        }
        err.println("vigil run: " + config.file() + " is usable: interface " + config.capture().iface() + ", policy "
                + ConfigReloader.describePolicy(config.policy(), hash));
        err.flush();
        return 0;
    }

    private static int fail(PrintWriter err, String message) {
        err.println("vigil run: " + message);
        err.flush();
        return 2;
    }
}
