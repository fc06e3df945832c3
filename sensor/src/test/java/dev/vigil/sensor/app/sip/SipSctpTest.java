package dev.vigil.sensor.app.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.protocol.sip.SipParser;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.dip.TestCapture;
import dev.vigil.sensor.testing.Analyze;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIP over SCTP (RFC 4168) through the pipeline: bundled DATA chunks, a message fragmented over
 * DATA chunks of consecutive TSNs (RFC 9260 §6.9), an association recognised by its content on
 * another port, and one case per decode event of {@link SipSctp}.
 */
class SipSctpTest {
    @TempDir
    Path dir;

    private static final String A = "10.0.0.50";
    private static final String B = "10.0.0.102";

    static final String OPTIONS = "OPTIONS sip:100@10.0.0.102 SIP/2.0\r\n"
        + "Via: SIP/2.0/SCTP 10.0.0.50;branch=z9hG4bK1\r\nFrom: <sip:door1@10.0.0.50>;tag=1\r\n"
        + "To: <sip:100@10.0.0.102>\r\nCall-ID: sctp-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    static final String OK = "SIP/2.0 200 OK\r\n"
        + "Via: SIP/2.0/SCTP 10.0.0.50;branch=z9hG4bK1\r\nFrom: <sip:door1@10.0.0.50>;tag=1\r\n"
        + "To: <sip:100@10.0.0.102>;tag=2\r\nCall-ID: sctp-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

    /** SCTP common header (ports, verification tag 1, checksum 0) and the chunks. */
    static byte[] sctp(int sport, int dport, byte[]... chunks) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(ByteBuffer.allocate(12).putShort((short) sport).putShort((short) dport).putInt(1).putInt(0)
            .array());
        for (byte[] c : chunks) {
            o.writeBytes(c);
        }
        return o.toByteArray();
    }

    /** A DATA chunk (RFC 9260 §3.3.1): flags, TSN, stream 0, SSN 0, PPID 0, user data, padding. */
    static byte[] data(int flags, long tsn, byte[] user) {
        int len = 16 + user.length;
        ByteBuffer b = ByteBuffer.allocate((len + 3) & ~3);
        b.put((byte) 0).put((byte) flags).putShort((short) len).putInt((int) tsn).putShort((short) 0)
            .putShort((short) 0).putInt(0).put(user);
        return b.array();
    }

    static byte[] data(int flags, long tsn, String user) {
        return data(flags, tsn, user.getBytes(StandardCharsets.US_ASCII));
    }

    /** SACK chunk (type 3), cumulative TSN ack 0, no gap blocks. */
    static byte[] sack() {
        return ByteBuffer.allocate(16).put((byte) 3).put((byte) 0).putShort((short) 16).putInt(0).putInt(65536)
            .putShort((short) 0).putShort((short) 0).array();
    }

    private Analyze.Run run(Path pcap, Supplier<SipApp> app) {
        Analyze.Run r = Analyze.files(new AppRegistry().register(app::get), pcap);
        assertThat(r.result().errors()).isEmpty();
        return r;
    }

    private static List<String> decodeKeys(Analyze.Run r) {
        return r.output().dataset("vigil.decode").stream().map(d -> d.path("decode").path("key").asText()).toList();
    }

    @Test
    void bundledMessagesAndEndpoints() {
        TestCapture c = new TestCapture();
        c.ipv4(A, B, 132, sctp(5060, 5060, sack(), data(0x03, 10, OPTIONS), data(0x03, 11, OK)));
        Analyze.Run r = run(c.write(dir, "s.pcap"), SipApp::new);
        List<JsonNode> docs = r.output().dataset(SipApp.DATASET);
        assertThat(docs).hasSize(2);
        assertThat(decodeKeys(r)).isEmpty();
        assertThat(docs.get(0).path("sip").path("method").asText()).isEqualTo("OPTIONS");
        assertThat(docs.get(1).path("sip").path("code").asInt()).isEqualTo(200);
        for (JsonNode d : docs) {
            assertThat(d.path("sip").path("transport").asText()).isEqualTo("sctp");
            assertThat(d.path("network").path("transport").asText()).isEqualTo("sctp");
            assertThat(d.path("source").path("port").asInt()).isEqualTo(5060);
            assertThat(d.path("event").path("sequence").asLong()).isEqualTo(1);
        }
        assertThat(docs.get(0).path("event").path("id").asText()).isNotEqualTo(docs.get(1).path("event").path("id").asText());
    }

    @Test
    void fragmentsOfConsecutiveTsnsAreJoined() {
        byte[] m = OPTIONS.getBytes(StandardCharsets.US_ASCII);
        TestCapture c = new TestCapture();
        c.ipv4(A, B, 132, sctp(40000, 5060, data(0x06, 7, Arrays.copyOfRange(m, 0, 50))));   // U|B
        c.ipv4(B, A, 132, sctp(5060, 40000, sack()));
        c.ipv4(A, B, 132, sctp(40000, 5060, data(0x04, 8, Arrays.copyOfRange(m, 50, 100)))); // U
        c.ipv4(A, B, 132, sctp(40000, 5060, data(0x05, 9, Arrays.copyOfRange(m, 100, m.length)))); // U|E
        Analyze.Run r = run(c.write(dir, "f.pcap"), SipApp::new);
        List<JsonNode> docs = r.output().dataset(SipApp.DATASET);
        assertThat(docs).hasSize(1);
        assertThat(decodeKeys(r)).isEmpty();
        assertThat(docs.get(0).path("sip").path("call_id").asText()).isEqualTo("sctp-1");
        assertThat(docs.get(0).path("event").path("sequence").asLong()).isEqualTo(4);
    }

    @Test
    void recognisedByContentOnAnotherPortButNotOtherProtocols() {
        TestCapture c = new TestCapture();
        c.ipv4(A, B, 132, sctp(7000, 7001, data(0x03, 1, OPTIONS)));
        c.ipv4(A, B, 132, sctp(3868, 3868, data(0x03, 1, new byte[] {1, 0, 0, 20, 0, 0, 1, 1})));  // Diameter
        Analyze.Run r = run(c.write(dir, "p.pcap"), SipApp::new);
        assertThat(r.output().dataset(SipApp.DATASET)).hasSize(1);
        assertThat(SipSctp.IP_PROTOCOL).isEqualTo(132);
    }

    /** sip.sctp_fragment_lost: the middle fragment (TSN 8) was never captured. */
    @Test
    void fragmentLost() {
        byte[] m = OPTIONS.getBytes(StandardCharsets.US_ASCII);
        TestCapture c = new TestCapture();
        c.ipv4(A, B, 132, sctp(40000, 5060, data(0x02, 7, Arrays.copyOfRange(m, 0, 50))));
        c.ipv4(A, B, 132, sctp(40000, 5060, data(0x01, 9, Arrays.copyOfRange(m, 100, m.length))));
        c.ipv4(A, B, 132, sctp(40000, 5060, data(0x03, 10, OK)));
        Analyze.Run r = run(c.write(dir, "l.pcap"), SipApp::new);
        assertThat(r.output().dataset(SipApp.DATASET)).hasSize(1); // the 200 only
        assertThat(decodeKeys(r)).containsExactly("sip.sctp_fragment_lost");
    }

    /** sip.sctp_message_too_large: fragments beyond the SIP head plus body caps (here 64 + 8 octets). */
    @Test
    void messageTooLarge() {
        byte[] m = OPTIONS.getBytes(StandardCharsets.US_ASCII);
        TestCapture c = new TestCapture();
        c.ipv4(A, B, 132, sctp(40000, 5060, data(0x02, 7, Arrays.copyOfRange(m, 0, 50))));
        c.ipv4(A, B, 132, sctp(40000, 5060, data(0x01, 8, Arrays.copyOfRange(m, 50, m.length))));
        Analyze.Run r = run(c.write(dir, "t.pcap"), () -> new SipApp(new SipParser(64, 4096, 64, 8)));
        assertThat(r.output().dataset(SipApp.DATASET)).isEmpty();
        assertThat(decodeKeys(r)).containsExactly("sip.sctp_message_too_large");
    }
}
