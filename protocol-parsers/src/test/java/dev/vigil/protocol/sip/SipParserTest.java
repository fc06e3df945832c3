package dev.vigil.protocol.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte-array tests: one per decode event key of {@link SipParser}, the RFC 4475 torture
 * message "wsinv" (§3.1.1.1, reproduced from the RFC text with CRLF line ends) and framing cases.
 */
class SipParserTest {
    private final SipParser parser = new SipParser();
    private final SipMessageView v = parser.newView();

    static byte[] crlf(String... lines) {
        return (String.join("\r\n", lines)).getBytes(StandardCharsets.UTF_8);
    }

    private List<String> events() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.eventCount(); i++) {
            out.add(v.event(i).key());
        }
        return out;
    }

    private boolean datagram(byte[] b) {
        int k = SipParser.skipKeepAlive(b, 0, b.length);
        return parser.parseDatagram(b, k, b.length - k, v);
    }

    /** Via, From, To: with Call-ID and CSeq the fields every message must carry (RFC 3261 §8.1.1). */
    static final String VIA = "Via: SIP/2.0/UDP 10.0.0.2;branch=z9hG4bK1";
    static final String FROM = "From: <sip:a@10.0.0.2>;tag=1";
    static final String TO = "To: <sip:b@10.0.0.1>";

    static final String[] OPTIONS = {
        "OPTIONS sip:100@10.0.0.1 SIP/2.0",
        "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK776asdhds, SIP/2.0/TCP proxy.example.com;branch=z9hG4bK1",
        "From: \"Door 1\" <sip:door1@10.0.0.2>;tag=1928301774",
        "To: <sip:100@10.0.0.1>",
        "Call-ID: a84b4c76e66710@10.0.0.2",
        "CSeq: 63104 OPTIONS",
        "Contact: <sip:door1@10.0.0.2:5060>, sip:door1@192.0.2.9",
        "User-Agent: Zenitel TCIV",
        "Content-Length: 0",
        "", ""};

    @Test
    void plainRequest() {
        assertThat(datagram(crlf(OPTIONS))).isTrue();
        assertThat(v.isRequest()).isTrue();
        assertThat(v.method()).isEqualTo("OPTIONS");
        assertThat(v.uri()).isEqualTo("sip:100@10.0.0.1");
        assertThat(v.value(SipHeaders.CALL_ID)).isEqualTo("a84b4c76e66710@10.0.0.2");
        assertThat(v.cseq()).isEqualTo(63104);
        assertThat(v.cseqMethod()).isEqualTo("OPTIONS");
        assertThat(v.contentLength()).isZero();
        assertThat(events()).isEmpty();
        SipNameAddr a = new SipNameAddr();
        int h = v.header(SipHeaders.FROM);
        assertThat(a.wrap(v.buffer(), v.valueOffset(h), v.valueOffset(h) + v.valueLength(h))).isTrue();
        assertThat(a.displayName()).isEqualTo("Door 1");
        assertThat(a.uri().user()).isEqualTo("door1");
        assertThat(a.uri().host()).isEqualTo("10.0.0.2");
        assertThat(a.tag()).isEqualTo("1928301774");
        // two Via values in one field (§7.3.1)
        h = v.header(SipHeaders.VIA);
        int s = v.valueOffset(h);
        int e = s + v.valueLength(h);
        int x = SipValues.elementEnd(v.buffer(), s, e);
        SipVia via = new SipVia();
        assertThat(via.wrap(v.buffer(), s, x)).isTrue();
        assertThat(via.transport()).isEqualTo("UDP");
        assertThat(via.sentBy()).isEqualTo("10.0.0.2:5060");
        assertThat(via.branch()).isEqualTo("z9hG4bK776asdhds");
        assertThat(via.wrap(v.buffer(), x + 1, e)).isTrue();
        assertThat(via.transport()).isEqualTo("TCP");
        assertThat(via.sentBy()).isEqualTo("proxy.example.com");
    }

    @Test
    void responseWithCompactFormsAndBody() {
        byte[] b = crlf("SIP/2.0 200 OK", "v: SIP/2.0/UDP 10.0.0.2;branch=z9hG4bK1", "f: <sip:a@h>;tag=1",
            "t: <sip:b@h>;tag=2", "i: cid-1", "CSeq: 2 INVITE", "c: application/sdp", "l: 5", "m: <sip:b@10.0.0.3>",
            "", "v=0\r\n");
        assertThat(datagram(b)).isTrue();
        assertThat(v.isResponse()).isTrue();
        assertThat(v.status()).isEqualTo(200);
        assertThat(v.reason()).isEqualTo("OK");
        assertThat(v.value(SipHeaders.CALL_ID)).isEqualTo("cid-1");
        assertThat(v.contentLength()).isEqualTo(5);
        assertThat(v.bodyLength()).isEqualTo(5);
        assertThat(v.sdpBody()).isTrue();
        assertThat(v.header(SipHeaders.CONTACT)).isGreaterThanOrEqualTo(0);
        assertThat(events()).isEmpty();
    }

    /** RFC 4475 §3.1.1.1 "A Short Tortuous INVITE" (wsinv): folding, LWS around colons and '=', compact forms. */
    @Test
    void rfc4475Wsinv() {
        byte[] b = crlf(
            "INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0",
            "TO :",
            " sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n",
            "from   : \"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>",
            "  ;",
            "  tag = 98asjd8",
            "MaX-fOrWaRdS: 0068",
            "Call-ID: wsinv.ndaksdj@192.0.2.1",
            "Content-Length   : 150",
            "cseq: 0009",
            "  INVITE",
            "Via  : SIP  /   2.0",
            " /UDP",
            "    192.0.2.2;branch=390skdjuw",
            "s :",
            "NewFangledHeader:   newfangled value",
            " continued newfangled value",
            "UnknownHeaderWithUnusualValue: ;;,,;;,;",
            "Content-Type: application/sdp",
            "Route:",
            " <sip:services.example.com;lr;unknownwith=value;unknown-no-value>",
            "v:  SIP  / 2.0  / TCP     spindle.example.com   ;",
            "  branch  =   z9hG4bK9ikj8  ,",
            " SIP  /    2.0   / UDP  192.168.255.111   ; branch=",
            " z9hG4bK30239",
            "m:\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =",
            "      newvalue ;",
            "  secondparam ; q = 0.33",
            "",
            "v=0",
            "o=mhandley 29739 7272939 IN IP4 192.0.2.3",
            "s=-",
            "c=IN IP4 192.0.2.4",
            "t=0 0",
            "m=audio 49217 RTP/AVP 0 12",
            "m=video 3227 RTP/AVP 31",
            "a=rtpmap:31 LPC",
            "");
        assertThat(datagram(b)).isTrue();
        assertThat(v.method()).isEqualTo("INVITE");
        assertThat(v.uri()).isEqualTo("sip:vivekg@chair-dnrc.example.com;unknownparam");
        assertThat(v.value(SipHeaders.CALL_ID)).isEqualTo("wsinv.ndaksdj@192.0.2.1");
        assertThat(v.cseq()).isEqualTo(9);
        assertThat(v.cseqMethod()).isEqualTo("INVITE");
        assertThat(v.contentLength()).isEqualTo(150);
        assertThat(v.sdpBody()).isTrue();
        assertThat(events()).doesNotContain("sip.invalid_header", "sip.invalid_cseq", "sip.invalid_content_length");
        SipNameAddr a = new SipNameAddr();
        int h = v.header(SipHeaders.TO);
        a.wrap(v.buffer(), v.valueOffset(h), v.valueOffset(h) + v.valueLength(h));
        assertThat(a.uri().user()).isEqualTo("vivekg");
        assertThat(a.uri().host()).isEqualTo("chair-dnrc.example.com");
        assertThat(a.tag()).isEqualTo("1918181833n");
        h = v.header(SipHeaders.FROM);
        a.wrap(v.buffer(), v.valueOffset(h), v.valueOffset(h) + v.valueLength(h));
        assertThat(a.uri().user()).isEqualTo("jdrosen");
        assertThat(a.tag()).isEqualTo("98asjd8");
        SipVia via = new SipVia();
        h = v.header(SipHeaders.VIA);
        assertThat(via.wrap(v.buffer(), v.valueOffset(h), v.valueOffset(h) + v.valueLength(h))).isTrue();
        assertThat(via.transport()).isEqualTo("UDP");
        assertThat(via.sentBy()).isEqualTo("192.0.2.2");
        assertThat(via.branch()).isEqualTo("390skdjuw");
        h = v.nextHeader(SipHeaders.VIA, h + 1); // the compact "v:" field with two values
        int s = v.valueOffset(h);
        int e = s + v.valueLength(h);
        int x = SipValues.elementEnd(v.buffer(), s, e);
        assertThat(via.wrap(v.buffer(), s, x)).isTrue();
        assertThat(via.transport()).isEqualTo("TCP");
        assertThat(via.sentBy()).isEqualTo("spindle.example.com");
        assertThat(via.branch()).isEqualTo("z9hG4bK9ikj8");
        assertThat(via.wrap(v.buffer(), x + 1, e)).isTrue();
        assertThat(via.sentBy()).isEqualTo("192.168.255.111");
        assertThat(via.branch()).isEqualTo("z9hG4bK30239");
        h = v.header(SipHeaders.CONTACT);
        a.wrap(v.buffer(), v.valueOffset(h), v.valueOffset(h) + v.valueLength(h));
        assertThat(a.uriString()).isEqualTo("sip:jdrosen@example.com");
    }

    /** sip.invalid_start_line: lines that are not SIP start lines (SIP/7.0 is sip.invalid_version, Rfc4475Test). */
    @Test
    void invalidStartLine() {
        assertThat(datagram(crlf("OPTIONS sip:t.watson@example.org HTTP/1.1", "Call-ID: x", "", ""))).isFalse();
        assertThat(events()).containsExactly("sip.invalid_start_line");
        assertThat(datagram(crlf("GET / HTTP/1.1", "Host: x", "", ""))).isFalse();
        assertThat(events()).containsExactly("sip.invalid_start_line");
        assertThat(datagram(crlf("SIP/2.0 2OO OK", "", ""))).isFalse();
        assertThat(events()).containsExactly("sip.invalid_start_line");
    }

    /** sip.invalid_header: a line without a colon; the message is still parsed. */
    @Test
    void invalidHeader() {
        assertThat(datagram(crlf("BYE sip:a@h SIP/2.0", VIA, FROM, TO, "Call-ID: c", "this line has no colon",
            "CSeq: 3 BYE", "Content-Length: 0", "", ""))).isTrue();
        assertThat(events()).containsExactly("sip.invalid_header");
        assertThat(v.cseq()).isEqualTo(3);
    }

    /** sip.invalid_content_length: RFC 4475 "ncl" (negative Content-Length); UDP uses the rest of the datagram. */
    @Test
    void invalidContentLength() {
        assertThat(datagram(crlf("INVITE sip:a@h SIP/2.0", VIA, FROM, TO, "Call-ID: c", "CSeq: 1 INVITE",
            "Content-Length: -999", "", "v=0", ""))).isTrue();
        assertThat(events()).containsExactly("sip.invalid_content_length");
        assertThat(v.contentLength()).isEqualTo(-1);
        assertThat(v.bodyLength()).isEqualTo(5);
        // two different values (§20.14: one Content-Length)
        datagram(crlf("INVITE sip:a@h SIP/2.0", VIA, FROM, TO, "Call-ID: c", "CSeq: 1 INVITE", "l: 0",
            "Content-Length: 3", "", "abc"));
        assertThat(events()).containsExactly("sip.invalid_content_length");
    }

    /** sip.invalid_cseq: no method after the number (RFC 4475 "cseqbad"-like). */
    @Test
    void invalidCseq() {
        assertThat(datagram(crlf("REGISTER sip:h SIP/2.0", VIA, FROM, TO, "Call-ID: c", "CSeq: 99999999999 REGISTER",
            "", ""))).isTrue();
        assertThat(events()).containsExactly("sip.invalid_cseq");
        assertThat(v.cseq()).isEqualTo(-1);
        datagram(crlf("REGISTER sip:h SIP/2.0", VIA, FROM, TO, "Call-ID: c", "CSeq: 12", "", ""));
        assertThat(events()).containsExactly("sip.invalid_cseq");
    }

    /**
     * sip.truncated_message: no empty line; and a body shorter than Content-Length in a datagram
     * the capture cut (in one captured whole it is sip.invalid_content_length, RFC 4475 "clerr").
     */
    @Test
    void truncated() {
        assertThat(datagram(crlf("MESSAGE sip:a@h SIP/2.0", "Call-ID: c", "CSeq: 1 MESSAGE"))).isTrue();
        assertThat(events()).containsExactly("sip.truncated_message");
        assertThat(v.truncated()).isTrue();
        assertThat(v.cseq()).isEqualTo(1);
        byte[] b = crlf("MESSAGE sip:a@h SIP/2.0", VIA, FROM, TO, "Call-ID: c", "CSeq: 1 MESSAGE",
            "Content-Length: 9999", "", "short");
        assertThat(parser.parseDatagram(b, 0, b.length, false, v)).isTrue();
        assertThat(events()).containsExactly("sip.truncated_message");
        assertThat(v.truncated()).isTrue();
    }

    /** sip.too_many_headers: the cap keeps the first fields; Content-Length past the cap still frames. */
    @Test
    void tooManyHeaders() {
        SipParser small = new SipParser(4, 4096, 32 * 1024, 64 * 1024);
        SipMessageView w = small.newView();
        byte[] b = crlf("NOTIFY sip:a@h SIP/2.0", "Call-ID: c", "CSeq: 5 NOTIFY", "X-1: 1", "X-2: 2", "X-3: 3",
            "Content-Length: 2", "", "ok");
        assertThat(small.parseDatagram(b, 0, b.length, w)).isTrue();
        assertThat(w.eventCount()).isEqualTo(1);
        assertThat(w.event(0)).isSameAs(SipParser.TOO_MANY_HEADERS);
        assertThat(w.headerCount()).isEqualTo(4);
        assertThat(w.contentLength()).isEqualTo(2);
        assertThat(w.bodyLength()).isEqualTo(2);
    }

    /** sip.header_too_long: one field longer than the cap is dropped; a stream head without end hits the head cap. */
    @Test
    void headerTooLong() {
        SipParser small = new SipParser(64, 64, 256, 1024);
        SipMessageView w = small.newView();
        byte[] b = crlf("INFO sip:a@h SIP/2.0", "Call-ID: c", "Subject: " + "x".repeat(100), "CSeq: 1 INFO", "", "");
        assertThat(small.parseDatagram(b, 0, b.length, w)).isTrue();
        assertThat(w.event(0)).isSameAs(SipParser.HEADER_TOO_LONG);
        assertThat(w.header(SipHeaders.SUBJECT)).isEqualTo(-1);
        assertThat(w.cseq()).isEqualTo(1);
        byte[] endless = ("INFO sip:a@h SIP/2.0\r\nX: " + "y".repeat(400)).getBytes(StandardCharsets.US_ASCII);
        assertThat(small.parseHead(endless, 0, endless.length, w)).isEqualTo(SipParser.HEAD_TOO_LONG);
        assertThat(w.event(0)).isSameAs(SipParser.HEADER_TOO_LONG);
        assertThat(small.parseHead(endless, 0, 100, w)).isEqualTo(SipParser.NEED_MORE);
    }

    /** sip.body_too_large: Content-Length above the body cap. */
    @Test
    void bodyTooLarge() {
        SipParser small = new SipParser(64, 4096, 32 * 1024, 4);
        SipMessageView w = small.newView();
        byte[] b = crlf("MESSAGE sip:a@h SIP/2.0", VIA, FROM, TO, "Call-ID: c", "CSeq: 1 MESSAGE",
            "Content-Type: application/sdp", "Content-Length: 10", "", "v=0\r\nx=1234");
        assertThat(small.parseDatagram(b, 0, b.length, w)).isTrue();
        assertThat(w.event(0)).isSameAs(SipParser.BODY_TOO_LARGE);
        assertThat(w.bodyTooLarge()).isTrue();
        assertThat(w.sdpBody()).isFalse();
        int head = small.parseHead(b, 0, b.length, w);
        assertThat(head).isPositive();
        assertThat(w.event(0)).isSameAs(SipParser.BODY_TOO_LARGE);
    }

    /** Stream framing: parseHead needs the empty line, then Content-Length frames the body. */
    @Test
    void streamHead() {
        byte[] b = crlf("ACK sip:a@h SIP/2.0", "Call-ID: c", "CSeq: 1 ACK", "Content-Length: 3", "", "abcSIP/2.0 1");
        assertThat(parser.parseHead(b, 0, 20, v)).isEqualTo(SipParser.NEED_MORE);
        int head = parser.parseHead(b, 0, b.length, v);
        assertThat(head).isEqualTo(b.length - "abcSIP/2.0 1".length());
        assertThat(v.contentLength()).isEqualTo(3);
        SipParser.attachBody(v, 3);
        assertThat(v.messageLength()).isEqualTo(head + 3);
    }

    @Test
    void keepAliveAndProbe() {
        byte[] ka = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(SipParser.skipKeepAlive(ka, 0, ka.length)).isEqualTo(4);
        assertThat(SipParser.blank("  \r\n".getBytes(StandardCharsets.US_ASCII), 0, 4)).isTrue();
        assertThat(SipParser.looksLikeSip(crlf(OPTIONS), 0, 40)).isTrue();
        assertThat(SipParser.looksLikeSip(crlf("SIP/2.0 180 Ringing"), 0, 19)).isTrue();
        assertThat(SipParser.looksLikeSip(crlf("INVITE sips:x@y SIP/2.0"), 0, 23)).isTrue();
        assertThat(SipParser.looksLikeSip(crlf("GET / HTTP/1.1"), 0, 14)).isFalse();
        assertThat(SipParser.looksLikeSip(crlf("HTTP/1.1 200 OK"), 0, 15)).isFalse();
    }

    @Test
    void authorizationKeepsNoSecret() {
        byte[] b = ("Digest username=\"door1\", realm=\"pulse\", nonce=\"abc\", uri=\"sip:h\", "
            + "response=\"0123456789abcdef\"").getBytes(StandardCharsets.US_ASCII);
        SipAuthorization a = new SipAuthorization();
        assertThat(a.wrap(b, 0, b.length)).isTrue();
        assertThat(a.scheme()).isEqualTo("Digest");
        assertThat(a.username()).isEqualTo("door1");
        assertThat(a.realm()).isEqualTo("pulse");
        byte[] u = "sip:alice:secret@example.com;transport=tcp".getBytes(StandardCharsets.US_ASCII);
        SipUri uri = new SipUri().wrap(u, 0, u.length);
        assertThat(uri.user()).isEqualTo("alice"); // the password after ':' is never exposed
        assertThat(uri.host()).isEqualTo("example.com");
    }

    /** sip.value_too_long: a Call-ID above the logged string cap is logged cut. */
    @Test
    void valueTooLong() {
        String id = "c".repeat(SipMessageView.MAX_STRING + 1);
        assertThat(datagram(crlf("BYE sip:a@h SIP/2.0", VIA, FROM, TO, "Call-ID: " + id, "CSeq: 3 BYE",
            "Content-Length: 0", "", ""))).isTrue();
        assertThat(events()).containsExactly("sip.value_too_long");
        assertThat(v.value(SipHeaders.CALL_ID)).hasSize(SipMessageView.MAX_STRING);
    }

    @Test
    void everyEventKeyHasATest() {
        // keys covered above, the start-line and validator keys by Rfc4475Test (named there per message);
        // a new key must get its own test
        assertThat(List.of(SipParser.INVALID_START_LINE, SipParser.INVALID_HEADER, SipParser.INVALID_CONTENT_LENGTH,
            SipParser.INVALID_CSEQ, SipParser.TRUNCATED_MESSAGE, SipParser.TOO_MANY_HEADERS, SipParser.HEADER_TOO_LONG,
            SipParser.BODY_TOO_LARGE, SipParser.INVALID_VERSION, SipParser.INVALID_STATUS_CODE,
            SipParser.INVALID_WHITESPACE, SipParser.INVALID_REQUEST_URI, SipValidator.INVALID_VIA,
            SipValidator.INVALID_ADDRESS, SipValidator.INVALID_DATE, SipValidator.CSEQ_METHOD_MISMATCH,
            SipValidator.MISSING_HEADER, SipValidator.DUPLICATE_HEADER, SipValidator.VALUE_TOO_LONG))
            .extracting(DecodeEventType::key).allMatch(k -> k.startsWith("sip.")).doesNotHaveDuplicates();
    }
}
