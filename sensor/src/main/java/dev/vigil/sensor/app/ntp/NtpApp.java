package dev.vigil.sensor.app.ntp;

import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.ntp.NtpDecoder;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.PortClaims;
import dev.vigil.sensor.pipeline.PacketSlot;

/**
 * NTP (RFC 5905, versions 1 to 4) on UDP 123: one {@code vigil.ntp} event per message, with
 * the decode events it caused. Which devices ask which servers for time, and what those
 * servers answer (stratum, reference), is what the hardening guide's audit-log control needs.
 * Stateless; nothing allocated per packet apart from the event id.
 */
public final class NtpApp implements AppDecoder {
    public static final String PROTOCOL = "ntp";
    public static final String DATASET = "vigil.ntp";
    public static final int PORT = 123;

    private final NtpDecoder decoder = new NtpDecoder();
    private final NtpLogger logger = new NtpLogger();

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public PortClaims claims() {
        return PortClaims.none().udp(PORT);
    }

    @Override
    public void onPacket(AppContext ctx, int flow, int direction, PacketSlot slot) {
        PacketView v = slot.view;
        if (v.ipProtocol != 17 || !v.hasTransport()) {
            return;
        }
        decoder.decode(slot.buffer, v.payloadOffset, v.payloadLength);
        for (int i = 0; i < decoder.eventCount(); i++) {
            ctx.decodeEvent(decoder.event(i), slot);
        }
        if (!decoder.hasFlags()) {
            return;
        }
        String id = ctx.eventId(DATASET, slot.frame, 0, null);
        ctx.begin(DATASET, slot.timestampNanos, slot.frame, id);
        ctx.writeEndpoints(slot);
        logger.write(ctx.writer(), decoder);
        ctx.emit(DATASET, id, slot.timestampNanos);
    }
}
