package dev.vigil.sensor.output.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.sensor.output.EventRecord;
import dev.vigil.sensor.output.NdjsonOutput;
import dev.vigil.sensor.output.OutputAgent;
import dev.vigil.sensor.output.spool.DiskSpoolConfig;
import dev.vigil.sensor.output.spool.FsyncPolicy;
import dev.vigil.sensor.pipeline.OfflineAnalysis;
import dev.vigil.sensor.pipeline.PipelineConfig;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.ElasticsearchServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #6, "Nothing lost, nothing duplicated", against the real Elasticsearch server: an
 * outage of Elasticsearch mid-ingest, a {@code kill -9} of the sensor mid-ingest, and a spool
 * filled to its cap. After each, the documents in Elasticsearch equal the events produced
 * (counted from the NDJSON of the same input) and no {@code event.id} is there twice.
 *
 * <p>The input is the benchmark generator's reference workload ({@code
 * ../shared/bench/gen_voip_pcap.py --packets 200000 --seed 1}), written to a temporary directory.
 * The tests stop and start a dedicated Elasticsearch ({@link ElasticsearchServer#dedicated()}),
 * never the shared one.
 *
 * <p>The outage lasts {@value #OUTAGE_PROPERTY} seconds, 60 by default (the figure);
 * a shorter value only shortens the run.
 */
class ElasticsearchOutageTest {
    /** System property: length of the Elasticsearch outage in seconds (default {@value #DEFAULT_OUTAGE_SECONDS}). */
    static final String OUTAGE_PROPERTY = "vigil.test.es.outage.seconds";
    static final int DEFAULT_OUTAGE_SECONDS = 60;
    private static final int PACKETS = 200_000;
    private static final String ASSET_DATASET = "vigil.asset";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Retry quickly once Elasticsearch is back, so the tests do not wait on a long backoff. */
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(2);
    private static final long CHILD_TIMEOUT_SECONDS = 600;
    private static final long COUNT_RETRY_SECONDS = 60;

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static ElasticsearchServer.Dedicated es;
    private static ElasticsearchClient client;
    private static Path capture;
    /** The capture's events as the pipeline hands them to the outputs (no analyzers: no asset upserts). */
    private static List<Event> events;
    private static long ndjsonLines;
    /** Distinct event ids among them: what Elasticsearch can hold (see {@link #repeatedIdsOnlyRepeatIdenticalDocuments}). */
    private static long distinctEvents;

    private record Event(String dataset, String id, byte[] json) {
    }

    /** Copies every record the pipeline outputs. */
    private static final class Recorder implements OutputAgent {
        final List<Event> list = new ArrayList<>();

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public void onRecord(EventRecord r, boolean endOfBatch) {
            list.add(new Event(r.dataset, r.id, r.jsonCopy()));
        }

        @Override
        public void close() {
        }

        @Override
        public long delivered() {
            return list.size();
        }

        @Override
        public long failed() {
            return 0;
        }
    }

    @BeforeAll
    static void setUp() throws Exception {
        long t0 = System.nanoTime();
        capture = shared.resolve("reference.pcap");
        Path generator = ElasticsearchServer.repoRoot().resolveSibling("shared").resolve("bench/gen_voip_pcap.py");
        Process gen = new ProcessBuilder("python3", generator.toString(), capture.toString(),
                "--packets", Integer.toString(PACKETS), "--seed", "1")
                .redirectErrorStream(true).redirectOutput(shared.resolve("gen.log").toFile()).start();
        assertThat(gen.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(gen.exitValue()).as(Files.readString(shared.resolve("gen.log"))).isZero();

        Recorder recorder = new Recorder();
        Path ndjson = shared.resolve("reference.ndjson");
        OfflineAnalysis.run(List.of(capture), PipelineConfig.DEFAULT, Analyze.TEST_OBSERVER, Analyze.decoders(),
                List.of(recorder, NdjsonOutput.open(ndjson.toString())), null);
        events = recorder.list;
        try (var lines = Files.lines(ndjson)) {
            ndjsonLines = lines.count();
        }
        distinctEvents = distinct(events);
        es = ElasticsearchServer.dedicated();
        client = ElasticsearchClients.create(ElasticsearchConfig.builder().url(es.url()).build());
        System.out.printf("ElasticsearchOutageTest: %d events from %d packets; setup %.1f s%n", events.size(), PACKETS,
                (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        if (es != null) {
            es.close();
        }
    }

    /** Distinct dataset/id pairs among {@code list}. */
    private static long distinct(List<Event> list) {
        Set<String> ids = new HashSet<>();
        for (Event e : list) {
            ids.add(e.dataset() + "/" + e.id());
        }
        return ids.size();
    }

    private static String namespace(String what) {
        return what + ProcessHandle.current().pid();
    }

    private static DiskSpoolConfig spool(Path dir, long maxBytes, long segmentBytes) {
        return new DiskSpoolConfig(dir, maxBytes, segmentBytes, (int) Math.min(1 << 16, segmentBytes / 2),
                FsyncPolicy.every(Duration.ofMillis(100)));
    }

    private static ElasticsearchConfig.Builder config(String ns, DiskSpoolConfig spool) {
        return ElasticsearchConfig.builder().url(es.url()).namespace(ns).maxBatchRecords(500)
                .backoff(Duration.ofMillis(100), BACKOFF_MAX).maxRetryTime(Duration.ofSeconds(30)).spool(spool);
    }

    /** Feeds events [from, to) through {@code out}, an end of batch every 250 and at the end. */
    private static void feed(OutputAgent out, int from, int to, AtomicInteger fed) throws Exception {
        EventRecord slot = new EventRecord();
        for (int i = from; i < to; i++) {
            Event e = events.get(i);
            slot.dataset = e.dataset();
            slot.id = e.id();
            slot.setJson(e.json(), 0, e.json().length);
            out.onRecord(slot, i == to - 1 || i % 250 == 249);
            if (fed != null) {
                fed.incrementAndGet();
            }
        }
    }

    /** Documents in {@code index}; retried for a while on errors (a data stream created a moment ago answers 503). */
    private static long count(String index) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COUNT_RETRY_SECONDS);
        while (true) {
            try {
                client.indices().refresh(r -> r.index(index).ignoreUnavailable(true).allowNoIndices(true));
                return client.count(c -> c.index(index).ignoreUnavailable(true).allowNoIndices(true)).count();
            } catch (IOException | RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static String events(String ns) {
        return "logs-vigil.*-" + ns;
    }

    /** event.id values held by more than one document of {@code index}: none expected. */
    private static List<String> duplicateIds(String index) throws IOException {
        client.indices().refresh(r -> r.index(index));
        SearchResponse<Void> r = client.search(s -> s.index(index).size(0)
                .aggregations("ids", a -> a.terms(t -> t.field("event.id").minDocCount(2).size(20))), Void.class);
        return r.aggregations().get("ids").sterms().buckets().array().stream()
                .map(b -> b.key().stringValue() + " x" + b.docCount()).toList();
    }

    /** Distinct event.id values in {@code index} (exact: a composite walk, not an estimate). */
    private static long distinctIds(String index) throws IOException {
        long n = 0;
        java.util.Map<String, co.elastic.clients.elasticsearch._types.FieldValue> after = null;
        while (true) {
            var afterKey = after;
            SearchResponse<Void> r = client.search(s -> s.index(index).size(0).aggregations("ids",
                    a -> a.composite(c -> {
                        c.size(10_000).sources(List.of(java.util.Map.of("id", co.elastic.clients.elasticsearch._types
                                .aggregations.CompositeAggregationSource.of(cs -> cs.terms(t -> t.field("event.id"))))));
                        if (afterKey != null) {
                            c.after(afterKey);
                        }
                        return c;
                    })), Void.class);
            var comp = r.aggregations().get("ids").composite();
            n += comp.buckets().array().size();
            if (comp.buckets().array().isEmpty() || comp.afterKey() == null || comp.afterKey().isEmpty()) {
                return n;
            }
            after = comp.afterKey();
        }
    }

    private static void waitFor(String what, long seconds, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static void report(String test, long t0) {
        System.out.printf("ElasticsearchOutageTest.%s: %.1f s%n", test, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Elasticsearch keeps one document per id ({@code create}; a repeat is answered 409). The
     * expected counts below are the distinct ids of the produced events; that loses nothing only
     * if an id repeats solely for a byte-identical document, which this checks.
     */
    @Test
    void repeatedIdsOnlyRepeatIdenticalDocuments() {
        assertThat(ndjsonLines).isEqualTo(events.size());
        assertThat(events.size()).isGreaterThan(10_000);
        assertThat(events).noneMatch(e -> ASSET_DATASET.equals(e.dataset()));
        java.util.Map<String, byte[]> first = new java.util.HashMap<>();
        for (Event e : events) {
            assertThat(e.id()).isNotNull();
            byte[] earlier = first.putIfAbsent(e.dataset() + "/" + e.id(), e.json());
            if (earlier != null) {
                assertThat(new String(e.json(), java.nio.charset.StandardCharsets.UTF_8)).as("id %s", e.id())
                        .isEqualTo(new String(earlier, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * One id per produced line: the worker writes one {@code vigil.decode} document per frame and
     * key even when a packet raises the event several times (DIP messages with several bad
     * records wrote 130 identical extra lines in this input before).
     */
    @Test
    void everyProducedLineHasItsOwnId() {
        assertThat(distinctEvents).isEqualTo(ndjsonLines);
    }

    @Test
    void anElasticsearchOutageMidIngestLosesAndDuplicatesNothing() throws Exception {
        long t0 = System.nanoTime();
        int outageSeconds = Integer.getInteger(OUTAGE_PROPERTY, DEFAULT_OUTAGE_SECONDS);
        String ns = namespace("outage");
        int n = events.size();
        ElasticsearchOutput out = new ElasticsearchOutput(config(ns, spool(tmp.resolve("spool"), 256L << 20, 4L << 20))
                .build());
        out.start();
        // the first half goes in at once; the sender indexes it at Elasticsearch's pace
        feed(out, 0, n / 2, null);
        waitFor("the first documents", 120, () -> out.delivered() > 0);
        long outageStart = System.nanoTime();
        es.stop(); // SIGTERM while bulk requests are on the way
        long deliveredAtStop = out.delivered();
        assertThat(deliveredAtStop).as("stopped mid-ingest").isLessThan(n);
        feed(out, n / 2, n, null); // the rest arrives during the outage
        long left = TimeUnit.SECONDS.toNanos(outageSeconds) - (System.nanoTime() - outageStart);
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
        assertThat(out.delivered()).as("nothing delivered while Elasticsearch is down")
                .isLessThanOrEqualTo(deliveredAtStop + 500);
        assertThat(out.spooledRecords()).as("waiting in the spool").isPositive();
        assertThat(out.failed()).isZero();
        double outage = (System.nanoTime() - outageStart) / 1e9;
        es.start();
        out.close();
        System.out.printf("ElasticsearchOutageTest: outage %.1f s (down %d s + restart), delivered before %d of %d,"
                + " retries %d, already present %d%n", outage, outageSeconds, deliveredAtStop, n, out.retries(),
                out.duplicates());
        assertThat(out.failedByReason()).isEmpty();
        assertThat(out.delivered()).isEqualTo(n);
        assertThat(out.spooledRecords()).isZero();
        assertThat(count(events(ns))).isEqualTo(distinctEvents);
        assertThat(distinctIds(events(ns))).isEqualTo(distinctEvents);
        assertThat(duplicateIds(events(ns))).isEmpty();
        report("outage", t0);
    }

    @Test
    void killingTheSensorMidIngestThenRestartingItLosesAndDuplicatesNothing() throws Exception {
        long t0 = System.nanoTime();
        String ns = namespace("kill");
        Path spoolDir = tmp.resolve("spool");
        Path ndjson = tmp.resolve("run2.ndjson");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m", "-cp", cp,
                "dev.vigil.sensor.cli.Vigil", "analyze", capture.toString(), "--es", es.url(), "--es-namespace", ns,
                "--es-spool", spoolDir.toString(), "--no-progress");

        Process first = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("run1.log").toFile()).start();
        // kill -9 once Elasticsearch holds some but not all of the events
        long seen = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (first.isAlive() && System.nanoTime() < deadline) {
            seen = count(events(ns));
            if (seen > 0) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(first.isAlive()).as("the first run is still ingesting: " + Files.readString(tmp.resolve("run1.log")))
                .isTrue();
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no close, the spool as the crash left it
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long atKill = count(events(ns));
        System.out.printf("ElasticsearchOutageTest: killed the first run with %d documents indexed (exit %d)%n",
                atKill, first.exitValue());

        List<String> again = new ArrayList<>(cmd);
        again.addAll(List.of("--ndjson", ndjson.toString()));
        Process second = new ProcessBuilder(again).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("run2.log").toFile()).start();
        assertThat(second.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        String log2 = Files.readString(tmp.resolve("run2.log"));
        assertThat(second.exitValue()).as(log2).isZero();

        long lines = 0;
        Set<String> assetIds = new HashSet<>();
        java.util.Map<String, String> eventIds = new java.util.HashMap<>();
        for (String line : Files.readAllLines(ndjson)) {
            JsonNode d = JSON.readTree(line);
            String id = d.path("event").path("id").asText();
            if (ASSET_DATASET.equals(d.path("event").path("dataset").asText()) && !d.path("event").has("action")) {
                assetIds.add(id); // the asset's own document (no action): replaced in place by id in vigil-assets-*
            } else {
                // events, asset changes (event.action) included, go to the data streams
                lines++;
                String earlier = eventIds.putIfAbsent(d.path("event").path("dataset").asText() + "/" + id, line);
                assertThat(earlier == null || earlier.equals(line)).as("id %s repeats for another document", id)
                        .isTrue();
            }
        }
        long produced = eventIds.size();
        System.out.printf("ElasticsearchOutageTest: second run produced %d event lines, %d distinct ids, %d assets%n",
                lines, produced, assetIds.size());
        assertThat(atKill).as("killed mid-ingest").isLessThan(produced);
        assertThat(count(events(ns))).as(log2).isEqualTo(produced);
        assertThat(distinctIds(events(ns))).isEqualTo(produced);
        assertThat(duplicateIds(events(ns))).isEmpty();
        assertThat(count(ElasticsearchTemplates.ASSETS_INDEX_PREFIX + ns)).isEqualTo(assetIds.size());
        report("kill -9", t0);
    }

    @Test
    void aSpoolAtItsCapCountsWhatItDropsLiveAndLosesNothingOffline() throws Exception {
        long t0 = System.nanoTime();
        int n = events.size();
        String liveNs = namespace("caplive");
        String offlineNs = namespace("capoffline");
        // a few hundred records fill it
        DiskSpoolConfig liveSpool = spool(tmp.resolve("live"), 256 << 10, 64 << 10);
        DiskSpoolConfig offlineSpool = spool(tmp.resolve("offline"), 256 << 10, 64 << 10);
        es.stop();

        // live: a full spool drops at once and counts the drop
        ElasticsearchOutput live = new ElasticsearchOutput(config(liveNs, liveSpool).blockWhenSpoolFull(false)
                .maxRetryTime(Duration.ofSeconds(1)).build());
        live.start();
        feed(live, 0, n, null);
        long spoolFull = live.failedByReason().getOrDefault("spool_full", 0L);
        long kept = live.spooledRecords();
        assertThat(spoolFull).isPositive();
        assertThat(live.spool().overflowRecords()).isEqualTo(spoolFull);
        assertThat(live.failedByReason()).containsOnlyKeys("spool_full");
        assertThat(kept + spoolFull).isEqualTo(n);
        live.close(); // Elasticsearch is down: what was kept stays in the spool

        // offline: a full spool makes the producer wait until Elasticsearch is back
        ElasticsearchOutput offline = new ElasticsearchOutput(config(offlineNs, offlineSpool).blockWhenSpoolFull(true)
                .maxRetryTime(Duration.ofMinutes(10)).build());
        offline.start();
        AtomicInteger fed = new AtomicInteger();
        List<Throwable> errors = new ArrayList<>();
        Thread producer = new Thread(() -> {
            try {
                feed(offline, 0, n, fed);
            } catch (Throwable e) {
                synchronized (errors) {
                    errors.add(e);
                }
            }
        }, "producer");
        producer.start();
        waitFor("the offline spool to fill", 60, () -> offline.spool().overflowRecords() > 0);
        Thread.sleep(2_000);
        int fedWhileDown = fed.get();
        assertThat(fedWhileDown).as("the producer waits").isLessThan(n);
        assertThat(producer.isAlive()).isTrue();
        es.start();
        producer.join(TimeUnit.MINUTES.toMillis(10));
        assertThat(producer.isAlive()).isFalse();
        assertThat(errors).isEmpty();
        offline.close();
        assertThat(offline.failedByReason()).isEmpty();
        assertThat(offline.delivered()).isEqualTo(n);
        assertThat(count(events(offlineNs))).isEqualTo(distinctEvents);
        assertThat(duplicateIds(events(offlineNs))).isEmpty();
        assertThat(distinctIds(events(offlineNs))).isEqualTo(distinctEvents);

        // the live spool's records go in at the next start: exactly the produced ones minus the counted drops
        ElasticsearchOutput restarted = new ElasticsearchOutput(config(liveNs, liveSpool).build());
        restarted.start();
        restarted.close();
        assertThat(restarted.failed()).isZero();
        assertThat(restarted.delivered()).isEqualTo(kept);
        // nothing is consumed while Elasticsearch is down: the spool kept the first records, dropped the rest
        assertThat(count(events(liveNs))).isEqualTo(distinct(events.subList(0, (int) kept)));
        assertThat(duplicateIds(events(liveNs))).isEmpty();
        System.out.printf("ElasticsearchOutageTest: spool cap 256 KiB: live kept %d, dropped %d (spool_full);"
                + " offline producer waited at %d of %d%n", kept, spoolFull, fedWhileDown, n);
        report("spool cap", t0);
    }
}
