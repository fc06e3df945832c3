package dev.vigil.protocol.vlan;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.ethernet.EtherType;
import org.agrona.DirectBuffer;

/**
 * 802.1Q / 802.1ad / old-QinQ tags, one per call, any depth up to the decoder's maximum. The
 * first {@link PacketView#MAX_VLANS} ids are kept outermost first; {@link PacketView#vlanCount}
 * counts every tag seen (tags of an inner Ethernet frame are appended after the outer ones).
 */
public final class VlanDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("vlan.truncated",
            "The frame ends inside an 802.1Q tag.", DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType TOO_DEEP = DecodeEventType.register("vlan.too_deep",
            "More stacked VLAN tags than the decoder's maximum VLAN depth; the rest of the frame is not decoded.",
            DecodeEventType.KIND_OVERFLOW);

    private final VlanTagFlyweight tag = new VlanTagFlyweight();

    public int decode(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int available = ctx.limit(end) - offset;
        if (available < VlanTagFlyweight.LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + VlanTagFlyweight.LENGTH, end);
        }
        final VlanTagFlyweight tag = this.tag.wrap(buffer, offset, available);
        final int n = view.vlanCount++;
        if (n < PacketView.MAX_VLANS) {
            view.vlanIds[n] = tag.vlanId();
        }
        if (++ctx.vlanDepth > ctx.maxVlanDepth) {
            view.fail(PacketView.STATUS_UNSUPPORTED, TOO_DEEP);
            return Layer.NONE;
        }
        return EtherType.dispatch(tag.etherType(), offset + VlanTagFlyweight.LENGTH, end, view, ctx);
    }
}
