package dev.vigil.protocol.ssdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * jqwik properties: arbitrary and mutated datagrams never make the parser throw, every offset
 * it reports lies inside the datagram, and a direct buffer holding exactly the datagram parses
 * alike to a heap copy.
 */
class SsdpParserProperties {
    private final SsdpParser parser = new SsdpParser();
    private final SsdpParser other = new SsdpParser();

    @Property(tries = 3000)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 300) byte[] datagram, @ForAll long seed) {
        check(datagram, seed);
    }

    @Property(tries = 3000)
    void mutatedMessagesNeverThrow(@ForAll("seeds") String seed, @ForAll long random) {
        Random r = new Random(random);
        byte[] m = seed.getBytes(StandardCharsets.ISO_8859_1);
        int flips = r.nextInt(10);
        for (int i = 0; i < flips; i++) {
            int at = r.nextInt(m.length);
            m[at] = (byte) "\r\n: \t*A/1x\u0000".charAt(r.nextInt(11));
        }
        if (r.nextBoolean()) {
            m = Arrays.copyOf(m, r.nextInt(m.length + 1));
        }
        check(m, random);
    }

    @Provide
    Arbitrary<String> seeds() {
        return Arbitraries.of(SsdpParserTest.NOTIFY, SsdpParserTest.SEARCH, SsdpParserTest.RESPONSE);
    }

    private void check(byte[] m, long seed) {
        int at = new Random(seed).nextInt(16);
        ByteBuffer direct = ByteBuffer.allocateDirect(at + m.length);
        direct.position(at);
        direct.put(m);
        parser.parse(new UnsafeBuffer(direct), at, m.length);
        String a = snapshot(parser, at, m.length);
        other.parse(new UnsafeBuffer(m), 0, m.length);
        assertThat(snapshot(other, 0, m.length)).isEqualTo(a);
    }

    private String snapshot(SsdpParser p, int base, int length) {
        StringBuilder s = new StringBuilder().append(p.status()).append(' ').append(p.eventCount())
                .append(p.isRequest()).append(p.isResponse()).append(p.statusCode());
        if (p.isRequest()) {
            inside(p.methodOffset() - base, p.methodLength(), length);
            inside(p.uriOffset() - base, p.uriLength(), length);
            s.append(p.methodOffset() - base).append(',').append(p.uriLength());
        }
        for (int h = 0; h < SsdpParser.KNOWN_HEADERS; h++) {
            if (p.has(h)) {
                inside(p.valueOffset(h) - base, p.valueLength(h), length);
                s.append(' ').append(h).append('@').append(p.valueOffset(h) - base).append('+').append(p.valueLength(h));
            }
        }
        return s.toString();
    }

    private static void inside(int offset, int len, int length) {
        assertThat(offset).isBetween(0, length);
        assertThat(len).isBetween(0, length - offset);
    }
}
