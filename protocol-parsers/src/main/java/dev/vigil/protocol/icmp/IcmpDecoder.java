package dev.vigil.protocol.icmp;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;
import org.agrona.DirectBuffer;

/**
 * ICMP (RFC 792) and ICMPv6 (RFC 4443): type and code (values, not checked against a list), the
 * payload after the 8-byte header. The packet quoted by an error message is not decoded.
 */
public final class IcmpDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("icmp.truncated",
            "The packet ends before the 8-byte ICMP header does.", DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType V6_TRUNCATED = DecodeEventType.register("icmpv6.truncated",
            "The packet ends before the 8-byte ICMPv6 header does.", DecodeEventType.KIND_TRUNCATED);

    private final IcmpFlyweight icmp = new IcmpFlyweight();

    public int decodeV4(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        return decode(buffer, offset, end, view, ctx, TRUNCATED);
    }

    public int decodeV6(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        return decode(buffer, offset, end, view, ctx, V6_TRUNCATED);
    }

    private int decode(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx,
                       DecodeEventType truncated) {
        final int available = ctx.limit(end) - offset;
        if (available < IcmpFlyweight.HEADER_LENGTH) {
            if (available >= 2) {
                // Type and code are there: a partial message still says what it was.
                icmp.wrap(buffer, offset, available);
                view.icmpType = icmp.type();
                view.icmpCode = icmp.code();
            }
            return ctx.truncated(view, truncated, offset + IcmpFlyweight.HEADER_LENGTH, end);
        }
        final IcmpFlyweight icmp = this.icmp.wrap(buffer, offset, available);
        view.icmpType = icmp.type();
        view.icmpCode = icmp.code();
        view.l4Offset = offset;
        view.l4Length = available;
        view.payloadOffset = offset + IcmpFlyweight.HEADER_LENGTH;
        view.payloadLength = available - IcmpFlyweight.HEADER_LENGTH;
        return Layer.NONE;
    }
}
