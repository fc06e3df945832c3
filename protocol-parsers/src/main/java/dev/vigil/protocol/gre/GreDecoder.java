package dev.vigil.protocol.gre;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.ethernet.EtherType;
import org.agrona.DirectBuffer;

/**
 * GRE (RFC 2784, RFC 2890; PPTP's enhanced GRE, RFC 2637). Records protocol type, key and
 * sequence number, sets the transport offsets to the GRE header (so a GRE packet that is not
 * decapsulated still shows its payload), then decapsulates: 0x0800/0x86DD inner IP, 0x6558
 * bridged Ethernet, 0x88BE ERSPAN type II (type I when the sequence bit is clear: Ethernet
 * directly), 0x22EB ERSPAN type III, 0x880B PPP (version 1). Other protocol types are values.
 */
public final class GreDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("gre.truncated",
            "The packet ends before the GRE header, with the optional fields its flags announce, does.",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_VERSION = DecodeEventType.register("gre.bad_version",
            "The GRE version is neither 0 (RFC 2784) nor 1 (PPTP).", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_FLAGS = DecodeEventType.register("gre.bad_flags",
            "GRE flags contradict the version: routing present (RFC 1701, deprecated by RFC 2784), or a version 1 header"
                    + " without key or with checksum/routing.", DecodeEventType.KIND_MALFORMED);

    private final GreFlyweight gre = new GreFlyweight();

    public int decode(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int available = ctx.limit(end) - offset;
        if (available < GreFlyweight.MIN_HEADER_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + GreFlyweight.MIN_HEADER_LENGTH, end);
        }
        final GreFlyweight gre = this.gre.wrap(buffer, offset, available);
        final int flags = gre.flagsVersion();
        final int version = flags & GreFlyweight.VERSION_MASK;
        if (version > 1) {
            view.fail(PacketView.STATUS_MALFORMED, BAD_VERSION);
            return Layer.NONE;
        }
        if ((flags & GreFlyweight.FLAG_ROUTING) != 0
                || (version == 1 && ((flags & GreFlyweight.FLAG_CHECKSUM) != 0 || (flags & GreFlyweight.FLAG_KEY) == 0))) {
            view.fail(PacketView.STATUS_MALFORMED, BAD_FLAGS);
            return Layer.NONE;
        }
        final int headerLength = GreFlyweight.headerLength(flags);
        if (headerLength > available) {
            return ctx.truncated(view, TRUNCATED, offset + headerLength, end);
        }
        final int protocol = gre.protocolType();
        final boolean hasKey = (flags & GreFlyweight.FLAG_KEY) != 0;
        final boolean hasSequence = (flags & GreFlyweight.FLAG_SEQUENCE) != 0;
        view.greProtocol = protocol;
        view.greKey = hasKey ? gre.key() : -1;
        view.greSeq = hasSequence ? gre.sequence() : -1;
        view.l4Offset = offset;
        view.l4Length = available;
        view.payloadOffset = offset + headerLength;
        view.payloadLength = available - headerLength;

        final int inner = offset + headerLength;
        if (version == 1) {
            if (protocol != EtherType.PPP || !ctx.enterTunnel(view, PacketView.TUNNEL_GRE)) {
                return Layer.NONE;
            }
            view.tunnelId = gre.callId();
            return ctx.next(Layer.PPP, inner, end);
        }
        final int layer;
        int tunnelType = PacketView.TUNNEL_GRE;
        switch (protocol) {
            case EtherType.IPV4:
                layer = Layer.IPV4;
                break;
            case EtherType.IPV6:
                layer = Layer.IPV6;
                break;
            case EtherType.TRANSPARENT_ETHERNET_BRIDGING:
                layer = Layer.ETHERNET;
                break;
            case EtherType.ERSPAN_TYPE2:
                if (hasSequence) {
                    // ERSPAN decodes its header and enters the tunnel itself.
                    return ctx.next(Layer.ERSPAN2, inner, end);
                }
                layer = Layer.ETHERNET;
                tunnelType = PacketView.TUNNEL_ERSPAN1;
                break;
            case EtherType.ERSPAN_TYPE3:
                return ctx.next(Layer.ERSPAN3, inner, end);
            default:
                return Layer.NONE;
        }
        if (!ctx.enterTunnel(view, tunnelType)) {
            return Layer.NONE;
        }
        view.tunnelId = hasKey ? (int) view.greKey : -1;
        return ctx.next(layer, inner, end);
    }
}
