package dev.vigil.protocol.arp;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.ethernet.EtherType;
import org.agrona.DirectBuffer;

/**
 * ARP for IPv4 over Ethernet (RFC 826; hardware type 1, or 6 for IEEE 802 with the same
 * layout). Other hardware or protocol types are reported as {@link #UNSUPPORTED} and left alone.
 * Opcodes are values (1 request, 2 reply, RARP, InARP ...).
 */
public final class ArpDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("arp.truncated",
            "The packet ends before the ARP message (8-byte fixed part, 28 bytes for Ethernet/IPv4) does.",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType UNSUPPORTED = DecodeEventType.register("arp.unsupported",
            "An ARP message for other than Ethernet hardware addresses and IPv4 protocol addresses.",
            DecodeEventType.KIND_UNSUPPORTED);

    private final ArpFlyweight arp = new ArpFlyweight();

    public int decode(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int available = ctx.limit(end) - offset;
        if (available < ArpFlyweight.FIXED_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + ArpFlyweight.FIXED_LENGTH, end);
        }
        final ArpFlyweight arp = this.arp.wrap(buffer, offset, available);
        final int hardware = arp.hardwareType();
        if ((hardware != ArpFlyweight.HARDWARE_ETHERNET && hardware != ArpFlyweight.HARDWARE_IEEE802)
                || arp.protocolType() != EtherType.IPV4 || arp.hardwareLength() != 6 || arp.protocolLength() != 4) {
            view.fail(PacketView.STATUS_UNSUPPORTED, UNSUPPORTED);
            return Layer.NONE;
        }
        if (available < ArpFlyweight.ETHERNET_IPV4_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + ArpFlyweight.ETHERNET_IPV4_LENGTH, end);
        }
        view.arp = true;
        view.arpOpcode = arp.opcode();
        view.arpSenderMac = arp.senderMac();
        view.arpSenderIp = arp.senderIp();
        view.arpTargetMac = arp.targetMac();
        view.arpTargetIp = arp.targetIp();
        return Layer.NONE;
    }
}
