package dev.vigil.protocol.ethernet;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;

/**
 * EtherType values the decoder follows (https://www.iana.org/assignments/ieee-802-numbers) and
 * the dispatch shared by Ethernet, VLAN tags, Linux cooked headers and GRE. Any other type is a
 * value: it is recorded in {@link PacketView#etherType}, decoding stops, status stays OK.
 */
public final class EtherType {
    public static final int IPV4 = 0x0800;
    public static final int ARP = 0x0806;
    public static final int VLAN = 0x8100;
    public static final int QINQ = 0x88A8;
    /** Pre-standard QinQ tag used by some switches. */
    public static final int QINQ_OLD = 0x9100;
    public static final int IPV6 = 0x86DD;
    public static final int PPPOE_DISCOVERY = 0x8863;
    public static final int PPPOE_SESSION = 0x8864;
    public static final int LLDP = 0x88CC;
    /** GRE protocol types that are not EtherTypes of a frame: bridged Ethernet, ERSPAN, PPP. */
    public static final int TRANSPARENT_ETHERNET_BRIDGING = 0x6558;
    public static final int ERSPAN_TYPE2 = 0x88BE;
    public static final int ERSPAN_TYPE3 = 0x22EB;
    public static final int PPP = 0x880B;

    private EtherType() {
    }

    /**
     * Records the type and where the next layer starts, and returns that layer. A value below
     * 0x0600 is an IEEE 802.3 length: the LLC PDU is bounded by it and {@code etherType} is 0.
     */
    public static int dispatch(int type, int payloadOffset, int end, PacketView view, DecodeContext ctx) {
        final int limit = ctx.limit(end);
        view.l3Offset = payloadOffset;
        view.l3Length = limit > payloadOffset ? limit - payloadOffset : 0;
        if (type < EthernetFlyweight.MIN_ETHER_TYPE) {
            view.etherType = 0;
            if (type < view.l3Length) {
                view.l3Length = type;
            }
            return Layer.NONE;
        }
        view.etherType = type;
        switch (type) {
            case IPV4:
                return ctx.next(Layer.IPV4, payloadOffset, end);
            case IPV6:
                return ctx.next(Layer.IPV6, payloadOffset, end);
            case VLAN:
            case QINQ:
            case QINQ_OLD:
                return ctx.next(Layer.VLAN, payloadOffset, end);
            case ARP:
                return ctx.next(Layer.ARP, payloadOffset, end);
            case PPPOE_SESSION:
                return ctx.next(Layer.PPPOE, payloadOffset, end);
            default:
                return Layer.NONE;
        }
    }
}
