package dev.vigil.sensor.cli;

import dev.vigil.sensor.event.BuildInfo;
import picocli.CommandLine;

import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * The {@code vigil} command line.
 */
@Command(name = "vigil",
        mixinStandardHelpOptions = true,
        versionProvider = Vigil.Version.class,
        description = {
            "Passive security sensor for IP intercom and VoIP networks.",
            "",
            "vigil listens on a switch's mirror (SPAN) port or reads capture files, decodes the",
            "intercom system's traffic, and writes events (flows, ARP, decode anomalies, and the",
            "protocol events of later releases) as NDJSON and into Elasticsearch.",
            ""},
        subcommands = {AnalyzeCommand.class, CaptureCommand.class, RunCommand.class, DemoCommand.class,
            ReportCommand.class, InventoryCommand.class, SetupCommand.class, PolicyCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"",
            "Examples:",
            "  vigil analyze site.pcapng --ndjson events.ndjson",
            "  vigil analyze captures/ --es http://127.0.0.1:9200",
            "  vigil capture -i eth1 --bpf 'not port 22' --ndjson -",
            "  vigil demo",
            "",
            "Exit status: 0 success, 1 internal or output error, 2 unusable input or arguments."})
public final class Vigil implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given standard output and error (tests call this). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Vigil());
        cl.setOut(out);
        cl.setErr(err);
        cl.setUsageHelpWidth(100);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("vigil: " + ex.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints the build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vigil " + BuildInfo.version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
