package dev.vigil.sensor.app.lldp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.lldp.LldpMessage;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.pipeline.PacketSlot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes one {@code vigil.lldp} document:
 * <pre>
 * source.mac, destination.mac, network.protocol "lldp", network.vlan.id (tagged frames)
 * lldp.chassis_id, lldp.chassis_id_subtype, lldp.port_id, lldp.port_id_subtype, lldp.ttl,
 * lldp.port_description, lldp.system.{name, description, capabilities[], enabled_capabilities[]},
 * lldp.management_address[] (IPs), lldp.management_interface[] (their interface numbers, same order),
 * lldp.management_mac[], lldp.vlan_id (802.1 port VLAN id), lldp.vlans.{id[], name[]} (802.1 VLAN Name),
 * lldp.med.{capabilities[], device_class, network_policy.{application_type[], vlan_id[], priority[],
 *           dscp[], tagged[], unknown[]}, hardware_revision, firmware_revision, software_revision,
 *           serial_number, manufacturer, model, asset_id},
 * lldp.mud_url, lldp.tlvs, lldp.unknown_tlvs, lldp.anomalies[] (decode event keys of this frame)
 * </pre>
 * Absent values are left out. Repeated TLVs become parallel arrays of scalars (entry i of
 * {@code vlans.id} and {@code vlans.name} is the i-th VLAN Name TLV), never arrays of objects: the
 * same paths Elasticsearch would flatten objects to, and a schema of scalar leaves.
 * {@code event.sequence} is the frame number.
 */
public final class LldpLogger {
    private LldpLogger() {
    }

    public static void write(AppContext ctx, PacketSlot slot, LldpMessage m) {
        String id = ctx.eventId(LldpFrameDecoder.DATASET, slot.frame, 0, null);
        ctx.begin(LldpFrameDecoder.DATASET, slot.timestampNanos, slot.frame, id);
        EventWriter w = ctx.writer();
        JsonGenerator g = w.json();
        PacketView v = slot.view;
        try {
            LinkFields.macs(w, v);
            LinkFields.network(g, v, LldpFrameDecoder.PROTOCOL);
            g.writeObjectFieldStart("lldp");
            LinkFields.string(g, "chassis_id", m.chassisId);
            if (m.chassisIdSubtype >= 0) {
                g.writeStringField("chassis_id_subtype", LldpMessage.chassisSubtypeName(m.chassisIdSubtype));
            }
            LinkFields.string(g, "port_id", m.portId);
            if (m.portIdSubtype >= 0) {
                g.writeStringField("port_id_subtype", LldpMessage.portSubtypeName(m.portIdSubtype));
            }
            LinkFields.number(g, "ttl", m.ttl);
            LinkFields.string(g, "port_description", m.portDescription);
            if (m.systemName != null || m.systemDescription != null || m.capabilities >= 0) {
                g.writeObjectFieldStart("system");
                LinkFields.string(g, "name", m.systemName);
                LinkFields.string(g, "description", m.systemDescription);
                if (m.capabilities >= 0) {
                    LinkFields.strings(g, "capabilities", LldpMessage.capabilityNames(m.capabilities));
                    LinkFields.strings(g, "enabled_capabilities", LldpMessage.capabilityNames(m.enabledCapabilities));
                }
                g.writeEndObject();
            }
            writeManagement(g, m);
            LinkFields.number(g, "vlan_id", m.portVlanId);
            if (!m.vlanNames.isEmpty()) {
                // parallel arrays (entry i of each is the i-th VLAN Name TLV): flat, like the mapping
                g.writeObjectFieldStart("vlans");
                g.writeArrayFieldStart("id");
                for (LldpMessage.VlanName n : m.vlanNames) {
                    g.writeNumber(n.vlanId());
                }
                g.writeEndArray();
                g.writeArrayFieldStart("name");
                for (LldpMessage.VlanName n : m.vlanNames) {
                    g.writeString(n.name());
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            writeMed(g, m);
            LinkFields.string(g, "mud_url", m.mudUrl);
            g.writeNumberField("tlvs", m.tlvs);
            g.writeNumberField("unknown_tlvs", m.unknownTlvs);
            LinkFields.anomalies(g, m.events);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.emit(LldpFrameDecoder.DATASET, id, slot.timestampNanos);
    }

    private static void writeManagement(JsonGenerator g, LldpMessage m) throws IOException {
        int ips = 0;
        int macs = 0;
        for (LldpMessage.ManagementAddress a : m.managementAddresses) {
            if (a.isIp()) {
                ips++;
            } else if (a.isMac()) {
                macs++;
            }
        }
        if (ips > 0) {
            g.writeArrayFieldStart("management_address");
            for (LldpMessage.ManagementAddress a : m.managementAddresses) {
                if (a.isIp()) {
                    g.writeString(a.address());
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("management_interface");
            for (LldpMessage.ManagementAddress a : m.managementAddresses) {
                if (a.isIp()) {
                    g.writeNumber(a.interfaceNumber());
                }
            }
            g.writeEndArray();
        }
        if (macs > 0) {
            g.writeArrayFieldStart("management_mac");
            for (LldpMessage.ManagementAddress a : m.managementAddresses) {
                if (a.isMac()) {
                    g.writeString(a.address());
                }
            }
            g.writeEndArray();
        }
    }

    private static void writeMed(JsonGenerator g, LldpMessage m) throws IOException {
        boolean inventory = m.medHardwareRevision != null || m.medFirmwareRevision != null
                || m.medSoftwareRevision != null || m.medSerialNumber != null || m.medManufacturer != null
                || m.medModel != null || m.medAssetId != null;
        if (m.medCapabilities < 0 && m.networkPolicies.isEmpty() && !inventory) {
            return;
        }
        g.writeObjectFieldStart("med");
        if (m.medCapabilities >= 0) {
            LinkFields.strings(g, "capabilities", LldpMessage.medCapabilityNames(m.medCapabilities));
            g.writeStringField("device_class", LldpMessage.medDeviceClassName(m.medDeviceClass));
        }
        if (!m.networkPolicies.isEmpty()) {
            // parallel arrays: entry i of each describes the i-th Network Policy TLV
            List<LldpMessage.NetworkPolicy> ps = m.networkPolicies;
            g.writeObjectFieldStart("network_policy");
            g.writeArrayFieldStart("application_type");
            for (LldpMessage.NetworkPolicy p : ps) {
                g.writeString(LldpMessage.medApplicationName(p.applicationType()));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("vlan_id");
            for (LldpMessage.NetworkPolicy p : ps) {
                g.writeNumber(p.vlanId());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("priority");
            for (LldpMessage.NetworkPolicy p : ps) {
                g.writeNumber(p.priority());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("dscp");
            for (LldpMessage.NetworkPolicy p : ps) {
                g.writeNumber(p.dscp());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("tagged");
            for (LldpMessage.NetworkPolicy p : ps) {
                g.writeBoolean(p.tagged());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("unknown");
            for (LldpMessage.NetworkPolicy p : ps) {
                g.writeBoolean(p.unknown());
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        LinkFields.string(g, "hardware_revision", m.medHardwareRevision);
        LinkFields.string(g, "firmware_revision", m.medFirmwareRevision);
        LinkFields.string(g, "software_revision", m.medSoftwareRevision);
        LinkFields.string(g, "serial_number", m.medSerialNumber);
        LinkFields.string(g, "manufacturer", m.medManufacturer);
        LinkFields.string(g, "model", m.medModel);
        LinkFields.string(g, "asset_id", m.medAssetId);
        g.writeEndObject();
    }
}
