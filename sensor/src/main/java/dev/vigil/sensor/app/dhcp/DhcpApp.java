package dev.vigil.sensor.app.dhcp;

import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.dhcp.DhcpDecoder;
import dev.vigil.protocol.dhcp.DhcpMessage;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.PortClaims;
import dev.vigil.sensor.pipeline.PacketSlot;

/**
 * DHCP (RFC 2131) on UDP 67 and 68: one {@code vigil.dhcp} event per message, whatever its
 * direction (client, server or relay agent), with the decode events the message caused. DHCP
 * is stateless for the sensor: each message stands alone, so no per-flow state is kept.
 * DHCPv6 (UDP 546/547) is a different protocol and not claimed.
 */
public final class DhcpApp implements AppDecoder {
    public static final String PROTOCOL = "dhcp";
    public static final String DATASET = "vigil.dhcp";
    /** BOOTP/DHCP server and client ports (RFC 2131 section 4.1). */
    public static final int SERVER_PORT = 67;
    public static final int CLIENT_PORT = 68;

    private final DhcpDecoder decoder;
    private final DhcpLogger logger = new DhcpLogger();

    public DhcpApp() {
        this(DhcpDecoder.Limits.DEFAULT);
    }

    public DhcpApp(DhcpDecoder.Limits limits) {
        this.decoder = new DhcpDecoder(limits);
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public PortClaims claims() {
        return PortClaims.none().udp(SERVER_PORT, CLIENT_PORT);
    }

    @Override
    public void onPacket(AppContext ctx, int flow, int direction, PacketSlot slot) {
        PacketView v = slot.view;
        if (v.ipProtocol != 17 || !v.hasTransport()) {
            return;
        }
        // the capture holds less of the datagram than its IP header declares (snap length)
        boolean cut = v.l3Length < v.ipTotalLength;
        DhcpMessage m = decoder.decode(slot.buffer, v.payloadOffset, v.payloadLength, cut);
        for (int i = 0; i < m.eventCount; i++) {
            ctx.decodeEvent(m.events[i], slot);
        }
        if (!m.header) {
            return;
        }
        String id = ctx.eventId(DATASET, slot.frame, 0, null);
        ctx.begin(DATASET, slot.timestampNanos, slot.frame, id);
        ctx.writeEndpoints(slot);
        logger.write(ctx.writer(), m);
        ctx.emit(DATASET, id, slot.timestampNanos);
    }
}
