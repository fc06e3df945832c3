package dev.vigil.sensor.app.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.dip.TestCapture;
import dev.vigil.sensor.app.http.HttpApp;
import dev.vigil.sensor.testing.Analyze;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIP over WebSocket (RFC 7118) through the pipeline: the HTTP decoder owns port 8080, sees the
 * upgrade (RFC 6455 §4) with subprotocol "sip" and hands the connection to the SIP decoder, which
 * unframes masked, fragmented and unmasked messages; another subprotocol stays unparsed.
 */
class SipWebSocketTest {
    @TempDir
    Path dir;

    static final String GET = "GET / HTTP/1.1\r\nHost: pbx.example.com:8080\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Protocol: %s\r\n\r\n";
    static final String SWITCH = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: %s\r\n\r\n";
    static final String REGISTER = "REGISTER sip:pbx.example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bKasudf\r\nFrom: <sip:alice@pbx.example.com>;tag=65bnmj\r\n"
        + "To: <sip:alice@pbx.example.com>\r\nCall-ID: aiuy7k9njasd\r\nCSeq: 1 REGISTER\r\nMax-Forwards: 70\r\n"
        + "Contact: <sip:alice@df7jal23ls0d.invalid;transport=ws>;expires=600\r\nContent-Length: 0\r\n\r\n";
    static final String OK = "SIP/2.0 200 OK\r\n"
        + "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bKasudf\r\nFrom: <sip:alice@pbx.example.com>;tag=65bnmj\r\n"
        + "To: <sip:alice@pbx.example.com>;tag=2\r\nCall-ID: aiuy7k9njasd\r\nCSeq: 1 REGISTER\r\n"
        + "Content-Length: 0\r\n\r\n";

    /** One WebSocket frame (RFC 6455 §5.2), masked with {@code key} when it is not null. */
    static byte[] frame(int opcode, boolean fin, byte[] payload, byte[] key) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write((fin ? 0x80 : 0) | opcode);
        int mask = key != null ? 0x80 : 0;
        if (payload.length < 126) {
            o.write(mask | payload.length);
        } else {
            o.write(mask | 126);
            o.write(payload.length >>> 8);
            o.write(payload.length & 0xFF);
        }
        if (key != null) {
            o.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            o.write(key != null ? payload[i] ^ key[i & 3] : payload[i]);
        }
        return o.toByteArray();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static Analyze.Run run(Path pcap) {
        Analyze.Run r = Analyze.files(new AppRegistry().register(SipApp::new).register(HttpApp::new), pcap);
        assertThat(r.result().errors()).isEmpty();
        return r;
    }

    @Test
    void upgradedConnectionCarriesSip() {
        byte[] key = {0x11, 0x22, 0x33, 0x44};
        byte[] reg = bytes(REGISTER);
        byte[] first = frame(1, false, java.util.Arrays.copyOf(reg, 100), key);       // text, no FIN
        byte[] rest = frame(0, true, java.util.Arrays.copyOfRange(reg, 100, reg.length), key); // continuation
        byte[] both = new byte[first.length + rest.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(rest, 0, both, first.length, rest.length);
        TestCapture c = new TestCapture();
        TestCapture.Session s = c.session("10.0.0.50", 43380, "10.0.0.157", 8080); // frames 1-3
        s.send(0, String.format(GET, "sip"));                                     // 4
        s.send(1, String.format(SWITCH, "sip"));                                  // 5
        s.send(0, java.util.Arrays.copyOf(both, 60));                             // 6
        s.send(0, java.util.Arrays.copyOfRange(both, 60, both.length));           // 7: completes the REGISTER
        s.send(1, frame(9, true, bytes("ping"), null));                           // 8: control frame
        s.send(1, frame(2, true, bytes(OK), null));                               // 9: binary, unmasked
        s.close(0);
        Analyze.Run r = run(c.write(dir, "ws.pcap"));
        List<JsonNode> docs = r.output().dataset(SipApp.DATASET);
        assertThat(docs).hasSize(2);
        assertThat(r.output().dataset("vigil.decode")).isEmpty();
        JsonNode d = docs.get(0);
        assertThat(d.path("sip").path("method").asText()).isEqualTo("REGISTER");
        assertThat(d.path("sip").path("transport").asText()).isEqualTo("ws");
        assertThat(d.path("sip").path("call_id").asText()).isEqualTo("aiuy7k9njasd");
        assertThat(d.path("event").path("sequence").asLong()).isEqualTo(7);
        assertThat(d.path("network").path("transport").asText()).isEqualTo("tcp");
        assertThat(d.path("source").path("port").asInt()).isEqualTo(43380);
        assertThat(d.path("destination").path("port").asInt()).isEqualTo(8080);
        assertThat(docs.get(1).path("sip").path("code").asInt()).isEqualTo(200);
        assertThat(docs.get(1).path("event").path("sequence").asLong()).isEqualTo(9);
        assertThat(docs.get(1).path("source").path("port").asInt()).isEqualTo(8080);
        assertThat(r.output().dataset(HttpApp.DATASET)).hasSize(1); // the handshake itself
    }

    @Test
    void otherSubprotocolStaysUnparsedAndWebSocketEventsAreReported() {
        TestCapture c = new TestCapture();
        TestCapture.Session chat = c.session("10.0.0.50", 43381, "10.0.0.157", 8080);
        chat.send(0, String.format(GET, "chat"));
        chat.send(1, String.format(SWITCH, "chat"));
        chat.send(0, frame(1, true, bytes(REGISTER), new byte[] {1, 2, 3, 4}));
        TestCapture.Session sip = c.session("10.0.0.51", 43382, "10.0.0.157", 8080);
        sip.send(0, String.format(GET, "sip"));
        sip.send(1, String.format(SWITCH, "sip"));
        sip.send(0, frame(1, true, bytes(REGISTER), null)); // a client frame must be masked (RFC 6455 §5.1)
        Analyze.Run r = run(c.write(dir, "chat.pcap"));
        List<JsonNode> docs = r.output().dataset(SipApp.DATASET);
        assertThat(docs).hasSize(1);
        assertThat(docs.get(0).path("source").path("port").asInt()).isEqualTo(43382);
        // (the HTTP decoder reports the "chat" connection's frames as an unfinished request: not SIP's business)
        assertThat(r.output().dataset("vigil.decode").stream().map(x -> x.path("decode").path("key").asText())
            .filter(k -> !k.startsWith("http.")))
            .containsExactly("websocket.invalid_mask");
    }
}
