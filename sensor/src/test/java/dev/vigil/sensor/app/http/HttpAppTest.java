package dev.vigil.sensor.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP through the whole pipeline from hand-built TCP captures: pairing, frames, caps, credentials. */
class HttpAppTest {
    @TempDir
    Path dir;

    private static final int CLIENT = TcpCapture.ip(50);
    private static final int SERVER = TcpCapture.ip(102);

    private Analyze.Run run(TcpCapture c) {
        Analyze.Run r = Analyze.files(new AppRegistry().register(HttpApp::new), c.write(dir, "t.pcap"));
        assertThat(r.result().errors()).isEmpty();
        r.output().docs().forEach(d -> assertThat(EventSchema.validate(d)).as("%s", d).isEmpty());
        return r;
    }

    private static List<String> decodeKeys(Analyze.Run r) {
        return r.output().dataset("vigil.decode").stream().map(d -> d.path("decode").path("key").asText()).toList();
    }

    @Test
    void pipelinedRequestsPairedInOrderAcrossSegments() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40000, SERVER, 8080);        // frames 1-3
        k.send(0, "GET /one HTTP/1.1\r\nHost: station:8080\r\nUser-Agent: ua\r\n\r\nGET /two HTTP/1.1\r\nHo"); // 4
        k.send(0, "st: station\r\n\r\n");                                   // 5: completes /two
        k.send(1, "HTTP/1.1 200 OK\r\nServer: Zenitel/1.0\r\nContent-Type: text/html; charset=utf-8\r\n"
            + "Content-Length: 4\r\n\r\nab");                               // 6
        k.send(1, "cdHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"); // 7: completes both responses
        k.close();
        List<JsonNode> docs = run(c).output().dataset(HttpApp.DATASET);
        assertThat(docs).hasSize(2);
        JsonNode a = docs.get(0);
        assertThat(a.path("event").path("sequence").asLong()).isEqualTo(7);
        assertThat(a.path("http").path("request").path("frame").asLong()).isEqualTo(4);
        assertThat(a.path("http").path("request").path("method").asText()).isEqualTo("GET");
        assertThat(a.path("http").path("version").asText()).isEqualTo("1.1");
        assertThat(a.path("url").path("original").asText()).isEqualTo("/one");
        assertThat(a.path("url").path("domain").asText()).isEqualTo("station");
        assertThat(a.path("url").path("port").asInt()).isEqualTo(8080);
        assertThat(a.path("http").path("request").path("host").asText()).isEqualTo("station:8080");
        assertThat(a.path("user_agent").path("original").asText()).isEqualTo("ua");
        assertThat(a.path("http").path("response").path("status_code").asInt()).isEqualTo(200);
        assertThat(a.path("http").path("response").path("server").asText()).isEqualTo("Zenitel/1.0");
        assertThat(a.path("http").path("response").path("mime_type").asText()).isEqualTo("text/html");
        assertThat(a.path("http").path("response").path("body").path("bytes").asLong()).isEqualTo(4);
        assertThat(a.path("source").path("ip").asText()).isEqualTo("10.0.0.50");
        assertThat(a.path("destination").path("port").asInt()).isEqualTo(8080);
        assertThat(a.path("network").path("transport").asText()).isEqualTo("tcp");
        JsonNode b = docs.get(1);
        assertThat(b.path("http").path("request").path("frame").asLong()).isEqualTo(5);
        assertThat(b.path("url").path("original").asText()).isEqualTo("/two");
        assertThat(b.path("http").path("response").path("status_code").asInt()).isEqualTo(404);
    }

    @Test
    void outOfOrderSegmentsAndUnansweredRequest() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40001, SERVER, 80);
        String req = "POST /cfg HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}";
        k.sendAt(0, 10, req.substring(10));  // 4: second half first
        k.sendAt(0, 0, req.substring(0, 10)); // 5: fills the hole, completes the request
        List<JsonNode> docs = run(c).output().dataset(HttpApp.DATASET);
        assertThat(docs).hasSize(1);
        JsonNode d = docs.get(0);
        assertThat(d.path("event").path("sequence").asLong()).isEqualTo(5);
        assertThat(d.path("http").path("request").has("frame")).isFalse();
        assertThat(d.path("http").path("request").path("body").path("bytes").asLong()).isEqualTo(7);
        assertThat(d.path("http").path("request").path("mime_type").asText()).isEqualTo("application/json");
        assertThat(d.path("http").has("response")).isFalse();
    }

    @Test
    void basicUserOnlyNeverThePassword() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40002, SERVER, 80);
        // "operator:s3cr3t:pw" base64: the user-id ends at the first colon (RFC 7617 §2)
        k.send(0, "GET / HTTP/1.1\r\nHost: s\r\nAuthorization: Basic b3BlcmF0b3I6czNjcjN0OnB3\r\n\r\n");
        k.send(1, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        k.send(0, "GET /x HTTP/1.1\r\nAuthorization: Bearer eyJhbGciOi.secret.token\r\n\r\n");
        k.send(1, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        k.send(0, "GET /y HTTP/1.1\r\nAuthorization: Basic czNjcjN0\r\n\r\n"); // no colon: http.invalid_basic_auth
        k.send(1, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"r\"\r\nContent-Length: 0\r\n\r\n");
        k.close();
        Analyze.Run r = run(c);
        List<JsonNode> docs = r.output().dataset(HttpApp.DATASET);
        assertThat(docs).hasSize(3);
        JsonNode auth = docs.get(0).path("http").path("request").path("auth");
        assertThat(auth.path("scheme").asText()).isEqualTo("Basic");
        assertThat(auth.path("username").asText()).isEqualTo("operator");
        assertThat(auth.path("cleartext").asBoolean()).isTrue();
        JsonNode bearer = docs.get(1).path("http").path("request").path("auth");
        assertThat(bearer.path("scheme").asText()).isEqualTo("Bearer");
        assertThat(bearer.has("username")).isFalse();
        JsonNode bad = docs.get(2).path("http").path("request").path("auth");
        assertThat(bad.has("username")).isFalse();
        assertThat(decodeKeys(r)).contains("http.invalid_basic_auth");
        assertThat(r.output().lines()).noneMatch(l -> l.contains("s3cr3t") || l.contains("czNjcjN0")
                || l.contains("secret.token") || l.contains("b3BlcmF0b3I6"));
    }

    @Test
    void headResponseHasNoBody() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40003, SERVER, 80);
        k.send(0, "HEAD /f HTTP/1.1\r\nHost: s\r\n\r\nGET /g HTTP/1.1\r\nHost: s\r\n\r\n");
        k.send(1, "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz");
        k.close();
        List<JsonNode> docs = run(c).output().dataset(HttpApp.DATASET);
        assertThat(docs).hasSize(2);
        assertThat(docs.get(0).path("http").path("response").path("body").path("bytes").asLong()).isZero();
        assertThat(docs.get(1).path("http").path("response").path("body").path("bytes").asLong()).isEqualTo(1);
        assertThat(docs).allSatisfy(d -> assertThat(d.path("http").path("response").has("failure")).isFalse());
    }

    @Test
    void uriTooLongIsCut() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40004, SERVER, 80);
        k.send(0, "GET /" + "a".repeat(3000) + " HTTP/1.1\r\n\r\n");
        k.close();
        Analyze.Run r = run(c);
        JsonNode d = r.output().dataset(HttpApp.DATASET).get(0);
        assertThat(d.path("url").path("original").asText()).hasSize(HttpLogger.MAX_URI);
        assertThat(decodeKeys(r)).contains("http.uri_too_long");
    }

    @Test
    void tooManyPendingRequests() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40005, SERVER, 80);
        for (int i = 0; i < HttpApp.MAX_PENDING + 1; i++) {
            k.send(0, "GET /" + i + " HTTP/1.1\r\n\r\n");
        }
        k.close();
        Analyze.Run r = run(c);
        List<JsonNode> docs = r.output().dataset(HttpApp.DATASET);
        assertThat(docs).hasSize(HttpApp.MAX_PENDING + 1);
        assertThat(docs.get(0).path("url").path("original").asText()).isEqualTo("/0"); // pushed out first
        assertThat(decodeKeys(r)).containsOnlyOnce("http.too_many_pending");
    }

    @Test
    void tooManyTransactions() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40006, SERVER, 80);
        for (int i = 0; i < HttpApp.MAX_TRANSACTIONS + 5; i++) {
            k.send(0, "GET / HTTP/1.1\r\n\r\n");
            k.send(1, "HTTP/1.1 204 No Content\r\n\r\n");
        }
        k.close();
        Analyze.Run r = run(c);
        assertThat(r.output().dataset(HttpApp.DATASET)).hasSize(HttpApp.MAX_TRANSACTIONS);
        assertThat(decodeKeys(r)).containsOnlyOnce("http.too_many_transactions");
    }

    @Test
    void headerTooLongGivesAPartialMessage() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40007, SERVER, 80);
        k.send(0, "GET /big HTTP/1.1\r\nCookie: " + "c".repeat(20_000) + "\r\n\r\n");
        k.close();
        Analyze.Run r = run(c);
        JsonNode d = r.output().dataset(HttpApp.DATASET).get(0);
        assertThat(d.path("http").path("request").path("failure").asText()).isEqualTo("http.header_too_long");
        assertThat(d.path("url").path("original").asText()).isEqualTo("/big");
        assertThat(decodeKeys(r)).contains("http.header_too_long");
    }
}
