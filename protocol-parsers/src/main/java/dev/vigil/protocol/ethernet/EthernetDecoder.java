package dev.vigil.protocol.ethernet;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.PacketView;
import org.agrona.DirectBuffer;

/**
 * Ethernet II and IEEE 802.3 frames (LINKTYPE_ETHERNET, and the inner frame of VXLAN, GRE
 * transparent bridging and ERSPAN). Sets the MAC addresses and hands the EtherType to
 * {@link EtherType#dispatch}. The FCS, when a capture kept it, is left to the IP length bounds.
 */
public final class EthernetDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("ethernet.truncated",
            "The frame ends before the 14-byte Ethernet header does.", DecodeEventType.KIND_TRUNCATED);

    private final EthernetFlyweight eth = new EthernetFlyweight();

    public int decode(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int available = ctx.limit(end) - offset;
        if (available < EthernetFlyweight.HEADER_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + EthernetFlyweight.HEADER_LENGTH, end);
        }
        final EthernetFlyweight eth = this.eth.wrap(buffer, offset, available);
        view.hasMac = true;
        view.dstMac = eth.destination();
        view.srcMac = eth.source();
        ctx.vlanDepth = 0;
        return EtherType.dispatch(eth.etherType(), offset + EthernetFlyweight.HEADER_LENGTH, end, view, ctx);
    }
}
