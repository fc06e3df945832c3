package dev.vigil.sensor.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.sensor.capture.CaptureFileReader;
import dev.vigil.sensor.capture.LiveCapture;
import dev.vigil.sensor.event.Observer;
import dev.vigil.sensor.output.metrics.MeteredOutput;
import dev.vigil.sensor.output.metrics.SensorMetrics;
import dev.vigil.sensor.pipeline.InputContext;
import dev.vigil.sensor.pipeline.Pipeline;
import dev.vigil.sensor.pipeline.PipelineConfig;
import dev.vigil.sensor.testing.CollectingOutput;
import dev.vigil.sensor.testing.Corpus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP endpoint on an ephemeral port, scraped with a real HTTP client: the metrics parse
 * as Prometheus text and their counters equal what a real pipeline did with a corpus capture.
 */
class HttpEndpointTest {
    private static final String CAPTURE = "sip/ndpi__sip.pcap";
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private HttpEndpoint endpoint;
    private SensorMetrics metrics;

    @AfterEach
    void tearDown() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        return client.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + endpoint.address().getPort() + path);
    }

    private HttpEndpoint start(Supplier<Health.Report> health, Supplier<JsonNode> assets) throws IOException {
        return HttpEndpoint.start("127.0.0.1", 0, new HttpEndpoint.Sources(metrics::scrape,
                SensorMetrics.CONTENT_TYPE, health, assets));
    }

    @Test
    void metricsParseAndCountWhatThePipelineDid() throws Exception {
        metrics = new SensorMetrics();
        CollectingOutput collect = new CollectingOutput();
        MeteredOutput metered = metrics.meter(collect);
        LiveCapture.Stats kernel = new LiveCapture.Stats(1000, 7, 2, 0, 0);
        Pipeline pipeline = new Pipeline(PipelineConfig.DEFAULT, Observer.local("test0"), dev.vigil.sensor.testing.Analyze.decoders(),
                List.of(metered), false);
        metrics.bindPipeline(pipeline.stats());
        metrics.bindCapture(() -> kernel);
        endpoint = start(() -> new Health().evaluate(), null);

        HttpResponse<String> before = get("/metrics");
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.headers().firstValue("content-type")).hasValue(SensorMetrics.CONTENT_TYPE);
        PrometheusText p0 = PrometheusText.parse(before.body());
        assertThat(p0.get("vigil_capture_packets_total")).isEqualTo(0.0);
        assertThat(p0.types).containsEntry("vigil_capture_packets_total", "counter");

        Path file = Corpus.file(CAPTURE);
        long packets;
        InputContext input = new InputContext("test0", "test0/1", false);
        pipeline.beginInput(input);
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            packets = reader.read(pipeline.handler());
        }
        pipeline.endInput(input);
        pipeline.close();

        System.gc();   // Micrometer holds function meters' objects weakly: they must survive a collection
        String text = get("/metrics").body();
        PrometheusText p = PrometheusText.parse(text);
        assertThat(p.get("vigil_capture_packets_total")).isEqualTo((double) packets).isPositive();
        assertThat(p.get("vigil_capture_bytes_total")).isEqualTo((double) pipeline.stats().bytes());
        assertThat(p.get("vigil_capture_kernel_received_total")).isEqualTo(1000.0);
        assertThat(p.get("vigil_drops_total", "reason", "kernel")).isEqualTo(7.0);
        assertThat(p.get("vigil_drops_total", "reason", "interface")).isEqualTo(2.0);
        assertThat(p.get("vigil_drops_total", "reason", "packet_ring_full"))
                .isEqualTo((double) pipeline.stats().packetRingDrops());
        long flows = collect.dataset("vigil.flow").size();
        assertThat(flows).isPositive();
        assertThat(p.get("vigil_events_total", "dataset", "vigil.flow")).isEqualTo((double) flows);
        assertThat(p.get("vigil_output_events_total", "output", "collect", "dataset", "vigil.flow"))
                .isEqualTo((double) flows);
        assertThat(p.get("vigil_output_delivered_total", "output", "collect"))
                .isEqualTo((double) collect.lines().size());
        assertThat(p.get("vigil_output_failed_total", "output", "collect")).isEqualTo(0.0);
        assertThat(p.get("vigil_flows_started_total")).isEqualTo((double) pipeline.stats().flowsCreated())
                .isPositive();
        assertThat(p.get("vigil_flows_active")).isEqualTo(0.0);
        pipeline.stats().decodeEvents().forEach((key, count) ->
                assertThat(p.get("vigil_decode_events_total", "event", key)).as(key).isEqualTo((double) count));
        assertThat(p.get("vigil_build_info", "version", dev.vigil.sensor.event.BuildInfo.version())).isEqualTo(1.0);
        assertThat(p.samples.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes"));
        assertThat(p.get("vigil_config_reloads_total", "result", "ok")).isEqualTo(0.0);
        metrics.reload(true);
        assertThat(PrometheusText.parse(get("/metrics").body()).get("vigil_config_reloads_total", "result", "ok"))
                .isEqualTo(1.0);
    }

    @Test
    void healthIsJsonWith200WhenReadyAnd503WithReasonsWhenNot() throws Exception {
        metrics = new SensorMetrics();
        Health health = new Health();
        AtomicReference<Health.Status> capture = new AtomicReference<>(Health.Status.notReady("starting"));
        health.register("capture", capture::get);
        health.register("output.ndjson", () -> Health.Status.ok("12 delivered"));
        endpoint = start(health::evaluate, null);

        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        JsonNode h = json.readTree(r.body());
        assertThat(h.path("status").asText()).isEqualTo("not_ready");
        assertThat(h.path("live").asBoolean()).isTrue();
        assertThat(h.path("ready").asBoolean()).isFalse();
        assertThat(h.path("reasons").get(0).asText()).isEqualTo("capture: starting");
        assertThat(h.path("checks").path("output.ndjson").path("level").asText()).isEqualTo("ok");

        capture.set(Health.Status.warn("eth1 open; 5 dropped by the kernel in the last 60 s"));
        r = get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        h = json.readTree(r.body());
        assertThat(h.path("status").asText()).isEqualTo("degraded");
        assertThat(h.path("reasons").size()).isZero();
        assertThat(h.path("warnings").get(0).asText()).startsWith("capture: eth1 open; 5 dropped");

        capture.set(Health.Status.down("capture failed: interface gone"));
        h = json.readTree(get("/health").body());
        assertThat(h.path("status").asText()).isEqualTo("down");
        assertThat(h.path("live").asBoolean()).isFalse();

        capture.set(Health.Status.ok("eth1 open"));
        h = json.readTree(get("/health").body());
        assertThat(h.path("status").asText()).isEqualTo("ok");
    }

    @Test
    void assetsAnswer503WithAReasonUntilAnInventoryIsConnected() throws Exception {
        metrics = new SensorMetrics();
        endpoint = start(() -> new Health().evaluate(), null);
        HttpResponse<String> r = get("/assets");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json.readTree(r.body()).path("error").asText()).isEqualTo("no asset inventory in this sensor");
        endpoint.close();

        AtomicReference<JsonNode> inventory = new AtomicReference<>();
        endpoint = start(() -> new Health().evaluate(), inventory::get);
        r = get("/assets");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json.readTree(r.body()).path("error").asText()).isEqualTo("asset inventory not ready");
        inventory.set(json.readTree("{\"assets\":[{\"mac\":\"00:13:cb:00:00:01\",\"ip\":\"10.0.0.5\"}]}"));
        r = get("/assets");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body())).isEqualTo(inventory.get());
    }

    @Test
    void onlyGetAndHeadOnKnownPaths() throws Exception {
        metrics = new SensorMetrics();
        endpoint = start(() -> new Health().evaluate(), null);
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
        HttpResponse<String> head = send(HttpRequest.newBuilder(uri("/metrics"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValueAsLong("content-length").orElse(0)).isPositive();
        HttpResponse<String> big = send(HttpRequest.newBuilder(uri("/metrics"))
                .header("X-Big", "a".repeat(HttpEndpoint.MAX_REQUEST_BYTES * 2)).GET().build());
        assertThat(big.statusCode()).isIn(400, 413, 431);
        // keep-alive: the same client reuses the connection for several requests
        for (int i = 0; i < 5; i++) {
            assertThat(get("/").statusCode()).isEqualTo(200);
        }
    }
}
