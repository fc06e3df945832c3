package dev.vigil.sensor.cli;

import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.capture.CaptureFileException;
import dev.vigil.sensor.event.Observer;
import dev.vigil.sensor.output.OutputAgent;
import dev.vigil.sensor.pipeline.OfflineAnalysis;
import dev.vigil.sensor.pipeline.PipelineConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {
            "Analyze pcap and pcapng files offline.",
            "",
            "Every packet goes through the same pipeline as live capture: L2-L4 decoding (Ethernet,",
            "VLAN/QinQ, SLL, raw IP, GRE/ERSPAN/VXLAN, IPv4/IPv6 with fragment reassembly, TCP, UDP,",
            "ICMP, IGMP, ARP), flow tracking, and the application decoders. Events are written as",
            "NDJSON and/or indexed into Elasticsearch. Directories are searched for capture files.",
            "Nothing is dropped offline: a slow output slows the reading down.",
            ""},
        footer = {"",
            "A damaged file is reported on one line with its name and the byte offset of the damage;",
            "the events of the packets before it are kept and the other files are still analyzed.",
            "",
            "Exit status: 0 success, 1 output failure, 2 a file was unusable or damaged."})
final class AnalyzeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE_OR_DIR", description = "Capture files (pcap, pcapng) or directories.")
    List<Path> inputs;

    @Mixin
    CommonOptions common;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show progress on a terminal for files over 32 MiB (default: on; --no-progress to disable).")
    boolean progress;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        for (Path p : inputs) {
            if (!Files.exists(p)) {
                err.println("vigil analyze: " + p + ": no such file or directory");
                return 2;
            }
        }
        List<dev.vigil.sensor.detect.DocumentAnalyzer> analyzers;
        try {
            analyzers = Analyzers.create(common.policy, common.inventory, null);
        } catch (dev.vigil.rules.policy.PolicyException e) {
            err.println("vigil analyze: " + e.getMessage());
            return 2;
        }
        List<Path> files = OfflineAnalysis.expand(inputs);
        if (files.isEmpty()) {
            err.println("vigil analyze: no capture files found in " + inputs);
            return 2;
        }
        PipelineConfig config = PipelineConfig.DEFAULT.withWorkers(common.workers).withNamespace(common.namespace)
                .withFlow(PipelineConfig.DEFAULT.flow().withMaxFlows(common.maxFlows));
        dev.vigil.sensor.app.AppRegistry apps;
        try {
            apps = Apps.registry(common.decoders);
        } catch (IllegalArgumentException e) {
            err.println("vigil analyze: --decoders: " + e.getMessage());
            return 2;
        }
        Outputs outputs = Outputs.open(common, err, false);
        OfflineAnalysis.Progress bar = progress && System.console() != null ? new ProgressBar(err) : null;
        OfflineAnalysis.Result result = OfflineAnalysis.run(files, config, Observer.local(null), apps,
                outputs.agents(), analyzers, bar);
        for (CaptureFileException e : result.errors()) {
            err.println("vigil analyze: " + e.getMessage());
        }
        if (!common.quiet) {
            Summary.print(err, result, outputs);
        }
        err.flush();
        if (!result.ok()) {
            return 2;
        }
        for (OutputAgent o : outputs.agents()) {
            if (o.failed() > 0) {
                return 1;
            }
        }
        return 0;
    }
}
