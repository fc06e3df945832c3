package dev.vigil.protocol.pppoe;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;
import org.agrona.DirectBuffer;

/**
 * PPPoE session stage (RFC 2516): checks version/type and code, bounds the PPP frame by the
 * PPPoE length (Ethernet padding excluded) and hands it to PPP. Discovery (0x8863) is not
 * decoded: it is an EtherType value.
 */
public final class PppoeDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("pppoe.truncated",
            "The packet ends before the PPPoE header, or the payload its length declares, does.",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_HEADER = DecodeEventType.register("pppoe.bad_header",
            "A PPPoE session packet whose version/type is not 1/1 or whose code is not 0.",
            DecodeEventType.KIND_MALFORMED);

    private final PppoeFlyweight pppoe = new PppoeFlyweight();

    public int decode(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int limit = ctx.limit(end);
        final int available = limit - offset;
        if (available < PppoeFlyweight.HEADER_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + PppoeFlyweight.HEADER_LENGTH, end);
        }
        final PppoeFlyweight pppoe = this.pppoe.wrap(buffer, offset, available);
        if (pppoe.versionType() != PppoeFlyweight.VERSION_TYPE || pppoe.code() != PppoeFlyweight.CODE_SESSION_DATA) {
            view.fail(PacketView.STATUS_MALFORMED, BAD_HEADER);
            return Layer.NONE;
        }
        int pppEnd = offset + PppoeFlyweight.HEADER_LENGTH + pppoe.payloadLength();
        if (pppEnd > limit) {
            ctx.truncated(view, TRUNCATED, pppEnd, end);
            if (pppEnd > end) {
                pppEnd = end;
            }
        }
        return ctx.next(Layer.PPP, offset + PppoeFlyweight.HEADER_LENGTH, pppEnd);
    }
}
