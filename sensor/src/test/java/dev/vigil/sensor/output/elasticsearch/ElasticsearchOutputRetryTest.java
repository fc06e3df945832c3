package dev.vigil.sensor.output.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.sensor.output.EventRecord;
import dev.vigil.sensor.output.spool.DiskSpoolConfig;
import dev.vigil.sensor.output.spool.FsyncPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retry and failure accounting of {@link ElasticsearchOutput} against a scripted fake bulk
 * endpoint (a real server cannot be made to answer 429 or 503 on demand).
 */
class ElasticsearchOutputRetryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    /** Ids of each bulk request received, in order. */
    private final List<List<String>> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorization = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /**
     * Starts the fake; {@code answer(request number from 1, item index)} gives the status of
     * each item, or a negative number for the whole request to fail with that HTTP status.
     */
    private String fake(BiFunction<Integer, Integer, Integer> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> handle(exchange, answer));
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange, BiFunction<Integer, Integer, Integer> answer) throws IOException {
        authorization.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        String[] lines = body.split("\n");
        for (int i = 0; i < lines.length; i += 2) {
            ids.add(JSON.readTree(lines[i]).path("create").path("_id").asText());
            JSON.readTree(lines[i + 1]); // every document line is one JSON value
        }
        requests.add(ids);
        int request = requests.size();
        StringBuilder out = new StringBuilder();
        int status = 200;
        Integer whole = answer.apply(request, -1);
        if (whole != null && whole < 0) {
            status = -whole;
            out.append("{\"error\":{\"type\":\"unavailable_shards_exception\",\"reason\":\"scripted\"},\"status\":")
                    .append(status).append('}');
        } else {
            out.append("{\"took\":1,\"errors\":true,\"items\":[");
            for (int i = 0; i < ids.size(); i++) {
                int s = answer.apply(request, i);
                out.append(i == 0 ? "" : ",").append("{\"create\":{\"_index\":\".ds-logs-vigil.flow-default-1\",\"_id\":\"")
                        .append(ids.get(i)).append("\",\"status\":").append(s);
                if (s >= 300) {
                    String type = s == 429 ? "es_rejected_execution_exception"
                            : s == 409 ? "version_conflict_engine_exception" : "document_parsing_exception";
                    out.append(",\"error\":{\"type\":\"").append(type).append("\",\"reason\":\"scripted ").append(s).append("\"}");
                } else {
                    out.append(",\"result\":\"created\",\"_version\":1");
                }
                out.append("}}");
            }
            out.append("]}");
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(bytes);
        }
    }

    private static ElasticsearchConfig.Builder config(String url) {
        return ElasticsearchConfig.builder().url(url).installTemplates(false)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .maxRetryTime(Duration.ofSeconds(10));
    }

    private static ElasticsearchOutput run(ElasticsearchConfig config, int n) throws Exception {
        ElasticsearchOutput out = new ElasticsearchOutput(config);
        out.start();
        EventRecord r = new EventRecord();
        r.dataset = "vigil.flow";
        for (int i = 0; i < n; i++) {
            r.id = "id" + i;
            byte[] json = ("{\"@timestamp\":\"2024-03-05T10:00:00Z\",\"event\":{\"id\":\"id" + i + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            r.setJson(json, 0, json.length);
            out.onRecord(r, i == n - 1);
        }
        out.close();
        return out;
    }

    @Test
    void rejectedItemsAreRetriedAloneUntilCreated() throws Exception {
        // first request: odd items rejected (429), even ones created or already there
        String url = fake((req, i) -> i < 0 ? null : req == 1 ? (i % 2 == 1 ? 429 : i % 4 == 0 ? 201 : 409) : 201);
        ElasticsearchOutput out = run(config(url).build(), 10);
        assertThat(out.delivered()).isEqualTo(10);
        assertThat(out.duplicates()).isEqualTo(2);
        assertThat(out.failed()).isZero();
        assertThat(out.retries()).isEqualTo(1);
        assertThat(out.bulkRequests()).isEqualTo(2);
        assertThat(requests.get(1)).containsExactly("id1", "id3", "id5", "id7", "id9");
    }

    @Test
    void wholeRequestServerErrorsAreRetried() throws Exception {
        String url = fake((req, i) -> i >= 0 ? Integer.valueOf(201) : req <= 2 ? Integer.valueOf(-503) : null);
        ElasticsearchOutput out = run(config(url).build(), 5);
        assertThat(out.delivered()).isEqualTo(5);
        assertThat(out.retries()).isEqualTo(2);
        assertThat(requests).hasSize(3).allSatisfy(ids -> assertThat(ids).hasSize(5));
    }

    @Test
    void badRequestItemsFailWithoutRetry() throws Exception {
        String url = fake((req, i) -> i < 0 ? null : i == 2 ? 400 : 201);
        ElasticsearchOutput out = run(config(url).build(), 4);
        assertThat(out.delivered()).isEqualTo(3);
        assertThat(out.failed()).isEqualTo(1);
        assertThat(out.failedByReason()).isEqualTo(Map.of("document_parsing_exception", 1L));
        assertThat(out.retries()).isZero();
    }

    @Test
    void retriesStopAfterMaxRetryTime() throws Exception {
        String url = fake((req, i) -> i < 0 ? null : 429);
        long start = System.nanoTime();
        ElasticsearchOutput out = run(config(url).maxRetryTime(Duration.ofMillis(500)).build(), 3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(out.delivered()).isZero();
        assertThat(out.failed()).isEqualTo(3);
        assertThat(out.failedByReason()).isEqualTo(Map.of("retry_exhausted", 3L));
        assertThat(out.retries()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void unreachableServerIsRetriedThenCountedAsFailed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ElasticsearchOutput out = run(config("http://127.0.0.1:" + port).maxRetryTime(Duration.ofMillis(500)).build(), 7);
        assertThat(out.failed()).isEqualTo(7);
        assertThat(out.failedByReason()).isEqualTo(Map.of("retry_exhausted", 7L));
        assertThat(out.retries()).isPositive();
        assertThat(out.pending()).isZero();
    }

    @Test
    void templateInstallFailsClearlyWhenElasticsearchIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ElasticsearchOutput out = new ElasticsearchOutput(config("http://127.0.0.1:" + port)
                .installTemplates(true).maxRetryTime(Duration.ofMillis(300)).build());
        assertThatThrownBy(out::start).isInstanceOf(IOException.class).hasMessageContaining("127.0.0.1:" + port);
    }

    @Test
    void apiKeyFromAFileIsSentAndNeverPrinted(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("api-key");
        Files.writeString(keyFile, "c2VjcmV0LWtleQ==\n");
        String url = fake((req, i) -> i < 0 ? null : 201);
        ElasticsearchConfig config = config(url).apiKeyFile(keyFile).build();
        assertThat(config.toString()).doesNotContain("c2VjcmV0LWtleQ==").contains("api-key");
        run(config, 1);
        assertThat(authorization).containsOnly("ApiKey c2VjcmV0LWtleQ==");
    }

    @Test
    void basicAuthPasswordFromTheEnvironment() throws Exception {
        String url = fake((req, i) -> i < 0 ? null : 201);
        ElasticsearchConfig config = config(url).username("vigil").passwordEnv("VIGIL_ES_PASSWORD")
                .environment(Map.of("VIGIL_ES_PASSWORD", "s3cret")::get).build();
        assertThat(config.toString()).doesNotContain("s3cret");
        run(config, 1);
        assertThat(authorization).containsOnly("Basic dmlnaWw6czNjcmV0");
    }

    @Test
    void invalidConfigurationIsRejected() {
        assertThatThrownBy(() -> ElasticsearchConfig.builder().namespace("Prod-1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace");
        assertThatThrownBy(() -> ElasticsearchConfig.builder().url("ftp://x").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ElasticsearchConfig.builder().passwordEnv("X").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("username");
        assertThatThrownBy(() -> ElasticsearchConfig.builder().username("u").passwordEnv("UNSET_VAR")
                .environment(v -> null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UNSET_VAR");
        assertThat(ElasticsearchConfig.builder().build().urls()).extracting(Object::toString)
                .containsExactly("http://127.0.0.1:9200");
    }

    @Test
    void recordsAfterCloseAreRefused() throws Exception {
        String url = fake((req, i) -> i < 0 ? null : 201);
        ElasticsearchOutput out = run(config(url).build(), 1);
        EventRecord r = new EventRecord();
        r.dataset = "vigil.flow";
        assertThatThrownBy(() -> out.onRecord(r, true)).isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------- through the disk spool

    private static DiskSpoolConfig spool(Path dir, long maxBytes) {
        return DiskSpoolConfig.of(dir.resolve("spool"), maxBytes).withFsync(FsyncPolicy.never());
    }

    @Test
    void spooledRejectedItemsAreRetriedAndEveryRecordIsSettled(@TempDir Path dir) throws Exception {
        String url = fake((req, i) -> i < 0 ? null : req == 1 ? (i % 2 == 1 ? 429 : i % 4 == 0 ? 201 : 409) : 201);
        ElasticsearchOutput out = run(config(url).spool(spool(dir, 1 << 20)).build(), 10);
        assertThat(out.delivered()).isEqualTo(10);
        assertThat(out.duplicates()).isEqualTo(2);
        assertThat(out.failed()).isZero();
        assertThat(out.bulkRequests()).isEqualTo(2); // one batch: the producer's end of batch came with the last
        assertThat(requests.get(1)).containsExactly("id1", "id3", "id5", "id7", "id9");
        assertThat(out.spooledRecords()).isZero();
        assertThat(out.pending()).isZero();
    }

    @Test
    void spooledRecordsOutlastAnOutageLongerThanTheRetryTime(@TempDir Path dir) throws Exception {
        // without a spool these would be failed after maxRetryTime (see retriesStopAfterMaxRetryTime)
        String url = fake((req, i) -> i >= 0 ? Integer.valueOf(201) : req <= 8 ? Integer.valueOf(-503) : null);
        ElasticsearchOutput out = new ElasticsearchOutput(config(url).maxRetryTime(Duration.ofMillis(20))
                .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).spool(spool(dir, 1 << 20)).build());
        out.start();
        EventRecord r = new EventRecord();
        r.dataset = "vigil.flow";
        for (int i = 0; i < 5; i++) {
            r.id = "id" + i;
            byte[] json = ("{\"event\":{\"id\":\"id" + i + "\"}}").getBytes(StandardCharsets.UTF_8);
            r.setJson(json, 0, json.length);
            out.onRecord(r, i == 4);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (out.delivered() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        out.close();
        assertThat(out.delivered()).isEqualTo(5);
        assertThat(out.failed()).isZero();
        assertThat(out.retries()).isEqualTo(8);
    }

    @Test
    void spooledRefusedItemsAreDeadLetteredWithTheirReason(@TempDir Path dir) throws Exception {
        String url = fake((req, i) -> i < 0 ? null : i == 2 ? 400 : 201);
        ElasticsearchOutput out = run(config(url).spool(spool(dir, 1 << 20)).build(), 4);
        assertThat(out.delivered()).isEqualTo(3);
        assertThat(out.failed()).isEqualTo(1);
        assertThat(out.deadLettered()).isEqualTo(1);
        assertThat(out.failedByReason()).containsEntry("document_parsing_exception", 1L);
        List<String> lines = Files.readAllLines(dir.resolve("spool").resolve(ElasticsearchOutput.DEAD_LETTER_FILE));
        assertThat(lines).hasSize(1);
        var dead = JSON.readTree(lines.get(0));
        assertThat(dead.path("id").asText()).isEqualTo("id2");
        assertThat(dead.path("index").asText()).isEqualTo("logs-vigil.flow-default");
        assertThat(dead.path("reason").asText()).isEqualTo("document_parsing_exception");
        assertThat(dead.path("detail").asText()).isEqualTo("scripted 400");
        assertThat(dead.path("document").path("event").path("id").asText()).isEqualTo("id2");
    }

    @Test
    void aFullSpoolInLiveModeCountsWhatItRefuses(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // nothing listens there afterwards
        }
        ElasticsearchConfig cfg = config("http://127.0.0.1:" + port).maxRetryTime(Duration.ofMillis(200))
                .spool(spool(dir, 8192).withSegmentBytes(4096)).blockWhenSpoolFull(false).build();
        ElasticsearchOutput out = run(cfg, 200);
        long full = out.failedByReason().getOrDefault("spool_full", 0L);
        assertThat(full).isPositive();
        assertThat(out.spool().overflowRecords()).isEqualTo(full);
        assertThat(out.spooledRecords() + full).isEqualTo(200); // the rest waits for the next start
        assertThat(out.delivered()).isZero();
    }
}
