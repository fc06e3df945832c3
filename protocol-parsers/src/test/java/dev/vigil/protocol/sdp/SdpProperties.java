package dev.vigil.protocol.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Arbitrary and mutated bytes never throw and keep every offset inside the body; address
 * literals parse to the bits they were formatted from; a key never comes out of an accessor.
 */
class SdpProperties {
    private static final byte[] SEED = SdpParserTest.crlf(
        "v=0",
        "o=- 4611731400430051336 2 IN IP6 2001:db8::1",
        "s=-",
        "c=IN IP4 224.2.17.12/127/2",
        "t=0 0",
        "a=fingerprint:sha-256 19:E2:1C:3B",
        "a=recvonly",
        "m=audio 49170/2 RTP/SAVP 0 8 101",
        "c=IN IP6 ::ffff:192.0.2.7",
        "a=rtpmap:101 telephone-event/8000/1",
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4",
        "a=rtcp:49171",
        "a=rtcp-mux",
        "a=setup:actpass",
        "m=video 0 UDP/TLS/RTP/SAVPF 96",
        "a=key-mgmt:mikey AQAFgM0X",
        "m=image 4004 udptl t38");

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

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, SEED.length);
    }

    @Provide
    Arbitrary<String> sdpish() {
        return Arbitraries.strings().withChars("vocmat=:/ .\r\n\t0123456789abcdefINP46RTAVSx;|").ofMaxLength(400);
    }

    @Property(tries = 1000)
    void mutatedNeverThrows(@ForAll("mutated") byte[] b, @ForAll("cuts") int cut) {
        exercise(b, 0, Math.min(cut, b.length));
    }

    @Property(tries = 1000)
    void arbitraryNeverThrows(@ForAll byte[] b) {
        exercise(b, 0, b.length);
    }

    @Property(tries = 500)
    void textNeverThrows(@ForAll("sdpish") String s) {
        byte[] b = ("v=0\r\n" + s).getBytes(StandardCharsets.UTF_8);
        exercise(b, 0, b.length);
    }

    /** Mutated keys never leak: no accessor returns any 8-byte piece of the key in the seed. */
    @Property(tries = 300)
    void keyNeverReturned(@ForAll("mutated") byte[] b) {
        SdpParser p = new SdpParser();
        SdpView v = p.newView();
        p.parse(b, 0, b.length, v);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < v.mediaCount(); i++) {
            for (int k = 0; k < v.cryptoCount(i); k++) {
                all.append(v.cryptoSuite(i, k)).append(' ');
            }
            all.append(v.profile(i)).append(v.mediaType(i)).append(v.connectionAddress(i)).append(v.setup(i))
                .append(v.fingerprintHash(i));
        }
        assertThat(all.toString()).doesNotContain("WVNfX19z").doesNotContain("ZW1jdGwg").doesNotContain("inline");
    }

    /** An IPv6 address formatted with or without "::" parses back to its groups. */
    @Property(tries = 1000)
    void ipv6LiteralsRoundTrip(@ForAll("groups") List<Integer> g, @ForAll boolean compress) {
        String text = format(g, compress);
        byte[] b = SdpParserTest.crlf("v=0", "c=IN IP6 " + text);
        SdpParser p = new SdpParser();
        SdpView v = p.newView();
        p.parse(b, 0, b.length, v);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            if (i < 4) {
                hi = (hi << 16) | g.get(i);
            } else {
                lo = (lo << 16) | g.get(i);
            }
        }
        assertThat(v.connectionKind(SdpView.SESSION)).as(text).isEqualTo(SdpView.ADDR_IP6);
        assertThat(v.connectionHi(SdpView.SESSION)).as(text).isEqualTo(hi);
        assertThat(v.connectionLo(SdpView.SESSION)).as(text).isEqualTo(lo);
    }

    @Property(tries = 500)
    void ipv4LiteralsRoundTrip(@ForAll int addr) {
        long a = addr & 0xFFFF_FFFFL;
        String text = (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        assertThat(SdpParser.ipv4(b, 0, b.length)).isEqualTo(a);
    }

    @Provide
    Arbitrary<List<Integer>> groups() {
        Arbitrary<Integer> group = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
            net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 0xFFFF)));
        return group.list().ofSize(8);
    }

    /** Lower-case hex groups; with compress, the longest run of two or more zero groups becomes "::". */
    private static String format(List<Integer> g, boolean compress) {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8 && compress; ) {
            if (g.get(i) == 0) {
                int j = i;
                while (j < 8 && g.get(j) == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g.get(i)));
        }
        return s.toString();
    }

    private static void exercise(byte[] all, int off, int len) {
        SdpParser p = new SdpParser(32, 2, 4, 1);
        SdpView v = p.newView();
        p.parse(all, off, len, v);
        int end = off + len;
        check(v.originUserOff, v.originUserLen, off, end);
        check(v.originSessionOff, v.originSessionLen, off, end);
        check(v.originAddrOff, v.originAddrLen, off, end);
        for (int l = 0; l <= v.mediaCount(); l++) {
            check(v.connOff[l], v.connLen[l], off, end);
            check(v.fingerprintOff[l], v.fingerprintLen[l], off, end);
            check(v.setupOff[l], v.setupLen[l], off, end);
            for (int k = 0; k < v.cryptoCount[l]; k++) {
                check(v.cryptoSuiteOff[l * v.maxCrypto + k], v.cryptoSuiteLen[l * v.maxCrypto + k], off, end);
            }
        }
        for (int i = 0; i < v.mediaCount(); i++) {
            check(v.mediaTypeOff[i], v.mediaTypeLen[i], off, end);
            check(v.protoOff[i], v.protoLen[i], off, end);
            assertThat(v.formatCount(i)).isBetween(0, v.maxFormats);
            for (int k = 0; k < v.formatCount(i); k++) {
                assertThat(v.payloadType(i, k)).isBetween(0, 127);
                check(v.encodingOff[i * v.maxFormats + k], v.encodingLen[i * v.maxFormats + k], off, end);
                v.encodingName(i, k);
            }
            assertThat(v.port(i)).isBetween(-1, 65535);
            v.mediaType(i);
            v.profile(i);
            v.connectionAddress(i);
            v.fingerprintHash(i);
            v.setup(i);
            v.keying(i);
            v.multicast(i);
            v.unspecified(i);
        }
        v.sessionKeying();
        v.anyFingerprintHash();
        v.originUsername();
        v.originAddress();
    }

    private static void check(int o, int l, int off, int end) {
        if (l == 0) {
            return;
        }
        assertThat(o).isBetween(off, end);
        assertThat(o + l).isBetween(off, end);
    }
}
