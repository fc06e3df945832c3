package dev.vigil.sensor.app.ntp;

import static dev.vigil.sensor.app.dhcp.UdpCapture.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.dhcp.UdpCapture;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-built NTP messages through the whole pipeline: the event fields and their JSON types for
 * each kind of mode, and the {@code vigil.decode} documents of broken messages.
 */
class NtpAppTest {
    static final int CLIENT = 0xC0000232;   // 192.0.2.50
    static final int SERVER = 0xC000027B;   // 192.0.2.123

    @TempDir
    Path dir;

    static byte[] server() {
        return hex(
                "24",                     // LI 0, VN 4, mode 4 (server)
                "01 06 e9",               // stratum 1, poll 2^6 s, precision 2^-23 s
                "00000000 00000010",      // root delay, root dispersion
                "47505300",               // reference id "GPS"
                "ea1117f0 00000000",      // reference timestamp
                "ea111800 10000000",      // origin timestamp
                "ea111800 7fff0000",      // receive timestamp
                "ea111800 80000000");     // transmit 2024-06-10T06:13:20.5Z
    }

    static byte[] client() {
        return hex(
                "e3",                     // LI 3 (unsynchronised), VN 4, mode 3 (client)
                "00 06 ec",               // stratum 0, poll 2^6 s, precision 2^-20 s
                "00000000 00000000",      // root delay, root dispersion
                "00000000",               // reference id: none
                "00000000 00000000",      // reference timestamp
                "00000000 00000000",      // origin timestamp
                "00000000 00000000",      // receive timestamp
                "00000000 00000000");     // transmit timestamp: zero, unknown
    }

    private List<JsonNode> run(UdpCapture capture) {
        Analyze.Run r = Analyze.files(new AppRegistry().register(NtpApp::new), capture.write(dir, "ntp.pcap"));
        assertThat(r.result().errors()).isEmpty();
        List<JsonNode> docs = r.output().docs();
        for (JsonNode d : docs) {
            assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
        }
        return docs;
    }

    private static List<JsonNode> dataset(List<JsonNode> docs, String ds) {
        return docs.stream().filter(d -> d.path("event").path("dataset").asText().equals(ds))
                .collect(Collectors.toList());
    }

    @Test
    void eachModeCarriesItsFields() {
        byte[] control = hex("16 02 0001 0000 0000 0000 0000"); // v2 mode 6, read variables, sequence 1
        byte[] monlist = Arrays.copyOf(hex("17 00 03 2a 0000 0000"), 48); // v2 mode 7, request 42 (monlist)
        List<JsonNode> docs = run(new UdpCapture()
                .datagram(CLIENT, 40000, SERVER, 123, client())
                .datagram(SERVER, 123, CLIENT, 40000, server())
                .datagram(CLIENT, 40001, SERVER, 123, control)
                .datagram(CLIENT, 40002, SERVER, 123, monlist));
        List<JsonNode> ntp = dataset(docs, "vigil.ntp");
        assertThat(ntp).hasSize(4);
        assertThat(dataset(docs, "vigil.decode")).isEmpty();

        JsonNode n = ntp.get(0).path("ntp");
        assertThat(ntp.get(0).path("destination").path("port").asInt()).isEqualTo(123);
        assertThat(n.path("version").isInt()).isTrue();
        assertThat(n.path("version").asInt()).isEqualTo(4);
        assertThat(n.path("mode").asText()).isEqualTo("client");
        assertThat(n.path("mode_code").asInt()).isEqualTo(3);
        assertThat(n.path("leap").asInt()).isEqualTo(3);
        assertThat(n.path("stratum").asInt()).isEqualTo(0);
        assertThat(n.path("precision").asInt()).isEqualTo(-20);
        assertThat(n.has("reference_id")).isFalse();
        assertThat(n.has("transmit_time")).isFalse();

        n = ntp.get(1).path("ntp");
        assertThat(n.path("mode").asText()).isEqualTo("server");
        assertThat(n.path("stratum").asInt()).isEqualTo(1);
        assertThat(n.path("poll").asInt()).isEqualTo(6);
        assertThat(n.path("precision").asInt()).isEqualTo(-23);
        assertThat(n.path("reference_id").asText()).isEqualTo("GPS");
        assertThat(n.path("transmit_time").asText()).isEqualTo("2024-06-10T06:13:20.500000Z");

        n = ntp.get(2).path("ntp");
        assertThat(n.path("mode").asText()).isEqualTo("control");
        assertThat(n.path("version").asInt()).isEqualTo(2);
        assertThat(n.has("stratum")).isFalse();
        assertThat(n.path("control").path("opcode").asInt()).isEqualTo(2);
        assertThat(n.path("control").path("response").isBoolean()).isTrue();
        assertThat(n.path("control").path("sequence").asInt()).isEqualTo(1);

        n = ntp.get(3).path("ntp");
        assertThat(n.path("mode").asText()).isEqualTo("private");
        assertThat(n.path("private").path("request_code").asInt()).isEqualTo(42);
        assertThat(n.path("private").path("implementation").asInt()).isEqualTo(3);
        assertThat(n.path("private").path("response").asBoolean()).isFalse();
        assertThat(n.has("leap")).as("mode 7 has no leap indicator").isFalse();
    }

    @Test
    void brokenMessagesLeaveDecodeEvents() {
        byte[] v5 = server();
        v5[0] = 0x2C;                             // VN 5, mode 4
        List<JsonNode> docs = run(new UdpCapture()
                .datagram(SERVER, 123, CLIENT, 123, Arrays.copyOf(server(), 20)) // 1: 20 of 48 bytes
                .datagram(SERVER, 123, CLIENT, 123, v5)                          // 2: version 5
                .datagram(SERVER, 123, CLIENT, 123, new byte[0]));               // 3: empty datagram
        List<JsonNode> ntp = dataset(docs, "vigil.ntp");
        assertThat(ntp).hasSize(2);
        JsonNode n = ntp.get(0).path("ntp");
        assertThat(n.path("version").asInt()).isEqualTo(4);
        assertThat(n.path("mode").asText()).isEqualTo("server");
        assertThat(n.has("stratum")).isFalse();
        assertThat(n.path("decode_error").asText()).isEqualTo("ntp.truncated");
        n = ntp.get(1).path("ntp");
        assertThat(n.path("version").asInt()).isEqualTo(5);
        assertThat(n.path("stratum").asInt()).isEqualTo(1);
        assertThat(n.path("decode_error").asText()).isEqualTo("ntp.bad_version");
        assertThat(dataset(docs, "vigil.decode")).extracting(d -> d.path("event").path("sequence").asLong() + " "
                + d.path("decode").path("key").asText())
                .containsExactly("1 ntp.truncated", "2 ntp.bad_version", "3 ntp.truncated");
    }
}
