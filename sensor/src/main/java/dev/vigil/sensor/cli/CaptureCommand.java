package dev.vigil.sensor.cli;

import dev.vigil.sensor.capture.LiveCapture;
import dev.vigil.sensor.event.Observer;
import dev.vigil.sensor.pipeline.InputContext;
import dev.vigil.sensor.pipeline.Pipeline;
import dev.vigil.sensor.pipeline.PipelineConfig;
import dev.vigil.sensor.pipeline.PipelineStats;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

@Command(name = "capture", mixinStandardHelpOptions = true,
        description = {
            "Capture live from an interface (a SPAN / mirror port).",
            "",
            "Opens the interface with libpcap in promiscuous, immediate mode and runs the same",
            "pipeline as 'analyze'. vigil never transmits on the capture interface. Needs",
            "CAP_NET_RAW (root, or the capability on the java binary / the systemd unit).",
            "Live, nothing waits on outputs: a full ring drops and counts, and the drops are",
            "reported separately from the kernel's (pcap_stats) when the capture ends.",
            "Stop with Ctrl-C (SIGINT) or SIGTERM, or with --duration / --count.",
            ""})
final class CaptureCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-i", "--interface"}, required = true, paramLabel = "IFACE", description = "Interface to capture on.")
    String iface;

    @Option(names = "--bpf", paramLabel = "EXPR", description = "BPF capture filter, e.g. 'not port 22'.")
    String bpf;

    @Option(names = "--snaplen", paramLabel = "N", defaultValue = "65535",
            description = "Bytes captured per packet (default: ${DEFAULT-VALUE}).")
    int snaplen;

    @Option(names = "--buffer-mb", paramLabel = "N", defaultValue = "64",
            description = "Kernel capture buffer in MiB (default: ${DEFAULT-VALUE}).")
    int bufferMb;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds.")
    Long duration;

    @Option(names = "--count", paramLabel = "N", description = "Stop after this many packets.")
    Long count;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (snaplen < 64 || snaplen > 262_144) {
            err.println("vigil capture: --snaplen must be 64..262144, got " + snaplen);
            return 2;
        }
        if (bufferMb < 1 || bufferMb > 4096) {
            err.println("vigil capture: --buffer-mb must be 1..4096, got " + bufferMb);
            return 2;
        }
        LiveCapture.Options opts = LiveCapture.Options.defaults().snaplen(snaplen).bufferSize(bufferMb << 20)
                .promiscuous(true).immediate(true).filter(bpf);
        LiveCapture capture;
        try {
            capture = LiveCapture.open(iface, opts);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("vigil capture: " + e.getMessage());
            return 2;
        }
        PipelineConfig config = PipelineConfig.DEFAULT.withWorkers(common.workers).withNamespace(common.namespace)
                .withFlow(PipelineConfig.DEFAULT.flow().withMaxFlows(common.maxFlows));
        dev.vigil.sensor.app.AppRegistry apps;
        try {
            apps = Apps.registry(common.decoders);
        } catch (IllegalArgumentException e) {
            err.println("vigil capture: --decoders: " + e.getMessage());
            return 2;
        }
        List<dev.vigil.sensor.detect.DocumentAnalyzer> analyzers;
        try {
            analyzers = Analyzers.create(common.policy, common.inventory, null);
        } catch (dev.vigil.rules.policy.PolicyException e) {
            err.println("vigil capture: " + e.getMessage());
            return 2;
        }
        Outputs outputs = Outputs.open(common, err, true);
        Observer observer = Observer.local(iface);
        Pipeline pipeline = new Pipeline(config, observer, apps, outputs.agents(), analyzers, false);
        long start = System.currentTimeMillis();
        InputContext input = new InputContext(iface, observer.hostname() + "/" + iface + "/" + start, false);
        pipeline.beginInput(input);
        err.printf("vigil capture: %s linktype %d snaplen %d buffer %d MiB filter %s%n", iface, capture.linkType(),
                snaplen, bufferMb, bpf == null ? "(none)" : "\"" + bpf + "\"");
        err.flush();
        Thread hook = new Thread(capture::stop, "vigil-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-capture-timer");
            t.setDaemon(true);
            return t;
        });
        if (duration != null) {
            timer.schedule(capture::stop, duration, TimeUnit.SECONDS);
        }
        if (count != null) {
            timer.scheduleAtFixedRate(() -> {
                if (pipeline.stats().packets() >= count) {
                    capture.stop();
                }
            }, 50, 50, TimeUnit.MILLISECONDS);
        }
        try {
            capture.run(pipeline.handler());
        } finally {
            timer.shutdownNow();
            LiveCapture.Stats ks = capture.stats();
            capture.close();
            pipeline.endInput(input);
            pipeline.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
            if (!common.quiet) {
                PipelineStats s = pipeline.stats();
                err.printf("vigil capture: %,d packets, %,d bytes in %.1f s%n", s.packets(), s.bytes(),
                        (System.currentTimeMillis() - start) / 1e3);
                err.printf("  kernel:   received %,d, dropped %,d, interface dropped %,d%n", ks.received(), ks.dropped(),
                        ks.interfaceDropped());
                err.printf("  drops:    %s%n", s.drops());
                err.printf("  events:   %,d %s%n", s.eventsTotal(), s.eventsByDataset());
                err.flush();
            }
        }
        return 0;
    }
}
