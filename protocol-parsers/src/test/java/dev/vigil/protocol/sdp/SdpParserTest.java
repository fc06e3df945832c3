package dev.vigil.protocol.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte-array tests: the examples of RFC 8866 §5, RFC 4566 §5, RFC 4568 §4 and RFC 5763 §5
 * (reproduced from the RFC texts with CRLF line ends; the RFCs fold long lines for print only),
 * one test per decode event key of {@link SdpParser}, and one per extracted field.
 */
class SdpParserTest {
    private final SdpParser parser = new SdpParser();
    private final SdpView v = parser.newView();

    static byte[] crlf(String... lines) {
        return (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private boolean parse(byte[] b) {
        return parser.parse(b, 0, b.length, v);
    }

    private List<String> events() {
        return events(v);
    }

    static List<String> events(SdpView v) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.eventCount(); i++) {
            out.add(v.event(i).key());
        }
        return out;
    }

    /** RFC 8866 §5, the example session description. */
    static final String[] RFC8866 = {
        "v=0",
        "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1",
        "s=Call to John Smith",
        "i=SDP Offer #1",
        "u=http://www.jdoe.example.com/home.html",
        "e=Jane Doe <jane@jdoe.example.com>",
        "p=+1 617 555-6011",
        "c=IN IP4 198.51.100.1",
        "t=0 0",
        "m=audio 49170 RTP/AVP 0",
        "m=audio 49180 RTP/AVP 0",
        "m=video 51372 RTP/AVP 99",
        "c=IN IP6 2001:db8::2",
        "a=rtpmap:99 h263-1998/90000"};

    /** RFC 4568 §4 (the a=crypto line is one line; the RFC breaks it for print). */
    static final String[] RFC4568 = {
        "v=0",
        "o=sam 2890844526 2890842807 IN IP4 10.47.16.5",
        "s=SRTP Discussion",
        "i=A discussion of Secure RTP",
        "u=http://www.example.com/seminars/srtp.pdf",
        "e=marge@example.com (Marge Simpson)",
        "c=IN IP4 168.2.17.12",
        "t=2873397496 2873404696",
        "m=audio 49170 RTP/SAVP 0",
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4 "
            + "FEC_ORDER=FEC_SRTP"};

    @Test
    void rfc8866Example() {
        assertThat(parse(crlf(RFC8866))).isTrue();
        assertThat(events()).isEmpty();
        assertThat(v.version()).isZero();
        assertThat(v.originUsername()).isEqualTo("jdoe");
        assertThat(v.originSessionId()).isEqualTo("3724394400");
        assertThat(v.originAddress()).isEqualTo("198.51.100.1");
        assertThat(v.originAddressKind()).isEqualTo(SdpView.ADDR_IP4);
        assertThat(v.originLo()).isEqualTo(0x0000_FFFF_C633_6401L);
        assertThat(v.mediaCount()).isEqualTo(3);
        assertThat(v.connectionAddress(SdpView.SESSION)).isEqualTo("198.51.100.1");
        // media 0 and 1 use the session connection, media 2 its own IPv6 one (§5.7)
        assertThat(v.hasOwnConnection(0)).isFalse();
        assertThat(v.connectionAddress(0)).isEqualTo("198.51.100.1");
        assertThat(v.connectionKind(1)).isEqualTo(SdpView.ADDR_IP4);
        assertThat(v.connectionLo(1)).isEqualTo(0x0000_FFFF_C633_6401L);
        assertThat(v.hasOwnConnection(2)).isTrue();
        assertThat(v.connectionKind(2)).isEqualTo(SdpView.ADDR_IP6);
        assertThat(v.connectionAddress(2)).isEqualTo("2001:db8::2");
        assertThat(v.connectionHi(2)).isEqualTo(0x2001_0DB8_0000_0000L);
        assertThat(v.connectionLo(2)).isEqualTo(2L);
        assertThat(v.multicast(2)).isFalse();
        assertThat(v.mediaType(0)).isEqualTo("audio");
        assertThat(v.port(0)).isEqualTo(49170);
        assertThat(v.port(1)).isEqualTo(49180);
        assertThat(v.profile(0)).isEqualTo("RTP/AVP");
        assertThat(v.rtp(0)).isTrue();
        assertThat(v.srtp(0)).isFalse();
        assertThat(v.formatCount(0)).isEqualTo(1);
        assertThat(v.payloadType(0, 0)).isZero();
        assertThat(v.rtpmapName(0, 0)).isNull();
        assertThat(v.encodingName(0, 0)).isEqualTo("PCMU"); // static, RFC 3551 Table 4
        assertThat(v.mediaType(2)).isEqualTo("video");
        assertThat(v.payloadType(2, 0)).isEqualTo(99);
        assertThat(v.rtpmapName(2, 0)).isEqualTo("h263-1998");
        assertThat(v.clockRate(2, 0)).isEqualTo(90000);
        assertThat(v.channels(2, 0)).isZero();
        assertThat(v.direction(0)).isEqualTo(SdpView.DIR_SENDRECV);
        assertThat(v.keying(0)).isEqualTo(SdpView.KEYING_NONE);
        assertThat(v.encrypted(0)).isFalse();
        assertThat(v.sessionKeying()).isEqualTo(SdpView.KEYING_NONE);
        assertThat(v.cryptoCount(0)).isZero();
        assertThat(v.anyFingerprintHash()).isNull();
        assertThat(v.rtcpMux(0)).isFalse();
        assertThat(v.rtcpPort(0)).isEqualTo(-1);
    }

    /** RFC 4566 §5: multicast with TTL at session level, session-level recvonly. */
    @Test
    void rfc4566ExampleMulticastTtlAndSessionDirection() {
        assertThat(parse(crlf("v=0",
            "o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5",
            "s=SDP Seminar",
            "i=A Seminar on the session description protocol",
            "u=http://www.example.com/seminars/sdp.pdf",
            "e=j.doe@example.com (Jane Doe)",
            "c=IN IP4 224.2.17.12/127",
            "t=2873397496 2873404696",
            "a=recvonly",
            "m=audio 49170 RTP/AVP 0",
            "m=video 51372 RTP/AVP 99",
            "a=rtpmap:99 h263-1998/90000"))).isTrue();
        assertThat(events()).isEmpty();
        assertThat(v.connectionAddress(0)).isEqualTo("224.2.17.12");
        assertThat(v.connectionTtl(0)).isEqualTo(127);
        assertThat(v.connectionCount(0)).isEqualTo(1);
        assertThat(v.multicast(0)).isTrue();
        assertThat(v.direction(SdpView.SESSION)).isEqualTo(SdpView.DIR_RECVONLY);
        assertThat(v.direction(1)).isEqualTo(SdpView.DIR_RECVONLY);
        assertThat(SdpView.directionName(v.direction(1))).isEqualTo("recvonly");
    }

    /** RFC 8866 §5.7: "c=IN IP4 233.252.0.1/127/3" (TTL and three addresses), "c=IN IP6 ff00::db8:0:101/3". */
    @Test
    void multicastTtlCountAndIpv6Count() {
        assertThat(parse(crlf("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 233.252.0.1/127/3", "t=0 0",
            "m=audio 49170/2 RTP/AVP 0", "m=video 51372 RTP/AVP 31", "c=IN IP6 ff00::db8:0:101/3"))).isTrue();
        assertThat(events()).isEmpty();
        assertThat(v.connectionTtl(0)).isEqualTo(127);
        assertThat(v.connectionCount(0)).isEqualTo(3);
        assertThat(v.multicast(0)).isTrue();
        assertThat(v.portCount(0)).isEqualTo(2);
        assertThat(v.connectionKind(1)).isEqualTo(SdpView.ADDR_IP6);
        assertThat(v.connectionTtl(1)).isEqualTo(-1);
        assertThat(v.connectionCount(1)).isEqualTo(3);
        assertThat(v.multicast(1)).isTrue();
        assertThat(v.connectionHi(1)).isEqualTo(0xFF00_0000_0000_0000L);
        assertThat(v.connectionLo(1)).isEqualTo(0x0000_0DB8_0000_0101L);
        assertThat(v.encodingName(1, 0)).isEqualTo("H261");
    }

    /** RFC 4568 §4: the suite and that a key was present; never the key. */
    @Test
    void rfc4568CryptoSuiteAndKeysPresent() {
        assertThat(parse(crlf(RFC4568))).isTrue();
        assertThat(events()).isEmpty();
        assertThat(v.profile(0)).isEqualTo("RTP/SAVP");
        assertThat(v.srtp(0)).isTrue();
        assertThat(v.cryptoCount(0)).isEqualTo(1);
        assertThat(v.cryptoSuite(0, 0)).isEqualTo("AES_CM_128_HMAC_SHA1_80");
        assertThat(v.cryptoKeysPresent(0, 0)).isTrue();
        assertThat(v.keying(0)).isEqualTo(SdpView.KEYING_SDES);
        assertThat(SdpView.keyingName(v.keying(0))).isEqualTo("sdes");
        assertThat(v.encrypted(0)).isTrue();
        assertThat(v.sessionKeying()).isEqualTo(SdpView.KEYING_SDES);
    }

    /** RFC 4568 §9.1: several key-params, other key methods; the two suites of the Zenitel facts. */
    @Test
    void cryptoSeveralLinesAndKeyParams() {
        assertThat(parse(crlf("v=0", "o=- 1 1 IN IP4 10.0.0.5", "s=-", "c=IN IP4 10.0.0.5", "t=0 0",
            "m=audio 4000 RTP/SAVP 8 101",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj|2^20|1:32;"
                + "inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|2:32",
            "a=crypto:2 AES_CM_128_HMAC_SHA1_32 uri:https://keys.example.com/k1",
            "a=rtpmap:101 telephone-event/8000"))).isTrue();
        assertThat(events()).isEmpty();
        assertThat(v.cryptoCount(0)).isEqualTo(2);
        assertThat(v.cryptoSuite(0, 1)).isEqualTo("AES_CM_128_HMAC_SHA1_32");
        assertThat(v.cryptoKeysPresent(0, 0)).isTrue();
        assertThat(v.cryptoKeysPresent(0, 1)).isFalse(); // no inline key in the line
        assertThat(v.encodingName(0, 0)).isEqualTo("PCMA");
        assertThat(v.encodingName(0, 1)).isEqualTo("telephone-event");
        assertThat(v.clockRate(0, 1)).isEqualTo(8000);
    }

    /** Best-effort SRTP: keys offered on a plain RTP/AVP line count as encrypted (SDES). */
    @Test
    void cryptoOnPlainAvp() {
        assertThat(parse(crlf("v=0", "o=- 1 1 IN IP4 10.0.0.5", "s=-", "c=IN IP4 10.0.0.5", "t=0 0",
            "m=audio 4000 RTP/AVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAA"))).isTrue();
        assertThat(v.srtp(0)).isFalse();
        assertThat(v.keying(0)).isEqualTo(SdpView.KEYING_SDES);
        assertThat(v.encrypted(0)).isTrue();
    }

    /** RFC 5763 §5 example offer: DTLS-SRTP, fingerprint hash function (with the RFC's space) and setup. */
    @Test
    void rfc5763DtlsFingerprintAndSetup() {
        assertThat(parse(crlf("v=0",
            "o=- 6418 6418 IN IP4 192.0.2.1",
            "s=-",
            "c=IN IP4 192.0.2.1",
            "t=0 0",
            "m=audio 6056 UDP/TLS/RTP/SAVP 0",
            "a=sendrecv",
            "a=setup:actpass",
            "a=fingerprint: SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB"))).isTrue();
        assertThat(events()).isEmpty();
        assertThat(v.profile(0)).isEqualTo("UDP/TLS/RTP/SAVP");
        assertThat(v.rtp(0)).isTrue();
        assertThat(v.srtp(0)).isTrue();
        assertThat(v.dtlsProfile(0)).isTrue();
        assertThat(v.fingerprintHash(0)).isEqualTo("sha-1");
        assertThat(v.setup(0)).isEqualTo("actpass");
        assertThat(v.keying(0)).isEqualTo(SdpView.KEYING_DTLS);
        assertThat(v.direction(0)).isEqualTo(SdpView.DIR_SENDRECV);
    }

    /** Session-level fingerprint (WebRTC style), UDP/TLS/RTP/SAVPF, rtcp-mux, a=rtcp, LF line ends. */
    @Test
    void sessionFingerprintRtcpMuxAndBareLf() {
        byte[] b = ("v=0\no=- 4611731400430051336 2 IN IP4 127.0.0.1\ns=-\nt=0 0\n"
            + "a=fingerprint:sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2\n"
            + "m=audio 55695 UDP/TLS/RTP/SAVPF 111 0\nc=IN IP4 69.17.142.250\na=rtcp:9 IN IP4 0.0.0.0\n"
            + "a=rtcp-mux\na=setup:ACTIVE\na=rtpmap:111 opus/48000/2\na=sendonly\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(parse(b)).isTrue();
        assertThat(events()).isEmpty();
        assertThat(v.originSessionId()).isEqualTo("4611731400430051336");
        assertThat(v.fingerprintHash(SdpView.SESSION)).isEqualTo("sha-256");
        assertThat(v.fingerprintHash(0)).isEqualTo("sha-256");
        assertThat(v.anyFingerprintHash()).isEqualTo("sha-256");
        assertThat(v.setup(0)).isEqualTo("active");
        assertThat(v.rtcpMux(0)).isTrue();
        assertThat(v.rtcpPort(0)).isEqualTo(9);
        assertThat(v.rtpmapName(0, 0)).isEqualTo("opus");
        assertThat(v.clockRate(0, 0)).isEqualTo(48000);
        assertThat(v.channels(0, 0)).isEqualTo(2);
        assertThat(v.direction(0)).isEqualTo(SdpView.DIR_SENDONLY);
        assertThat(v.keying(0)).isEqualTo(SdpView.KEYING_DTLS);
        assertThat(v.connectionAddress(0)).isEqualTo("69.17.142.250");
        assertThat(v.connectionAddress(SdpView.SESSION)).isNull();
    }

    /** RFC 4567 MIKEY: presence only; SRTP without any keying we know is "unknown". */
    @Test
    void keyMgmtAndUnknownKeying() {
        assertThat(parse(crlf("v=0", "o=- 1 1 IN IP4 10.0.0.5", "s=-", "c=IN IP4 10.0.0.5", "t=0 0",
            "m=audio 4000 RTP/SAVP 0", "a=key-mgmt:mikey AQAFgM0XflABAAAAAAAAAAAAAAsAyO", "m=audio 4002 RTP/SAVP 0",
            "m=video 0 RTP/AVP 31", "m=image 4004 udptl t38"))).isTrue();
        assertThat(v.keying(0)).isEqualTo(SdpView.KEYING_MIKEY);
        assertThat(v.keying(1)).isEqualTo(SdpView.KEYING_UNKNOWN);
        assertThat(v.keying(2)).isEqualTo(SdpView.KEYING_NONE);
        // the rejected video (port 0) and the T.38 line do not weaken the session
        assertThat(v.sessionKeying()).isEqualTo(SdpView.KEYING_UNKNOWN);
        assertThat(v.rtp(3)).isFalse();
        assertThat(v.formatCount(3)).isZero();
        assertThat(v.port(2)).isZero();
    }

    /** One plain audio stream next to an SDES one makes the session "none" (the weakest). */
    @Test
    void sessionKeyingIsTheWeakest() {
        assertThat(parse(crlf("v=0", "o=- 1 1 IN IP4 10.0.0.5", "s=-", "c=IN IP4 10.0.0.5", "t=0 0",
            "m=audio 4000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAA", "m=video 4002 RTP/AVP 31")))
            .isTrue();
        assertThat(v.sessionKeying()).isEqualTo(SdpView.KEYING_NONE);
    }

    @Test
    void holdAndFqdnConnection() {
        assertThat(parse(crlf("v=0", "o=alice 1 1 IN IP4 host.example.com", "s=-", "c=IN IP4 0.0.0.0", "t=0 0",
            "m=audio 4000 RTP/AVP 0", "m=audio 4002 RTP/AVP 0", "c=IN IP4 media.example.com", "m=audio 4004 RTP/AVP 0",
            "c=IN IP6 ::"))).isTrue();
        assertThat(events()).isEmpty();
        assertThat(v.originAddressKind()).isEqualTo(SdpView.ADDR_FQDN);
        assertThat(v.unspecified(0)).isTrue();
        assertThat(v.connectionKind(1)).isEqualTo(SdpView.ADDR_FQDN);
        assertThat(v.connectionAddress(1)).isEqualTo("media.example.com");
        assertThat(v.unspecified(1)).isFalse();
        assertThat(v.unspecified(2)).isTrue();
    }

    @Test
    void ipv6WithIpv4TailAndFullForm() {
        assertThat(parse(crlf("v=0", "o=- 1 1 IN IP6 2001:0db8:0000:0000:0000:0000:0000:0001", "s=-",
            "c=IN IP6 ::ffff:192.0.2.7", "t=0 0", "m=audio 4000 RTP/AVP 0"))).isTrue();
        assertThat(events()).isEmpty();
        assertThat(v.originAddressKind()).isEqualTo(SdpView.ADDR_IP6);
        assertThat(v.originHi()).isEqualTo(0x2001_0DB8_0000_0000L);
        assertThat(v.originLo()).isEqualTo(1L);
        // an IPv4-mapped IPv6 address has the same 128 bits as the IPv4 address in PacketView
        assertThat(v.connectionHi(0)).isZero();
        assertThat(v.connectionLo(0)).isEqualTo(0x0000_FFFF_C000_0207L);
    }

    // ---------------------------------------------------------------- one test per decode event

    /** sdp.invalid_version: no v= first: nothing parsed. */
    @Test
    void invalidVersionWithoutV() {
        assertThat(parse(crlf("o=- 1 1 IN IP4 10.0.0.5", "m=audio 4000 RTP/AVP 0"))).isFalse();
        assertThat(events()).containsExactly("sdp.invalid_version");
        assertThat(v.mediaCount()).isZero();
    }

    /** sdp.invalid_version: v=1 is recorded, the body is still read. */
    @Test
    void invalidVersionNumber() {
        assertThat(parse(crlf("v=1", "m=audio 4000 RTP/AVP 0"))).isTrue();
        assertThat(events()).containsExactly("sdp.invalid_version");
        assertThat(v.version()).isEqualTo(1);
        assertThat(v.mediaCount()).isEqualTo(1);
    }

    /** sdp.invalid_line: "X=", a missing '=' and a line of one character are skipped. */
    @Test
    void invalidLine() {
        assertThat(parse(crlf("v=0", "X=upper", "garbage", "m", "m=audio 4000 RTP/AVP 0"))).isTrue();
        assertThat(events()).containsExactly("sdp.invalid_line");
        assertThat(v.port(0)).isEqualTo(4000);
    }

    /** sdp.invalid_origin: five fields instead of six. */
    @Test
    void invalidOrigin() {
        assertThat(parse(crlf("v=0", "o=- 1 1 IN IP4", "m=audio 4000 RTP/AVP 0"))).isTrue();
        assertThat(events()).containsExactly("sdp.invalid_origin");
        assertThat(v.hasOrigin()).isFalse();
        assertThat(v.originUsername()).isNull();
    }

    /** sdp.invalid_connection: a bad IPv4 literal, a bad IPv6 literal, a TTL over 255, no address. */
    @Test
    void invalidConnection() {
        for (String c : new String[] {"c=IN IP4 10.0.0.256", "c=IN IP6 2001:db8:::1", "c=IN IP4 224.0.0.1/300",
            "c=IN IP4", "c=IN IP6 ff15::1/3/2", "c=IN IP4 10.0.0.1/x", "c=IN IP4 ::1", "c=IN IP4 1.2.3.4/1/0"}) {
            assertThat(parse(crlf("v=0", c, "m=audio 4000 RTP/AVP 0"))).as(c).isTrue();
            assertThat(events()).as(c).containsExactly("sdp.invalid_connection");
            assertThat(v.connectionKind(0)).as(c).isEqualTo(SdpView.ADDR_NONE);
            assertThat(v.connectionAddress(0)).as(c).isNull();
        }
        // another network type is a value, not an error
        assertThat(parse(crlf("v=0", "c=TN RFC2543 5551234", "m=audio 4000 RTP/AVP 0"))).isTrue();
        assertThat(events()).isEmpty();
    }

    /** sdp.invalid_media: a port out of range, a payload type out of range, too few fields. */
    @Test
    void invalidMedia() {
        assertThat(parse(crlf("v=0", "m=audio 70000 RTP/AVP 0 128 x 8", "a=sendonly"))).isTrue();
        assertThat(events()).containsExactly("sdp.invalid_media");
        assertThat(v.port(0)).isEqualTo(-1);
        assertThat(v.formatCount(0)).isEqualTo(2);
        assertThat(v.payloadType(0, 1)).isEqualTo(8);
        assertThat(v.direction(0)).isEqualTo(SdpView.DIR_SENDONLY); // the level still exists
        assertThat(parse(crlf("v=0", "m=audio 4000"))).isTrue();
        assertThat(events()).containsExactly("sdp.invalid_media");
        assertThat(v.mediaCount()).isEqualTo(1);
    }

    /** sdp.invalid_rtpmap: no clock rate, a non-numeric payload type, a zero clock rate. */
    @Test
    void invalidRtpmap() {
        for (String a : new String[] {"a=rtpmap:96 opus", "a=rtpmap:x opus/48000", "a=rtpmap:96 opus/0",
            "a=rtpmap:96 /8000", "a=rtpmap:96 opus/48000/two"}) {
            assertThat(parse(crlf("v=0", "m=audio 4000 RTP/AVP 96", a))).as(a).isTrue();
            assertThat(events()).as(a).containsExactly("sdp.invalid_rtpmap");
            assertThat(v.rtpmapName(0, 0)).as(a).isNull();
        }
    }

    /** sdp.invalid_crypto: no key-params, a bad tag, a suite with a bad character, an empty key-info. */
    @Test
    void invalidCrypto() {
        for (String a : new String[] {"a=crypto:1 AES_CM_128_HMAC_SHA1_80", "a=crypto:x AES_CM_128_HMAC_SHA1_80 inline:A",
            "a=crypto:1 AES-CM inline:A", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:", "a=crypto:"}) {
            assertThat(parse(crlf("v=0", "m=audio 4000 RTP/SAVP 0", a))).as(a).isTrue();
            assertThat(events()).as(a).containsExactly("sdp.invalid_crypto");
            assertThat(v.cryptoCount(0)).as(a).isZero();
        }
    }

    /** sdp.too_many_lines: the rest of the body is not read. */
    @Test
    void tooManyLines() {
        SdpParser p = new SdpParser(3, 4, 8, 2);
        SdpView w = p.newView();
        byte[] b = crlf("v=0", "o=- 1 1 IN IP4 10.0.0.1", "m=audio 4000 RTP/AVP 0", "m=audio 4002 RTP/AVP 0");
        assertThat(p.parse(b, 0, b.length, w)).isTrue();
        assertThat(events(w)).containsExactly("sdp.too_many_lines");
        assertThat(w.mediaCount()).isEqualTo(1);
        assertThat(w.lines()).isEqualTo(3);
    }

    /** sdp.too_many_media: the extra m= lines and their attributes are skipped. */
    @Test
    void tooManyMedia() {
        SdpParser p = new SdpParser(64, 1, 8, 2);
        SdpView w = p.newView();
        byte[] b = crlf("v=0", "m=audio 4000 RTP/AVP 0", "a=sendonly", "m=video 4002 RTP/AVP 31", "a=recvonly",
            "c=IN IP4 10.9.9.9");
        assertThat(p.parse(b, 0, b.length, w)).isTrue();
        assertThat(events(w)).containsExactly("sdp.too_many_media");
        assertThat(w.mediaCount()).isEqualTo(1);
        assertThat(w.direction(0)).isEqualTo(SdpView.DIR_SENDONLY);
        assertThat(w.connectionKind(0)).isEqualTo(SdpView.ADDR_NONE);
    }

    /** sdp.too_many_formats: payload types past the cap are not kept. */
    @Test
    void tooManyFormats() {
        SdpParser p = new SdpParser(64, 2, 2, 2);
        SdpView w = p.newView();
        byte[] b = crlf("v=0", "m=audio 4000 RTP/AVP 0 8 18 101", "a=rtpmap:101 telephone-event/8000");
        assertThat(p.parse(b, 0, b.length, w)).isTrue();
        assertThat(events(w)).containsExactly("sdp.too_many_formats");
        assertThat(w.formatCount(0)).isEqualTo(2);
        assertThat(w.payloadType(0, 1)).isEqualTo(8);
    }

    /** sdp.too_many_crypto: a=crypto lines past the cap are not kept. */
    @Test
    void tooManyCrypto() {
        SdpParser p = new SdpParser(64, 2, 8, 1);
        SdpView w = p.newView();
        byte[] b = crlf("v=0", "m=audio 4000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAA",
            "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:BBBB");
        assertThat(p.parse(b, 0, b.length, w)).isTrue();
        assertThat(events(w)).containsExactly("sdp.too_many_crypto");
        assertThat(w.cryptoCount(0)).isEqualTo(1);
        assertThat(w.cryptoSuite(0, 0)).isEqualTo("AES_CM_128_HMAC_SHA1_80");
    }

    // ---------------------------------------------------------------- profiles

    @Test
    void profiles() {
        assertThat(SdpParser.protoFlags(ascii("RTP/AVP"), 0, 7)).isEqualTo(SdpView.PROTO_RTP);
        assertThat(SdpParser.protoFlags(ascii("RTP/AVPF"), 0, 8)).isEqualTo(SdpView.PROTO_RTP | SdpView.PROTO_FEEDBACK);
        assertThat(SdpParser.protoFlags(ascii("RTP/SAVP"), 0, 8)).isEqualTo(SdpView.PROTO_RTP | SdpView.PROTO_SRTP);
        assertThat(SdpParser.protoFlags(ascii("RTP/SAVPF"), 0, 9))
            .isEqualTo(SdpView.PROTO_RTP | SdpView.PROTO_SRTP | SdpView.PROTO_FEEDBACK);
        assertThat(SdpParser.protoFlags(ascii("UDP/TLS/RTP/SAVP"), 0, 16))
            .isEqualTo(SdpView.PROTO_RTP | SdpView.PROTO_SRTP | SdpView.PROTO_DTLS);
        assertThat(SdpParser.protoFlags(ascii("UDP/TLS/RTP/SAVPF"), 0, 17))
            .isEqualTo(SdpView.PROTO_RTP | SdpView.PROTO_SRTP | SdpView.PROTO_DTLS | SdpView.PROTO_FEEDBACK);
        assertThat(SdpParser.protoFlags(ascii("TCP/RTP/AVP"), 0, 11)).isEqualTo(SdpView.PROTO_RTP | SdpView.PROTO_TCP);
        assertThat(SdpParser.protoFlags(ascii("TCP/TLS/MSRP"), 0, 12)).isEqualTo(SdpView.PROTO_TCP);
        assertThat(SdpParser.protoFlags(ascii("udptl"), 0, 5)).isZero();
        assertThat(SdpParser.protoFlags(ascii("rtp/avp"), 0, 7)).isEqualTo(SdpView.PROTO_RTP);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
