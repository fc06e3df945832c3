package dev.vigil.sensor.output.metrics;

import dev.vigil.sensor.capture.LiveCapture;
import dev.vigil.sensor.detect.DetectStage;
import dev.vigil.sensor.event.BuildInfo;
import dev.vigil.sensor.output.OutputAgent;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchOutput;
import dev.vigil.sensor.pipeline.PipelineStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The sensor's metrics in a Micrometer Prometheus registry, scraped by {@code /metrics}.
 * Names follow the project's convention (lower-case dotted, low-cardinality tags; Prometheus
 * shows {@code vigil.capture.packets} as {@code vigil_capture_packets_total}):
 *
 * <ul>
 * <li>{@code vigil.capture.packets}, {@code vigil.capture.bytes}: what the capture delivered
 *     (bytes on the wire); {@code vigil.capture.kernel.received}: libpcap's {@code ps_recv}</li>
 * <li>{@code vigil.drops{reason}}: every loss by reason: {@code kernel} ({@code ps_drop}: kernel
 *     buffer full), {@code interface} ({@code ps_ifdrop}), {@code packet_ring_full},
 *     {@code record_ring_full}, {@code flow_table_full} (flows ended early), and
 *     {@code decode_event_docs_rate_limited}; {@code vigil.record.drops{dataset}} splits the
 *     record ring's by dataset</li>
 * <li>{@code vigil.decode.events{event}}: decode events by key</li>
 * <li>{@code vigil.events{dataset}}: documents produced; {@code vigil.output.events{output,dataset}}:
 *     documents handed to each output; {@code vigil.output.delivered{output}},
 *     {@code vigil.output.failed{output}}; Elasticsearch adds retries, bulk requests,
 *     duplicates, pending and {@code vigil.output.failures{output,reason}}</li>
 * <li>{@code vigil.flows.active}, {@code vigil.flows.started} (Prometheus reserves {@code _created}), {@code vigil.flows.evicted}</li>
 * <li>{@code vigil.detect.documents}, {@code vigil.detect.errors}, {@code vigil.config.reloads{result}}</li>
 * <li>JVM memory, GC, threads, CPU, uptime; {@code vigil.build.info{version}}</li>
 * </ul>
 *
 * <p>Counters whose keys appear at run time (datasets, decode event keys, failure reasons) are
 * registered at the first scrape that sees them; {@link #scrape()} takes one snapshot of each
 * map per scrape. An output that implements {@link MeterBinder} (spool, webhooks) binds its
 * own meters. Reads never touch the packet path beyond the pipeline's published counters.
 */
public final class SensorMetrics implements AutoCloseable {
    /** Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** pcap_stats is a system call: reuse one reading for this long within a scrape. */
    private static final long KERNEL_STATS_TTL_NANOS = 200_000_000L;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final List<Runnable> beforeScrape = new ArrayList<>();
    private final Set<String> outputTags = ConcurrentHashMap.newKeySet();
    /** Micrometer holds the objects of function meters weakly: these must live as long as the registry. */
    private final List<Object> strong = new ArrayList<>();
    private final Counter reloadsOk;
    private final Counter reloadsRejected;

    public SensorMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("vigil.build.info", () -> 1).tag("version", BuildInfo.version())
                .description("The running build").register(registry);
        reloadsOk = Counter.builder("vigil.config.reloads").tag("result", "ok")
                .description("SIGHUP reloads of policy and inventory").register(registry);
        reloadsRejected = Counter.builder("vigil.config.reloads").tag("result", "rejected")
                .description("SIGHUP reloads of policy and inventory").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counts a reload: applied, or rejected (the old settings kept running). */
    public void reload(boolean applied) {
        (applied ? reloadsOk : reloadsRejected).increment();
    }

    /** The pipeline's counters. */
    public void bindPipeline(PipelineStats stats) {
        strong.add(stats);
        counter("vigil.capture.packets", "Packets delivered by the capture", stats, PipelineStats::packets);
        FunctionCounter.builder("vigil.capture.bytes", stats, s -> s.bytes()).baseUnit("bytes")
                .description("Bytes on the wire of the packets delivered by the capture").register(registry);
        for (String reason : stats.drops().keySet()) {
            FunctionCounter.builder("vigil.drops", stats, s -> s.drops().getOrDefault(reason, 0L))
                    .tag("reason", reason).description("Packets, records or flows lost, by reason").register(registry);
        }
        counter("vigil.flows.started", "Flows started", stats, PipelineStats::flowsCreated);
        counter("vigil.flows.evicted", "Flows ended early because the flow table was full", stats,
                PipelineStats::flowsEvicted);
        Gauge.builder("vigil.flows.active", stats, PipelineStats::flowsActive)
                .description("Flows tracked now, all workers").register(registry);
        Dynamic decode = new Dynamic("vigil.decode.events", "event", "Decode events by key", stats::decodeEvents);
        Dynamic events = new Dynamic("vigil.events", "dataset", "Event documents produced, by dataset",
                stats::eventsByDataset);
        Dynamic recordDrops = new Dynamic("vigil.record.drops", "dataset",
                "Documents lost because the record ring was full, by dataset", stats::recordDropsByDataset);
        beforeScrape.add(decode::sync);
        beforeScrape.add(events::sync);
        beforeScrape.add(recordDrops::sync);
    }

    /** libpcap's counters of a live capture. */
    public void bindCapture(Supplier<LiveCapture.Stats> kernel) {
        CachedStats cached = new CachedStats(kernel);
        strong.add(cached);
        counter("vigil.capture.kernel.received", "Packets the kernel received for the capture (pcap_stats ps_recv)",
                cached, c -> c.get().received());
        FunctionCounter.builder("vigil.drops", cached, c -> c.get().dropped()).tag("reason", "kernel")
                .description("Packets, records or flows lost, by reason").register(registry);
        FunctionCounter.builder("vigil.drops", cached, c -> c.get().interfaceDropped()).tag("reason", "interface")
                .description("Packets, records or flows lost, by reason").register(registry);
    }

    /** The detect stage's documents and analyzer errors. */
    public void bindDetect(DetectStage detect) {
        strong.add(detect);
        counter("vigil.detect.documents", "Documents analysed by the detect stage", detect, DetectStage::documents);
        counter("vigil.detect.errors", "Analyzer failures (bugs, counted, never a stop)", detect, DetectStage::errors);
    }

    /**
     * Wraps an output so its records are counted by dataset and its failures seen by the
     * health check, and binds its totals. Call once per output; the wrapper goes into the pipeline.
     */
    public MeteredOutput meter(OutputAgent agent) {
        String tag = agent.name();
        for (int n = 2; !outputTags.add(tag); n++) {
            tag = agent.name() + "-" + n;
        }
        MeteredOutput m = new MeteredOutput(agent, tag, registry);
        strong.add(agent);
        Tags tags = Tags.of("output", tag);
        FunctionCounter.builder("vigil.output.delivered", agent, OutputAgent::delivered).tags(tags)
                .description("Records delivered by the output").register(registry);
        FunctionCounter.builder("vigil.output.failed", agent, OutputAgent::failed).tags(tags)
                .description("Records the output gave up on").register(registry);
        if (agent instanceof ElasticsearchOutput es) {
            FunctionCounter.builder("vigil.output.retries", es, ElasticsearchOutput::retries).tags(tags)
                    .description("Bulk requests re-sent after a retryable failure").register(registry);
            FunctionCounter.builder("vigil.output.requests", es, ElasticsearchOutput::bulkRequests).tags(tags)
                    .description("Bulk requests sent, retries included").register(registry);
            FunctionCounter.builder("vigil.output.duplicates", es, ElasticsearchOutput::duplicates).tags(tags)
                    .description("Records Elasticsearch already held (delivered before)").register(registry);
            Gauge.builder("vigil.output.pending", es, ElasticsearchOutput::pending).tags(tags)
                    .description("Records accepted and not yet delivered or failed").register(registry);
            Dynamic reasons = new Dynamic("vigil.output.failures", "reason",
                    "Records given up, by Elasticsearch error type", es::failedByReason, tags);
            beforeScrape.add(reasons::sync);
        }
        if (agent instanceof MeterBinder binder) {
            binder.bindTo(registry);
        }
        return m;
    }

    /** Prometheus text of every meter. Any thread. */
    public String scrape() {
        synchronized (beforeScrape) {
            for (Runnable r : beforeScrape) {
                r.run();
            }
        }
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private <T> void counter(String name, String description, T obj, java.util.function.ToLongFunction<T> f) {
        FunctionCounter.builder(name, obj, o -> f.applyAsLong(o)).description(description).register(registry);
    }

    /** Counters whose tag values are the keys of a map that grows at run time. */
    private final class Dynamic {
        private final String name;
        private final String tagKey;
        private final String description;
        private final Supplier<Map<String, Long>> source;
        private final Tags baseTags;
        private final Set<String> registered = new HashSet<>();
        private volatile Map<String, Long> snapshot = Map.of();

        Dynamic(String name, String tagKey, String description, Supplier<Map<String, Long>> source) {
            this(name, tagKey, description, source, Tags.empty());
        }

        Dynamic(String name, String tagKey, String description, Supplier<Map<String, Long>> source, Tags baseTags) {
            this.name = name;
            this.tagKey = tagKey;
            this.description = description;
            this.source = source;
            this.baseTags = baseTags;
        }

        void sync() {
            Map<String, Long> now = source.get();
            snapshot = now;
            for (String key : now.keySet()) {
                if (registered.add(key)) {
                    Function<Dynamic, Long> read = d -> d.snapshot.getOrDefault(key, 0L);
                    FunctionCounter.builder(name, this, d -> read.apply(d)).tags(baseTags).tag(tagKey, key)
                            .description(description).register(registry);
                }
            }
        }
    }

    /** One pcap_stats reading shared by the meters of one scrape. */
    private static final class CachedStats {
        private final Supplier<LiveCapture.Stats> source;
        private LiveCapture.Stats last = new LiveCapture.Stats(0, 0, 0, 0, 0);
        private long readAt = Long.MIN_VALUE;

        CachedStats(Supplier<LiveCapture.Stats> source) {
            this.source = source;
        }

        synchronized LiveCapture.Stats get() {
            long now = System.nanoTime();
            if (readAt == Long.MIN_VALUE || now - readAt > KERNEL_STATS_TTL_NANOS) {
                try {
                    last = source.get();
                } catch (RuntimeException e) {
                    // keep the last reading: the metric must not fail the scrape
                }
                readAt = now;
            }
            return last;
        }
    }
}
