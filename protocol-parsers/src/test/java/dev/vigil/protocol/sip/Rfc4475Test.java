package dev.vigil.protocol.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every message of RFC 4475 §3 ("SIP Torture Test Messages"), byte-exact from the RFC's
 * Appendix A archive (test resources {@code sip/rfc4475/}, see the README there), parsed as a
 * UDP datagram captured whole. Valid messages (§3.1.1, §3.2, the §3.3 cases an element answers
 * at the application layer, §3.4) must parse to the fields the RFC text shows, with no decode
 * event; invalid ones (§3.1.2, and §3.3.1, §3.3.8, §3.3.9 where the RFC says a 400 follows)
 * must record the named {@code sip.*} event; none may throw. Expected values are read from the
 * messages as the RFC prints them and from its prose (e.g. §3.1.1.9: the user part is
 * "user;par=u@example.net").
 */
class Rfc4475Test {
    private final SipParser parser = new SipParser();
    private final SipMessageView v = parser.newView();

    static byte[] resource(String name) {
        try (InputStream in = Rfc4475Test.class.getResourceAsStream("/sip/rfc4475/" + name + ".dat")) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of RFC 4475 §3's 49 messages (Appendix A file names). */
    static final List<String> ALL = List.of(
        "wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq", "semiuri", "transports",
        "mpart01", "unreason", "noreason",
        "badinv01", "clerr", "ncl", "scalar02", "scalarlg", "quotbal", "ltgtruri", "lwsruri", "lwsstart", "trws",
        "escruri", "baddate", "regbadct", "badaspec", "baddn", "badvers", "mismatch01", "mismatch02", "bigcode",
        "badbranch",
        "insuf", "unkscm", "novelsc", "unksm2", "bext01", "invut", "regaut01", "multi01", "mcl01", "bcast", "zeromf",
        "cparam01", "cparam02", "regescrt", "sdp01",
        "inv2543");

    private byte[] b;

    private boolean parse(String name) {
        b = resource(name);
        int k = SipParser.skipKeepAlive(b, 0, b.length);
        return parser.parseDatagram(b, k, b.length - k, true, v);
    }

    private List<String> events() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.eventCount(); i++) {
            out.add(v.event(i).key());
        }
        return out;
    }

    private String callId() {
        return v.value(SipHeaders.CALL_ID);
    }

    private SipNameAddr addr(int id) {
        int h = v.header(id);
        assertThat(h).as("header %s", SipHeaders.name(id)).isNotNegative();
        SipNameAddr a = new SipNameAddr();
        a.wrap(v.buffer(), v.valueOffset(h), v.valueOffset(h) + v.valueLength(h));
        return a;
    }

    private String tag(int id) {
        return addr(id).tag();
    }

    /** The n-th Via value (0 is the topmost) over all Via fields and their comma-separated elements. */
    private SipVia via(int n) {
        int h = v.header(SipHeaders.VIA);
        int i = 0;
        SipVia via = new SipVia();
        while (h >= 0) {
            int s = v.valueOffset(h);
            int e = s + v.valueLength(h);
            while (s < e) {
                int x = SipValues.elementEnd(v.buffer(), s, e);
                if (i++ == n) {
                    assertThat(via.wrap(v.buffer(), s, x)).isTrue();
                    return via;
                }
                s = x + 1;
            }
            h = v.nextHeader(SipHeaders.VIA, h + 1);
        }
        throw new AssertionError("no Via value " + n);
    }

    private int viaCount() {
        int n = 0;
        for (int h = v.header(SipHeaders.VIA); h >= 0; h = v.nextHeader(SipHeaders.VIA, h + 1)) {
            int s = v.valueOffset(h);
            int e = s + v.valueLength(h);
            while (s < e) {
                s = SipValues.elementEnd(v.buffer(), s, e) + 1;
                n++;
            }
        }
        return n;
    }

    private SipUri requestUri() {
        return new SipUri().wrap(v.buffer(), v.uriOffset(), v.uriOffset() + v.uriLength());
    }

    private static String unescapedUser(SipUri u) {
        return SipValues.unescaped(u.b, u.userOff, u.userOff + u.userLen);
    }

    private void request(String method, String uri, String callId, long cseq, String fromTag, String toTag,
                         String branch, long contentLength) {
        assertThat(v.isRequest()).isTrue();
        assertThat(v.method()).isEqualTo(method);
        assertThat(v.uri()).isEqualTo(uri);
        common(method, callId, cseq, fromTag, toTag, branch, contentLength);
    }

    private void response(int code, String reason, String callId, long cseq, String cseqMethod, String fromTag,
                          String toTag, String branch, long contentLength) {
        assertThat(v.isResponse()).isTrue();
        assertThat(v.status()).isEqualTo(code);
        assertThat(v.reason()).isEqualTo(reason);
        common(cseqMethod, callId, cseq, fromTag, toTag, branch, contentLength);
    }

    private void common(String cseqMethod, String callId, long cseq, String fromTag, String toTag, String branch,
                        long contentLength) {
        assertThat(callId()).isEqualTo(callId);
        assertThat(v.cseq()).isEqualTo(cseq);
        assertThat(v.cseqMethod()).isEqualTo(cseqMethod);
        assertThat(tag(SipHeaders.FROM)).isEqualTo(fromTag);
        assertThat(tag(SipHeaders.TO)).isEqualTo(toTag);
        assertThat(via(0).branch()).isEqualTo(branch);
        assertThat(v.contentLength()).isEqualTo(contentLength);
    }

    private void noEvents() {
        assertThat(events()).isEmpty();
    }

    // ================================================================ §3.1.1 valid messages

    /** §3.1.1.1 A Short Tortuous INVITE: folding, LWS everywhere, compact and long forms, odd case. */
    @Test
    void wsinv() {
        assertThat(parse("wsinv")).isTrue();
        request("INVITE", "sip:vivekg@chair-dnrc.example.com;unknownparam", "wsinv.ndaksdj@192.0.2.1", 9,
            "98asjd8", "1918181833n", "390skdjuw", 150);
        noEvents();
        assertThat(viaCount()).isEqualTo(3);
        assertThat(via(0).transport()).isEqualTo("UDP");
        assertThat(via(0).sentBy()).isEqualTo("192.0.2.2");
        assertThat(via(1).transport()).isEqualTo("TCP");
        assertThat(via(1).sentBy()).isEqualTo("spindle.example.com");
        assertThat(via(1).branch()).isEqualTo("z9hG4bK9ikj8");
        assertThat(via(2).sentBy()).isEqualTo("192.168.255.111");
        assertThat(via(2).branch()).isEqualTo("z9hG4bK30239");
        assertThat(addr(SipHeaders.TO).uri().user()).isEqualTo("vivekg");
        assertThat(addr(SipHeaders.FROM).uri().user()).isEqualTo("jdrosen");
        assertThat(addr(SipHeaders.CONTACT).uriString()).isEqualTo("sip:jdrosen@example.com");
        assertThat(v.value(SipHeaders.SUBJECT)).isEmpty(); // "s :" an empty subject
        assertThat(v.bodyLength()).isEqualTo(150);
        assertThat(v.sdpBody()).isTrue();
    }

    /** §3.1.1.2 Wide Range of Valid Characters: token characters in the method, URI, branch, tag; '@' late. */
    @Test
    void intmeth() {
        assertThat(parse("intmeth")).isTrue();
        String method = "!interesting-Method0123456789_*+`.%indeed'~";
        request(method,
            "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)"
                + "@example.com",
            "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", 139122385, "_token~1'+`*%!-.", null,
            "z9hG4bK-.!%66*_+`'~", 0);
        noEvents();
        SipUri u = requestUri();
        assertThat(u.user()).isEqualTo("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*"); // password not exposed
        assertThat(u.host()).isEqualTo("example.com");
        assertThat(addr(SipHeaders.TO).uri().user()).isEqualTo("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
        assertThat(addr(SipHeaders.FROM).displayName()).isEqualTo("token1~` token2'+_ token3*%!.-");
        assertThat(addr(SipHeaders.FROM).uri().user()).isEqualTo("mundane");
    }

    /** §3.1.1.3 Valid Use of the % Escaping Mechanism: escapes are equivalent to the characters they encode. */
    @Test
    void esc01() {
        assertThat(parse("esc01")).isTrue();
        request("INVITE", "sip:sips%3Auser%40example.com@example.net", "esc01.239409asdfakjkn23onasd0-3234",
            234234, "938", null, "z9hG4bKkdjuw", 150);
        noEvents();
        assertThat(unescapedUser(requestUri())).isEqualTo("sips:user@example.com");
        assertThat(requestUri().host()).isEqualTo("example.net");
        assertThat(unescapedUser(addr(SipHeaders.TO).uri())).isEqualTo("user");
        assertThat(unescapedUser(addr(SipHeaders.FROM).uri())).isEqualTo("I have spaces");
        assertThat(addr(SipHeaders.CONTACT).uri().user()).isEqualTo("cal%6Cer");
        assertThat(v.value(SipHeaders.CONTENT_TYPE)).isEqualTo("application/sdp"); // "C:" compact, upper case
    }

    /** §3.1.1.4 Escaped Nulls in URIs: the user part is not cut at the NUL; two distinct contacts. */
    @Test
    void escnull() {
        assertThat(parse("escnull")).isTrue();
        request("REGISTER", "sip:example.com", "escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd", 14398234,
            "839923423", null, "z9hG4bKkdjuw", 0);
        noEvents();
        assertThat(unescapedUser(addr(SipHeaders.TO).uri())).isEqualTo("null-\0-null");
        int c1 = v.header(SipHeaders.CONTACT);
        int c2 = v.nextHeader(SipHeaders.CONTACT, c1 + 1);
        assertThat(c2).isPositive();
        SipNameAddr a = new SipNameAddr();
        a.wrap(v.buffer(), v.valueOffset(c2), v.valueOffset(c2) + v.valueLength(c2));
        assertThat(unescapedUser(a.uri())).isEqualTo("\0\0");
    }

    /** §3.1.1.5 Use of % When It Is Not an Escape: method and C%6Fntact stay as they are. */
    @Test
    void esc02() {
        assertThat(parse("esc02")).isTrue();
        request("RE%47IST%45R", "sip:registrar.example.com", "esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf", 29344,
            "f232jadfj23", null, "z9hG4bK209%fzsnel234", 0);
        noEvents();
        assertThat(v.methodIs("REGISTER")).isFalse();
        assertThat(addr(SipHeaders.TO).displayName()).isEqualTo("%Z%45");
        int contacts = 0;
        for (int h = v.header(SipHeaders.CONTACT); h >= 0; h = v.nextHeader(SipHeaders.CONTACT, h + 1)) {
            contacts++;
        }
        assertThat(contacts).isEqualTo(2); // "two Contact header field values, not three"
    }

    /** §3.1.1.6 No LWS between Display Name and "<": accepted as well formed. */
    @Test
    void lwsdisp() {
        assertThat(parse("lwsdisp")).isTrue();
        request("OPTIONS", "sip:user@example.com", "lwsdisp.1234abcd@funky.example.com", 60, "323", null,
            "z9hG4bKkdjuw", 0);
        noEvents();
        assertThat(addr(SipHeaders.FROM).displayName()).isEqualTo("caller");
    }

    /** §3.1.1.7 Long Values in Header Fields: 34 Via values in several case and compact spellings. */
    @Test
    void longreq() {
        assertThat(parse("longreq")).isTrue();
        request("INVITE", "sip:user@example.com", "longreq.one" + "really".repeat(20) + "longcallid", 3882340,
            "1" + "298".repeat(50) + "2424", null, null, 150);
        noEvents();
        assertThat(viaCount()).isEqualTo(34);
        assertThat(via(0).sentBy()).isEqualTo("sip33.example.com");
        assertThat(via(33).branch()).startsWith("verylong").endsWith("longbranchvalue");
        assertThat(addr(SipHeaders.FROM).uri().user()).isEqualTo("amazinglylongcallername".repeat(5));
        assertThat(addr(SipHeaders.TO).displayName())
            .isEqualTo("I have a user name of " + "extreme".repeat(10) + " proportion");
    }

    /** §3.1.1.8 Extra Trailing Octets in a UDP Datagram: the INVITE after the REGISTER is noise (§18.3). */
    @Test
    void dblreq() {
        assertThat(parse("dblreq")).isTrue();
        request("REGISTER", "sip:example.com", "dblreq.0ha0isndaksdj99sdfafnl3lk233412", 8, "43251j3j324", null,
            "z9hG4bKkdjuw23492", 0);
        noEvents();
        String text = new String(b, StandardCharsets.ISO_8859_1);
        assertThat(v.messageLength()).isEqualTo(text.indexOf("\r\n\r\n") + 4);
        assertThat(v.bodyLength()).isZero();
    }

    /** §3.1.1.9 Semicolon-Separated Parameters in URI User Part: the user part is "user;par=u@example.net". */
    @Test
    void semiuri() {
        assertThat(parse("semiuri")).isTrue();
        request("OPTIONS", "sip:user;par=u%40example.net@example.com", "semiuri.0ha0isndaksdj", 8, "33242", null,
            "z9hG4bKkdjuw", 0);
        noEvents();
        assertThat(unescapedUser(requestUri())).isEqualTo("user;par=u@example.net");
        assertThat(requestUri().host()).isEqualTo("example.com");
    }

    /** §3.1.1.10 Varied and Unknown Transport Types. */
    @Test
    void transports() {
        assertThat(parse("transports")).isTrue();
        request("OPTIONS", "sip:user@example.com", "transports.kijh4akdnaqjkwendsasfdj", 60, "323", null,
            "z9hG4bKkdjuw", 0);
        noEvents();
        String[] expected = {"UDP", "SCTP", "TLS", "UNKNOWN", "TCP"};
        assertThat(viaCount()).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(via(i).transport()).isEqualTo(expected[i]);
            assertThat(via(i).sentBy()).isEqualTo("t" + (i + 1) + ".example.com");
        }
    }

    /** §3.1.1.11 Multipart MIME Message: a binary body with NULs framed by Content-Length. */
    @Test
    void mpart01() {
        assertThat(parse("mpart01")).isTrue();
        request("MESSAGE", "sip:kumiko@example.org", "3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..", 1,
            "2fb0dcc9", null, "z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-", 553);
        noEvents();
        assertThat(v.bodyLength()).isEqualTo(553);
        assertThat(v.messageLength()).isEqualTo(b.length);
        assertThat(v.value(SipHeaders.CONTENT_TYPE)).isEqualTo("multipart/mixed;boundary=7a9cbec02ceef655");
        assertThat(v.sdpBody()).isFalse();
    }

    /** §3.1.1.12 Unusual Reason Phrase: UTF-8 in the Reason-Phrase. */
    @Test
    void unreason() {
        assertThat(parse("unreason")).isTrue();
        response(200, "= 2**3 * 5**2 но сто девяносто девять - простое", "unreason.1234ksdfak3j2erwedfsASdf", 35,
            "INVITE", "11141343", "2229", "z9hG4bK1324923", 154);
        noEvents();
    }

    /** §3.1.1.13 Empty Reason Phrase: "SIP/2.0 100 " then CRLF. */
    @Test
    void noreason() {
        assertThat(parse("noreason")).isTrue();
        response(100, "", "noreason.asndj203insdf99223ndf", 35, "INVITE", "39ansfi3", "902jndnke3",
            "z9hG4bK2398ndaoe", 0);
        noEvents();
    }

    // ================================================================ §3.1.2 invalid messages

    /** §3.1.2.1 Extraneous Header Field Separators in Via (";;,;,,") and Contact (";;;;"). */
    @Test
    void badinv01() {
        assertThat(parse("badinv01")).isTrue();
        assertThat(events()).containsExactlyInAnyOrder("sip.invalid_via", "sip.invalid_address");
        assertThat(callId()).isEqualTo("badinv01.0ha0isndaksdjasdf3234nas");
    }

    /** §3.1.2.2 Content Length Larger Than Message (over UDP: an error, §18.3). */
    @Test
    void clerr() {
        assertThat(parse("clerr")).isTrue();
        assertThat(events()).containsExactly("sip.invalid_content_length");
        assertThat(v.contentLength()).isEqualTo(9999);
        assertThat(v.bodyLength()).isLessThan(9999);
        assertThat(v.truncated()).isFalse();
    }

    /** §3.1.2.3 Negative Content-Length. */
    @Test
    void ncl() {
        assertThat(parse("ncl")).isTrue();
        assertThat(events()).containsExactly("sip.invalid_content_length");
        assertThat(v.contentLength()).isEqualTo(-1);
        assertThat(callId()).isEqualTo("ncl.0ha0isndaksdj2193423r542w35");
    }

    /** §3.1.2.4 Request Scalar Fields with Overlarge Values: CSeq above 2**32-1 (400 "due to the CSeq error"). */
    @Test
    void scalar02() {
        assertThat(parse("scalar02")).isTrue();
        assertThat(events()).containsExactly("sip.invalid_cseq");
        assertThat(v.cseq()).isEqualTo(-1);
        assertThat(callId()).isEqualTo("scalar02.23o0pd9vanlq3wnrlnewofjas9ui32");
    }

    /** §3.1.2.5 Response Scalar Fields with Overlarge Values. */
    @Test
    void scalarlg() {
        assertThat(parse("scalarlg")).isTrue();
        assertThat(events()).containsExactly("sip.invalid_cseq");
        assertThat(v.status()).isEqualTo(503);
    }

    /** §3.1.2.6 Unterminated Quoted String in Display Name. */
    @Test
    void quotbal() {
        assertThat(parse("quotbal")).isTrue();
        assertThat(events()).containsExactly("sip.invalid_address");
        assertThat(callId()).isEqualTo("quotbal.aksdj");
    }

    /** §3.1.2.7 &lt;&gt; Enclosing Request-URI. */
    @Test
    void ltgtruri() {
        assertThat(parse("ltgtruri")).isTrue();
        assertThat(events()).containsExactly("sip.invalid_request_uri");
        assertThat(v.uri()).isEqualTo("<sip:user@example.com>");
    }

    /** §3.1.2.8 Malformed SIP Request-URI (embedded LWS). */
    @Test
    void lwsruri() {
        assertThat(parse("lwsruri")).isTrue();
        assertThat(events()).containsExactly("sip.invalid_request_uri");
        assertThat(v.method()).isEqualTo("INVITE");
        assertThat(v.uri()).isEqualTo("sip:user@example.com; lr");
        assertThat(v.cseq()).isEqualTo(2130706432);
    }

    /** §3.1.2.9 Multiple SP Separating Request-Line Elements: parsed liberally. */
    @Test
    void lwsstart() {
        assertThat(parse("lwsstart")).isTrue();
        assertThat(events()).containsExactly("sip.invalid_whitespace");
        assertThat(v.uri()).isEqualTo("sip:user@example.com");
    }

    /** §3.1.2.10 SP Characters at End of Request-Line. */
    @Test
    void trws() {
        assertThat(parse("trws")).isTrue();
        assertThat(events()).containsExactly("sip.invalid_whitespace");
        assertThat(v.uri()).isEqualTo("sip:remote-target@example.com");
    }

    /** §3.1.2.11 Escaped Headers in SIP Request-URI. */
    @Test
    void escruri() {
        assertThat(parse("escruri")).isTrue();
        assertThat(events()).containsExactly("sip.invalid_request_uri");
    }

    /** §3.1.2.12 Invalid Time Zone in Date Header Field ("EST"). */
    @Test
    void baddate() {
        assertThat(parse("baddate")).isTrue();
        assertThat(events()).containsExactly("sip.invalid_date");
    }

    /** §3.1.2.13 Failure to Enclose name-addr URI in &lt;&gt; (a Contact URI with headers). */
    @Test
    void regbadct() {
        assertThat(parse("regbadct")).isTrue();
        assertThat(events()).containsExactly("sip.invalid_address");
    }

    /** §3.1.2.14 Spaces within addr-spec. */
    @Test
    void badaspec() {
        assertThat(parse("badaspec")).isTrue();
        assertThat(events()).containsExactly("sip.invalid_address");
    }

    /**
     * §3.1.2.15 Non-token Characters in Display Name. The Appendix A archive copy lacks the empty
     * line that ends the head (a known defect of the archive), so it is also a truncated datagram.
     */
    @Test
    void baddn() {
        assertThat(parse("baddn")).isTrue();
        assertThat(events()).containsExactlyInAnyOrder("sip.invalid_address", "sip.truncated_message");
    }

    /** §3.1.2.16 Unknown Protocol Version (SIP/7.0): a 505 case, the message is still parsed. */
    @Test
    void badvers() {
        assertThat(parse("badvers")).isTrue();
        assertThat(events()).containsExactly("sip.invalid_version");
        assertThat(v.method()).isEqualTo("OPTIONS");
    }

    /** §3.1.2.17 Start Line and CSeq Method Mismatch. */
    @Test
    void mismatch01() {
        assertThat(parse("mismatch01")).isTrue();
        assertThat(events()).containsExactly("sip.cseq_method_mismatch");
    }

    /** §3.1.2.18 Unknown Method with CSeq Method Mismatch. */
    @Test
    void mismatch02() {
        assertThat(parse("mismatch02")).isTrue();
        assertThat(events()).containsExactly("sip.cseq_method_mismatch");
        assertThat(v.method()).isEqualTo("NEWMETHOD");
    }

    /** §3.1.2.19 Overlarge Response Code: dropped, not a message. */
    @Test
    void bigcode() {
        assertThat(parse("bigcode")).isFalse();
        assertThat(events()).containsExactly("sip.invalid_status_code");
    }

    // ================================================================ §3.2 transaction layer

    /** §3.2.1 Missing Transaction Identifier: branch "z9hG4bK" alone; a parser must not break. */
    @Test
    void badbranch() {
        assertThat(parse("badbranch")).isTrue();
        request("OPTIONS", "sip:user@example.com", "badbranch.sadonfo23i420jv0as0derf3j3n", 8, "33242", null,
            "z9hG4bK", 0);
        noEvents();
    }

    // ================================================================ §3.3 application layer

    /** §3.3.1 Missing Required Header Fields (no Call-ID, From, To): 400. */
    @Test
    void insuf() {
        assertThat(parse("insuf")).isTrue();
        assertThat(events()).containsExactly("sip.missing_header");
        assertThat(v.cseq()).isEqualTo(193942);
        assertThat(via(0).branch()).isEqualTo("z9hG4bKkdj.insuf");
    }

    /** §3.3.2 Request-URI with Unknown Scheme: well formed (a 416 is the application's answer). */
    @Test
    void unkscm() {
        assertThat(parse("unkscm")).isTrue();
        request("OPTIONS", "nobodyKnowsThisScheme:totallyopaquecontent", "unkscm.nasdfasser0q239nwsdfasdkl34",
            3923423, "384", null, "z9hG4bKkdjuw39234", 0);
        noEvents();
    }

    /** §3.3.3 Request-URI with Known but Atypical Scheme. */
    @Test
    void novelsc() {
        assertThat(parse("novelsc")).isTrue();
        request("OPTIONS", "soap.beep://192.0.2.103:3002", "novelsc.asdfasser0q239nwsdfasdkl34", 3923423, "384",
            null, "z9hG4bKkdjuw39234", 0);
        noEvents();
    }

    /** §3.3.4 Unknown URI Schemes in Header Fields: syntactically valid (only a registrar answers 400). */
    @Test
    void unksm2() {
        assertThat(parse("unksm2")).isTrue();
        request("REGISTER", "sip:example.com", "unksm2.daksdj@hyphenated-host.example.com", 234902, "3234233", null,
            "z9hG4bKkdjuw", 0);
        noEvents();
        assertThat(addr(SipHeaders.TO).uriString()).isEqualTo("isbn:2983792873");
        assertThat(addr(SipHeaders.FROM).uriString()).isEqualTo("http://www.example.com");
    }

    /** §3.3.5 Proxy-Require and Require: 420 is the application's answer. */
    @Test
    void bext01() {
        assertThat(parse("bext01")).isTrue();
        request("OPTIONS", "sip:user@example.com", "bext01.0ha0isndaksdj", 8, "242etr", null, "z9hG4bKkdjuw", 0);
        noEvents();
        assertThat(via(0).transport()).isEqualTo("TLS");
    }

    /** §3.3.6 Unknown Content-Type. */
    @Test
    void invut() {
        assertThat(parse("invut")).isTrue();
        request("INVITE", "sip:user@example.com", "invut.0ha0isndaksdjadsfij34n23d", 235448, "8392034", null,
            "z9hG4bKkdjuw", 40);
        noEvents();
        assertThat(v.value(SipHeaders.CONTENT_TYPE)).isEqualTo("application/unknownformat");
        assertThat(v.sdpBody()).isFalse();
    }

    /** §3.3.7 Unknown Authorization Scheme. */
    @Test
    void regaut01() {
        assertThat(parse("regaut01")).isTrue();
        request("REGISTER", "sip:example.com", "regaut01.0ha0isndaksdj", 9338, "87321hj23128", null, "z9hG4bKkdjuw",
            0);
        noEvents();
        int h = v.header(SipHeaders.AUTHORIZATION);
        SipAuthorization a = new SipAuthorization();
        assertThat(a.wrap(v.buffer(), v.valueOffset(h), v.valueOffset(h) + v.valueLength(h))).isTrue();
        assertThat(a.scheme()).isEqualTo("NoOneKnowsThisScheme");
    }

    /** §3.3.8 Multiple Values in Single Value Required Fields: 400; the first values are used. */
    @Test
    void multi01() {
        assertThat(parse("multi01")).isTrue();
        assertThat(events()).containsExactly("sip.duplicate_header");
        assertThat(callId()).isEqualTo("multi01.98asdh@192.0.2.1");
        assertThat(v.cseq()).isEqualTo(5);
    }

    /** §3.3.9 Multiple Content-Length Values (13 and 5): 400. */
    @Test
    void mcl01() {
        assertThat(parse("mcl01")).isTrue();
        assertThat(events()).containsExactly("sip.invalid_content_length");
        assertThat(v.contentLength()).isEqualTo(-1);
    }

    /** §3.3.10 200 OK Response with Broadcast Via Header Field Value. */
    @Test
    void bcast() {
        assertThat(parse("bcast")).isTrue();
        response(200, "OK", "bcast.0384840201234ksdfak3j2erwedfsASdf", 35, "INVITE", "11141343", "2229",
            "z9hG4bK1324923", 154);
        noEvents();
        assertThat(via(1).sentBy()).isEqualTo("255.255.255.255");
    }

    /** §3.3.11 Max-Forwards of Zero: legal (a proxy answers 483). */
    @Test
    void zeromf() {
        assertThat(parse("zeromf")).isTrue();
        request("OPTIONS", "sip:user@example.com", "zeromf.jfasdlfnm2o2l43r5u0asdfas", 39234321, "3ghsd41", null,
            "z9hG4bKkdjuw2349i", 0);
        noEvents();
    }

    /** §3.3.12 REGISTER with a Contact Header Parameter (no angle brackets: a header parameter). */
    @Test
    void cparam01() {
        assertThat(parse("cparam01")).isTrue();
        request("REGISTER", "sip:example.com", "cparam01.70710@saturn.example.com", 2, "DkfVgjkrtMwaerKKpe", null,
            "z9hG4bKkdjuw", 0);
        noEvents();
        assertThat(addr(SipHeaders.CONTACT).uriString()).isEqualTo("sip:+19725552222@gw1.example.net");
    }

    /** §3.3.13 REGISTER with a url-parameter (inside the angle brackets). */
    @Test
    void cparam02() {
        assertThat(parse("cparam02")).isTrue();
        request("REGISTER", "sip:example.com", "cparam02.70710@saturn.example.com", 3, "838293", null,
            "z9hG4bKkdjuw", 0);
        noEvents();
        assertThat(addr(SipHeaders.CONTACT).uriString()).isEqualTo("sip:+19725552222@gw1.example.net;unknownparam");
    }

    /** §3.3.14 REGISTER with a URL Escaped Header (in name-addr form: well formed). */
    @Test
    void regescrt() {
        assertThat(parse("regescrt")).isTrue();
        request("REGISTER", "sip:example.com", "regescrt.k345asrl3fdbv@192.0.2.1", 14398234, "8", null,
            "z9hG4bKkdjuw", 0);
        noEvents();
        assertThat(addr(SipHeaders.CONTACT).uri().host()).isEqualTo("example.com");
    }

    /** §3.3.15 Unacceptable Accept Offering. */
    @Test
    void sdp01() {
        assertThat(parse("sdp01")).isTrue();
        request("INVITE", "sip:user@example.com", "sdp01.ndaksdj9342dasdd", 8, "234", null, "z9hG4bKkdjuw", 150);
        noEvents();
        assertThat(v.sdpBody()).isTrue();
    }

    // ================================================================ §3.4 backward compatibility

    /** §3.4.1 INVITE with RFC 2543 Syntax: no branch, no From tag, no Max-Forwards, no Content-Length. */
    @Test
    void inv2543() {
        assertThat(parse("inv2543")).isTrue();
        request("INVITE", "sip:UserB@example.com", "inv2543.1717@ift.client.example.com", 56, null, null, null, -1);
        noEvents();
        assertThat(addr(SipHeaders.TO).uri().user()).isEqualTo("+16505552222");
        assertThat(v.bodyLength()).isEqualTo(b.length - new String(b, StandardCharsets.ISO_8859_1).indexOf("v=0"));
    }

    // ================================================================ all of them

    /** No message throws under the stream entry point either, nor cut at any length. */
    @Test
    void noneThrowsStreamOrCut() {
        SipMessageView w = parser.newView();
        for (String name : ALL) {
            byte[] m = resource(name);
            parser.parseHead(m, 0, m.length, w);
            for (int cut = 0; cut <= m.length; cut += 7) {
                parser.parseDatagram(m, 0, cut, cut == m.length, w);
            }
        }
    }

    /** One test method per message, named after its Appendix A file. */
    @Test
    void everyMessageHasATest() throws NoSuchMethodException {
        assertThat(ALL).hasSize(49).doesNotHaveDuplicates();
        for (String name : ALL) {
            assertThat(Rfc4475Test.class.getDeclaredMethod(name).isAnnotationPresent(Test.class)).as(name).isTrue();
            assertThat(resource(name)).isNotEmpty();
        }
    }
}
