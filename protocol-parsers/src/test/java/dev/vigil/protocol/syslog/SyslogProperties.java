package dev.vigil.protocol.syslog;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arbitrary and mutated messages never make the syslog parser or framer throw; every field lies
 * inside the message; heap and direct buffers agree.
 */
class SyslogProperties {
    private static final String[] SEEDS = {
        "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed",
        "<165>1 2003-10-11T22:14:15.003Z host evntslog - ID47 [exampleSDID@32473 iut=\"3\" x=\"\\]\"][b@1] msg",
        "<34>Oct 11 22:14:15 mymachine su[12]: 'su root' failed",
        "<133>Apr  5 12:56:51 robin: Hello, syslog!\0",
    };

    private final SyslogParser parser = new SyslogParser();

    @Provide
    Arbitrary<byte[]> mutated() {
        return Arbitraries.of(SEEDS).flatMap(s -> Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            for (int i = 0, n = 1 + r.nextInt(4); i < n && b.length > 0; i++) {
                switch (r.nextInt(3)) {
                    case 0 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    case 1 -> b[r.nextInt(b.length)] = (byte) " []\"\\<>-:\n".charAt(r.nextInt(10));
                    default -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
                }
            }
            return b;
        }));
    }

    @Property(tries = 2000)
    void arbitraryBytes(@ForAll @Size(max = 300) byte[] b, @ForAll @IntRange(max = 30) int at) {
        check(b, at);
    }

    @Property(tries = 2000)
    void mutatedMessages(@ForAll("mutated") byte[] b, @ForAll @IntRange(max = 30) int at) {
        check(b, at);
    }

    private void check(byte[] b, int at) {
        byte[] heap = new byte[at + b.length + 8];
        java.util.Arrays.fill(heap, (byte) '[');
        System.arraycopy(b, 0, heap, at, b.length);
        String x = snapshot(parser.parse(new UnsafeBuffer(heap), at, b.length), at, b.length);
        ByteBuffer d = ByteBuffer.allocateDirect(heap.length);
        d.put(heap);
        String y = snapshot(parser.parse(new UnsafeBuffer(d), at, b.length), at, b.length);
        assertThat(y).isEqualTo(x);
    }

    private static String snapshot(SyslogView v, int at, int length) {
        for (int f = 0; f < 7; f++) {
            if (v.fieldLength(f) >= 0) {
                assertThat(v.fieldOffset(f)).isGreaterThanOrEqualTo(at);
                assertThat(v.fieldOffset(f) + v.fieldLength(f)).isLessThanOrEqualTo(at + length);
            }
        }
        assertThat(v.priority()).isBetween(-1, 191);
        StringBuilder sb = new StringBuilder().append(v.format()).append(v.priority()).append('|')
                .append(v.timestamp()).append('|').append(v.hostname()).append('|').append(v.appname()).append('|')
                .append(v.procid()).append('|').append(v.msgid()).append('|').append(v.structuredData(50))
                .append('|').append(v.message(33)).append('|').append(v.message());
        for (int i = 0; i < v.eventCount(); i++) {
            sb.append(v.event(i).key());
        }
        return sb.toString();
    }

    @Property(tries = 500)
    void framerNeverThrowsAndHoldsAtMostItsCap(@ForAll @Size(max = 3000) byte[] stream, @ForAll long seed) {
        Random r = new Random(seed);
        SyslogStreamFramer f = new SyslogStreamFramer(480).reset(new SyslogStreamFramer.Sink() {
            @Override
            public void onMessage(DirectBuffer buffer, int offset, int length, int messageLength, int framing,
                                  boolean incomplete) {
                assertThat(length).isBetween(0, 480).isLessThanOrEqualTo(messageLength);
            }

            @Override
            public void onFramingError(dev.vigil.protocol.DecodeEventType type) {
            }
        });
        UnsafeBuffer buf = new UnsafeBuffer(stream);
        for (int p = 0; p < stream.length; ) {
            int n = Math.min(stream.length - p, 1 + r.nextInt(200));
            if (r.nextInt(10) == 0) {
                f.onGap(1 + r.nextInt(100));
            }
            f.onData(buf, p, n);
            p += n;
        }
        f.flush();
    }
}
