package dev.vigil.sensor.app.lldp;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.lldp.LldpConfig;
import dev.vigil.protocol.lldp.LldpDecoder;
import dev.vigil.protocol.lldp.LldpMessage;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.FrameDecoder;
import dev.vigil.sensor.pipeline.PacketSlot;

/**
 * LLDP (IEEE 802.1AB) frames, EtherType 0x88CC: one {@code vigil.lldp} event per LLDPDU that
 * has at least one TLV (what a switch or device says about itself: chassis, port, name,
 * description, capabilities, management addresses, VLANs, LLDP-MED voice policy and
 * inventory), plus the decoder's decode events. Written by {@link LldpLogger}.
 */
public final class LldpFrameDecoder implements FrameDecoder {
    public static final String PROTOCOL = "lldp";
    public static final String DATASET = "vigil.lldp";

    private final LldpDecoder decoder;

    public LldpFrameDecoder() {
        this(LldpConfig.DEFAULT);
    }

    public LldpFrameDecoder(LldpConfig config) {
        this.decoder = new LldpDecoder(config);
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public boolean onFrame(AppContext ctx, PacketSlot slot) {
        PacketView v = slot.view;
        if (v.etherType != LldpDecoder.ETHER_TYPE || v.l3Offset < 0) {
            return false;
        }
        LldpMessage m = decoder.decode(slot.buffer, v.l3Offset, v.l3Length, cut(v));
        for (DecodeEventType t : m.events) {
            ctx.decodeEvent(t, slot);
        }
        if (m.tlvs > 0) {
            LldpLogger.write(ctx, slot, m);
        }
        return true;
    }

    /**
     * True when the capture kept less of the frame than the wire carried and the PDU reaches the
     * end of what was kept: its real end is unknown.
     */
    static boolean cut(PacketView v) {
        return v.originalLength > v.capturedLength
                && v.l3Offset + v.l3Length >= v.frameOffset + v.capturedLength;
    }
}
