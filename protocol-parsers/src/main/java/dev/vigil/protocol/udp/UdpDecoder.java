package dev.vigil.protocol.udp;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;
import org.agrona.DirectBuffer;

/**
 * UDP (RFC 768). The payload is bounded by the UDP length and the captured bytes. A length
 * longer than the IP payload is malformed, except in a first fragment, whose UDP length covers
 * the whole datagram. Datagrams to the VXLAN port (not fragments) are handed to VXLAN.
 */
public final class UdpDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("udp.truncated",
            "The packet ends before the 8-byte UDP header does.", DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_LENGTH = DecodeEventType.register("udp.bad_length",
            "The UDP length is below 8 or longer than the IP payload.", DecodeEventType.KIND_MALFORMED);

    private final UdpFlyweight udp = new UdpFlyweight();

    public int decode(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int available = ctx.limit(end) - offset;
        if (available < UdpFlyweight.HEADER_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + UdpFlyweight.HEADER_LENGTH, end);
        }
        final UdpFlyweight udp = this.udp.wrap(buffer, offset, available);
        view.srcPort = udp.sourcePort();
        view.dstPort = udp.destinationPort();
        view.l4Offset = offset;
        final int length = udp.udpLength();
        int udpEnd = offset + length;
        boolean valid = true;
        if (length < UdpFlyweight.HEADER_LENGTH) {
            view.fail(PacketView.STATUS_MALFORMED, BAD_LENGTH);
            udpEnd = end;
            valid = false;
        } else if (udpEnd > end) {
            if (!view.fragment && !ctx.lengthClamped) {
                view.fail(PacketView.STATUS_MALFORMED, BAD_LENGTH);
                valid = false;
            }
            udpEnd = end;
        }
        final int readable = ctx.limit(udpEnd);
        view.l4Length = readable - offset;
        view.payloadOffset = offset + UdpFlyweight.HEADER_LENGTH;
        view.payloadLength = readable - view.payloadOffset;
        if (valid && view.dstPort == ctx.vxlanPort && !view.fragment) {
            return ctx.next(Layer.VXLAN, offset + UdpFlyweight.HEADER_LENGTH, udpEnd);
        }
        return Layer.NONE;
    }
}
