package dev.vigil.protocol.ppp;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;
import org.agrona.DirectBuffer;

/**
 * PPP inside PPTP's GRE and PPPoE: skips address/control when present, reads the (possibly
 * compressed) protocol and hands IPv4 (0x0021) and IPv6 (0x0057) on. Other protocols (LCP, IPCP,
 * compressed data ...) are values.
 */
public final class PppDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("ppp.truncated",
            "The packet ends before the PPP protocol field does.", DecodeEventType.KIND_TRUNCATED);

    private final PppFlyweight ppp = new PppFlyweight();

    public int decode(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int available = ctx.limit(end) - offset;
        final PppFlyweight ppp = this.ppp.wrap(buffer, offset, available);
        int pos = available >= 2 && ppp.hasAddressControl() ? 2 : 0;
        if (pos + 1 > available) {
            return ctx.truncated(view, TRUNCATED, offset + pos + 1, end);
        }
        int protocol = ppp.byteAt(pos);
        if ((protocol & 1) != 0) {
            pos += 1;
        } else {
            if (pos + 2 > available) {
                return ctx.truncated(view, TRUNCATED, offset + pos + 2, end);
            }
            protocol = ppp.uint16At(pos);
            pos += 2;
        }
        switch (protocol) {
            case PppFlyweight.PROTOCOL_IPV4:
                return ctx.next(Layer.IPV4, offset + pos, end);
            case PppFlyweight.PROTOCOL_IPV6:
                return ctx.next(Layer.IPV6, offset + pos, end);
            default:
                return Layer.NONE;
        }
    }
}
