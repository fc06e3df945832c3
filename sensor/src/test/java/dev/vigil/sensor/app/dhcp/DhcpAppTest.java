package dev.vigil.sensor.app.dhcp;

import static dev.vigil.sensor.app.dhcp.UdpCapture.concat;
import static dev.vigil.sensor.app.dhcp.UdpCapture.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.protocol.dhcp.DhcpDecoder;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-built DHCP messages through the whole pipeline: the event fields and their JSON types,
 * the endpoints, and the {@code vigil.decode} documents of broken messages. Addresses are from
 * RFC 5737 documentation ranges.
 */
class DhcpAppTest {
    static final int ANY = 0x00000000;          // 0.0.0.0
    static final int BROADCAST = 0xFFFFFFFF;    // 255.255.255.255
    static final int SERVER = 0xC0000201;       // 192.0.2.1
    static final int CLIENT = 0xC0000232;       // 192.0.2.50
    static final int RELAY = 0xC00002FE;        // 192.0.2.254

    @TempDir
    Path dir;

    /** The 236-byte BOOTP header; giaddr and op as given, client 00:13:cb:11:22:33, empty sname and file. */
    static byte[] header(String op, String yiaddr, String giaddr) {
        return concat(hex(
                op,                   // op: 01 BOOTREQUEST, 02 BOOTREPLY
                "01 06 00",           // htype Ethernet, hlen 6, hops 0
                "24593b3e",           // xid
                "0000 8000",          // secs 0, flags broadcast
                "00000000",           // ciaddr
                yiaddr,               // yiaddr
                "00000000",           // siaddr
                giaddr,               // giaddr
                "0013cb112233 00000000000000000000"), // chaddr: MAC + padding
                new byte[64 + 128]);  // sname and file: empty
    }

    static byte[] discover() {
        return concat(header("01", "00000000", "00000000"), hex(
                "63825363",                       // magic cookie
                "35 01 01",                       // 53 DISCOVER
                "32 04 c0000232",                 // 50 requested IP 192.0.2.50
                "0c 0b 696e746572636f6d2d3031",   // 12 host name "intercom-01"
                "3c 0c 756468637020312e33362e31", // 60 vendor class "udhcp 1.36.1"
                "37 05 01 03 06 0c 2a",           // 55 parameter list 1,3,6,12,42
                "ff"));
    }

    static byte[] ack(String giaddr) {
        return concat(header("02", "c0000232", giaddr), hex(
                "63825363",                       // magic cookie
                "35 01 05",                       // 53 ACK
                "36 04 c0000201",                 // 54 server id 192.0.2.1
                "33 04 00000e10",                 // 51 lease 3600 s
                "01 04 ffffff00",                 // 1 subnet mask
                "03 04 c0000201",                 // 3 router
                "06 08 c0000201 c0000202",        // 6 DNS servers
                "2a 04 c000027b",                 // 42 NTP server 192.0.2.123
                "07 04 c0000207",                 // 7 log server 192.0.2.7
                "0f 0b 6578616d706c652e636f6d",   // 15 domain "example.com"
                "ff"));
    }

    private List<JsonNode> run(DhcpDecoder.Limits limits, UdpCapture capture) {
        Analyze.Run r = Analyze.files(new AppRegistry().register(() -> new DhcpApp(limits)),
                capture.write(dir, "dhcp.pcap"));
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
    void discoverAndAckCarryTheirFields() {
        List<JsonNode> docs = run(DhcpDecoder.Limits.DEFAULT, new UdpCapture()
                .datagram(ANY, 68, BROADCAST, 67, discover())
                .datagram(SERVER, 67, CLIENT, 68, ack("00000000"))
                .datagram(RELAY, 67, SERVER, 67, ack("c00002fe")));
        List<JsonNode> dhcp = dataset(docs, "vigil.dhcp");
        assertThat(dhcp).hasSize(3);
        assertThat(dataset(docs, "vigil.decode")).isEmpty();

        JsonNode d = dhcp.get(0);
        assertThat(d.path("event").path("sequence").asLong()).isEqualTo(1);
        assertThat(d.path("source").path("ip").asText()).isEqualTo("0.0.0.0");
        assertThat(d.path("source").path("port").asInt()).isEqualTo(68);
        assertThat(d.path("destination").path("ip").asText()).isEqualTo("255.255.255.255");
        assertThat(d.path("destination").path("port").asInt()).isEqualTo(67);
        assertThat(d.path("network").path("transport").asText()).isEqualTo("udp");
        JsonNode m = d.path("dhcp");
        assertThat(m.path("op").asText()).isEqualTo("request");
        assertThat(m.path("message_type").asText()).isEqualTo("DISCOVER");
        assertThat(m.path("client_mac").asText()).isEqualTo("00-13-CB-11-22-33");
        assertThat(m.path("transaction_id").asText()).isEqualTo("24593b3e");
        assertThat(m.path("requested_ip").asText()).isEqualTo("192.0.2.50");
        assertThat(m.path("hostname").asText()).isEqualTo("intercom-01");
        assertThat(m.path("vendor_class").asText()).isEqualTo("udhcp 1.36.1");
        assertThat(m.path("parameter_list").isArray()).isTrue();
        assertThat(m.path("parameter_list").toString()).isEqualTo("[1,3,6,12,42]");
        assertThat(m.path("fingerprint").asText()).isEqualTo("1,3,6,12,42");
        assertThat(m.has("client_ip")).as("ciaddr 0.0.0.0 is omitted").isFalse();
        assertThat(m.has("assigned_ip")).isFalse();
        assertThat(m.has("relay")).isFalse();
        assertThat(m.has("decode_error")).isFalse();

        m = dhcp.get(1).path("dhcp");
        assertThat(m.path("op").asText()).isEqualTo("reply");
        assertThat(m.path("message_type").asText()).isEqualTo("ACK");
        assertThat(m.path("assigned_ip").asText()).isEqualTo("192.0.2.50");
        assertThat(m.path("server_id").asText()).isEqualTo("192.0.2.1");
        assertThat(m.path("lease_time").isIntegralNumber()).isTrue();
        assertThat(m.path("lease_time").asLong()).isEqualTo(3600);
        assertThat(m.path("subnet_mask").asText()).isEqualTo("255.255.255.0");
        assertThat(m.path("router").toString()).isEqualTo("[\"192.0.2.1\"]");
        assertThat(m.path("dns_servers").toString()).isEqualTo("[\"192.0.2.1\",\"192.0.2.2\"]");
        assertThat(m.path("ntp_servers").toString()).isEqualTo("[\"192.0.2.123\"]");
        assertThat(m.path("log_servers").toString()).isEqualTo("[\"192.0.2.7\"]");
        assertThat(m.path("domain_name").asText()).isEqualTo("example.com");
        assertThat(m.has("relay")).isFalse();

        m = dhcp.get(2).path("dhcp");
        assertThat(m.path("relay").path("agent").asText()).isEqualTo("192.0.2.254");
    }

    @Test
    void brokenMessagesLeaveDecodeEvents() {
        byte[] badLength = concat(header("01", "00000000", "00000000"), hex(
                "63825363",                       // magic cookie
                "35 01 03",                       // 53 REQUEST
                "0c 32 6162"));                   // 12 host name, len 50, 2 bytes follow
        byte[] full = discover();
        List<JsonNode> docs = run(DhcpDecoder.Limits.DEFAULT, new UdpCapture()
                .datagram(ANY, 68, BROADCAST, 67, Arrays.copyOf(full, 100))   // 1: shorter than the header
                .datagram(ANY, 68, BROADCAST, 67, badLength)                  // 2: option past the end
                .datagram(ANY, 68, BROADCAST, 67, full, 14 + 20 + 8 + 254));  // 3: snap length cuts the host name
        List<JsonNode> dhcp = dataset(docs, "vigil.dhcp");
        assertThat(dhcp).extracting(d -> d.path("event").path("sequence").asLong()).containsExactly(2L, 3L);
        assertThat(dhcp.get(0).path("dhcp").path("message_type").asText()).isEqualTo("REQUEST");
        assertThat(dhcp.get(0).path("dhcp").path("decode_error").asText()).isEqualTo("dhcp.bad_option_length");
        assertThat(dhcp.get(1).path("dhcp").path("message_type").asText()).isEqualTo("DISCOVER");
        assertThat(dhcp.get(1).path("dhcp").path("requested_ip").asText()).isEqualTo("192.0.2.50");
        assertThat(dhcp.get(1).path("dhcp").path("decode_error").asText()).isEqualTo("dhcp.truncated");

        List<JsonNode> decode = dataset(docs, "vigil.decode");
        assertThat(decode).extracting(d -> d.path("event").path("sequence").asLong() + " "
                + d.path("decode").path("key").asText())
                .contains("1 dhcp.truncated", "2 dhcp.bad_option_length", "3 dhcp.truncated");
        for (JsonNode d : decode) {
            if (d.path("decode").path("key").asText().startsWith("dhcp.")) {
                assertThat(d.path("source").path("port").asInt()).isEqualTo(68);
                assertThat(d.path("decode").path("protocol").asText()).isEqualTo("dhcp");
            }
        }
    }

    @Test
    void capsAreConfigurable() {
        List<JsonNode> docs = run(new DhcpDecoder.Limits(2, 4096), new UdpCapture()
                .datagram(ANY, 68, BROADCAST, 67, discover()));
        JsonNode m = dataset(docs, "vigil.dhcp").get(0).path("dhcp");
        assertThat(m.path("message_type").asText()).isEqualTo("DISCOVER");
        assertThat(m.path("requested_ip").asText()).isEqualTo("192.0.2.50");
        assertThat(m.has("hostname")).isFalse();
        assertThat(m.path("decode_error").asText()).isEqualTo("dhcp.too_many_options");
        assertThat(dataset(docs, "vigil.decode")).extracting(d -> d.path("decode").path("key").asText())
                .containsExactly("dhcp.too_many_options");
    }
}
