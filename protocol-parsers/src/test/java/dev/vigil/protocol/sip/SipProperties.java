package dev.vigil.protocol.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Arbitrary and mutated bytes never throw; offsets stay inside the parsed range. */
class SipProperties {
    private static final byte[] SEED = SipParserTest.crlf(
        "INVITE sip:100@10.0.0.1;user=phone SIP/2.0",
        "v: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK1, SIP/2.0/TCP p.example.com ; branch = z9hG4bK2",
        "f: \"Door \\\"1\\\"\" <sip:door1@10.0.0.2>;tag=19",
        "t: sip:100@10.0.0.1",
        "i: cid",
        "CSeq: 7",
        " INVITE",
        "m: <sip:door1@10.0.0.2>, *",
        "Proxy-Authorization: Digest username=\"u\", realm=\"r\", response=\"x\"",
        "c: application/sdp",
        "l: 9",
        "",
        "v=0\r\ns=-\r\n");

    @Provide
    Arbitrary<byte[]> mutated() {
        return Arbitraries.integers().between(0, SEED.length - 1).list().ofMinSize(1).ofMaxSize(8)
            .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                byte[] b = SEED.clone();
                for (int i = 0; i < positions.size(); i++) {
                    b[positions.get(i)] = values.get(i);
                }
                return b;
            }));
    }

    @Property(tries = 1000)
    void mutatedNeverThrows(@ForAll("mutated") byte[] b, @ForAll("cuts") int cut) {
        exercise(b, Math.min(cut, b.length));
    }

    @Property(tries = 1000)
    void arbitraryNeverThrows(@ForAll byte[] b) {
        exercise(b, b.length);
    }

    private static final byte[] MULTIPART = SipParserTest.crlf(
        "INVITE sip:100@10.0.0.1 SIP/2.0",
        "Call-ID: cid",
        "Content-Type: multipart/mixed;boundary=\"b1\"",
        "",
        "--b1",
        "Content-Type: application/isup",
        "",
        "xx",
        "--b1",
        "Content-Type: application/sdp",
        "",
        "v=0",
        "--b1--",
        "");

    @Provide
    Arbitrary<byte[]> multipart() {
        return Arbitraries.integers().between(0, MULTIPART.length - 1).list().ofMinSize(1).ofMaxSize(6)
            .flatMap(positions -> Arbitraries.of((byte) '-', (byte) '\r', (byte) '\n', (byte) '"', (byte) ';',
                    (byte) 'b', (byte) '1', (byte) 0).list().ofSize(positions.size()).map(values -> {
                        byte[] b = MULTIPART.clone();
                        for (int i = 0; i < positions.size(); i++) {
                            b[positions.get(i)] = values.get(i);
                        }
                        return b;
                    }));
    }

    @Property(tries = 500)
    void multipartNeverThrows(@ForAll("multipart") byte[] b) {
        exercise(b, b.length);
    }

    @Property(tries = 300)
    void textNeverThrows(@ForAll("sipish") String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        exercise(b, b.length);
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, SEED.length);
    }

    @Provide
    Arbitrary<String> sipish() {
        return Arbitraries.strings().withChars("SIP/2.0 :;,<>\"\\\r\n\t=@abtfivml0123456789INVITE").ofMaxLength(300);
    }

    private static void exercise(byte[] all, int len) {
        SipParser p = new SipParser(8, 64, 256, 64);
        SipMessageView v = p.newView();
        int k = SipParser.skipKeepAlive(all, 0, len);
        p.parseDatagram(all, k, len - k, v);
        check(v, k, len);
        int head = p.parseHead(all, k, len - k, v);
        if (head > 0) {
            assertThat(head).isLessThanOrEqualTo(len - k);
            check(v, k, len);
        }
        SipParser.looksLikeSip(all, 0, len);
    }

    private static void check(SipMessageView v, int start, int end) {
        SipNameAddr a = new SipNameAddr();
        SipVia via = new SipVia();
        SipAuthorization auth = new SipAuthorization();
        byte[] b = v.buffer();
        v.method();
        v.uri();
        v.reason();
        v.cseqMethod();
        v.sdpBody();
        assertThat(v.bodyOffset() + v.bodyLength()).isLessThanOrEqualTo(end);
        SipBody body = new SipBody();
        if (body.findSdp(v)) {
            assertThat(body.offset()).isBetween(v.bodyOffset(), v.bodyOffset() + v.bodyLength());
            assertThat(body.offset() + body.length()).isBetween(body.offset(), v.bodyOffset() + v.bodyLength());
        }
        for (int h = 0; h < v.headerCount(); h++) {
            int s = v.valueOffset(h);
            int e = s + v.valueLength(h);
            assertThat(s).isBetween(start, end);
            assertThat(e).isBetween(s, end);
            v.value(v.headerId(h));
            int x = s;
            while (x < e) {
                int y = SipValues.elementEnd(b, x, e);
                assertThat(y).isBetween(x, e);
                if (a.wrap(b, x, y)) {
                    a.displayName();
                    a.uriString();
                    a.tag();
                    a.uri().user();
                    a.uri().host();
                }
                if (via.wrap(b, x, y)) {
                    via.transport();
                    via.sentBy();
                    via.branch();
                }
                y++;
                x = y;
            }
            if (auth.wrap(b, s, e)) {
                auth.scheme();
                auth.realm();
                auth.username();
            }
        }
    }
}
