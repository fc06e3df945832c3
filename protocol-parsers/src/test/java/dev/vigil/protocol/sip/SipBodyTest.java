package dev.vigil.protocol.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Locating the SDP in a SIP body: single part, multipart (RFC 2046 §5.1, RFC 5621), and the URI password rule. */
class SipBodyTest {
    private final SipParser parser = new SipParser();
    private final SipMessageView v = parser.newView();
    private final SipBody body = new SipBody();

    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 10.0.0.5\r\ns=-\r\nc=IN IP4 10.0.0.5\r\nt=0 0\r\n"
        + "m=audio 4000 RTP/AVP 0\r\n";

    private boolean parse(String contentType, String b) {
        String head = "INVITE sip:100@10.0.0.1 SIP/2.0\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n"
            + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
            + "Content-Length: " + b.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n";
        byte[] m = (head + b).getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parseDatagram(m, 0, m.length, v)).isTrue();
        return body.findSdp(v);
    }

    private String found() {
        return new String(v.buffer(), body.offset(), body.length(), StandardCharsets.UTF_8);
    }

    @Test
    void singleSdpWithParameters() {
        assertThat(parse("Application/SDP; charset=utf-8", SDP)).isTrue();
        assertThat(found()).isEqualTo(SDP);
        assertThat(v.sdpBody()).isTrue();
    }

    @Test
    void noContentTypeButVersionLine() {
        assertThat(parse(null, SDP)).isTrue();
        assertThat(found()).isEqualTo(SDP);
    }

    @Test
    void otherTypesAreNotSdp() {
        assertThat(parse("application/sdpx", SDP)).isFalse();
        assertThat(v.sdpBody()).isFalse();
        assertThat(parse("application/pidf+xml", "<presence/>")).isFalse();
        assertThat(parse("application/sdp", "")).isFalse();
    }

    /** RFC 5621 §3.1 style: SDP first, then another part; the CRLF before the delimiter is not SDP. */
    @Test
    void multipartFirstPart() {
        String b = "--boundary1\r\nContent-Type: application/sdp\r\n\r\n" + SDP + "\r\n--boundary1\r\n"
            + "Content-Type: application/resource-lists+xml\r\nContent-Disposition: recipient-list\r\n\r\n"
            + "<list/>\r\n--boundary1--\r\n";
        assertThat(parse("multipart/mixed;boundary=boundary1", b)).isTrue();
        assertThat(found()).isEqualTo(SDP);
    }

    /** SIP-I style (ITU-T Q.1912.5): quoted boundary, ISUP first, SDP second, bare LF line ends in the part. */
    @Test
    void multipartQuotedBoundarySecondPart() {
        String b = "preamble\r\n--unique-boundary-1\r\nContent-Type: application/ISUP;version=itu-t92+\r\n"
            + "Content-Disposition: signal;handling=required\r\n\r\n\u0001\u0002\u0003\r\n--unique-boundary-1\r\n"
            + "content-type: application/sdp\n\n" + SDP + "\r\n--unique-boundary-1--";
        assertThat(parse("multipart/mixed; boundary=\"unique-boundary-1\"", b)).isTrue();
        assertThat(found()).isEqualTo(SDP);
    }

    @Test
    void multipartWithoutSdpOrBoundary() {
        String b = "--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n";
        assertThat(parse("multipart/mixed;boundary=b", b)).isFalse();
        assertThat(parse("multipart/mixed", b)).isFalse();
        assertThat(parse("multipart/mixed;boundary=\"\"", b)).isFalse();
        assertThat(parse("multipart/mixed;boundary=zz", b)).isFalse();
        // a part whose headers never end
        assertThat(parse("multipart/mixed;boundary=b", "--b\r\nContent-Type: application/sdp")).isFalse();
    }

    /** RFC 3261 §19.1.1: a password in userinfo is deprecated and never logged. */
    @Test
    void uriPasswordLeftOut() {
        SipUri u = new SipUri();
        byte[] b = "sip:alice:secretword@atlanta.com;transport=tcp".getBytes(StandardCharsets.US_ASCII);
        u.wrap(b, 0, b.length);
        assertThat(u.user()).isEqualTo("alice");
        assertThat(u.host()).isEqualTo("atlanta.com");
        assertThat(u.original()).isEqualTo("sip:alice@atlanta.com;transport=tcp");
        SipNameAddr a = new SipNameAddr();
        byte[] n = "\"A\" <sip:alice:secretword@atlanta.com>;tag=1".getBytes(StandardCharsets.US_ASCII);
        assertThat(a.wrap(n, 0, n.length)).isTrue();
        assertThat(a.uriString()).isEqualTo("sip:alice@atlanta.com");
        byte[] plain = "sip:alice@atlanta.com:5060".getBytes(StandardCharsets.US_ASCII);
        assertThat(u.wrap(plain, 0, plain.length).original()).isEqualTo("sip:alice@atlanta.com:5060");
    }
}
