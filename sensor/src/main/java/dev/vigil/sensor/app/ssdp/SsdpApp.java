package dev.vigil.sensor.app.ssdp;

import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.ssdp.SsdpParser;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.PortClaims;
import dev.vigil.sensor.pipeline.PacketSlot;

/**
 * SSDP (UPnP device discovery, HTTPU over UDP 1900): one {@code vigil.ssdp} event per
 * M-SEARCH, NOTIFY or search response, with the headers that name a device (SERVER,
 * USER-AGENT, USN, LOCATION, NT/ST). A datagram whose first line is not HTTP-like leaves only a
 * decode event. Stateless.
 */
public final class SsdpApp implements AppDecoder {
    public static final String PROTOCOL = "ssdp";
    public static final String DATASET = "vigil.ssdp";
    public static final int PORT = 1900;

    private final SsdpParser parser = new SsdpParser();
    private final SsdpLogger logger = new SsdpLogger();

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
        parser.parse(slot.buffer, v.payloadOffset, v.payloadLength);
        for (int i = 0; i < parser.eventCount(); i++) {
            ctx.decodeEvent(parser.event(i), slot);
        }
        if (!parser.isRequest() && !parser.isResponse()) {
            return;
        }
        String id = ctx.eventId(DATASET, slot.frame, 0, null);
        ctx.begin(DATASET, slot.timestampNanos, slot.frame, id);
        ctx.writeEndpoints(slot);
        logger.write(ctx.writer(), parser);
        ctx.emit(DATASET, id, slot.timestampNanos);
    }
}
