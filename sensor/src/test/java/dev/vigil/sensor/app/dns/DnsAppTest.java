package dev.vigil.sensor.app.dns;

import static dev.vigil.sensor.app.dhcp.UdpCapture.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.dhcp.UdpCapture;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-built DNS messages through the pipeline: event fields and JSON types, and decode documents. */
class DnsAppTest {
    static final int PHONE = 0xC0000232;     // 192.0.2.50
    static final int RESOLVER = 0xC0000235;  // 192.0.2.53

    @TempDir
    Path dir;

    private List<JsonNode> run(UdpCapture capture) {
        Analyze.Run r = Analyze.files(new AppRegistry().register(DnsApp::new), capture.write(dir, "dns.pcap"));
        assertThat(r.result().errors()).isEmpty();
        List<JsonNode> docs = r.output().docs();
        for (JsonNode d : docs) {
            assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
        }
        return docs;
    }

    static List<JsonNode> dataset(List<JsonNode> docs, String ds) {
        return docs.stream().filter(d -> d.path("event").path("dataset").asText().equals(ds))
                .collect(Collectors.toList());
    }

    @Test
    void queryAndAnswer() {
        byte[] query = new DnsMessage(0xBEEF, 0x0100).question("sip.example.com", 33, 1).bytes();
        byte[] answer = new DnsMessage(0xBEEF, 0x8580)
                .question("sip.example.com", 33, 1)
                .record(1, "sip.example.com", 33, 1, 300, DnsMessage.srv(10, 5, 5060, "pbx.example.com"))
                .record(2, "example.com", 2, 1, 3600, DnsMessage.name("ns1.example.com"))
                .record(3, "pbx.example.com", 1, 1, 60, hex("c0000205"))
                .record(3, ".", 41, 1232, 0, new byte[0])
                .bytes();
        byte[] a = new DnsMessage(7, 0x8180).question("ntp.example.com", 1, 1)
                .record(1, "ntp.example.com", 5, 1, 60, DnsMessage.name("pool.example.com"))
                .record(1, "pool.example.com", 1, 1, 60, hex("c0000207"))
                .record(1, "pool.example.com", 28, 1, 60, hex("20010db8 00000000 00000000 00000007"))
                .bytes();
        byte[] nx = new DnsMessage(8, 0x8183).question("nope.example.com", 1, 1).bytes();
        List<JsonNode> docs = run(new UdpCapture()
                .datagram(PHONE, 40000, RESOLVER, 53, query)
                .datagram(RESOLVER, 53, PHONE, 40000, answer)
                .datagram(RESOLVER, 53, PHONE, 40001, a)
                .datagram(RESOLVER, 53, PHONE, 40002, nx));
        List<JsonNode> dns = dataset(docs, "vigil.dns");
        assertThat(dns).hasSize(4);
        assertThat(dataset(docs, "vigil.decode")).isEmpty();

        JsonNode q = dns.get(0).path("dns");
        assertThat(dns.get(0).path("destination").path("port").asInt()).isEqualTo(53);
        assertThat(q.path("id").asText()).isEqualTo("48879");
        assertThat(q.path("type").asText()).isEqualTo("query");
        assertThat(q.path("op_code").asText()).isEqualTo("QUERY");
        assertThat(q.has("response_code")).isFalse();
        assertThat(q.path("header_flags").toString()).isEqualTo("[\"RD\"]");
        assertThat(q.path("question").path("name").asText()).isEqualTo("sip.example.com");
        assertThat(q.path("question").path("type").asText()).isEqualTo("SRV");
        assertThat(q.path("question").path("class").asText()).isEqualTo("IN");
        assertThat(q.has("questions")).isFalse();
        assertThat(q.path("questions_count").isInt()).isTrue();
        assertThat(q.path("answers_count").asInt()).isZero();

        JsonNode r = dns.get(1).path("dns");
        assertThat(r.path("type").asText()).isEqualTo("answer");
        assertThat(r.path("response_code").asText()).isEqualTo("NOERROR");
        assertThat(r.path("header_flags").toString()).isEqualTo("[\"AA\",\"RD\",\"RA\"]");
        assertThat(r.path("answers_count").asInt()).isEqualTo(1);
        assertThat(r.path("authorities_count").asInt()).isEqualTo(1);
        assertThat(r.path("additionals_count").asInt()).isEqualTo(2);
        JsonNode srv = r.path("answers").get(0);
        assertThat(srv.path("name").asText()).isEqualTo("sip.example.com");
        assertThat(srv.path("type").asText()).isEqualTo("SRV");
        assertThat(srv.path("ttl").isIntegralNumber()).isTrue();
        assertThat(srv.path("ttl").asLong()).isEqualTo(300);
        assertThat(srv.path("data").asText()).isEqualTo("10 5 5060 pbx.example.com");
        assertThat(r.path("authorities").get(0).path("data").asText()).isEqualTo("ns1.example.com");
        assertThat(r.path("additionals").get(0).path("data").asText()).isEqualTo("192.0.2.5");
        JsonNode opt = r.path("additionals").get(1);
        assertThat(opt.path("name").asText()).isEqualTo(".");
        assertThat(opt.path("type").asText()).isEqualTo("OPT");
        assertThat(opt.path("udp_payload_size").asInt()).isEqualTo(1232);
        assertThat(r.has("resolved_ip")).as("the SRV answer resolves no address").isFalse();

        JsonNode c = dns.get(2).path("dns");
        assertThat(c.path("answers").get(0).path("data").asText()).isEqualTo("pool.example.com");
        assertThat(c.path("resolved_ip").toString()).isEqualTo("[\"192.0.2.7\",\"2001:db8::7\"]");

        assertThat(dns.get(3).path("dns").path("response_code").asText()).isEqualTo("NXDOMAIN");
    }

    @Test
    void brokenMessagesLeaveDecodeEvents() {
        byte[] loop = hex("0001 0000 0001 0000 0000 0000", "01 61 c00c 0001 0001"); // pointer to itself
        byte[] longTxt = new DnsMessage(2, 0x8400).record(1, "door.example.com", 16, 1, 60,
                DnsMessage.txt("a".repeat(200), "b".repeat(200))).bytes();
        List<JsonNode> docs = run(new UdpCapture()
                .datagram(PHONE, 40000, RESOLVER, 53, hex("0001 0100 00"))  // 1: 5 bytes, no header
                .datagram(PHONE, 40000, RESOLVER, 53, loop)                 // 2: pointer loop
                .datagram(RESOLVER, 53, PHONE, 40000, longTxt));            // 3: TXT of 401 characters
        List<JsonNode> dns = dataset(docs, "vigil.dns");
        assertThat(dns).hasSize(2);
        assertThat(dns.get(0).path("dns").path("decode_error").asText()).isEqualTo("dns.pointer_loop");
        assertThat(dns.get(0).path("dns").has("question")).isFalse();
        String data = dns.get(1).path("dns").path("answers").get(0).path("data").asText();
        assertThat(data).hasSize(DnsLogger.DEFAULT_MAX_TXT).startsWith("aaaa");
        assertThat(dataset(docs, "vigil.decode")).extracting(d -> d.path("event").path("sequence").asLong() + " "
                + d.path("decode").path("key").asText())
                .containsExactly("1 dns.truncated", "2 dns.pointer_loop", "3 dns.txt_too_long");
    }
}
