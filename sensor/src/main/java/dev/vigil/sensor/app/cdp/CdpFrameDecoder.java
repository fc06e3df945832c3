package dev.vigil.sensor.app.cdp;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.cdp.CdpConfig;
import dev.vigil.protocol.cdp.CdpDecoder;
import dev.vigil.protocol.cdp.CdpMessage;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.FrameDecoder;
import dev.vigil.sensor.pipeline.PacketSlot;

/**
 * Cisco Discovery Protocol frames: IEEE 802.3 frames (EtherType field below 0x0600, so
 * {@code etherType == 0}) whose LLC/SNAP header says OUI 00:00:0C, protocol id 0x2000. The
 * SNAP header identifies CDP; the destination (normally 01:00:0C:CC:CC:CC) is not checked, so
 * frames whose MACs a tap or test rewrote are still recognised. One {@code vigil.cdp} event per
 * PDU with a header, plus the decoder's decode events. Written by {@link CdpLogger}.
 */
public final class CdpFrameDecoder implements FrameDecoder {
    public static final String PROTOCOL = "cdp";
    public static final String DATASET = "vigil.cdp";

    private final CdpDecoder decoder;

    public CdpFrameDecoder() {
        this(CdpConfig.DEFAULT);
    }

    public CdpFrameDecoder(CdpConfig config) {
        this.decoder = new CdpDecoder(config);
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public boolean onFrame(AppContext ctx, PacketSlot slot) {
        PacketView v = slot.view;
        if (v.etherType != 0 || v.l3Offset < 0 || !CdpDecoder.matches(slot.buffer, v.l3Offset, v.l3Length)) {
            return false;
        }
        // the 802.3 length bounds l3Length: a PDU that stops before the capture's end is complete
        boolean cut = v.originalLength > v.capturedLength
                && v.l3Offset + v.l3Length >= v.frameOffset + v.capturedLength;
        CdpMessage m = decoder.decode(slot.buffer, v.l3Offset, v.l3Length, cut);
        for (DecodeEventType t : m.events) {
            ctx.decodeEvent(t, slot);
        }
        if (m.version >= 0) {
            CdpLogger.write(ctx, slot, m);
        }
        return true;
    }
}
