package dev.vigil.protocol.ntp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
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
 * jqwik properties: arbitrary and mutated datagrams never make the decoder throw, it reads
 * only within the datagram (a direct buffer holding exactly the datagram at an offset decodes
 * alike, without bounds errors), status agrees with the events, the reference id fits its
 * room, and every NTP timestamp maps into 1968..2104.
 */
class NtpDecoderProperties {
    private final NtpDecoder decoder = new NtpDecoder();
    private final NtpDecoder other = new NtpDecoder();
    private final char[] chars = new char[32];

    @Property(tries = 3000)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 120) byte[] datagram, @ForAll long seed) {
        check(datagram, seed);
    }

    @Property(tries = 2000)
    void mutatedMessagesNeverThrow(@ForAll("seeds") byte[] seed, @ForAll long random) {
        Random r = new Random(random);
        byte[] m = seed.clone();
        int flips = r.nextInt(8);
        for (int i = 0; i < flips; i++) {
            int bit = r.nextInt(m.length * 8);
            m[bit >> 3] ^= (byte) (1 << (bit & 7));
        }
        if (r.nextBoolean()) {
            m = Arrays.copyOf(m, r.nextInt(m.length + 1));
        }
        check(m, random);
    }

    @Property(tries = 2000)
    void timestampsMapIntoTheTwoEras(@ForAll long timestamp) {
        Instant t = Instant.ofEpochSecond(0, NtpDecoder.toEpochNanos(timestamp));
        assertThat(t).isAfterOrEqualTo(Instant.parse("1968-01-20T03:14:08Z"))
                .isBefore(Instant.parse("2104-02-26T09:42:24Z"));
    }

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.of(NtpDecoderTest.serverV4(), NtpDecoderTest.clientV3());
    }

    private void check(byte[] datagram, long seed) {
        // exactly the datagram, at an offset: any read past its end throws
        Random r = new Random(seed);
        int at = r.nextInt(16);
        ByteBuffer direct = ByteBuffer.allocateDirect(at + datagram.length);
        direct.position(at);
        direct.put(datagram);
        UnsafeBuffer exact = new UnsafeBuffer(direct);
        int status = decoder.decode(exact, at, datagram.length);
        String a = snapshot(decoder, status);
        int status2 = other.decode(new UnsafeBuffer(datagram), 0, datagram.length);
        assertThat(snapshot(other, status2)).isEqualTo(a);

        assertThat(decoder.hasFlags()).isEqualTo(datagram.length > 0);
        assertThat(status == NtpDecoder.STATUS_OK).isEqualTo(decoder.eventCount() == 0);
        if (decoder.complete()) {
            assertThat(datagram.length).isGreaterThanOrEqualTo(NtpDecoder.headerLength(decoder.flyweight().mode()));
        }
    }

    private String snapshot(NtpDecoder d, int status) {
        StringBuilder s = new StringBuilder().append(status).append(' ').append(d.eventCount());
        if (d.hasFlags()) {
            NtpFlyweight f = d.flyweight();
            s.append(' ').append(f.version()).append(' ').append(f.mode()).append(' ').append(f.leap());
        }
        if (d.complete() && d.flyweight().mode() < NtpFlyweight.MODE_CONTROL) {
            NtpFlyweight f = d.flyweight();
            int n = NtpDecoder.referenceId(f, chars, 0);
            assertThat(n).isLessThanOrEqualTo(15);
            s.append(' ').append(f.stratum()).append(' ').append(f.poll()).append(' ').append(f.precision())
                    .append(' ').append(new String(chars, 0, n)).append(' ').append(f.transmitTimestamp());
        }
        if (d.complete() && d.flyweight().mode() == NtpFlyweight.MODE_CONTROL) {
            s.append(' ').append(d.flyweight().controlOpcode()).append(' ').append(d.flyweight().controlSequence());
        }
        if (d.complete() && d.flyweight().mode() == NtpFlyweight.MODE_PRIVATE) {
            s.append(' ').append(d.flyweight().privateRequestCode()).append(' ').append(d.flyweight().privateItems());
        }
        return s.toString();
    }
}
