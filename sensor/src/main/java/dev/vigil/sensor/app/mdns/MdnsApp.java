package dev.vigil.sensor.app.mdns;

import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.dns.DnsDecoder;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.PortClaims;
import dev.vigil.sensor.app.dns.DnsApp;
import dev.vigil.sensor.app.dns.DnsLogger;
import dev.vigil.sensor.pipeline.PacketSlot;

/**
 * Multicast DNS (RFC 6762) and DNS-SD (RFC 6763) on UDP 5353: one {@code vigil.mdns} event per
 * message, the same {@code dns} object as {@code vigil.dns} plus an {@code mdns} object that
 * names what a responder announces (services, instances, hosts, SRV ports, TXT values,
 * addresses) for the asset inventory. Stateless.
 */
public final class MdnsApp implements AppDecoder {
    public static final String PROTOCOL = "mdns";
    public static final String DATASET = "vigil.mdns";
    public static final int PORT = 5353;

    private final DnsDecoder decoder = new DnsDecoder();
    private final DnsLogger logger = new DnsLogger();
    private final MdnsLogger names;

    public MdnsApp() {
        this(MdnsLogger.DEFAULT_MAX_ITEMS);
    }

    /** @param maxItems services, instances, hosts, SRV, TXT and address entries kept per message */
    public MdnsApp(int maxItems) {
        names = new MdnsLogger(logger, maxItems);
    }

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
        DnsApp.emit(ctx, slot, decoder, logger, DATASET, 0, names);
    }
}
