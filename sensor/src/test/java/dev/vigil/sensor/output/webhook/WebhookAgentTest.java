package dev.vigil.sensor.output.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.sensor.output.EventRecord;
import dev.vigil.sensor.output.spool.FsyncPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WebhookAgent} against a real HTTP receiver on the loopback interface. */
class WebhookAgentTest {
    static final String SECRET = "whsec_test-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    static EventRecord finding(String id, String rule, int severity) {
        String json = "{\"@timestamp\":\"2026-01-01T00:00:00.000Z\","
                + "\"event\":{\"id\":\"" + id + "\",\"kind\":\"alert\",\"dataset\":\"vigil.finding\",\"severity\":"
                + severity + "},"
                + "\"rule\":{\"id\":\"" + rule + "\",\"name\":\"Unknown device\",\"reference\":\"Guide 3.1\"},"
                + "\"message\":\"Unknown device 00:13:cb:00:00:01 <b>&</b>\","
                + "\"asset\":{\"mac\":\"00:13:cb:00:00:01\",\"ip\":\"10.0.0.5\",\"name\":\"door-1\"},"
                + "\"evidence\":{\"event_ids\":[\"e1\",\"e2\"],\"count\":2},"
                + "\"vigil\":{\"cis\":{\"control\":1}},"
                + "\"observer\":{\"hostname\":\"sensor-1\",\"product\":\"vigil\",\"version\":\"0.1.0\"}}";
        return record(id, json, true);
    }

    static EventRecord record(String id, String json, boolean alert) {
        EventRecord r = new EventRecord();
        r.dataset = alert ? "vigil.finding" : "vigil.flow";
        r.id = id;
        r.alert = alert;
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        r.setJson(b, 0, b.length);
        return r;
    }

    private Path secretFile() throws Exception {
        Path f = tmp.resolve("secret");
        if (!Files.exists(f)) {
            Files.writeString(f, SECRET + "\n");
        }
        return f;
    }

    WebhookConfig.Builder config(String url) throws Exception {
        return WebhookConfig.builder(url).secretFile(secretFile()).spoolDirectory(tmp.resolve("spool"))
                .backoff(Duration.ofMillis(10), Duration.ofMillis(100)).connectTimeout(Duration.ofSeconds(1))
                .readTimeout(Duration.ofSeconds(2)).drainTimeout(Duration.ofSeconds(5)).fsync(FsyncPolicy.never());
    }

    WebhookAgent start(WebhookConfig config) throws Exception {
        WebhookAgent a = new WebhookAgent(config);
        a.start();
        open.add(a);
        return a;
    }

    Receiver receiver(int port) throws Exception {
        Receiver r = Receiver.http(port);
        open.add(r);
        return r;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    static void assertSigned(Receiver.Request r) {
        long now = Instant.now().getEpochSecond();
        assertThat(WebhookSignature.verify(r.signature(), SECRET.getBytes(StandardCharsets.UTF_8), r.body(), now, 300))
                .as("signature of %s", r.key()).isTrue();
    }

    @Test
    void anAlertArrivesSignedWithItsIdempotencyKeyAndThePayload() throws Exception {
        Receiver rx = receiver(0);
        WebhookAgent agent = start(config(rx.url("http", "127.0.0.1")).build());
        agent.onRecord(record("flow-1", "{\"event\":{\"kind\":\"event\"}}", false), false);
        agent.onRecord(finding("f-1", "asset.unknown", 3), true);
        await("delivery", () -> agent.sent() == 1);

        assertThat(rx.requests).hasSize(1);
        Receiver.Request r = rx.requests.get(0);
        assertThat(r.path()).isEqualTo("/hooks/vigil?team=soc");
        assertThat(r.key()).isEqualTo("f-1");
        assertThat(r.contentType()).isEqualTo("application/json");
        assertSigned(r);
        // the header is exactly t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">
        assertThat(r.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(r.signature(), "wrong".getBytes(StandardCharsets.UTF_8), r.body(),
                Instant.now().getEpochSecond(), 300)).isFalse();

        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("id").asText()).isEqualTo("f-1");
        assertThat(body.path("finding").path("rule").path("id").asText()).isEqualTo("asset.unknown");
        assertThat(body.path("finding").path("event").path("severity").asInt()).isEqualTo(3);
        assertThat(body.path("finding").path("message").asText()).startsWith("Unknown device");
        assertThat(body.path("finding").has("asset")).isFalse();
        assertThat(body.path("asset").path("ip").asText()).isEqualTo("10.0.0.5");
        assertThat(body.path("evidence").path("count").asInt()).isEqualTo(2);
        assertThat(body.path("sensor").path("hostname").asText()).isEqualTo("sensor-1");
        assertThat(agent.alerts()).isEqualTo(1);
        assertThat(agent.queueDepth()).isZero();
        assertThat(agent.failed()).isZero();
    }

    @Test
    void receiverDownForAWhileThenEveryAlertArrivesOncePerKeyWithAValidSignature() throws Exception {
        int port = Receiver.freePort();
        WebhookAgent agent = start(config("http://127.0.0.1:" + port + "/hook").build());
        int n = 25;
        for (int i = 0; i < n; i++) {
            agent.onRecord(finding("f-" + i, "asset.unknown", 3), i == n - 1);
        }
        await("retries while the receiver is down", () -> agent.retried() >= 3);
        assertThat(agent.sent()).isZero();
        assertThat(agent.queueDepth()).isEqualTo(n);
        assertThat(agent.failuresByReason()).containsKey("connection");

        Receiver rx = receiver(port);
        await("every alert", () -> agent.sent() == n);
        Map<String, Long> perKey = rx.requests.stream()
                .collect(Collectors.groupingBy(Receiver.Request::key, Collectors.counting()));
        assertThat(perKey).hasSize(n);
        assertThat(perKey.values()).allMatch(c -> c == 1);
        assertThat(rx.requests.stream().map(Receiver.Request::key).toList())
                .isEqualTo(java.util.stream.IntStream.range(0, n).mapToObj(i -> "f-" + i).toList());
        rx.requests.forEach(WebhookAgentTest::assertSigned);
        assertThat(agent.queueDepth()).isZero();
        assertThat(agent.deadLettered()).isZero();
    }

    @Test
    void serverErrorsAreRetriedUntilAccepted() throws Exception {
        Receiver rx = receiver(0);
        rx.script = n -> Receiver.Answer.of(n <= 2 ? (n == 1 ? 500 : 503) : 200);
        WebhookAgent agent = start(config(rx.url("http", "127.0.0.1")).build());
        agent.onRecord(finding("f-1", "asset.unknown", 3), true);
        await("delivery", () -> agent.sent() == 1);
        assertThat(rx.requests).extracting(Receiver.Request::status).containsExactly(500, 503, 200);
        assertThat(rx.requests).extracting(Receiver.Request::key).containsOnly("f-1");
        assertThat(rx.requests.get(0).bodyString()).isEqualTo(rx.requests.get(2).bodyString());
        assertThat(agent.retried()).isEqualTo(2);
        assertThat(agent.failuresByReason()).containsEntry("http_500", 1L).containsEntry("http_503", 1L);
        rx.requests.forEach(WebhookAgentTest::assertSigned);
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() throws Exception {
        Receiver rx = receiver(0);
        rx.script = n -> n == 1 ? new Receiver.Answer(429, "1", "slow down") : Receiver.Answer.of(204);
        WebhookAgent agent = start(config(rx.url("http", "127.0.0.1")).build());
        agent.onRecord(finding("f-1", "asset.unknown", 3), true);
        await("delivery", () -> agent.sent() == 1);
        assertThat(rx.requests).hasSize(2);
        long gapMillis = (rx.requests.get(1).nanos() - rx.requests.get(0).nanos()) / 1_000_000;
        // the backoff alone would be at most 10 ms
        assertThat(gapMillis).isGreaterThanOrEqualTo(950);
        assertThat(agent.failuresByReason()).containsEntry("http_429", 1L);
    }

    @Test
    void aClientErrorIsDeadLetteredWithItsReasonAndTheQueueMovesOn() throws Exception {
        Receiver rx = receiver(0);
        rx.script = n -> n == 1 ? new Receiver.Answer(400, null, "missing field rule") : Receiver.Answer.of(200);
        WebhookAgent agent = start(config(rx.url("http", "127.0.0.1")).build());
        agent.onRecord(finding("f-bad", "asset.unknown", 3), false);
        agent.onRecord(finding("f-good", "asset.unknown", 3), true);
        await("second delivery", () -> agent.sent() == 1);
        assertThat(agent.deadLettered()).isEqualTo(1);
        assertThat(agent.failed()).isEqualTo(1);
        assertThat(agent.retried()).isZero();
        assertThat(agent.queueDepth()).isZero();
        List<String> lines = Files.readAllLines(tmp.resolve("spool").resolve(WebhookAgent.DEAD_LETTER_FILE));
        assertThat(lines).hasSize(1);
        JsonNode dead = JSON.readTree(lines.get(0));
        assertThat(dead.path("idempotency_key").asText()).isEqualTo("f-bad");
        assertThat(dead.path("status").asInt()).isEqualTo(400);
        assertThat(dead.path("reason").asText()).isEqualTo("http_400");
        assertThat(dead.path("detail").asText()).isEqualTo("missing field rule");
        assertThat(dead.path("body").path("finding").path("rule").path("id").asText()).isEqualTo("asset.unknown");
        assertThat(dead.path("url").asText()).doesNotContain("team=soc"); // no query (may hold a token)
    }

    @Test
    void retriesEndInADeadLetterAfterTheMaximumRetryTime() throws Exception {
        Receiver rx = receiver(0);
        rx.script = n -> Receiver.Answer.of(502);
        WebhookAgent agent = start(config(rx.url("http", "127.0.0.1")).maxRetryTime(Duration.ofMillis(150)).build());
        agent.onRecord(finding("f-1", "asset.unknown", 3), true);
        await("dead letter", () -> agent.deadLettered() == 1);
        assertThat(agent.failuresByReason()).containsKey("retry_exhausted");
        assertThat(Files.readString(tmp.resolve("spool").resolve(WebhookAgent.DEAD_LETTER_FILE)))
                .contains("\"reason\":\"retry_exhausted\"").contains("http_502");
        assertThat(agent.queueDepth()).isZero();
    }

    @Test
    void aRestartMidBacklogDeliversTheRestAndLosesNothing() throws Exception {
        Receiver rx = receiver(0);
        rx.script = n -> Receiver.Answer.of(n <= 4 ? 200 : 503);
        WebhookConfig cfg = config(rx.url("http", "127.0.0.1")).drainTimeout(Duration.ZERO).build();
        WebhookAgent first = new WebhookAgent(cfg);
        first.start();
        int n = 12;
        for (int i = 0; i < n; i++) {
            first.onRecord(finding("f-" + i, "asset.unknown", 3), i == n - 1);
        }
        await("the first four", () -> first.sent() == 4 && first.retried() >= 1);
        first.close(); // the sensor stops with eight findings queued
        assertThat(first.queueDepth()).isEqualTo(n - 4);

        rx.script = k -> Receiver.Answer.of(200);
        WebhookAgent second = start(cfg);
        assertThat(second.queueDepth()).isEqualTo(n - 4);
        await("the rest", () -> second.sent() == n - 4);
        Map<String, Long> acceptedPerKey = rx.accepted().stream()
                .collect(Collectors.groupingBy(Receiver.Request::key, Collectors.counting()));
        assertThat(acceptedPerKey).hasSize(n);
        assertThat(acceptedPerKey.values()).allMatch(c -> c == 1);
        rx.requests.forEach(WebhookAgentTest::assertSigned);
    }

    @Test
    void theSeverityAndRuleFilterChooseWhatIsSent() throws Exception {
        Receiver rx = receiver(0);
        WebhookAgent agent = start(config(rx.url("http", "127.0.0.1")).minSeverity(3)
                .ruleIds(Set.of("asset.unknown", "snmp.weak")).build());
        agent.onRecord(finding("low", "asset.unknown", 2), false);
        agent.onRecord(finding("other-rule", "tftp.transfer", 5), false);
        agent.onRecord(finding("yes-1", "asset.unknown", 3), false);
        agent.onRecord(finding("yes-2", "snmp.weak", 4), true);
        await("delivery", () -> agent.sent() == 2);
        assertThat(rx.requests).extracting(Receiver.Request::key).containsExactly("yes-1", "yes-2");
        assertThat(agent.filtered()).isEqualTo(2);
        assertThat(agent.alerts()).isEqualTo(4);
    }

    @Test
    void slackFormatSendsText() throws Exception {
        Receiver rx = receiver(0);
        WebhookAgent agent = start(config(rx.url("http", "127.0.0.1")).format(WebhookConfig.Format.SLACK).build());
        agent.onRecord(finding("f-1", "asset.unknown", 3), true);
        await("delivery", () -> agent.sent() == 1);
        JsonNode body = JSON.readTree(rx.requests.get(0).body());
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.path("text").asText()).isEqualTo("[vigil] severity 3 Unknown device (asset.unknown): "
                + "Unknown device 00:13:cb:00:00:01 &lt;b&gt;&amp;&lt;/b&gt;. Asset: door-1 10.0.0.5 00:13:cb:00:00:01. "
                + "Sensor: sensor-1");
        assertThat(rx.requests.get(0).key()).isEqualTo("f-1");
        assertSigned(rx.requests.get(0));
    }

    @Test
    void aFullSpoolRefusesCountsAndReports() throws Exception {
        int port = Receiver.freePort(); // nothing listens: everything stays queued
        WebhookAgent agent = start(config("http://127.0.0.1:" + port + "/").spoolMaxBytes(4096)
                .drainTimeout(Duration.ZERO).build());
        int n = 20;
        for (int i = 0; i < n; i++) {
            agent.onRecord(finding("f-" + i, "asset.unknown", 3), false);
        }
        assertThat(agent.overflow()).isPositive();
        assertThat(agent.queueDepth() + agent.overflow()).isEqualTo(n);
        assertThat(agent.failed()).isEqualTo(agent.overflow());
        assertThat(agent.failuresByReason()).containsEntry("spool_full", agent.overflow());
    }

    @Test
    void anUnreadableAlertIsCountedNotThrown() throws Exception {
        Receiver rx = receiver(0);
        WebhookAgent agent = start(config(rx.url("http", "127.0.0.1")).build());
        agent.onRecord(record("x", "{not json", true), false);
        agent.onRecord(record("y", "[1,2]", true), true);
        assertThat(agent.invalid()).isEqualTo(2);
        assertThat(agent.queueDepth()).isZero();
    }

    @Test
    void theKeyIsTheEventIdElseTheRecordIdElseADigestOfTheDocument() throws Exception {
        Receiver rx = receiver(0);
        WebhookAgent agent = start(config(rx.url("http", "127.0.0.1")).build());
        agent.onRecord(record("rec-7", "{\"rule\":{\"id\":\"a\"}}", true), false);
        agent.onRecord(record(null, "{\"rule\":{\"id\":\"a\"}}", true), false);
        agent.onRecord(record(null, "{\"rule\":{\"id\":\"a\"}}", true), true);
        await("delivery", () -> agent.sent() == 3);
        assertThat(rx.requests.get(0).key()).isEqualTo("rec-7");
        assertThat(rx.requests.get(1).key()).matches("sha256-[0-9a-f]{64}").isEqualTo(rx.requests.get(2).key());
    }

    @Test
    void retryDelaysUseFullJitterAndRetryAfterIsCapped() throws Exception {
        WebhookAgent agent = new WebhookAgent(config("http://127.0.0.1:1/")
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(2)).maxRetryAfter(Duration.ofSeconds(30)).build());
        for (int attempt = 1; attempt < 100; attempt++) {
            long cap = Math.min(2_000, 100L << Math.min(attempt - 1, 20)) * 1_000_000L;
            assertThat(agent.backoffNanos(attempt)).isBetween(0L, cap);
        }
        assertThat(agent.retryAfterNanos("7")).isEqualTo(7_000_000_000L);
        assertThat(agent.retryAfterNanos("86400")).isEqualTo(30_000_000_000L);
        assertThat(agent.retryAfterNanos("soon")).isEqualTo(-1);
        assertThat(agent.retryAfterNanos(null)).isEqualTo(-1);
        String inTenSeconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(10));
        assertThat(agent.retryAfterNanos(inTenSeconds)).isBetween(8_000_000_000L, 10_000_000_000L);
    }
}
