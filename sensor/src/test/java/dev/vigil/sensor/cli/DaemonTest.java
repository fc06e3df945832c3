package dev.vigil.sensor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.sensor.config.Reloadable;
import dev.vigil.sensor.config.SensorConfig;
import dev.vigil.sensor.config.SensorConfigLoader;
import dev.vigil.sensor.detect.DocumentAnalyzer;
import dev.vigil.sensor.detect.DocumentSink;
import dev.vigil.sensor.http.AssetSource;
import dev.vigil.sensor.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon with a replayed capture instead of an interface and a fake analyzer: it starts,
 * serves its endpoint, reloads policy and inventory (refusing bad ones and keeping the old),
 * loses no flow across a reload, and drains everything on stop.
 */
class DaemonTest {
    private static final String CAPTURE = "sip/heplify__sip_ipv4_tcp.pcap";
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** Takes a policy whose text has no "bad" and an inventory whose text has no "conflict". */
    static final class FakeAnalyzer implements DocumentAnalyzer, Reloadable, AssetSource {
        volatile String policy;
        volatile String inventory;
        final AtomicLong documents = new AtomicLong();
        volatile boolean closed;

        FakeAnalyzer(Path policy, Path inventory) throws IOException {
            this.policy = readPolicy(policy);
            this.inventory = Files.readString(inventory).strip();
        }

        static String readPolicy(Path p) throws IOException {
            String s = Files.readString(p);
            if (s.contains("bad")) {
                throw new IllegalArgumentException(p + ":2: unknown rule 'bad'");
            }
            return s.strip();
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public void onDocument(JsonNode event, DocumentSink out) {
            documents.incrementAndGet();
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public Commit prepareReload(Path policy, Path inventory) throws Exception {
            String p = readPolicy(policy);
            String i = Files.readString(inventory).strip();
            if (i.contains("conflict")) {
                throw new IllegalArgumentException(inventory + ":3: MAC 00:13:cb:00:00:01 listed twice");
            }
            return () -> {
                this.policy = p;
                this.inventory = i;
            };
        }

        @Override
        public JsonNode assetsJson() {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("policy", policy);
            o.put("documents", documents.get());
            return o;
        }
    }

    private Path config(String extra) throws IOException {
        Files.writeString(dir.resolve("policy.yaml"), "v1\n");
        Files.writeString(dir.resolve("inventory.csv"), "mac,ip,name,role\n");
        Path f = dir.resolve("vigil.yaml");
        Files.writeString(f, """
                capture:
                  interface: replay0
                policy: policy.yaml
                inventory: inventory.csv
                state_dir: state
                outputs:
                  ndjson:
                    path: out/events.ndjson
                http:
                  listen: 127.0.0.1:0
                """ + extra);
        return f;
    }

    private JsonNode getJson(Daemon d, String path, int expectedStatus) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + d.httpAddress().getPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(expectedStatus);
        return json.readTree(r.body());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(10);
        }
    }

    @Test
    void reloadsWithoutLosingFlowsRefusesBadFilesAndDrainsOnStop() throws Exception {
        Path file = config("");
        SensorConfig cfg = SensorConfigLoader.load(file);
        ReplaySource source = new ReplaySource(Corpus.file(CAPTURE));
        int total = source.packets.size();
        List<FakeAnalyzer> running = new CopyOnWriteArrayList<>();
        AtomicInteger validations = new AtomicInteger();
        Daemon d = Daemon.start(cfg, source, (policy, inventory, stateDir) -> {
            FakeAnalyzer a = new FakeAnalyzer(policy, inventory);
            if (stateDir != null) {
                running.add(a);
            } else {
                validations.incrementAndGet();
            }
            return List.of(a);
        });
        FakeAnalyzer fake = running.get(0);
        int[] status = {-1};
        Thread t = new Thread(() -> status[0] = d.run(), "daemon-test");
        t.start();

        int half = total / 2;
        source.release(half);
        await(() -> d.stats().packets() == half);
        await(() -> d.health().evaluate().ready());
        JsonNode health = getJson(d, "/health", 200);
        assertThat(health.path("checks").path("capture").path("detail").asText()).startsWith("replay0 open");
        assertThat(getJson(d, "/assets", 200).path("policy").asText()).isEqualTo("v1");

        // a policy the analyzers refuse: rejected, the old one keeps running, health says why
        Files.writeString(dir.resolve("policy.yaml"), "rules:\n  bad\n");
        ConfigReloader.Result r = d.reload();
        assertThat(r.applied()).isFalse();
        assertThat(r.message()).contains("still running policy " + dir.resolve("policy.yaml") + " sha256:"
                + sha256("v1\n")).contains(dir.resolve("policy.yaml") + ":2: unknown rule 'bad'");
        assertThat(fake.policy).isEqualTo("v1");
        health = getJson(d, "/health", 200);
        assertThat(health.path("status").asText()).isEqualTo("degraded");
        assertThat(health.path("warnings").get(0).asText()).startsWith("config: reload rejected");

        // a configuration with a typo: rejected with its position
        Files.writeString(file, Files.readString(file) + "pipline:\n  workers: 2\n");
        r = d.reload();
        assertThat(r.applied()).isFalse();
        assertThat(r.message()).contains(file + ":11:1: pipline: unknown key (did you mean 'pipeline'?)");
        Files.writeString(file, Files.readString(file).replace("pipline:\n  workers: 2\n", ""));

        // an inventory one analyzer refuses in its own check: nothing applied
        Files.writeString(dir.resolve("policy.yaml"), "v2\n");
        Files.writeString(dir.resolve("inventory.csv"), "conflict\n");
        r = d.reload();
        assertThat(r.applied()).isFalse();
        assertThat(r.message()).contains("FakeAnalyzer refused the new files: " + dir.resolve("inventory.csv")
                + ":3: MAC 00:13:cb:00:00:01 listed twice");
        assertThat(fake.policy).isEqualTo("v1");

        // good files: applied to the running analyzer
        Files.writeString(dir.resolve("inventory.csv"), "mac,ip,name,role\n00:13:cb:00:00:01,,door,station\n");
        r = d.reload();
        assertThat(r.applied()).as(r.message()).isTrue();
        assertThat(fake.policy).isEqualTo("v2");
        assertThat(fake.inventory).contains("door");
        assertThat(d.policyHash()).isEqualTo(sha256("v2\n"));
        health = getJson(d, "/health", 200);
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("checks").path("config").path("detail").asText()).endsWith("sha256:" + sha256("v2\n"));
        assertThat(getJson(d, "/assets", 200).path("policy").asText()).isEqualTo("v2");
        assertThat(validations.get()).isEqualTo(2);   // the startup check passed for the last two reloads
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.httpAddress().getPort()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("vigil_config_reloads_total{result=\"rejected\"} 3.0")
                .contains("vigil_config_reloads_total{result=\"ok\"} 1.0")
                .contains("vigil_capture_packets_total " + half + ".0");

        source.release(total - half);
        await(() -> d.stats().packets() == total);
        d.stop();
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(t.isAlive()).isFalse();
        assertThat(status[0]).isZero();
        assertThat(source.closed()).isTrue();
        assertThat(fake.closed).isTrue();
        assertThat(fake.documents.get()).isPositive();

        // every packet is in a flow document: the reloads lost nothing in flight
        long flowPackets = 0;
        for (String line : Files.readAllLines(dir.resolve("out/events.ndjson"))) {
            JsonNode doc = json.readTree(line);
            if ("vigil.flow".equals(doc.path("event").path("dataset").asText())) {
                flowPackets += doc.path("network").path("packets").asLong();
            }
        }
        assertThat(flowPackets).isEqualTo(total);
        assertThat(Files.exists(dir.resolve("state/secret-salt"))).isTrue();
    }

    @Test
    void theNdjsonFileIsReadableWhileRunningAndAppendedAcrossRestarts() throws Exception {
        SensorConfig cfg = SensorConfigLoader.load(config(""));
        Path out = dir.resolve("out/events.ndjson");
        long first = 0;
        for (int run = 1; run <= 2; run++) {
            ReplaySource source = new ReplaySource(Corpus.file(CAPTURE));
            Daemon d = Daemon.start(cfg, source, (p, i, s) -> List.of());
            Thread t = new Thread(d::run);
            t.start();
            source.release(source.packets.size());
            await(() -> d.stats().packets() == source.packets.size());
            d.stop();
            t.join(30_000);
            long lines = Files.readAllLines(out).size();
            if (run == 1) {
                first = lines;
                assertThat(first).isPositive();
            } else {
                assertThat(lines).isEqualTo(2 * first);
            }
        }
    }

    @Test
    void aStartupProblemClosesTheSourceAndNamesTheSetting() throws Exception {
        ReplaySource source = new ReplaySource(Corpus.file(CAPTURE));
        SensorConfig cfg = SensorConfigLoader.load(config("pipeline:\n  decoders: [sip, smtp]\n"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Daemon.start(cfg, source,
                (p, i, s) -> List.of()))).isInstanceOf(Daemon.StartupException.class)
                .hasMessageStartingWith(dir.resolve("vigil.yaml") + ":12:13: pipeline.decoders:")
                .hasMessageContaining("smtp");
        assertThat(source.closed()).isTrue();

        ReplaySource source2 = new ReplaySource(Corpus.file(CAPTURE));
        SensorConfig cfg2 = SensorConfigLoader.load(config(""));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Daemon.start(cfg2, source2, (p, i, s) -> {
            throw new IllegalArgumentException(p + ":7: unknown service 'telnet2'");
        }))).isInstanceOf(Daemon.StartupException.class).hasMessageContaining("policy.yaml:7: unknown service");
        assertThat(source2.closed()).isTrue();
    }

    @Test
    void restartOnlySettingsAreNamed() throws Exception {
        SensorConfig a = SensorConfigLoader.load(config(""));
        Files.writeString(dir.resolve("vigil.yaml"), Files.readString(dir.resolve("vigil.yaml"))
                .replace("interface: replay0", "interface: replay0\n  snaplen: 1500")
                .replace("listen: 127.0.0.1:0", "listen: 127.0.0.1:9999"));
        SensorConfig b = SensorConfigLoader.load(dir.resolve("vigil.yaml"));
        assertThat(ConfigReloader.restartOnly(a, b)).containsExactly("capture", "http");
        assertThat(ConfigReloader.restartOnly(a, a)).isEmpty();
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes()));
    }
}
