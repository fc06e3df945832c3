package dev.vigil.sensor.app.cdp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.cdp.CdpMessage;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.lldp.LinkFields;
import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.pipeline.PacketSlot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes one {@code vigil.cdp} document:
 * <pre>
 * source.mac, destination.mac, network.protocol "cdp", network.vlan.id (tagged frames)
 * cdp.version, cdp.ttl, cdp.checksum_valid (when the whole PDU was there), cdp.device_id,
 * cdp.port_id, cdp.platform, cdp.software_version, cdp.addresses[] (IPs), cdp.management_addresses[],
 * cdp.capabilities[], cdp.native_vlan, cdp.voice_vlan, cdp.duplex, cdp.vtp_domain, cdp.tlvs,
 * cdp.unknown_tlvs, cdp.anomalies[] (decode event keys of this frame)
 * </pre>
 * Absent values are left out. {@code event.sequence} is the frame number.
 */
public final class CdpLogger {
    private CdpLogger() {
    }

    public static void write(AppContext ctx, PacketSlot slot, CdpMessage m) {
        String id = ctx.eventId(CdpFrameDecoder.DATASET, slot.frame, 0, null);
        ctx.begin(CdpFrameDecoder.DATASET, slot.timestampNanos, slot.frame, id);
        EventWriter w = ctx.writer();
        JsonGenerator g = w.json();
        try {
            LinkFields.macs(w, slot.view);
            LinkFields.network(g, slot.view, CdpFrameDecoder.PROTOCOL);
            g.writeObjectFieldStart("cdp");
            g.writeNumberField("version", m.version);
            g.writeNumberField("ttl", m.ttl);
            if (m.checksumChecked) {
                g.writeBooleanField("checksum_valid", m.checksumValid);
            }
            LinkFields.string(g, "device_id", m.deviceId);
            LinkFields.string(g, "port_id", m.portId);
            LinkFields.string(g, "platform", m.platform);
            LinkFields.string(g, "software_version", m.softwareVersion);
            addresses(g, "addresses", m.addresses);
            addresses(g, "management_addresses", m.managementAddresses);
            if (m.capabilities >= 0) {
                LinkFields.strings(g, "capabilities", CdpMessage.capabilityNames(m.capabilities));
            }
            LinkFields.number(g, "native_vlan", m.nativeVlan);
            LinkFields.number(g, "voice_vlan", m.voiceVlan);
            if (m.duplex >= 0) {
                g.writeStringField("duplex", CdpMessage.duplexName(m.duplex));
            }
            LinkFields.string(g, "vtp_domain", m.vtpDomain);
            g.writeNumberField("tlvs", m.tlvs);
            g.writeNumberField("unknown_tlvs", m.unknownTlvs);
            LinkFields.anomalies(g, m.events);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.emit(CdpFrameDecoder.DATASET, id, slot.timestampNanos);
    }

    private static void addresses(JsonGenerator g, String name, List<String> ips) throws IOException {
        if (!ips.isEmpty()) {
            LinkFields.strings(g, name, ips);
        }
    }
}
