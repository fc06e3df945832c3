package dev.vigil.protocol.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
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
 * jqwik properties: arbitrary and mutated messages never make the decoder throw; it reads only
 * within the message (a direct buffer holding exactly the message at an offset decodes alike
 * to a heap copy), offsets it reports stay inside the message, names stay within 255 octets,
 * and status agrees with the events.
 */
class DnsDecoderProperties {
    private final DnsDecoder decoder = new DnsDecoder();
    private final DnsDecoder other = new DnsDecoder();
    private final byte[] name = new byte[DnsDecoder.MAX_NAME_TEXT];

    @Property(tries = 3000)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 200) byte[] message, @ForAll long seed) {
        check(message, seed);
    }

    @Property(tries = 3000)
    void mutatedMessagesNeverThrow(@ForAll("seeds") byte[] seed, @ForAll long random) {
        Random r = new Random(random);
        byte[] m = seed.clone();
        int flips = r.nextInt(10);
        for (int i = 0; i < flips; i++) {
            int at = r.nextInt(m.length);
            if (r.nextBoolean()) {
                m[at] ^= (byte) (1 << r.nextInt(8));
            } else {
                m[at] = (byte) (r.nextBoolean() ? 0xC0 | r.nextInt(64) : r.nextInt(256));
            }
        }
        if (r.nextInt(4) == 0) {
            m = Arrays.copyOf(m, r.nextInt(m.length + 1));
        }
        check(m, random);
    }

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.of(DnsDecoderTest.query(), DnsDecoderTest.response());
    }

    private void check(byte[] message, long seed) {
        int at = new Random(seed).nextInt(16);
        ByteBuffer direct = ByteBuffer.allocateDirect(at + message.length);
        direct.position(at);
        direct.put(message);
        int status = decoder.decode(new UnsafeBuffer(direct), at, message.length);
        String a = snapshot(decoder, status, message.length);
        int status2 = other.decode(new UnsafeBuffer(message), 0, message.length);
        assertThat(snapshot(other, status2, message.length)).isEqualTo(a);
        assertThat(status == DnsDecoder.STATUS_OK)
                .isEqualTo(decoder.eventCount() == 0 || decoder.event(0) == DnsDecoder.TOO_MANY_RECORDS);
        assertThat(decoder.hasHeader()).isEqualTo(message.length >= 12);
    }

    private String snapshot(DnsDecoder d, int status, int length) {
        StringBuilder s = new StringBuilder().append(status).append(' ').append(d.eventCount());
        for (int i = 0; i < d.eventCount(); i++) {
            s.append(' ').append(d.event(i).key());
        }
        if (d.hasHeader()) {
            s.append(' ').append(d.header().id()).append(' ').append(d.header().flags());
        }
        for (int i = 0; i < d.questions(); i++) {
            int n = d.name(d.questionName(i), name);
            assertThat(n).isBetween(0, 254);
            s.append(' ').append(new String(name, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        for (int i = 0; i < d.records(); i++) {
            assertThat(d.recordData(i) + d.recordDataLength(i)).isLessThanOrEqualTo(length);
            int n = d.name(d.recordName(i), name);
            assertThat(n).isBetween(0, 254);
            s.append(' ').append(d.recordType(i)).append(' ').append(d.recordTtl(i)).append(' ')
                    .append(d.rdataValid(i));
        }
        return s.toString();
    }
}
