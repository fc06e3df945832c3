package dev.vigil.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;

import dev.vigil.protocol.PacketDecoder;
import dev.vigil.protocol.PacketView;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What must hold for any input: decoding never throws, every offset and length in the view stays
 * inside the captured packet, and the result does not depend on the buffer kind, on where the
 * packet sits in it, or on the stale bytes after it. Used by the jqwik properties and by a plain
 * seeded fuzz loop.
 */
public final class DecoderInvariants {
    /** Link types tried for arbitrary bytes: every supported one and an unsupported one. */
    public static final int[] LINK_TYPES = {0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 147};

    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketView view = new PacketView();
    private final PacketView other = new PacketView();

    /** Checks every invariant for one packet; {@code originalLength} may exceed the frame (snaplen). */
    public void check(byte[] frame, int linkType, int originalLength, long seed) {
        UnsafeBuffer heap = new UnsafeBuffer(frame);
        decoder.decode(heap, 0, frame.length, originalLength, linkType, view);
        assertInBounds(view, 0, frame.length);
        Map<String, Object> expected = ViewSnapshot.of(view);

        // the same bytes in a direct buffer, at an odd offset, followed by stale bytes
        Random r = new Random(seed);
        int at = 1 + r.nextInt(31);
        ByteBuffer direct = ByteBuffer.allocateDirect(at + frame.length + 64);
        byte[] junk = new byte[direct.capacity()];
        r.nextBytes(junk);
        direct.put(junk).clear();
        UnsafeBuffer slot = new UnsafeBuffer(direct);
        slot.putBytes(at, frame);
        decoder.decode(slot, at, frame.length, originalLength, linkType, other);
        assertInBounds(other, at, frame.length);
        assertThat(ViewSnapshot.of(other)).isEqualTo(expected);
    }

    public static void assertInBounds(PacketView v, int offset, int capturedLength) {
        int end = offset + capturedLength;
        assertThat(v.status).isBetween(PacketView.STATUS_OK, PacketView.STATUS_UNSUPPORTED);
        assertThat(v.eventCount).isBetween(0, PacketView.MAX_EVENTS);
        assertThat(v.eventCount == 0).isEqualTo(v.status == PacketView.STATUS_OK);
        assertThat(v.tunnelDepth).isBetween(0, PacketDecoder.MAX_TUNNEL_DEPTH);
        assertThat(v.vlanCount).isBetween(0, (PacketDecoder.MAX_VLAN_DEPTH + 1) * (PacketDecoder.MAX_TUNNEL_DEPTH + 1));
        assertRange("l3", v.l3Offset, v.l3Length, offset, end);
        assertRange("l4", v.l4Offset, v.l4Length, offset, end);
        assertThat(v.payloadLength).as("payloadLength").isGreaterThanOrEqualTo(0);
        if (v.payloadLength > 0) {
            assertRange("payload", v.payloadOffset, v.payloadLength, offset, end);
        }
        if (v.l4Offset >= 0) {
            assertThat(v.l3Offset).isBetween(offset, v.l4Offset);
        }
    }

    private static void assertRange(String what, int at, int length, int offset, int end) {
        if (at < 0) {
            assertThat(at).as(what + "Offset").isEqualTo(-1);
            return;
        }
        assertThat(at).as(what + "Offset").isBetween(offset, end);
        assertThat(length).as(what + "Length").isBetween(0, end - at);
    }

    /** Flips {@code flips} random bits and cuts the frame at a random length (sometimes not at all). */
    public static byte[] mutate(byte[] frame, Random r) {
        byte[] m = frame.clone();
        int flips = r.nextInt(9);
        for (int i = 0; i < flips && m.length > 0; i++) {
            int bit = r.nextInt(m.length * 8);
            m[bit >>> 3] ^= (byte) (1 << (bit & 7));
        }
        if (r.nextInt(3) == 0 && m.length > 0) {
            m = java.util.Arrays.copyOf(m, r.nextInt(m.length + 1));
        }
        return m;
    }
}
