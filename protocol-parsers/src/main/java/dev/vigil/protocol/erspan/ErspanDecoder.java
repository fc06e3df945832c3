package dev.vigil.protocol.erspan;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;
import org.agrona.DirectBuffer;

/**
 * ERSPAN type II and III headers (type I has none; {@code GreDecoder} handles it). Checks the
 * version field, records the session id as {@link PacketView#tunnelId} and hands the mirrored
 * frame on. A type III frame type other than Ethernet or IP is a value: not decapsulated.
 */
public final class ErspanDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("erspan.truncated",
            "The packet ends before the ERSPAN header (8 bytes type II, 12 or 20 type III) does.",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_VERSION = DecodeEventType.register("erspan.bad_version",
            "The ERSPAN version field does not match the GRE protocol type (1 for 0x88BE, 2 for 0x22EB).",
            DecodeEventType.KIND_MALFORMED);

    private final ErspanType2Flyweight type2 = new ErspanType2Flyweight();
    private final ErspanType3Flyweight type3 = new ErspanType3Flyweight();

    public int decodeType2(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int available = ctx.limit(end) - offset;
        if (available < ErspanType2Flyweight.HEADER_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + ErspanType2Flyweight.HEADER_LENGTH, end);
        }
        final ErspanType2Flyweight erspan = this.type2.wrap(buffer, offset, available);
        if (erspan.version() != ErspanType2Flyweight.VERSION) {
            view.fail(PacketView.STATUS_MALFORMED, BAD_VERSION);
            return Layer.NONE;
        }
        if (!ctx.enterTunnel(view, PacketView.TUNNEL_ERSPAN2)) {
            return Layer.NONE;
        }
        view.tunnelId = erspan.sessionId();
        return ctx.next(Layer.ETHERNET, offset + ErspanType2Flyweight.HEADER_LENGTH, end);
    }

    public int decodeType3(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int available = ctx.limit(end) - offset;
        if (available < ErspanType3Flyweight.HEADER_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + ErspanType3Flyweight.HEADER_LENGTH, end);
        }
        final ErspanType3Flyweight erspan = this.type3.wrap(buffer, offset, available);
        if (erspan.version() != ErspanType3Flyweight.VERSION) {
            view.fail(PacketView.STATUS_MALFORMED, BAD_VERSION);
            return Layer.NONE;
        }
        final int headerLength = erspan.headerLength();
        if (headerLength > available) {
            return ctx.truncated(view, TRUNCATED, offset + headerLength, end);
        }
        final int frameType = erspan.frameType();
        final int layer;
        if (frameType == ErspanType3Flyweight.FRAME_ETHERNET) {
            layer = Layer.ETHERNET;
        } else if (frameType == ErspanType3Flyweight.FRAME_IP) {
            layer = Layer.IP;
        } else {
            return Layer.NONE;
        }
        final int session = erspan.sessionId();
        if (!ctx.enterTunnel(view, PacketView.TUNNEL_ERSPAN3)) {
            return Layer.NONE;
        }
        view.tunnelId = session;
        return ctx.next(layer, offset + headerLength, end);
    }
}
