package dev.vigil.sensor.app.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.http.TcpCapture;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS over TCP 53 (RFC 7766): the 2-byte length prefix, a message split over segments, two
 * messages in one segment, a zero length and a message cut by the end of the flow.
 */
class DnsTcpTest {
    @TempDir
    Path dir;

    static byte[] framed(byte[]... messages) {
        int n = 0;
        for (byte[] m : messages) {
            n += 2 + m.length;
        }
        byte[] out = new byte[n];
        int p = 0;
        for (byte[] m : messages) {
            out[p++] = (byte) (m.length >> 8);
            out[p++] = (byte) m.length;
            System.arraycopy(m, 0, out, p, m.length);
            p += m.length;
        }
        return out;
    }

    @Test
    void messagesAreFramedAcrossSegments() {
        byte[] q1 = new DnsMessage(1, 0x0100).question("a.example.com", 1, 1).bytes();
        byte[] q2 = new DnsMessage(2, 0x0100).question("b.example.com", 28, 1).bytes();
        byte[] r1 = new DnsMessage(1, 0x8180).question("a.example.com", 1, 1)
                .record(1, "a.example.com", 1, 1, 60, new byte[] {10, 0, 0, 1}).bytes();
        byte[] r2 = new DnsMessage(2, 0x8183).question("b.example.com", 28, 1).bytes();
        byte[] queries = framed(q1, q2);
        TcpCapture cap = new TcpCapture();
        cap.connect(0xC0000232, 40000, 0xC0000235, 53)
                .send(0, Arrays.copyOfRange(queries, 0, 7))                 // frame 4: prefix + 5 bytes of q1
                .send(0, Arrays.copyOfRange(queries, 7, queries.length))    // frame 5: rest of q1, all of q2
                .send(1, framed(r1, r2))                                    // frame 6: both answers
                .send(1, new byte[] {0, 0})                                 // frame 7: zero length
                .send(1, new byte[] {0, 40, 1, 2, 3})                       // frame 8: 3 of 40 bytes
                .close();
        Analyze.Run run = Analyze.files(new AppRegistry().register(DnsApp::new), cap.write(dir, "dns-tcp.pcap"));
        assertThat(run.result().errors()).isEmpty();
        List<JsonNode> docs = run.output().docs();
        docs.forEach(d -> assertThat(EventSchema.validate(d)).as("%s", d).isEmpty());
        List<JsonNode> dns = DnsAppTest.dataset(docs, "vigil.dns");
        assertThat(dns).extracting(d -> d.path("event").path("sequence").asLong() + " "
                + d.path("network").path("transport").asText() + " " + d.path("dns").path("type").asText() + " "
                + d.path("dns").path("question").path("name").asText())
                .containsExactly("5 tcp query a.example.com", "5 tcp query b.example.com",
                        "6 tcp answer a.example.com", "6 tcp answer b.example.com");
        assertThat(dns.get(0).path("event").path("id").asText()).isNotEqualTo(dns.get(1).path("event").path("id").asText());
        assertThat(dns.get(2).path("dns").path("resolved_ip").toString()).isEqualTo("[\"10.0.0.1\"]");
        assertThat(dns.get(2).path("source").path("port").asInt()).isEqualTo(53);
        assertThat(dns.get(3).path("dns").path("response_code").asText()).isEqualTo("NXDOMAIN");
        assertThat(DnsAppTest.dataset(docs, "vigil.decode")).extracting(d -> d.path("decode").path("key").asText())
                .containsExactly("dns.tcp_empty_message", "dns.tcp_incomplete");
    }
}
