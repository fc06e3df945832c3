package dev.vigil.protocol.sll;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.ethernet.EtherType;
import org.agrona.DirectBuffer;

/**
 * Linux cooked captures, v1 (113) and v2 (276). A 6-byte link-layer address is the sender's MAC
 * ({@link PacketView#srcMac}; the destination is not recorded by Linux). The protocol field is an
 * EtherType, except below 0x0600 (802.3/LLC and other Linux special values: etherType 0) and
 * for netlink devices.
 */
public final class SllDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("sll.truncated",
            "The packet ends before the Linux cooked capture header (16 bytes, 20 for SLL2) does.",
            DecodeEventType.KIND_TRUNCATED);

    /** ARPHRD_NETLINK: the protocol field is a netlink family, not an EtherType. */
    public static final int ARPHRD_NETLINK = 824;
    private static final int MIN_ETHER_TYPE = 0x0600;

    private final SllFlyweight sll = new SllFlyweight();
    private final Sll2Flyweight sll2 = new Sll2Flyweight();

    public int decodeV1(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int available = ctx.limit(end) - offset;
        if (available < SllFlyweight.HEADER_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + SllFlyweight.HEADER_LENGTH, end);
        }
        final SllFlyweight sll = this.sll.wrap(buffer, offset, available);
        if (sll.addressLength() == 6) {
            view.hasMac = true;
            view.srcMac = sll.address48();
        }
        return dispatch(sll.protocol(), sll.arphrdType(), offset + SllFlyweight.HEADER_LENGTH, end, view, ctx);
    }

    public int decodeV2(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int available = ctx.limit(end) - offset;
        if (available < Sll2Flyweight.HEADER_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + Sll2Flyweight.HEADER_LENGTH, end);
        }
        final Sll2Flyweight sll = this.sll2.wrap(buffer, offset, available);
        if (sll.addressLength() == 6) {
            view.hasMac = true;
            view.srcMac = sll.address48();
        }
        return dispatch(sll.protocol(), sll.arphrdType(), offset + Sll2Flyweight.HEADER_LENGTH, end, view, ctx);
    }

    private static int dispatch(int protocol, int arphrd, int payload, int end, PacketView view, DecodeContext ctx) {
        if (protocol < MIN_ETHER_TYPE || arphrd == ARPHRD_NETLINK) {
            final int limit = ctx.limit(end);
            view.etherType = 0;
            view.l3Offset = payload;
            view.l3Length = limit > payload ? limit - payload : 0;
            return Layer.NONE;
        }
        return EtherType.dispatch(protocol, payload, end, view, ctx);
    }
}
