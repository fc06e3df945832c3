package dev.vigil.sensor.app.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.dip.TestCapture;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Discovery in the pipeline over hand-made datagrams: broadcast forms and every decode event. */
class DiscoveryAppTest {
    @TempDir
    Path dir;

    private Analyze.Run analyze(TestCapture c) {
        Analyze.Run run = Analyze.files(new AppRegistry().register(DiscoveryApp::new), c.write(dir, "d.pcap"));
        assertThat(run.result().errors()).isEmpty();
        for (JsonNode d : run.output().docs()) {
            assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
        }
        return run;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> decodeKeys(Analyze.Run run) {
        List<String> k = new ArrayList<>();
        run.output().dataset("vigil.decode").forEach(d -> k.add(d.path("decode").path("key").asText()));
        return k;
    }

    @Test
    void broadcastForms() {
        TestCapture c = new TestCapture();
        long unknown = 0xA4F2E07B19C4L;
        c.udp(unknown, "10.20.0.66", 5002, TestCapture.BROADCAST, "255.255.255.255", 5002, b("\u0002Zabcd"));
        c.udp(unknown, "10.20.0.66", 5002, TestCapture.BROADCAST, "10.20.0.255", 5002, b("\u0002Zabcd"));  // subnet broadcast
        c.udp(unknown, "10.20.0.66", 5002, 0x01005E000001L, "224.0.0.1", 5002, b("\u0002Zabcd"));        // multicast
        c.udp(unknown, "10.20.0.66", 5002, TestCapture.SERVER_MAC, "10.20.0.10", 5002, b("\u0002Zabcd")); // unicast
        Analyze.Run run = analyze(c);
        List<JsonNode> e = run.output().dataset(DiscoveryApp.DATASET);
        assertThat(e).extracting(x -> x.path("discovery").path("broadcast").asBoolean())
                .containsExactly(true, true, true, false);
        assertThat(e.get(0).path("source").path("mac").asText()).isEqualTo("A4-F2-E0-7B-19-C4");
        assertThat(e.get(0).path("discovery").path("strings").get(0).asText()).isEqualTo("Zabcd");
        // identical payloads share a digest
        assertThat(e).extracting(x -> x.path("discovery").path("digest").asText()).containsOnly(
                e.get(0).path("discovery").path("digest").asText());
        assertThat(e.get(0).path("discovery").path("digest").asText()).hasSize(32).matches("[0-9a-f]+");
    }

    @Test
    void empty() {
        TestCapture c = new TestCapture();
        c.udp(0x0013CB140101L, "10.20.0.101", 5002, TestCapture.SERVER_MAC, "10.20.0.10", 5002, new byte[0]);
        Analyze.Run run = analyze(c);
        JsonNode d = run.output().dataset(DiscoveryApp.DATASET).get(0).path("discovery");
        assertThat(d.path("size").asInt()).isZero();
        // SHA-256 of nothing
        assertThat(d.path("digest").asText()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb924");
        assertThat(decodeKeys(run)).containsExactly("discovery.empty");
    }

    @Test
    void tooManyStringsAndStringTooLong() {
        TestCapture c = new TestCapture();
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 18; i++) {
            many.append("name").append((char) ('a' + i)).append('\0');
        }
        c.udp(0x0013CB140101L, "10.20.0.101", 5002, TestCapture.SERVER_MAC, "10.20.0.10", 5002, b(many.toString()));
        c.udp(0x0013CB140101L, "10.20.0.101", 5002, TestCapture.SERVER_MAC, "10.20.0.10", 5002, b("y".repeat(80)));
        Analyze.Run run = analyze(c);
        List<JsonNode> e = run.output().dataset(DiscoveryApp.DATASET);
        assertThat(e.get(0).path("discovery").path("strings").size()).isEqualTo(16);
        assertThat(e.get(0).path("discovery").path("string_count").asInt()).isEqualTo(18);
        assertThat(e.get(1).path("discovery").path("strings").get(0).asText()).hasSize(64);
        assertThat(decodeKeys(run)).containsExactly("discovery.too_many_strings", "discovery.string_too_long");
        assertThat(e.get(1).path("discovery").path("anomalies").get(0).asText()).isEqualTo("discovery.string_too_long");
    }

    @Test
    void truncated() {
        // the capture kept 14 + 20 + 8 + 10 bytes of a datagram with 100 bytes of payload
        TestCapture c = new TestCapture();
        c.udp(0x0013CB140101L, "10.20.0.101", 5002, TestCapture.SERVER_MAC, "10.20.0.10", 5002,
                b("IP Station" + "\0".repeat(90)), 52);
        Analyze.Run run = analyze(c);
        JsonNode d = run.output().dataset(DiscoveryApp.DATASET).get(0).path("discovery");
        assertThat(d.path("size").asInt()).isEqualTo(10);
        assertThat(d.path("declared_size").asInt()).isEqualTo(100);
        assertThat(d.path("truncated").asBoolean()).isTrue();
        assertThat(decodeKeys(run)).contains("discovery.truncated");
    }
}
