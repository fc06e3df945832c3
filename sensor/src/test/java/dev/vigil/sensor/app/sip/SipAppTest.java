package dev.vigil.sensor.app.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.protocol.sip.SipParser;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.dip.TestCapture;
import dev.vigil.sensor.app.http.TcpCapture;
import dev.vigil.sensor.testing.Analyze;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SIP app through the whole pipeline on small hand-made captures (UDP and TCP). */
class SipAppTest {
    @TempDir
    Path dir;

    private static final int CLIENT = TcpCapture.ip(50);
    private static final int SERVER = TcpCapture.ip(102);

    static final String REGISTER = "REGISTER sip:pulse.example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 10.0.0.50:5060;branch=z9hG4bKa1;rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: \"Door 1\" <sip:door1@pulse.example.com>;tag=abc\r\n"
        + "To: <sip:door1@pulse.example.com>\r\n"
        + "Call-ID: reg-1@10.0.0.50\r\n"
        + "CSeq: 2 REGISTER\r\n"
        + "Contact: <sip:door1@10.0.0.50:5060>;expires=3600\r\n"
        + "Authorization: Digest username=\"door1\", realm=\"pulse\", nonce=\"n0nce77\", uri=\"sip:pulse\", "
        + "response=\"feedface0123456789\"\r\n"
        + "User-Agent: Zenitel Turbine\r\n"
        + "Content-Length: 0\r\n\r\n";

    static String invite(String callId, int cseq) {
        String sdp = "v=0\r\no=- 1 1 IN IP4 10.0.0.50\r\ns=-\r\nc=IN IP4 10.0.0.50\r\nt=0 0\r\n"
            + "m=audio 4000 RTP/AVP 0\r\n";
        return "INVITE sip:100@10.0.0.102 SIP/2.0\r\n"
            + "v: SIP/2.0/TCP 10.0.0.50;branch=z9hG4bK" + cseq + "\r\n"
            + "f: <sip:door1@10.0.0.50>;tag=1\r\nt: <sip:100@10.0.0.102>\r\ni: " + callId + "\r\n"
            + "CSeq: " + cseq + " INVITE\r\nc: application/sdp\r\nl: " + sdp.length() + "\r\n\r\n" + sdp;
    }

    static String ok(String callId, int cseq) {
        return "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 10.0.0.50;branch=z9hG4bK" + cseq + "\r\nFrom: <sip:door1@10.0.0.50>;tag=1\r\n"
            + "To: <sip:100@10.0.0.102>;tag=2\r\nCall-ID: " + callId + "\r\nCSeq: " + cseq + " INVITE\r\n"
            + "Server: Pulse\r\nContent-Length: 0\r\n\r\n";
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
    void udpRequestFieldsKeepAliveAndNoSecrets() {
        TestCapture c = new TestCapture();
        c.udp("10.0.0.50", 5060, "10.0.0.1", 5060, "\r\n\r\n");     // 1: keep-alive, not a message
        c.udp("10.0.0.50", 5060, "10.0.0.1", 5060, REGISTER);       // 2
        Analyze.Run r = run(c.write(dir, "u.pcap"), SipApp::new);
        List<JsonNode> docs = r.output().dataset(SipApp.DATASET);
        assertThat(docs).hasSize(1);
        assertThat(decodeKeys(r)).isEmpty();
        JsonNode d = docs.get(0);
        JsonNode s = d.path("sip");
        assertThat(d.path("event").path("sequence").asLong()).isEqualTo(2);
        assertThat(s.path("type").asText()).isEqualTo("request");
        assertThat(s.path("method").asText()).isEqualTo("REGISTER");
        assertThat(s.path("transport").asText()).isEqualTo("udp");
        assertThat(s.path("uri").path("original").asText()).isEqualTo("sip:pulse.example.com");
        assertThat(s.path("uri").path("host").asText()).isEqualTo("pulse.example.com");
        assertThat(s.path("call_id").asText()).isEqualTo("reg-1@10.0.0.50");
        assertThat(s.path("from").path("display_info").asText()).isEqualTo("Door 1");
        assertThat(s.path("from").path("uri").path("user").asText()).isEqualTo("door1");
        assertThat(s.path("from").path("tag").asText()).isEqualTo("abc");
        assertThat(s.path("to").path("uri").path("host").asText()).isEqualTo("pulse.example.com");
        assertThat(s.path("cseq").path("code").asLong()).isEqualTo(2);
        assertThat(s.path("cseq").path("method").asText()).isEqualTo("REGISTER");
        assertThat(s.path("via").get(0).path("transport").asText()).isEqualTo("UDP");
        assertThat(s.path("via").get(0).path("sent_by").asText()).isEqualTo("10.0.0.50:5060");
        assertThat(s.path("via").get(0).path("branch").asText()).isEqualTo("z9hG4bKa1");
        assertThat(s.path("contact").get(0).asText()).isEqualTo("sip:door1@10.0.0.50:5060");
        assertThat(s.path("user_agent").path("original").asText()).isEqualTo("Zenitel Turbine");
        assertThat(s.path("auth").path("scheme").asText()).isEqualTo("Digest");
        assertThat(s.path("auth").path("realm").asText()).isEqualTo("pulse");
        assertThat(s.path("auth").path("username").asText()).isEqualTo("door1");
        assertThat(s.path("content_length").asLong()).isZero();
        assertThat(s.path("sdp").path("present").asBoolean()).isFalse();
        assertThat(d.toString()).doesNotContain("feedface").doesNotContain("n0nce77");
    }

    @Test
    void udpProbeOnAnotherPort() {
        TestCapture c = new TestCapture();
        c.udp("10.0.0.50", 5999, "10.0.0.1", 5260, "OPTIONS sip:x@10.0.0.1 SIP/2.0\r\nCall-ID: p\r\nCSeq: 1 OPTIONS\r\n"
            + "Content-Length: 0\r\n\r\n");
        c.udp("10.0.0.50", 5998, "10.0.0.1", 5261, "GET / HTTP/1.1\r\n\r\n");
        Analyze.Run r = run(c.write(dir, "p.pcap"), SipApp::new);
        assertThat(r.output().dataset(SipApp.DATASET)).hasSize(1);
    }

    @Test
    void udpInvalidStartLineIsAnEventNotAMessage() {
        TestCapture c = new TestCapture();
        c.udp("10.0.0.50", 5060, "10.0.0.1", 5060, "HELLO WORLD\r\n\r\n");
        Analyze.Run r = run(c.write(dir, "i.pcap"), SipApp::new);
        assertThat(r.output().dataset(SipApp.DATASET)).isEmpty();
        assertThat(decodeKeys(r)).containsExactly("sip.invalid_start_line");
    }

    @Test
    void tcpSeveralMessagesPerSegmentAndOneSplitOverSegments() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40000, SERVER, 5060);        // frames 1-3
        String a = invite("call-a", 1);
        String b = invite("call-b", 2);
        k.send(0, "\r\n\r\n" + a + b.substring(0, 50));                     // 4: a complete, keep-alive skipped
        k.send(0, b.substring(50, b.length() - 10));                        // 5
        k.send(0, b.substring(b.length() - 10));                            // 6: completes b
        k.send(1, ok("call-a", 1) + ok("call-b", 2));                       // 7: two responses
        k.close();
        Analyze.Run r = run(c.write(dir, "t.pcap"), SipApp::new);
        List<JsonNode> docs = r.output().dataset(SipApp.DATASET);
        assertThat(docs).extracting(d -> d.path("event").path("sequence").asLong()).containsExactly(4L, 6L, 7L, 7L);
        assertThat(docs).extracting(d -> d.path("sip").path("call_id").asText())
            .containsExactly("call-a", "call-b", "call-a", "call-b");
        assertThat(docs.get(1).path("sip").path("sdp").path("present").asBoolean()).isTrue();
        assertThat(docs.get(1).path("sip").path("transport").asText()).isEqualTo("tcp");
        assertThat(docs.get(2).path("sip").path("code").asInt()).isEqualTo(200);
        assertThat(docs.get(2).path("sip").path("status").asText()).isEqualTo("OK");
        assertThat(docs.get(2).path("sip").path("server").asText()).isEqualTo("Pulse");
        assertThat(docs.get(2).path("source").path("port").asInt()).isEqualTo(5060);
        assertThat(decodeKeys(r)).isEmpty();
    }

    /** sip.stream_truncated: the connection closes inside a body. */
    @Test
    void tcpStreamTruncated() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40001, SERVER, 5060);
        String a = invite("call-t", 1);
        k.send(0, a.substring(0, a.length() - 5));
        k.close();
        Analyze.Run r = run(c.write(dir, "tt.pcap"), SipApp::new);
        assertThat(r.output().dataset(SipApp.DATASET)).isEmpty();
        assertThat(decodeKeys(r)).contains("sip.stream_truncated");
    }

    /** sip.stream_gap: bytes never captured; parsing resumes at the next start line. */
    @Test
    void tcpGapResynchronises() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40002, SERVER, 5060);
        String a = invite("call-1", 1);
        String b = invite("call-2", 2);
        k.send(0, a.substring(0, 40));
        k.seek(0, a.length());            // the rest of a is never captured
        k.send(0, b);
        k.close();
        Analyze.Run r = run(c.write(dir, "g.pcap"), SipApp::new);
        assertThat(decodeKeys(r)).contains("sip.stream_gap");
        List<JsonNode> docs = r.output().dataset(SipApp.DATASET);
        assertThat(docs).extracting(d -> d.path("sip").path("call_id").asText()).containsExactly("call-2");
        assertThat(docs.get(0).path("source").path("ip").asText()).isEqualTo("10.0.0.50"); // the client's message
        assertThat(docs.get(0).path("destination").path("port").asInt()).isEqualTo(5060);
    }

    /** Mid-stream start (no SYN, capture began inside a message) on a claimed port: resync, one event. */
    @Test
    void tcpMidStreamGarbageThenMessage() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40003, SERVER, 5060);
        k.send(0, "m=audio 4000 RTP/AVP 0\r\na=sendrecv\r\n" + invite("call-m", 3));
        k.close();
        Analyze.Run r = run(c.write(dir, "m.pcap"), SipApp::new);
        assertThat(r.output().dataset(SipApp.DATASET)).extracting(d -> d.path("sip").path("call_id").asText())
            .containsExactly("call-m");
        assertThat(decodeKeys(r)).containsExactly("sip.invalid_start_line");
    }

    /** sip.body_too_large on TCP: the body is skipped as it streams by, the next message is framed. */
    @Test
    void tcpBodyTooLargeSkipped() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40004, SERVER, 5060);
        String big = "MESSAGE sip:a@h SIP/2.0\r\nCall-ID: big\r\nCSeq: 1 MESSAGE\r\nContent-Length: 100\r\n\r\n";
        k.send(0, big + "x".repeat(30));
        k.send(0, "y".repeat(70) + invite("after", 2));
        k.close();
        Analyze.Run r = run(c.write(dir, "b.pcap"), () -> new SipApp(new SipParser(64, 4096, 4096, 16)));
        // both messages logged (the SDP of "after" is over the cap too: logged, body not inspected)
        assertThat(r.output().dataset(SipApp.DATASET)).extracting(d -> d.path("sip").path("call_id").asText())
            .containsExactly("big", "after");
        assertThat(r.output().dataset(SipApp.DATASET).get(1).path("sip").path("sdp").path("present").asBoolean())
            .isFalse();
        assertThat(decodeKeys(r)).contains("sip.body_too_large");
        Analyze.Run r2 = run(c.write(dir, "b2.pcap"), () -> new SipApp(new SipParser(64, 4096, 4096, 512)));
        assertThat(r2.output().dataset(SipApp.DATASET)).extracting(d -> d.path("sip").path("call_id").asText())
            .containsExactly("big", "after");
    }

    /** sip.too_many_headers and sip.header_too_long through the app (counted, message still logged). */
    @Test
    void capsThroughTheApp() {
        TestCapture c = new TestCapture();
        c.udp("10.0.0.50", 5060, "10.0.0.1", 5060, "OPTIONS sip:x SIP/2.0\r\nCall-ID: caps\r\nCSeq: 1 OPTIONS\r\n"
            + "X-A: 1\r\nX-B: 2\r\nX-C: 3\r\nSubject: " + "s".repeat(200) + "\r\n\r\n");
        Analyze.Run r = run(c.write(dir, "c.pcap"), () -> new SipApp(new SipParser(3, 64, 4096, 512)));
        assertThat(r.output().dataset(SipApp.DATASET)).hasSize(1);
        assertThat(decodeKeys(r)).contains("sip.too_many_headers", "sip.header_too_long");
    }
}
