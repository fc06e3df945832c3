package dev.vigil.protocol.sctp;

import static dev.vigil.protocol.testing.Frames.eth;
import static dev.vigil.protocol.testing.Frames.ipv4;
import static dev.vigil.protocol.testing.Frames.sctp;
import static dev.vigil.protocol.testing.Hex.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.LinkType;
import dev.vigil.protocol.PacketDecoder;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.testing.DecoderInvariants;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Arbitrary chunk bytes behind a real SCTP common header: decoding never throws, offsets stay in
 * the packet (heap and direct buffers alike), the chunk walk never passes the IP datagram, and the
 * payload, when there is one, lies inside the first DATA chunk's bounds.
 */
class SctpProperties {
    private final DecoderInvariants invariants = new DecoderInvariants();
    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketView v = new PacketView();

    @Property(tries = 3000)
    void arbitraryChunks(@ForAll @Size(max = 300) byte[] chunks, @ForAll @IntRange(max = 64) int cut,
                         @ForAll @IntRange(min = -8, max = 8) int lengthSkew, @ForAll long seed) {
        byte[] body = concat(sctp(5060, 5060), chunks);
        byte[] frame = concat(eth(0x0800), ipv4(132, Math.max(0, 20 + body.length + lengthSkew)), body);
        int captured = Math.max(0, frame.length - cut);
        byte[] packet = java.util.Arrays.copyOf(frame, captured);
        invariants.check(packet, LinkType.ETHERNET, frame.length, seed);

        decoder.decode(new UnsafeBuffer(packet), 0, packet.length, frame.length, LinkType.ETHERNET, v);
        assertThat(v.sctpChunkCount).isBetween(0, SctpDecoder.MAX_CHUNKS);
        assertThat(v.sctpDataCount).isBetween(0, v.sctpChunkCount);
        if (v.payloadLength > 0) {
            assertThat(v.sctpDataCount).isPositive();
            assertThat(v.payloadOffset).isGreaterThanOrEqualTo(14 + 20 + 12 + SctpChunkFlyweight.DATA_HEADER_LENGTH);
            assertThat(v.payloadOffset + v.payloadLength).isLessThanOrEqualTo(packet.length);
        }
    }
}
