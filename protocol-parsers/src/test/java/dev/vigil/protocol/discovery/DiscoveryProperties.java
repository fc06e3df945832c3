package dev.vigil.protocol.discovery;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/** Arbitrary datagrams never throw; strings stay inside the payload, printable, within the caps; heap = direct. */
class DiscoveryProperties {
    private final DiscoveryDecoder decoder = new DiscoveryDecoder(4, 8);

    @Property(tries = 2000)
    void arbitraryPayloads(@ForAll @Size(max = 1500) byte[] payload, @ForAll @IntRange(max = 50) int at,
                           @ForAll @IntRange(max = 100) int missing) {
        byte[] heap = new byte[at + payload.length + 10];
        java.util.Arrays.fill(heap, (byte) 'A');
        System.arraycopy(payload, 0, heap, at, payload.length);
        String a = check(decoder.decode(new UnsafeBuffer(heap), at, payload.length, payload.length + missing),
                at, payload.length);
        ByteBuffer d = ByteBuffer.allocateDirect(heap.length);
        d.put(heap);
        String b = check(decoder.decode(new UnsafeBuffer(d), at, payload.length, payload.length + missing),
                at, payload.length);
        assertThat(b).isEqualTo(a);
    }

    private static String check(DiscoveryView v, int at, int length) {
        StringBuilder sb = new StringBuilder();
        assertThat(v.stringCount()).isLessThanOrEqualTo(4).isLessThanOrEqualTo(v.totalStrings());
        for (int i = 0; i < v.stringCount(); i++) {
            assertThat(v.stringOffset(i)).isGreaterThanOrEqualTo(at);
            assertThat(v.stringOffset(i) + v.stringLength(i)).isLessThanOrEqualTo(at + length);
            assertThat(v.stringLength(i)).isBetween(DiscoveryDecoder.MIN_STRING_LENGTH, 8);
            String s = v.string(i);
            assertThat(s.chars().allMatch(DiscoveryDecoder::isPrintable)).isTrue();
            sb.append(s).append('|');
        }
        for (int i = 0; i < v.eventCount(); i++) {
            sb.append(v.event(i).key());
        }
        return sb.toString();
    }
}
