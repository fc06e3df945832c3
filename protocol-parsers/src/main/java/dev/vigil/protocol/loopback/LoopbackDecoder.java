package dev.vigil.protocol.loopback;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.ethernet.EtherType;
import org.agrona.DirectBuffer;

/**
 * BSD NULL (host byte order, detected by value) and OpenBSD LOOP (network order) headers. The
 * address family is mapped to the matching EtherType in {@link PacketView#etherType}; an unknown
 * family is a value (etherType 0, status OK).
 */
public final class LoopbackDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("loopback.truncated",
            "The packet ends before the 4-byte loopback address family does.", DecodeEventType.KIND_TRUNCATED);

    private final LoopbackFlyweight lo = new LoopbackFlyweight();

    /** LINKTYPE_NULL. */
    public int decodeNull(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int available = ctx.limit(end) - offset;
        if (available < LoopbackFlyweight.HEADER_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + LoopbackFlyweight.HEADER_LENGTH, end);
        }
        return dispatch(lo.wrap(buffer, offset, available).familyAnyOrder(), offset, end, view, ctx);
    }

    /** LINKTYPE_LOOP. */
    public int decodeLoop(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int available = ctx.limit(end) - offset;
        if (available < LoopbackFlyweight.HEADER_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + LoopbackFlyweight.HEADER_LENGTH, end);
        }
        return dispatch(lo.wrap(buffer, offset, available).familyBigEndian(), offset, end, view, ctx);
    }

    private static int dispatch(int family, int offset, int end, PacketView view, DecodeContext ctx) {
        final int payload = offset + LoopbackFlyweight.HEADER_LENGTH;
        final int limit = ctx.limit(end);
        view.l3Offset = payload;
        view.l3Length = limit - payload;
        switch (family) {
            case LoopbackFlyweight.AF_INET:
                view.etherType = EtherType.IPV4;
                return ctx.next(Layer.IPV4, payload, end);
            case LoopbackFlyweight.AF_INET6_BSD:
            case LoopbackFlyweight.AF_INET6_FREEBSD:
            case LoopbackFlyweight.AF_INET6_DARWIN:
                view.etherType = EtherType.IPV6;
                return ctx.next(Layer.IPV6, payload, end);
            default:
                view.etherType = 0;
                return Layer.NONE;
        }
    }
}
