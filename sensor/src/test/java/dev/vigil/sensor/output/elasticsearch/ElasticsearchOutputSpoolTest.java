package dev.vigil.sensor.output.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.sensor.output.EventRecord;
import dev.vigil.sensor.output.spool.DiskSpoolConfig;
import dev.vigil.sensor.output.spool.FsyncPolicy;
import dev.vigil.sensor.testing.ElasticsearchServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ElasticsearchOutput} through its disk spool against a real Elasticsearch: an outage,
 * a crash of the sensor and a replay of acknowledged records lose nothing and duplicate nothing.
 */
class ElasticsearchOutputSpoolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private static String url;
    private static ElasticsearchClient client;

    @TempDir
    Path tmp;

    @BeforeAll
    static void connect() {
        url = ElasticsearchServer.shared();
        client = ElasticsearchClients.create(ElasticsearchConfig.builder().url(url).build());
    }

    @AfterAll
    static void disconnect() throws IOException {
        client.close();
    }

    private static String namespace() {
        return "spool" + ProcessHandle.current().pid() + "_" + NAMESPACES.incrementAndGet();
    }

    private DiskSpoolConfig spool(Path dir) {
        return new DiskSpoolConfig(dir, 64L << 20, 1L << 20, 1 << 16, FsyncPolicy.every(Duration.ofMillis(100)));
    }

    private static ElasticsearchConfig.Builder config(String url, String ns, DiskSpoolConfig spool) {
        return ElasticsearchConfig.builder().url(url).namespace(ns).maxBatchRecords(100)
                .maxRetryTime(Duration.ofSeconds(30)).spool(spool);
    }

    private static EventRecord record(int i) {
        String json = "{\"@timestamp\":\"2024-03-05T10:00:0" + (i % 10) + "Z\",\"event\":{\"dataset\":\"vigil.flow\","
                + "\"kind\":\"event\",\"id\":\"s" + i + "\"},\"observer\":{\"product\":\"vigil\"},"
                + "\"source\":{\"ip\":\"10.0.0." + (i % 250) + "\",\"port\":" + (1024 + i) + "}}";
        return record("vigil.flow", "s" + i, json);
    }

    private static EventRecord record(String dataset, String id, String json) {
        EventRecord r = new EventRecord();
        r.dataset = dataset;
        r.id = id;
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        r.setJson(b, 0, b.length);
        return r;
    }

    private static void feed(ElasticsearchOutput out, List<EventRecord> records) throws Exception {
        EventRecord slot = new EventRecord();
        for (int i = 0; i < records.size(); i++) {
            EventRecord r = records.get(i);
            slot.dataset = r.dataset;
            slot.id = r.id;
            slot.setJson(r.json(), 0, r.length());
            out.onRecord(slot, i == records.size() - 1 || i % 250 == 249);
        }
    }

    private static List<EventRecord> records(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(ElasticsearchOutputSpoolTest::record).toList();
    }

    private static long count(String ns) throws IOException {
        client.indices().refresh(r -> r.index("logs-vigil.*-" + ns));
        return client.count(c -> c.index("logs-vigil.*-" + ns)).count();
    }

    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void everyRecordIsIndexedOnceThroughTheSpool() throws Exception {
        String ns = namespace();
        ElasticsearchOutput out = new ElasticsearchOutput(config(url, ns, spool(tmp.resolve("spool"))).build());
        out.start();
        feed(out, records(1000));
        out.close();
        assertThat(out.failedByReason()).isEmpty();
        assertThat(out.delivered()).isEqualTo(1000);
        assertThat(out.duplicates()).isZero();
        assertThat(out.spooledRecords()).isZero();
        assertThat(out.pending()).isZero();
        assertThat(count(ns)).isEqualTo(1000);
        try (Stream<Path> files = Files.list(tmp.resolve("spool"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".seg")).count()).isEqualTo(1);
        }
    }

    @Test
    void anOutageThenACrashOfTheSensorLosesNothing() throws Exception {
        String ns = namespace();
        Path dir = tmp.resolve("spool");
        Path afterCrash = tmp.resolve("after-crash");
        // Elasticsearch unreachable: records wait in the spool
        ElasticsearchOutput down = new ElasticsearchOutput(config("http://127.0.0.1:" + deadPort(), ns, spool(dir))
                .installTemplates(false).maxRetryTime(Duration.ofMillis(300)).build());
        down.start();
        feed(down, records(500));
        // kill -9: the spool's files as they are on disk now, never closed
        Files.createDirectories(afterCrash);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> !f.getFileName().toString().equals("lock")).toList()) {
                Files.copy(p, afterCrash.resolve(p.getFileName()));
            }
        }
        down.close();
        assertThat(down.delivered()).isZero();
        assertThat(down.failed()).isZero();
        assertThat(down.spooledRecords()).isEqualTo(500);

        // the sensor restarts with Elasticsearch back
        ElasticsearchOutput up = new ElasticsearchOutput(config(url, ns, spool(afterCrash)).build());
        up.start();
        assertThat(up.spooledRecords()).isEqualTo(500);
        up.close();
        assertThat(up.delivered()).isEqualTo(500);
        assertThat(up.duplicates()).isZero();
        assertThat(up.failed()).isZero();
        assertThat(up.pending()).isZero();
        assertThat(count(ns)).isEqualTo(500);
    }

    @Test
    void aReplayOfDeliveredRecordsDuplicatesNothing() throws Exception {
        String ns = namespace();
        Path dir = tmp.resolve("spool");
        ElasticsearchOutput first = new ElasticsearchOutput(config(url, ns, spool(dir)).build());
        first.start();
        feed(first, records(300));
        first.close();
        assertThat(first.delivered()).isEqualTo(300);
        // a crash before the acknowledgement reached the disk: the cursor is lost, the segment is not
        Files.write(dir.resolve("cursor"), new byte[64]);
        ElasticsearchOutput again = new ElasticsearchOutput(config(url, ns, spool(dir)).build());
        again.start();
        again.close();
        assertThat(again.delivered()).isEqualTo(300);
        assertThat(again.duplicates()).isEqualTo(300);
        assertThat(count(ns)).isEqualTo(300);
    }

    @Test
    void mappingErrorsAreDeadLetteredWithTheirReason() throws Exception {
        String ns = namespace();
        Path dir = tmp.resolve("spool");
        ElasticsearchOutput out = new ElasticsearchOutput(config(url, ns, spool(dir)).build());
        out.start();
        feed(out, List.of(record(0), record("vigil.flow", "bad-port",
                "{\"@timestamp\":\"2024-03-05T10:00:00Z\",\"event\":{\"dataset\":\"vigil.flow\",\"kind\":\"event\","
                        + "\"id\":\"bad-port\"},\"observer\":{\"product\":\"vigil\"},\"source\":{\"port\":\"abc\"}}"),
                record(1)));
        out.close();
        assertThat(out.delivered()).isEqualTo(2);
        assertThat(out.failed()).isEqualTo(1);
        assertThat(out.deadLettered()).isEqualTo(1);
        assertThat(out.spooledRecords()).isZero();
        List<String> lines = Files.readAllLines(dir.resolve(ElasticsearchOutput.DEAD_LETTER_FILE));
        assertThat(lines).hasSize(1);
        JsonNode dead = JSON.readTree(lines.get(0));
        assertThat(dead.path("reason").asText()).isEqualTo("document_parsing_exception");
        assertThat(dead.path("id").asText()).isEqualTo("bad-port");
        assertThat(dead.path("detail").asText()).contains("source.port");
        assertThat(dead.path("document").path("source").path("port").asText()).isEqualTo("abc");
        assertThat(count(ns)).isEqualTo(2);
    }
}
