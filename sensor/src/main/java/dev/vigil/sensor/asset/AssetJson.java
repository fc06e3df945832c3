package dev.vigil.sensor.asset;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.event.TextFormat;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * The {@code asset} object: written into the {@code vigil.asset} document by {@link AssetLogger}
 * and, with the few fields only the inventory needs ({@code name_sources}, {@code policy_role}),
 * into the persisted store by {@link InventoryStore}, which reads it back with {@link #read}.
 * One layout for both, so the store is also a readable copy of what was indexed.
 */
final class AssetJson {
    private AssetJson() {
    }

    /** Writes the fields of {@code asset} (the caller has opened the object). */
    static void writeFields(JsonGenerator g, Asset a, boolean forStore) throws IOException {
        g.writeStringField("id", AssetLogger.assetId(a.mac));
        g.writeStringField("mac", a.macText);
        g.writeStringField("oui", a.macText.substring(0, 8));
        if (a.vendor != null) {
            g.writeStringField("vendor", a.vendor);
        }
        if (a.locallyAdministered()) {
            g.writeBooleanField("locally_administered", true);
        }
        g.writeStringField("first_seen", TextFormat.timestampString(a.firstSeen));
        g.writeStringField("last_seen", TextFormat.timestampString(a.lastSeen));
        if (!a.ips.isEmpty()) {
            strings(g, "ips", a.ips.keySet());
            g.writeArrayFieldStart("ip_history");
            for (Asset.IpRecord r : a.ips.values()) {
                g.writeStartObject();
                g.writeStringField("ip", r.ip);
                g.writeStringField("first_seen", TextFormat.timestampString(r.firstSeen));
                g.writeStringField("last_seen", TextFormat.timestampString(r.lastSeen));
                g.writeStringField("source", r.source);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (!a.vlans.isEmpty()) {
            g.writeArrayFieldStart("vlans");
            for (int v : a.vlans) {
                g.writeString(Integer.toString(v)); // ECS keeps VLAN ids as strings
            }
            g.writeEndArray();
        }
        String name = a.primaryName();
        if (name != null) {
            g.writeStringField("name", name);
            strings(g, "names", a.names.keySet());
        }
        strings(g, "directory_numbers", a.directoryNumbers);
        if (!a.software.isEmpty()) {
            g.writeArrayFieldStart("software");
            for (Software s : a.software.values()) {
                g.writeStartObject();
                g.writeStringField("product", s.product());
                if (s.version() != null) {
                    g.writeStringField("version", s.version());
                }
                g.writeStringField("source", s.source());
                g.writeStringField("original", s.original());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (!a.offered.isEmpty() || !a.used.isEmpty()) {
            g.writeObjectFieldStart("services");
            services(g, "offered", a.offered.values());
            services(g, "used", a.used.values());
            g.writeEndObject();
        }
        strings(g, "management", a.management);
        strings(g, "manages", a.manages);
        if (!a.ntpServers.isEmpty()) {
            g.writeObjectFieldStart("ntp");
            strings(g, "servers", a.ntpServers);
            g.writeEndObject();
        }
        if (!a.syslogServers.isEmpty()) {
            g.writeObjectFieldStart("syslog");
            strings(g, "servers", a.syslogServers);
            g.writeEndObject();
        }
        if (a.snmpObjectId != null || !a.trapReceivers.isEmpty()) {
            g.writeObjectFieldStart("snmp");
            if (a.snmpObjectId != null) {
                g.writeStringField("object_id", a.snmpObjectId);
                long enterprise = a.snmpEnterprise();
                if (enterprise >= 0) {
                    g.writeNumberField("enterprise", enterprise);
                }
            }
            strings(g, "trap_receivers", a.trapReceivers);
            g.writeEndObject();
        }
        if (a.sipRegistrar || a.sipRegisters) {
            g.writeObjectFieldStart("sip");
            g.writeBooleanField("registrar", a.sipRegistrar);
            g.writeBooleanField("registers", a.sipRegisters);
            g.writeEndObject();
        }
        strings(g, "multicast_groups", a.multicastGroups);
        strings(g, "multicast_sent", a.multicastSent);
        g.writeBooleanField("router", a.router);
        if (a.authorized != null) {
            g.writeBooleanField("authorized", a.authorized);
        }
        String role = a.role();
        if (!role.isEmpty()) {
            g.writeStringField("role", role);
            g.writeStringField("role_source", a.policyRole != null ? "policy" : "guess");
        }
        if (forStore) {
            if (a.policyRole != null) {
                g.writeStringField("policy_role", a.policyRole);
            }
            if (!a.names.isEmpty()) {
                g.writeObjectFieldStart("name_sources");
                for (Map.Entry<String, String> e : a.names.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
        }
    }

    private static void strings(JsonGenerator g, String field, Collection<String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void services(JsonGenerator g, String field, Collection<Asset.Service> services) throws IOException {
        if (services.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (Asset.Service s : services) {
            g.writeStartObject();
            g.writeStringField("transport", s.transport());
            if (s.port() >= 0) {
                g.writeNumberField("port", s.port());
            }
            if (s.protocol() != null) {
                g.writeStringField("protocol", s.protocol());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    // ================================================================== read

    /** A store entry that cannot be an asset. */
    static final class BadEntry extends Exception {
        BadEntry(String message) {
            super(message);
        }
    }

    /**
     * Reads one stored asset, applying the configured caps (a file written under larger caps
     * is cut, not refused). Values that do not parse are dropped; a missing or invalid MAC or
     * time makes the whole entry bad.
     */
    static Asset read(JsonNode n, AssetConfig config) throws BadEntry {
        if (n == null || !n.isObject()) {
            throw new BadEntry("not an object");
        }
        long mac = Addresses.parseMac(AssetInventory.text(n.get("mac")));
        if (!Addresses.isUnicastMac(mac)) {
            throw new BadEntry("no valid unicast 'mac'");
        }
        Asset a = new Asset(mac);
        a.firstSeen = time(n.get("first_seen"), "first_seen");
        a.lastSeen = time(n.get("last_seen"), "last_seen");
        if (a.lastSeen < a.firstSeen) {
            throw new BadEntry("last_seen before first_seen");
        }
        a.vendor = Software.clean(AssetInventory.text(n.get("vendor")), OuiRegistry.MAX_VENDOR_CHARS);
        for (JsonNode r : array(n.get("ip_history"))) {
            String ip = Addresses.canonicalIp(AssetInventory.text(r.get("ip")));
            String source = AssetInventory.text(r.get("source"));
            if (ip == null || !(Asset.IP_SOURCE_ARP.equals(source) || Asset.IP_SOURCE_DHCP.equals(source)
                    || Asset.IP_SOURCE_TRAFFIC.equals(source)) || a.ips.size() >= config.maxIpsPerAsset()) {
                continue;
            }
            long first = AssetInventory.timestamp(r.get("first_seen"));
            long last = AssetInventory.timestamp(r.get("last_seen"));
            if (first == Long.MIN_VALUE || last == Long.MIN_VALUE) {
                continue;
            }
            a.ips.put(ip, new Asset.IpRecord(ip, first, last, source));
        }
        for (JsonNode v : array(n.get("vlans"))) {
            String t = AssetInventory.text(v);
            if (t != null && AssetInventory.isDigits(t, 4) && Integer.parseInt(t) <= 4095
                    && a.vlans.size() < config.maxValuesPerList()) {
                a.vlans.add(Integer.parseInt(t));
            }
        }
        JsonNode sources = n.path("name_sources");
        for (JsonNode v : array(n.get("names"))) {
            String name = Software.clean(AssetInventory.text(v), AssetInventory.MAX_NAME_CHARS);
            if (name != null && a.names.size() < config.maxNamesPerAsset()) {
                String source = AssetInventory.text(sources.get(name));
                a.names.put(name, source != null ? source : "store");
            }
        }
        strings(n.get("directory_numbers"), a.directoryNumbers, AssetInventory.MAX_DIRECTORY_NUMBER_CHARS,
                config.maxValuesPerList());
        for (JsonNode s : array(n.get("software"))) {
            String product = Software.clean(AssetInventory.text(s.get("product")), Software.MAX_PART_CHARS);
            String source = Software.clean(AssetInventory.text(s.get("source")), 64);
            if (product == null || source == null || a.software.size() >= config.maxSoftwarePerAsset()) {
                continue;
            }
            String version = Software.clean(AssetInventory.text(s.get("version")), Software.MAX_PART_CHARS);
            String original = Software.clean(AssetInventory.text(s.get("original")), Software.MAX_ORIGINAL_CHARS);
            Software sw = new Software(product, version, source, original != null ? original : product);
            a.software.put(sw.key(), sw);
        }
        JsonNode services = n.path("services");
        services(services.get("offered"), a.offered, config.maxServicesPerAsset());
        services(services.get("used"), a.used, config.maxServicesPerAsset());
        strings(n.get("management"), a.management, 16, config.maxValuesPerList());
        strings(n.get("manages"), a.manages, 16, config.maxValuesPerList());
        ips(n.path("ntp").get("servers"), a.ntpServers, config.maxValuesPerList());
        ips(n.path("syslog").get("servers"), a.syslogServers, config.maxValuesPerList());
        ips(n.path("snmp").get("trap_receivers"), a.trapReceivers, config.maxValuesPerList());
        ips(n.get("multicast_groups"), a.multicastGroups, config.maxValuesPerList());
        ips(n.get("multicast_sent"), a.multicastSent, config.maxValuesPerList());
        String oid = AssetInventory.text(n.path("snmp").get("object_id"));
        if (AssetInventory.isOid(oid)) {
            a.snmpObjectId = oid;
        }
        a.sipRegistrar = n.path("sip").path("registrar").asBoolean(false);
        a.sipRegisters = n.path("sip").path("registers").asBoolean(false);
        a.router = n.path("router").asBoolean(false);
        JsonNode auth = n.get("authorized");
        a.authorized = auth != null && auth.isBoolean() ? auth.booleanValue() : null;
        a.policyRole = Software.clean(AssetInventory.text(n.get("policy_role")), 32);
        return a;
    }

    private static long time(JsonNode n, String field) throws BadEntry {
        long t = AssetInventory.timestamp(n);
        if (t == Long.MIN_VALUE) {
            throw new BadEntry("no valid '" + field + "'");
        }
        return t;
    }

    private static Iterable<JsonNode> array(JsonNode n) {
        return n != null && n.isArray() ? n : java.util.List.of();
    }

    private static void strings(JsonNode n, Collection<String> into, int maxChars, int cap) {
        for (JsonNode v : array(n)) {
            String t = Software.clean(AssetInventory.text(v), maxChars);
            if (t != null && into.size() < cap) {
                into.add(t);
            }
        }
    }

    private static void ips(JsonNode n, Collection<String> into, int cap) {
        for (JsonNode v : array(n)) {
            String ip = Addresses.canonicalIp(AssetInventory.text(v));
            if (ip != null && into.size() < cap) {
                into.add(ip);
            }
        }
    }

    private static void services(JsonNode n, Map<String, Asset.Service> into, int cap) {
        for (JsonNode v : array(n)) {
            String transport = AssetInventory.text(v.get("transport"));
            if (transport == null || !transport.matches("[a-z]{2,8}") || into.size() >= cap) {
                continue;
            }
            JsonNode p = v.get("port");
            int port = p != null && p.isIntegralNumber() && p.canConvertToInt() && p.intValue() >= 0
                    && p.intValue() <= 65535 ? p.intValue() : -1;
            String protocol = Software.clean(AssetInventory.text(v.get("protocol")), AssetInventory.MAX_PROTOCOL_CHARS);
            if (port < 0 && protocol == null) {
                continue;
            }
            Asset.Service s = new Asset.Service(transport, port, protocol);
            into.put(s.key(), s);
        }
    }
}
