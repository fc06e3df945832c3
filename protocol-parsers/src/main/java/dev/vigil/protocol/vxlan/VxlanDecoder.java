package dev.vigil.protocol.vxlan;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;
import org.agrona.DirectBuffer;

/**
 * VXLAN (RFC 7348): the I flag must be set; the VNI becomes {@link PacketView#tunnelId} and the
 * inner Ethernet frame, bounded by the UDP length, is decoded next. Reserved bits are ignored on
 * receipt as the RFC asks.
 */
public final class VxlanDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("vxlan.truncated",
            "The packet ends before the 8-byte VXLAN header does.", DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_FLAGS = DecodeEventType.register("vxlan.bad_flags",
            "A datagram to the VXLAN port without the I flag (valid VNI); not decapsulated.",
            DecodeEventType.KIND_MALFORMED);

    private final VxlanFlyweight vxlan = new VxlanFlyweight();

    public int decode(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int available = ctx.limit(end) - offset;
        if (available < VxlanFlyweight.HEADER_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + VxlanFlyweight.HEADER_LENGTH, end);
        }
        final VxlanFlyweight vxlan = this.vxlan.wrap(buffer, offset, available);
        if ((vxlan.flags() & VxlanFlyweight.FLAG_VNI) == 0) {
            view.fail(PacketView.STATUS_MALFORMED, BAD_FLAGS);
            return Layer.NONE;
        }
        final int vni = vxlan.vni();
        if (!ctx.enterTunnel(view, PacketView.TUNNEL_VXLAN)) {
            return Layer.NONE;
        }
        view.tunnelId = vni;
        return ctx.next(Layer.ETHERNET, offset + VxlanFlyweight.HEADER_LENGTH, end);
    }
}
