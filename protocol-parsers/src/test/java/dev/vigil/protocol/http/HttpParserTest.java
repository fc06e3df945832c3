package dev.vigil.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte-array cases for {@link HttpParser}: one per decode event, plus framing (RFC 9112 §6, §7). */
class HttpParserTest {

    /** What the sink saw: one line per message, and the events. */
    static final class Recorder implements HttpParser.Sink {
        final List<String> messages = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final List<String> hosts = new ArrayList<>();
        boolean headResponses;

        @Override
        public void onHead(HttpParser parser, HttpMessageView m) {
            if (headResponses) {
                parser.noBody();
            }
        }

        @Override
        public void onMessage(HttpMessageView m) {
            String first = m.isRequest() ? m.method() + " " + m.target(100) : String.valueOf(m.status());
            messages.add(first + " body=" + m.bodyBytes() + (m.failure() != null ? " fail=" + m.failure().key() : ""));
            hosts.add(m.headerValue("host", 100));
        }

        @Override
        public void onEvent(DecodeEventType type) {
            events.add(type.key());
        }
    }

    static Recorder feed(boolean requests, String... pieces) {
        return feed(new HttpParser(requests), new Recorder(), false, pieces);
    }

    static Recorder feed(HttpParser p, Recorder r, boolean direct, String... pieces) {
        p.reset(r);
        for (String s : pieces) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            UnsafeBuffer buf;
            if (direct) {
                ByteBuffer d = ByteBuffer.allocateDirect(b.length + 10);
                d.position(5);
                d.put(b);
                buf = new UnsafeBuffer(d);
                p.onData(buf, 5, b.length);
            } else {
                byte[] padded = new byte[b.length + 7];
                System.arraycopy(b, 0, padded, 3, b.length);
                p.onData(new UnsafeBuffer(padded), 3, b.length);
            }
        }
        p.finish();
        return r;
    }

    // ------------------------------------------------------------------ framing

    @Test
    void pipelinedRequestsWithContentLength() {
        Recorder r = feed(true,
            "GET /a?x=1 HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: h2\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /c HTTP/1.0\r\n\r\n");
        assertThat(r.messages).containsExactly("GET /a?x=1 body=0", "POST /b body=5", "GET /c body=0");
        assertThat(r.hosts).containsExactly("h", "h2", null);
        assertThat(r.events).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void byteByByteOnHeapAndDirectBuffers(boolean direct) {
        String msg = "HTTP/1.1 200 OK\r\nServer: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;ext=1\r\nhello\r\n10\r\n0123456789abcdef\r\n0\r\nTrailer: t\r\n\r\n"
            + "HTTP/1.1 204 No Content\r\n\r\n";
        String[] pieces = msg.split("");
        Recorder r = feed(new HttpParser(false), new Recorder(), direct, pieces);
        assertThat(r.messages).containsExactly("200 body=21", "204 body=0");
        assertThat(r.events).isEmpty();
    }

    @Test
    void responseBodyUntilClose() {
        // RFC 9112 §6.3 item 8: no Content-Length, no Transfer-Encoding: the body ends with the connection
        Recorder r = feed(false, "HTTP/1.0 200 OK\r\n\r\n", "abc", "defg");
        assertThat(r.messages).containsExactly("200 body=7");
        assertThat(r.events).isEmpty();
    }

    @Test
    void noBodyFor304And1xxAndHead() {
        Recorder r = feed(false, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertThat(r.messages).containsExactly("100 body=0", "304 body=0", "200 body=2");
        Recorder head = new Recorder();
        head.headResponses = true; // the sink knows the request was HEAD (RFC 9110 §9.3.2)
        feed(new HttpParser(false), head, false, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nHTTP/1.1 404 NF\r\n\r\n");
        assertThat(head.messages).containsExactly("200 body=0", "404 body=0");
    }

    @Test
    void leadingEmptyLinesAndBareLf() {
        Recorder r = feed(true, "\r\n\nGET / HTTP/1.1\nHost: a\n\n");
        assertThat(r.messages).containsExactly("GET / body=0");
        assertThat(r.hosts).containsExactly("a");
    }

    @Test
    void switchingProtocolsStopsParsing() {
        Recorder r = feed(false, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081\u0005hello");
        assertThat(r.messages).containsExactly("101 body=0");
        assertThat(r.events).isEmpty();
    }

    // ------------------------------------------------------------------ one case per decode event

    @Test
    void invalidRequestLine() {
        // no HTTP-version: "GET /" is HTTP/0.9 or garbage; the partial message is still delivered
        Recorder r = feed(true, "GET /index.html\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\n\r\n");
        assertThat(r.events).containsExactly("http.invalid_request_line");
        assertThat(r.messages).containsExactly("null null body=0 fail=http.invalid_request_line");
    }

    @Test
    void invalidStatusLine() {
        Recorder r = feed(false, "HTTP/1.1 2OO OK\r\n\r\n");
        assertThat(r.events).containsExactly("http.invalid_status_line");
        assertThat(r.messages).containsExactly("-1 body=0 fail=http.invalid_status_line");
    }

    @Test
    void invalidHeader() {
        // a space before the colon is forbidden (RFC 9112 §5.1); the line is skipped, the message goes on
        Recorder r = feed(true, "GET / HTTP/1.1\r\nHost : evil\r\nnocolon\r\nHost: good\r\n\r\n");
        assertThat(r.events).containsExactly("http.invalid_header", "http.invalid_header");
        assertThat(r.messages).containsExactly("GET / body=0");
        assertThat(r.hosts).containsExactly("good");
    }

    @Test
    void headerTooLong() {
        HttpParser p = new HttpParser(true, 64, 8);
        Recorder r = feed(p, new Recorder(), false, "GET /x HTTP/1.1\r\nCookie: " + "a".repeat(100) + "\r\n\r\n");
        assertThat(r.events).containsExactly("http.header_too_long");
        assertThat(r.messages).containsExactly("GET /x body=0 fail=http.header_too_long");
        assertThat(p.abandoned()).isTrue();
    }

    @Test
    void tooManyHeaders() {
        HttpParser p = new HttpParser(true, 1024, 2);
        // the third and fourth fields are not kept, but their Content-Length still frames the body
        Recorder r = feed(p, new Recorder(), false,
            "POST / HTTP/1.1\r\nA: 1\r\nB: 2\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGET /n HTTP/1.1\r\n\r\n");
        assertThat(r.events).containsExactly("http.too_many_headers");
        assertThat(r.messages).containsExactly("POST / body=3", "GET /n body=0");
        assertThat(r.hosts).containsExactly(null, null);
    }

    @Test
    void invalidContentLength() {
        Recorder r = feed(true, "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!");
        assertThat(r.events).containsExactly("http.invalid_content_length");
        assertThat(r.messages).containsExactly("POST / body=0 fail=http.invalid_content_length");
        Recorder neg = feed(true, "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n");
        assertThat(neg.events).containsExactly("http.invalid_content_length");
    }

    @Test
    void invalidTransferEncoding() {
        // a request whose final coding is not chunked cannot be framed (RFC 9112 §6.3 item 4)
        Recorder r = feed(true, "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\nxx");
        assertThat(r.events).containsExactly("http.invalid_transfer_encoding");
        assertThat(r.messages).containsExactly("POST / body=0 fail=http.invalid_transfer_encoding");
    }

    @Test
    void ambiguousLength() {
        // Transfer-Encoding and Content-Length together: the smuggling pattern; chunked wins
        Recorder r = feed(true, "POST / HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "1\r\nx\r\n0\r\n\r\nGET /next HTTP/1.1\r\n\r\n");
        assertThat(r.events).containsExactly("http.ambiguous_length");
        assertThat(r.messages).containsExactly("POST / body=1", "GET /next body=0");
    }

    @Test
    void invalidChunk() {
        Recorder r = feed(false, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        assertThat(r.events).containsExactly("http.invalid_chunk");
        assertThat(r.messages).containsExactly("200 body=0 fail=http.invalid_chunk");
        Recorder noCrlf = feed(false, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX");
        assertThat(noCrlf.events).containsExactly("http.invalid_chunk");
    }

    @Test
    void streamGap() {
        HttpParser p = new HttpParser(false);
        Recorder r = new Recorder();
        p.reset(r);
        byte[] head = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab".getBytes(StandardCharsets.ISO_8859_1);
        p.onData(new UnsafeBuffer(head), 0, head.length);
        p.onGap(5); // inside a known-length body: framing survives, the message is marked
        byte[] rest = "cde".getBytes(StandardCharsets.ISO_8859_1);
        p.onData(new UnsafeBuffer(rest), 0, rest.length);
        assertThat(r.messages).containsExactly("200 body=10 fail=http.stream_gap");
        p.onGap(3); // between messages: the next bytes start inside one, the direction is abandoned
        assertThat(p.abandoned()).isTrue();
        assertThat(r.events).containsExactly("http.stream_gap", "http.stream_gap");
    }

    @Test
    void truncatedMessage() {
        Recorder r = feed(true, "POST /up HTTP/1.1\r\nContent-Length: 100\r\n\r\nonly-this");
        assertThat(r.events).containsExactly("http.truncated_message");
        assertThat(r.messages).containsExactly("POST /up body=9 fail=http.truncated_message");
    }

    // ------------------------------------------------------------------ Authorization

    @Test
    void vendorDefaultCredentialsAreRecognisedWithoutKeepingThem() {
        // RFC 7617 §2: base64 of user-id ":" password; admin:alphaadmin and ADMIN:alphacom are the factory
        // credentials of the vendor's stations (zenitel-facts.md)
        assertThat(isDefault("Basic YWRtaW46YWxwaGFhZG1pbg==")).isTrue();
        assertThat(isDefault("basic  QURNSU46YWxwaGFjb20= ")).isTrue();
        assertThat(isDefault("Basic YWRtaW46YWxwaGFhZG1pbjE=")).as("admin:alphaadmin1").isFalse();
        assertThat(isDefault("Basic YWRtaW46YWxwaGFhZG1p")).as("admin:alphaadmi").isFalse();
        assertThat(isDefault("Basic YWRtaW46c2VjcmV0")).as("admin:secret").isFalse();
        assertThat(isDefault("Basic YWRtaW46YWxwaGFhZG1pbg=!")).isFalse();
        assertThat(isDefault("Bearer YWRtaW46YWxwaGFhZG1pbg==")).isFalse();
        assertThat(isDefault("Basic")).isFalse();
    }

    private static boolean isDefault(String header) {
        byte[] b = ("x " + header).getBytes(StandardCharsets.US_ASCII);
        return HttpAuthorization.basicIsVendorDefault(b, 2, b.length - 2);
    }

    @Test
    void basicUserIsUpToTheFirstColon() {
        assertThat(user("Basic dGVzdDoxOjM0")).isEqualTo("test"); // test:1:34 (zeek basic-auth-with-colon)
        assertThat(user("Basic  dGVzdDoxOjM0")).isEqualTo("test"); // two spaces, as tshark shows it
        assertThat(user("basic YWRtaW46YWxwaGFhZG1pbg==")).isEqualTo("admin");
        assertThat(user("Basic OnBhc3M=")).isEqualTo(""); // ":pass": empty user-id
        assertThat(user("Basic bm9jb2xvbg==")).isNull(); // "nocolon": maybe a bare secret, never logged
        assertThat(user("Basic !!!")).isNull();
        assertThat(user("Digest username=\"x\"")).isNull();
        byte[] v = "Digest username=\"x\"".getBytes(StandardCharsets.US_ASCII);
        assertThat(HttpAuthorization.scheme(v, 0, v.length)).isEqualTo("Digest");
    }

    @Test
    void longBasicUserIsCut() {
        String creds = "u".repeat(300) + ":p";
        String b64 = java.util.Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.US_ASCII));
        assertThat(user("Basic " + b64)).hasSize(128);
        String noColon = java.util.Base64.getEncoder().encodeToString("s".repeat(300).getBytes(StandardCharsets.US_ASCII));
        assertThat(user("Basic " + noColon)).isNull();
    }

    private static String user(String value) {
        byte[] b = ("xx" + value).getBytes(StandardCharsets.ISO_8859_1);
        return HttpAuthorization.basicUser(b, 2, b.length - 2, 128);
    }
}
