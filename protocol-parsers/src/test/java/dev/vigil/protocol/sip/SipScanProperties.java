package dev.vigil.protocol.sip;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The word-at-a-time head scan finds the same empty line as a plain octet loop. */
class SipScanProperties {
    @Provide
    Arbitrary<byte[]> lines() {
        // mostly LF, CR and octets whose XOR with LF borrows (0x0B, 0x8A, 0x00, 0xFF)
        return Arbitraries.of((byte) '\n', (byte) '\r', (byte) 'a', (byte) 0x0B, (byte) 0x8A, (byte) 0, (byte) 0xFF,
            (byte) 0x09).array(byte[].class).ofMaxSize(80);
    }

    @Property(tries = 3000)
    void findHeadEndMatchesAPlainScan(@ForAll("lines") byte[] b, @ForAll int seed) {
        int off = b.length == 0 ? 0 : Math.floorMod(seed, b.length);
        int len = b.length - off;
        assertThat(SipParser.findHeadEnd(b, off, len)).isEqualTo(plain(b, off, len));
    }

    private static int plain(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (b[off + i] == '\n') {
                int j = i + 1;
                if (j < len && b[off + j] == '\n') {
                    return j + 1;
                }
                if (j + 1 < len && b[off + j] == '\r' && b[off + j + 1] == '\n') {
                    return j + 2;
                }
            }
        }
        return -1;
    }
}
