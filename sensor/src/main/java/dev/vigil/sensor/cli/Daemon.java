package dev.vigil.sensor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.capture.LiveCapture;
import dev.vigil.sensor.capture.PacketHandler;
import dev.vigil.sensor.config.InstallationSalt;
import dev.vigil.sensor.config.Reloadable;
import dev.vigil.sensor.config.SensorConfig;
import dev.vigil.sensor.detect.DetectStage;
import dev.vigil.sensor.detect.DocumentAnalyzer;
import dev.vigil.sensor.event.BuildInfo;
import dev.vigil.sensor.event.Observer;
import dev.vigil.sensor.http.AssetSource;
import dev.vigil.sensor.http.Health;
import dev.vigil.sensor.http.HttpEndpoint;
import dev.vigil.sensor.http.RecentIncrease;
import dev.vigil.sensor.output.NdjsonOutput;
import dev.vigil.sensor.output.OutputAgent;
import dev.vigil.sensor.output.spool.DiskSpoolConfig;
import dev.vigil.sensor.output.spool.FsyncPolicy;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchOutput;
import dev.vigil.sensor.output.metrics.MeteredOutput;
import dev.vigil.sensor.output.metrics.SensorMetrics;
import dev.vigil.sensor.pipeline.InputContext;
import dev.vigil.sensor.pipeline.Pipeline;
import dev.vigil.sensor.pipeline.PipelineConfig;
import dev.vigil.sensor.pipeline.PipelineStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The running sensor of {@code vigil run}: a packet source (the live capture) feeding the
 * pipeline with the configured analyzers and outputs, the HTTP endpoint, health checks and the
 * SIGHUP reload. Built from a loaded {@link SensorConfig} after the capture is open and
 * privileges are dropped; {@link #run()} blocks until {@link #stop()}, then drains: the input
 * is ended (every flow ended and written), both rings are emptied, outputs are closed.
 */
final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** Health trends (drops, failures) look this far back. */
    static final long TREND_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Health is evaluated this often even when nobody asks, so trends stay current. */
    private static final long HEALTH_SAMPLE_SECONDS = 10;

    /** Where packets come from: the live capture, or a test's replay. */
    interface Source extends AutoCloseable {
        String name();

        int linkType();

        /** The BPF filter in force, or null. */
        String filter();

        /** Delivers packets on the calling thread until {@link #stop()}. */
        void run(PacketHandler handler) throws IOException;

        void stop();

        LiveCapture.Stats stats();

        @Override
        void close();

        static Source of(LiveCapture c) {
            return new Source() {
                @Override
                public String name() {
                    return c.interfaceName();
                }

                @Override
                public int linkType() {
                    return c.linkType();
                }

                @Override
                public String filter() {
                    return c.filter();
                }

                @Override
                public void run(PacketHandler handler) throws IOException {
                    c.run(handler);
                }

                @Override
                public void stop() {
                    c.stop();
                }

                @Override
                public LiveCapture.Stats stats() {
                    return c.stats();
                }

                @Override
                public void close() {
                    c.close();
                }
            };
        }
    }

    /** Builds the detect stage's analyzers ({@link Analyzers#create} in production). */
    @FunctionalInterface
    interface AnalyzerFactory {
        List<DocumentAnalyzer> create(Path policy, Path inventory, Path stateDir) throws Exception;
    }

    /** A problem that keeps the daemon from starting: printed, exit status 2. */
    static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SensorConfig config;
    private final Source source;
    private final SensorMetrics metrics = new SensorMetrics();
    private final Health health = new Health();
    private final List<MeteredOutput> outputs = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private List<DocumentAnalyzer> analyzers = List.of();
    private Pipeline pipeline;
    private InputContext input;
    private HttpEndpoint http;
    private ConfigReloader reloader;
    private ScheduledExecutorService sampler;
    private volatile boolean running;
    private volatile boolean stopRequested;
    private volatile String captureFailure;
    private long startMillis;

    private Daemon(SensorConfig config, Source source) {
        this.config = config;
        this.source = source;
    }

    /**
     * Builds and starts everything but the packet loop. On failure everything started is
     * closed again (the source too).
     */
    static Daemon start(SensorConfig config, Source source, AnalyzerFactory analyzerFactory)
            throws StartupException {
        Daemon d = new Daemon(config, source);
        try {
            d.startAll(analyzerFactory);
            return d;
        } catch (StartupException | RuntimeException e) {
            d.abort();
            throw e;
        }
    }

    private void startAll(AnalyzerFactory analyzerFactory) throws StartupException {
        startMillis = System.currentTimeMillis();
        Path stateDir = config.stateDir();
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new StartupException(config.location("state_dir") + ": state_dir " + stateDir
                    + " cannot be created: " + e, e);
        }
        if (!Files.isWritable(stateDir)) {
            throw new StartupException(config.location("state_dir") + ": state_dir " + stateDir
                    + " is not writable by uid " + uidName(), null);
        }
        InstallationSalt.useStateDir(stateDir);
        AppRegistry apps;
        try {
            apps = Apps.registry(config.pipeline().decoders());
        } catch (IllegalArgumentException e) {
            throw new StartupException(config.location("pipeline.decoders") + ": pipeline.decoders: "
                    + e.getMessage(), e);
        }
        try {
            analyzers = List.copyOf(analyzerFactory.create(config.policy(), config.inventory(), stateDir));
        } catch (Exception e) {
            throw new StartupException("policy or inventory: " + e.getMessage(), e);
        }
        List<OutputAgent> agents = openOutputs();
        for (OutputAgent a : agents) {
            outputs.add(metrics.meter(a));
        }
        PipelineConfig pc = new PipelineConfig(config.pipeline().packetRing(), config.pipeline().recordRing(),
                config.pipeline().workers(), PipelineConfig.DEFAULT.flow().withMaxFlows(config.pipeline().maxFlows()),
                PipelineConfig.DEFAULT.decodeEventsBurst(), PipelineConfig.DEFAULT.decodeEventsPerSecond(),
                config.namespace());
        Observer observer = Observer.local(source.name());
        pipeline = new Pipeline(pc, observer, apps, List.copyOf(outputs), analyzers, false);
        metrics.bindPipeline(pipeline.stats());
        metrics.bindCapture(source::stats);
        DetectStage detect = pipeline.detectStage();
        if (detect != null) {
            metrics.bindDetect(detect);
        }
        List<Reloadable> reloadables = new ArrayList<>();
        for (DocumentAnalyzer a : analyzers) {
            if (a instanceof Reloadable r) {
                reloadables.add(r);
            }
        }
        try {
            reloader = new ConfigReloader(config, reloadables, (p, i) -> {
                for (DocumentAnalyzer a : analyzerFactory.create(p, i, null)) {
                    a.close();
                }
            }, metrics::reload);
        } catch (IOException e) {
            throw new StartupException(config.location("policy") + ": cannot read policy: " + e.getMessage(), e);
        }
        registerHealthChecks(detect);
        if (config.http().enabled()) {
            try {
                http = HttpEndpoint.start(config.http().host(), config.http().port(), new HttpEndpoint.Sources(
                        metrics::scrape, SensorMetrics.CONTENT_TYPE, health::evaluate, assets()));
            } catch (IOException e) {
                throw new StartupException(config.location("http.listen") + ": http.listen: " + e.getMessage(), e);
            }
        }
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-health");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(health::evaluate, HEALTH_SAMPLE_SECONDS, HEALTH_SAMPLE_SECONDS, TimeUnit.SECONDS);
        input = new InputContext(source.name(), observer.hostname() + "/" + source.name() + "/" + startMillis, false);
        pipeline.beginInput(input);
    }

    private List<OutputAgent> openOutputs() throws StartupException {
        List<OutputAgent> list = new ArrayList<>();
        SensorConfig.Outputs o = config.outputs();
        try {
            if (o.ndjson() != null) {
                list.add(NdjsonOutput.append(o.ndjson().path()));
            }
        } catch (IOException e) {
            throw new StartupException(config.location("outputs.ndjson.path") + ": outputs.ndjson.path: cannot open "
                    + o.ndjson().path() + " as uid " + uidName() + ": " + e, e);
        }
        if (o.elasticsearch() != null) {
            try {
                // live: accepted events wait on disk while Elasticsearch is away; a full spool drops
                // (counted as spool_full) rather than stall the capture
                SensorConfig.Spool sp = config.spool();
                FsyncPolicy fsync = switch (sp.fsync()) {
                    case "always" -> FsyncPolicy.always();
                    case "never" -> FsyncPolicy.never();
                    default -> FsyncPolicy.every(java.time.Duration.ofSeconds(1));
                };
                list.add(new ElasticsearchOutput(o.elasticsearch().toBuilder()
                        .spool(DiskSpoolConfig.of(sp.dir(), sp.maxBytes()).withFsync(fsync))
                        .blockWhenSpoolFull(false).build()));
            } catch (RuntimeException e) {
                throw new StartupException(config.location("outputs.elasticsearch") + ": outputs.elasticsearch: "
                        + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"), e);
            }
        }
        try {
            list.addAll(Webhooks.create(config.webhooks(), config.stateDir()));
        } catch (RuntimeException e) {
            throw new StartupException(e.getMessage(), e);
        }
        return list;
    }

    private Supplier<JsonNode> assets() {
        for (DocumentAnalyzer a : analyzers) {
            if (a instanceof AssetSource s) {
                return s::assetsJson;
            }
        }
        return null;
    }

    private void registerHealthChecks(DetectStage detect) {
        RecentIncrease kernelDrops = new RecentIncrease(TREND_WINDOW_NANOS);
        health.register("capture", () -> {
            String failure = captureFailure;
            if (failure != null) {
                return Health.Status.down(failure);
            }
            if (stopRequested) {
                return Health.Status.notReady("stopping");
            }
            if (!running) {
                return Health.Status.notReady("starting");
            }
            LiveCapture.Stats k = source.stats();
            long recent = kernelDrops.update(System.nanoTime(), k.dropped() + k.interfaceDropped());
            String detail = source.name() + " open, " + pipeline.stats().packets() + " packets";
            return recent > 0 ? Health.Status.warn(detail + "; " + recent + " dropped by the kernel in the last 60 s "
                    + "(raise capture.buffer_size or reduce the traffic with capture.bpf)")
                    : Health.Status.ok(detail);
        });
        RecentIncrease ringDrops = new RecentIncrease(TREND_WINDOW_NANOS);
        health.register("pipeline", () -> {
            PipelineStats s = pipeline.stats();
            long lost = s.packetRingDrops() + s.drops().getOrDefault("record_ring_full", 0L);
            long recent = ringDrops.update(System.nanoTime(), lost);
            String detail = s.flowsActive() + " flows, " + s.eventsTotal() + " events";
            return recent > 0 ? Health.Status.warn(detail + "; " + recent + " packets or records lost to full rings "
                    + "in the last 60 s") : Health.Status.ok(detail);
        });
        for (MeteredOutput o : outputs) {
            RecentIncrease failed = new RecentIncrease(TREND_WINDOW_NANOS);
            health.register("output." + o.tag(), () -> {
                String failure = o.failure();
                if (failure != null) {
                    return Health.Status.notReady(failure);
                }
                if (!o.started()) {
                    return Health.Status.notReady("starting");
                }
                long recent = failed.update(System.nanoTime(), o.failed());
                String detail = o.delivered() + " delivered, " + o.failed() + " failed";
                if (o.delegate() instanceof ElasticsearchOutput es) {
                    detail += ", " + es.pending() + " pending" + (es.failedByReason().isEmpty() ? ""
                            : ", failures " + es.failedByReason());
                }
                return recent > 0 ? Health.Status.warn(detail + "; " + recent + " failed in the last 60 s")
                        : Health.Status.ok(detail);
            });
        }
        if (detect != null) {
            RecentIncrease errors = new RecentIncrease(TREND_WINDOW_NANOS);
            health.register("detect", () -> {
                long recent = errors.update(System.nanoTime(), detect.errors());
                String detail = detect.documents() + " documents analysed, " + detect.errors() + " analyzer errors";
                return recent > 0 ? Health.Status.warn(detail + "; " + recent + " in the last 60 s")
                        : Health.Status.ok(detail);
            });
        }
        health.register("config", () -> {
            String rejected = reloader.lastRejection();
            String detail = "policy " + ConfigReloader.describePolicy(reloader.running().policy(),
                    reloader.policyHash());
            return rejected != null ? Health.Status.warn(rejected) : Health.Status.ok(detail);
        });
    }

    /** The startup line: version, interface, filter, policy hash, outputs, endpoint, identity. */
    void logStarted(String identity) {
        SensorConfig c = config;
        List<String> outs = new ArrayList<>();
        for (MeteredOutput o : outputs) {
            OutputAgent a = o.delegate();
            outs.add(a instanceof NdjsonOutput n ? "ndjson (" + (n.target() == null ? "stdout" : n.target()) + ")"
                    : a instanceof ElasticsearchOutput ? "elasticsearch " + c.outputs().elasticsearch().urls()
                    : o.tag());
        }
        String filter = source.filter() == null ? "(none)" : "\"" + source.filter() + "\"";
        String policy = ConfigReloader.describePolicy(c.policy(), reloader.policyHash());
        // structured fields of the startup line in JSON logs (ECS encoder writes MDC entries as fields)
        MDC.put("vigil.interface", source.name());
        MDC.put("vigil.bpf", source.filter() == null ? "" : source.filter());
        MDC.put("vigil.policy.sha256", reloader.policyHash());
        try {
            LOG.info("vigil {} running: interface {} (linktype {}, snaplen {}, buffer {} MiB), filter {}, policy {}, "
                            + "inventory {}, outputs {}, http {}, {} analyzers, as {}",
                    BuildInfo.version(), source.name(), source.linkType(), c.capture().snaplen(),
                    c.capture().bufferBytes() >> 20, filter, policy,
                    c.inventory() == null ? "none" : c.inventory(), outs,
                    http == null ? "off" : http.address().getHostString() + ":" + http.address().getPort(),
                    analyzers.size(), identity);
        } finally {
            MDC.remove("vigil.interface");
            MDC.remove("vigil.bpf");
            MDC.remove("vigil.policy.sha256");
        }
    }

    /**
     * Runs the packet loop on the calling thread until {@link #stop()}, then drains and closes.
     *
     * @return 0 after a requested stop, 1 when the capture failed (interface gone, ...)
     */
    int run() {
        int status = 0;
        running = true;
        try {
            if (!stopRequested) {
                source.run(pipeline.handler());
            }
        } catch (IOException | RuntimeException e) {
            captureFailure = "capture failed: " + e.getMessage();
            LOG.error("{}", captureFailure);
            status = 1;
        } finally {
            running = false;
            shutdown();
            finished.countDown();
        }
        return status;
    }

    /** Asks the packet loop to end; {@link #run()} then drains. Any thread, idempotent. */
    void stop() {
        if (!stopRequested) {
            stopRequested = true;
            LOG.info("stopping: ending flows and flushing outputs");
        }
        source.stop();
    }

    /** Waits until {@link #run()} has drained and closed everything. */
    boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    /** SIGHUP: reload policy and inventory. */
    ConfigReloader.Result reload() {
        ConfigReloader.Result r = reloader.reload();
        health.evaluate();
        return r;
    }

    private void shutdown() {
        stopRequested = true;
        LiveCapture.Stats kernel = source.stats();
        source.close();
        pipeline.endInput(input);
        pipeline.close();
        if (sampler != null) {
            sampler.shutdownNow();
        }
        PipelineStats s = pipeline.stats();
        List<String> outs = new ArrayList<>();
        for (MeteredOutput o : outputs) {
            outs.add(o.tag() + " " + o.delivered() + " delivered, " + o.failed() + " failed");
        }
        LOG.info("vigil stopped after {} s: {} packets, {} bytes; kernel received {}, dropped {}, interface dropped {}; "
                        + "drops {}; events {} {}; outputs {}",
                (System.currentTimeMillis() - startMillis) / 1000, s.packets(), s.bytes(), kernel.received(),
                kernel.dropped(), kernel.interfaceDropped(), s.drops(), s.eventsTotal(), s.eventsByDataset(), outs);
        if (http != null) {
            http.close();
        }
        metrics.close();
    }

    /** Releases what a failed start left open. */
    private void abort() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
        if (http != null) {
            http.close();
        }
        source.close();
        if (pipeline != null) {
            pipeline.close();
        } else {
            for (MeteredOutput o : outputs) {
                try {
                    o.close();
                } catch (Exception e) {
                    LOG.debug("closing output {} after a failed start: {}", o.tag(), e.toString());
                }
            }
            for (DocumentAnalyzer a : analyzers) {
                a.close();
            }
        }
        metrics.close();
    }

    @Override
    public void close() {
        stop();
    }

    // ------------------------------------------------------------------ for tests and RunCommand

    SensorMetrics metrics() {
        return metrics;
    }

    Health health() {
        return health;
    }

    /** The bound HTTP address, or null when the endpoint is off. */
    java.net.InetSocketAddress httpAddress() {
        return http == null ? null : http.address();
    }

    PipelineStats stats() {
        return pipeline.stats();
    }

    String policyHash() {
        return reloader.policyHash();
    }

    private static String uidName() {
        try {
            return Privileges.effectiveUid() + " (" + System.getProperty("user.name") + " at start)";
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return System.getProperty("user.name");
        }
    }
}
