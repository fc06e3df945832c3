package dev.vigil.sensor.asset;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The passive asset inventory (CIS Controls 1 and 2): one {@link Asset} per MAC address, built
 * from the event documents exactly as the sensor writes them (nested ECS, one object per
 * protocol). Single-threaded: one stage thread that sees every event calls {@link #apply}, then
 * drains what changed ({@link #drainChanges()} for change events, {@link #drainChanged()} for
 * the documents to re-upsert). Bad input is data: {@code apply} never throws; what it cannot use
 * is counted in {@link #stats()}.
 *
 * <h2>Which IP belongs to which MAC</h2>
 * A frame from a host behind a router carries the router's MAC, so "source.mac with source.ip"
 * does not make the IP the router's. The rule:
 * <ul>
 * <li>ARP (the sender's MAC and IP, RFC 826; probes with sender 0.0.0.0 excepted) and DHCP
 *     (the client MAC of an ACK and the address it was given, RFC 2131) bind an IP to a MAC:
 *     {@link Asset#IP_SOURCE_ARP}, {@link Asset#IP_SOURCE_DHCP}.</li>
 * <li>Traffic binds an IP to the frame's MAC ({@link Asset#IP_SOURCE_TRAFFIC}) only when the IP
 *     is link-local (never routed), or when all of these hold: the IP is inside the configured
 *     local networks, or, when none are configured, in private address space (RFC 1918, RFC
 *     6598, RFC 4193: a public address in a frame is as likely a host behind a router); the MAC
 *     is not a router; no other MAC holds the IP by ARP or DHCP.</li>
 * <li>A MAC is a router when LLDP or CDP says it routes, when DHCP names its IP as a router
 *     (option 3), or when it has carried more than {@link AssetConfig#routerIpThreshold()}
 *     routable IPs. Then the IPs it got from traffic are withdrawn ({@code router-detected}), and
 *     from then on only ARP and DHCP add IPs to it.</li>
 * <li>Facts tied to an IP (services, management, NTP, names from L3 protocols) are credited to
 *     a MAC only when the IP of that side of the event is bound to it; otherwise they are counted
 *     ({@code facts_unattributed}) and left out. Facts of L2 protocols (LLDP, CDP) and facts that
 *     name the MAC themselves (DHCP client MAC, a discovery datagram carrying the sender's MAC)
 *     need no IP.</li>
 * </ul>
 *
 * <h2>Which side offers a service</h2>
 * From {@code vigil.flow} documents (source = the side that sent first, or the SYN's sender):
 * TCP: the destination offers the port when it answered the SYN (a SYN-ACK, so a refused probe
 * offers nothing); without any SYN in the flow (the capture began mid-connection) the side with
 * the port below 1024 offers, if exactly one has. UDP: the destination offers its port when it is
 * a unicast host and its port is not ephemeral while the source's is (then the capture began with
 * the answer and the source offers); the DHCP client ports 68 and 546 never offer; a flow
 * between two ephemeral ports (TFTP data) offers nothing. A flow to a multicast or broadcast group is "used" by the sender. RTP/RTCP/SRTP flows
 * are recorded as used by both ends, without a port (media ports are negotiated per call and
 * would fill the list).
 */
public final class AssetInventory {
    /** Name sources, most authoritative first: the order in which {@link Asset#primaryName()} prefers them. */
    public static final List<String> NAME_SOURCES = List.of(
            "dip.con", "discovery", "lldp.system.name", "cdp.device_id", "snmp.system.name", "dhcp.hostname",
            "mdns", "sip.from", "syslog.hostname", "dns.ptr");
    /** Longest name kept, in characters. */
    public static final int MAX_NAME_CHARS = 128;
    /** Longest directory number / extension kept. */
    public static final int MAX_DIRECTORY_NUMBER_CHARS = 32;
    /** Longest protocol name of a service kept. */
    static final int MAX_PROTOCOL_CHARS = 32;
    /** Gateway IPs remembered from DHCP option 3. */
    static final int MAX_GATEWAYS = 256;
    /** Ports from here on are taken as ephemeral (Linux's default range starts at 32768; IANA's at 49152). */
    static final int EPHEMERAL_PORT_MIN = 32768;
    /** Ports below this are system ports (RFC 6335): in a flow without SYN, the side that has one offers. */
    static final int SYSTEM_PORT_LIMIT = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(AssetInventory.class);
    private static final Pattern VERSION_ONLY = Pattern.compile("v?\\d+(?:\\.\\d+){1,5}[A-Za-z0-9-]*");
    private static final Set<String> MEDIA = Set.of("rtp", "rtcp", "srtp");
    /** UDP ports only clients bind: DHCPv4 (RFC 2131 §4.1) and DHCPv6 (RFC 8415 §7.2) clients. */
    private static final Set<Integer> UDP_CLIENT_PORTS = Set.of(68, 546);
    private static final Set<String> SNMP_TRAPS = Set.of("trap", "snmpv2-trap", "inform-request");

    private final AssetConfig config;
    private final OuiRegistry oui;
    private final List<Addresses.Cidr> localNetworks;
    private final AssetStats stats = new AssetStats();
    private final LinkedHashMap<Long, Asset> assets = new LinkedHashMap<>();
    /** IP to the asset it is currently bound to. */
    private final HashMap<String, Asset> byIp = new HashMap<>();
    private final LinkedHashSet<String> gateways = new LinkedHashSet<>();
    /** Assets whose facts changed since the last {@link #drainChanged()}. */
    private final LinkedHashSet<Asset> changed = new LinkedHashSet<>();
    /** Assets seen since the last drain whose only news may be {@code last_seen}. */
    private final LinkedHashSet<Asset> touched = new LinkedHashSet<>();
    private final ArrayList<AssetChange> changes = new ArrayList<>();
    private long generation;
    private long lastErrorLogNanos = Long.MIN_VALUE;

    private final Side src = new Side();
    private final Side dst = new Side();

    /** One endpoint of the event being applied. */
    private static final class Side {
        long mac;
        Addresses.Ip ip;
        String ipText;
        int port;
        Asset asset;
        /** The facts of this side may be credited to {@link #asset}: its IP is bound to it, or it has none. */
        boolean attributed;

        void read(JsonNode n) {
            mac = -1;
            ip = null;
            ipText = null;
            port = -1;
            asset = null;
            attributed = false;
            if (!n.isObject()) {
                return;
            }
            String m = text(n.get("mac"));
            mac = Addresses.parseMac(m);
            ip = Addresses.parseIp(text(n.get("ip")));
            ipText = ip == null ? null : ip.text();
            JsonNode p = n.get("port");
            if (p != null && p.isIntegralNumber() && p.canConvertToInt() && p.intValue() >= 0 && p.intValue() <= 65535) {
                port = p.intValue();
            }
        }

        boolean unicastIp() {
            return ip != null && ip.isUnicast();
        }

        /** The asset when its facts may be credited to it, else null. */
        Asset credited() {
            return attributed ? asset : null;
        }
    }

    public AssetInventory(AssetConfig config, OuiRegistry oui) {
        this.config = config;
        this.oui = oui == null ? OuiRegistry.empty() : oui;
        this.localNetworks = config.parsedLocalNetworks();
    }

    /** With the configured OUI registry file, loaded now. */
    public static AssetInventory create(AssetConfig config) {
        return new AssetInventory(config, OuiRegistry.load(config.ouiFile()));
    }

    public AssetConfig config() {
        return config;
    }

    public AssetStats stats() {
        return stats;
    }

    /** Every asset, in the order they were discovered. */
    public Collection<Asset> assets() {
        return Collections.unmodifiableCollection(assets.values());
    }

    public int size() {
        return assets.size();
    }

    /** The asset of a MAC (any common notation), or null. */
    public Asset asset(String mac) {
        long m = Addresses.parseMac(mac);
        return m < 0 ? null : assets.get(m);
    }

    /** The asset an IP is currently bound to, or null. */
    public Asset assetByIp(String ip) {
        String c = Addresses.canonicalIp(ip);
        return c == null ? null : byIp.get(c);
    }

    /** Increases whenever anything in the inventory changes (the store saves when it moved). */
    public long generation() {
        return generation;
    }

    /** Change events since the last call, in order. */
    public List<AssetChange> drainChanges() {
        List<AssetChange> out = new ArrayList<>(changes);
        changes.clear();
        return out;
    }

    /**
     * The assets whose {@code vigil.asset} document must be written again: those whose facts
     * changed, and those whose {@code last_seen} lags their last document by at least
     * {@link AssetConfig#lastSeenRefresh()}. Marks them as written.
     */
    public List<Asset> drainChanged() {
        List<Asset> out = new ArrayList<>(changed);
        long refresh = config.lastSeenRefresh().toNanos();
        for (Iterator<Asset> it = touched.iterator(); it.hasNext(); ) {
            Asset a = it.next();
            if (changed.contains(a)) {
                it.remove();
            } else if (a.documentLastSeen == Long.MIN_VALUE || a.lastSeen - a.documentLastSeen >= refresh) {
                out.add(a);
                it.remove();
            }
        }
        changed.clear();
        for (Asset a : out) {
            a.documentLastSeen = a.lastSeen;
        }
        return out;
    }

    /**
     * Records what the policy says of a device (the owner of the policy calls this): whether the
     * authorized inventory lists it, and its role there. The document is re-upserted when it differs.
     */
    public void authorize(Asset a, Boolean authorized, String role) {
        if (!java.util.Objects.equals(a.authorized, authorized) || !java.util.Objects.equals(a.policyRole, role)) {
            a.authorized = authorized;
            a.policyRole = role;
            markChanged(a);
        }
    }

    // ================================================================== apply

    /** Learns what one event document says about devices. Never throws. */
    public void apply(JsonNode event) {
        stats.events++;
        try {
            applyUnsafe(event);
        } catch (RuntimeException e) {
            stats.errors++;
            long now = System.nanoTime();
            if (lastErrorLogNanos == Long.MIN_VALUE || now - lastErrorLogNanos > 60_000_000_000L) {
                lastErrorLogNanos = now;
                LOG.warn("asset inventory: event not applied ({} so far): {}", stats.errors, e.toString());
            }
        }
    }

    private void applyUnsafe(JsonNode e) {
        if (e == null || !e.isObject()) {
            stats.eventsIgnored++;
            return;
        }
        JsonNode ev = e.path("event");
        String dataset = text(ev.get("dataset"));
        if (dataset == null || !dataset.startsWith("vigil.") || "vigil.asset".equals(dataset)
                || "vigil.finding".equals(dataset)) {
            stats.eventsIgnored++;
            return;
        }
        long ts = timestamp(e.get("@timestamp"));
        if (ts == Long.MIN_VALUE) {
            stats.badTimestamp++;
            return;
        }
        src.read(e.path("source"));
        dst.read(e.path("destination"));
        if (src.mac < 0 && dst.mac < 0 && !"vigil.dhcp".equals(dataset)) {
            stats.noMac++;
        }
        // bindings that ARP and DHCP prove come first, so the endpoints below find them
        if ("vigil.arp".equals(dataset)) {
            arp(e.path("arp"), ts);
        } else if ("vigil.dhcp".equals(dataset)) {
            dhcpBinding(e.path("dhcp"), ts);
        }
        int vlan = vlan(e.path("network"));
        boolean unicastFrame = Addresses.isUnicastMac(dst.mac);
        endpoint(src, ts, vlan);
        if (unicastFrame) {
            endpoint(dst, ts, vlan);
        }
        switch (dataset) {
            case "vigil.flow" -> flow(e, ts);
            case "vigil.dhcp" -> dhcp(e.path("dhcp"), ts);
            case "vigil.lldp" -> lldp(e.path("lldp"), ts);
            case "vigil.cdp" -> cdp(e.path("cdp"), ts);
            case "vigil.snmp" -> snmp(e.path("snmp"), ts);
            case "vigil.sip" -> sip(e.path("sip"), ts);
            case "vigil.dip" -> dip(e.path("dip"), ts);
            case "vigil.discovery" -> discovery(e.path("discovery"), ts);
            case "vigil.http" -> http(e.path("http"), ts);
            case "vigil.tls" -> tls(e.path("tls"), ts);
            case "vigil.ssh" -> ssh(e.path("ssh"), ts);
            case "vigil.telnet" -> telnet(e.path("telnet"), ts);
            case "vigil.ntp" -> ntp(e.path("ntp"), ts);
            case "vigil.syslog" -> syslog(e.path("syslog"), ts);
            case "vigil.igmp" -> igmp(e.path("igmp"), ts);
            case "vigil.mdns" -> mdns(e, ts);
            case "vigil.dns" -> dns(e.path("dns"), ts);
            case "vigil.ssdp" -> ssdp(e.path("ssdp"), ts);
            default -> {
                // presence only (ARP, decode anomalies, TFTP, ...)
            }
        }
    }

    /** Presence, VLAN and (when the rule allows) the IP of one side. */
    private void endpoint(Side s, long ts, int vlan) {
        if (!Addresses.isUnicastMac(s.mac)) {
            return;
        }
        Asset a = getOrCreate(s.mac, ts);
        if (a == null) {
            return;
        }
        s.asset = a;
        seen(a, ts);
        if (vlan >= 0) {
            addValue(a, a.vlans, vlan, AssetChange.Action.VLAN_ADDED, Integer.toString(vlan), "frame", ts);
        }
        if (s.ip == null) {
            s.attributed = true; // L2 protocol: the facts are the MAC's
        } else if (s.ip.isUnicast()) {
            s.attributed = bind(a, s.ip, s.ipText, Asset.IP_SOURCE_TRAFFIC, ts);
        } else {
            s.attributed = s.ip.isUnspecified(); // DHCP client before it has an address
        }
    }

    private Asset getOrCreate(long mac, long ts) {
        Asset a = assets.get(mac);
        if (a != null) {
            return a;
        }
        if (assets.size() >= config.maxAssets()) {
            stats.assetsDropped++;
            return null;
        }
        a = new Asset(mac);
        a.vendor = oui.vendor(mac);
        a.firstSeen = ts;
        a.lastSeen = ts;
        assets.put(mac, a);
        stats.assetsCreated++;
        change(a, AssetChange.Action.ASSET_DISCOVERED, a.macText, null, "frame", ts);
        return a;
    }

    private void seen(Asset a, long ts) {
        boolean moved = false;
        if (ts < a.firstSeen) {
            a.firstSeen = ts;
            moved = true;
        }
        if (ts > a.lastSeen) {
            a.lastSeen = ts;
            moved = true;
        }
        if (moved) {
            generation++;
            touched.add(a);
        }
    }

    // ================================================================= IP binding

    /**
     * Binds {@code ip} to {@code a} when the class rule allows; returns whether it is bound to
     * {@code a} afterwards.
     */
    private boolean bind(Asset a, Addresses.Ip ip, String text, String source, long ts) {
        if (!ip.isUnicast()) {
            return false;
        }
        boolean strong = !Asset.IP_SOURCE_TRAFFIC.equals(source);
        Asset.IpRecord r = a.ips.get(text);
        if (r != null) {
            if (ts > r.lastSeen) {
                r.lastSeen = ts;
                generation++;
            }
            if (ts < r.firstSeen) {
                r.firstSeen = ts;
            }
            if (strong && !r.strong()) {
                r.source = source;
                markChanged(a);
            }
            Asset owner = byIp.get(text);
            if (owner != a) {
                if (owner != null && !strong && owner.ips.get(text).strong()) {
                    stats.ipsOwnedElsewhere++;
                    return false;
                }
                // ARP/DHCP proof moves the address; so does traffic when nobody proved it elsewhere
                byIp.put(text, a);
            }
            if (!a.router && gateways.contains(text)) {
                markRouter(a, "dhcp.router", ts);
            }
            return a.ips.containsKey(text);
        }
        if (!strong && !ip.isLinkLocal()) {
            if (localNetworks.isEmpty() ? !ip.isPrivate() : !isLocal(ip)) {
                stats.ipsNotLocal++;
                return false;
            }
            if (a.router) {
                stats.ipsBehindRouter++;
                return false;
            }
        }
        Asset owner = byIp.get(text);
        if (!strong && owner != null && owner != a && owner.ips.get(text).strong()) {
            stats.ipsOwnedElsewhere++;
            return false;
        }
        if (a.ips.size() >= config.maxIpsPerAsset()) {
            evictIp(a);
        }
        a.ips.put(text, new Asset.IpRecord(text, ts, ts, source));
        byIp.put(text, a);
        change(a, AssetChange.Action.IP_ADDED, text, null, source, ts);
        if (!a.router && gateways.contains(text)) {
            markRouter(a, "dhcp.router", ts);
        } else if (!a.router && routableIps(a) > config.routerIpThreshold()) {
            markRouter(a, "ip-count", ts);
        }
        return a.ips.containsKey(text);
    }

    private boolean isLocal(Addresses.Ip ip) {
        for (Addresses.Cidr c : localNetworks) {
            if (c.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /** Evicts the least recently seen address, those learned from traffic first. */
    private void evictIp(Asset a) {
        Asset.IpRecord victim = null;
        for (Asset.IpRecord r : a.ips.values()) {
            if (victim == null || (victim.strong() && !r.strong())
                    || victim.strong() == r.strong() && r.lastSeen < victim.lastSeen) {
                victim = r;
            }
        }
        a.ips.remove(victim.ip);
        if (byIp.get(victim.ip) == a) {
            byIp.remove(victim.ip);
        }
        stats.ipsEvicted++;
        markChanged(a);
    }

    private static int routableIps(Asset a) {
        int n = 0;
        for (String ip : a.ips.keySet()) {
            Addresses.Ip p = Addresses.parseIp(ip);
            if (p != null && !p.isLinkLocal()) {
                n++;
            }
        }
        return n;
    }

    /** The MAC routes for others: withdraw the routable IPs it only got from traffic (its gateway address stays). */
    private void markRouter(Asset a, String reason, long ts) {
        if (a.router) {
            return;
        }
        a.router = true;
        stats.routersDetected++;
        // services credited through addresses that were not its own: they are learned again from its own
        a.offered.clear();
        a.used.clear();
        for (Iterator<Asset.IpRecord> it = a.ips.values().iterator(); it.hasNext(); ) {
            Asset.IpRecord r = it.next();
            Addresses.Ip p = Addresses.parseIp(r.ip);
            if (!r.strong() && p != null && !p.isLinkLocal() && !gateways.contains(r.ip)) {
                it.remove();
                if (byIp.get(r.ip) == a) {
                    byIp.remove(r.ip);
                }
            }
        }
        change(a, AssetChange.Action.ROUTER_DETECTED, reason, null, reason, ts);
    }

    // ================================================================= datasets

    private void arp(JsonNode arp, long ts) {
        JsonNode sender = arp.path("sender");
        long mac = Addresses.parseMac(text(sender.get("mac")));
        Addresses.Ip ip = Addresses.parseIp(text(sender.get("ip")));
        if (!Addresses.isUnicastMac(mac) || ip == null || !ip.isUnicast()) {
            return; // a probe (sender 0.0.0.0, RFC 5227) proves nothing
        }
        Asset a = getOrCreate(mac, ts);
        if (a != null) {
            seen(a, ts);
            bind(a, ip, ip.text(), Asset.IP_SOURCE_ARP, ts);
        }
    }

    private void dhcpBinding(JsonNode dhcp, long ts) {
        if (!"ACK".equals(text(dhcp.get("message_type")))) {
            return;
        }
        long mac = Addresses.parseMac(text(dhcp.get("client_mac")));
        Addresses.Ip ip = Addresses.parseIp(text(dhcp.get("assigned_ip")));
        if (!Addresses.isUnicastMac(mac) || ip == null || !ip.isUnicast()) {
            return;
        }
        Asset a = getOrCreate(mac, ts);
        if (a != null) {
            seen(a, ts);
            bind(a, ip, ip.text(), Asset.IP_SOURCE_DHCP, ts);
        }
    }

    private void dhcp(JsonNode dhcp, long ts) {
        for (JsonNode r : iterable(dhcp.get("router"))) {
            Addresses.Ip ip = Addresses.parseIp(text(r));
            if (ip != null && ip.isUnicast()) {
                String t = ip.text();
                if (gateways.size() < MAX_GATEWAYS || gateways.contains(t)) {
                    gateways.add(t);
                    Asset owner = byIp.get(t);
                    if (owner != null) {
                        markRouter(owner, "dhcp.router", ts);
                    }
                } else {
                    stats.valuesDropped++;
                }
            }
        }
        // what the client says of itself: only in the messages it sends (op request, RFC 2131 §2)
        if (!"request".equals(text(dhcp.get("op")))) {
            return;
        }
        long mac = Addresses.parseMac(text(dhcp.get("client_mac")));
        if (!Addresses.isUnicastMac(mac)) {
            return;
        }
        Asset a = assets.get(mac);
        if (a == null) {
            a = getOrCreate(mac, ts);
            if (a == null) {
                return;
            }
            seen(a, ts);
        }
        addName(a, text(dhcp.get("hostname")), "dhcp.hostname", ts);
        addSoftwareText(a, text(dhcp.get("vendor_class")), "dhcp.vendor_class", ts);
    }

    private void lldp(JsonNode lldp, long ts) {
        Asset a = src.credited();
        if (a == null) {
            return;
        }
        JsonNode sys = lldp.path("system");
        addName(a, text(sys.get("name")), "lldp.system.name", ts);
        addSoftwareText(a, text(sys.get("description")), "lldp.system.description", ts);
        JsonNode med = lldp.path("med");
        String model = text(med.get("model"));
        String maker = text(med.get("manufacturer"));
        String product = model != null ? (maker != null ? maker + " " + model : model) : maker;
        if (product != null) {
            addSoftware(a, Software.of(product, text(med.get("software_revision")), "lldp.med.software_revision"), ts);
            String fw = text(med.get("firmware_revision"));
            if (fw != null) {
                addSoftware(a, Software.of(product, fw, "lldp.med.firmware_revision"), ts);
            }
        }
        if (contains(sys.get("enabled_capabilities"), "router")) {
            markRouter(a, "lldp", ts);
        }
    }

    private void cdp(JsonNode cdp, long ts) {
        Asset a = src.credited();
        if (a == null) {
            return;
        }
        addName(a, text(cdp.get("device_id")), "cdp.device_id", ts);
        addSoftwareText(a, text(cdp.get("software_version")), "cdp.software_version", ts);
        if (contains(cdp.get("capabilities"), "router")) {
            markRouter(a, "cdp", ts);
        }
    }

    private void snmp(JsonNode snmp, long ts) {
        String version = snmpVersion(text(snmp.get("version")));
        String pdu = text(snmp.get("pdu_type"));
        Asset s = src.credited();
        Asset d = dst.credited();
        if (dst.port == 161 && version != null) {
            // towards an agent: that is how the destination is managed
            if (d != null) {
                addValue(d, d.management, version, AssetChange.Action.MANAGEMENT_ADDED, version, "snmp", ts);
                if (s != null) {
                    addValue(s, s.manages, version, AssetChange.Action.MANAGES_ADDED, version, "snmp", ts);
                }
            }
        }
        if (pdu != null && SNMP_TRAPS.contains(pdu) && s != null && dst.unicastIp()) {
            addValue(s, s.trapReceivers, dst.ipText, AssetChange.Action.TRAP_RECEIVER_ADDED, dst.ipText, "snmp." + pdu, ts);
        }
        JsonNode sys = snmp.path("system");
        if (sys.isMissingNode()) {
            return;
        }
        if (s != null) {
            addSoftwareText(s, text(sys.get("description")), "snmp.system.description", ts);
            addName(s, text(sys.get("name")), "snmp.system.name", ts);
            String oid = text(sys.get("object_id"));
            if (isOid(oid) && !oid.equals(s.snmpObjectId)) {
                String previous = s.snmpObjectId;
                s.snmpObjectId = oid;
                change(s, AssetChange.Action.SNMP_OBJECT_ID, oid, previous, "snmp.system.object_id", ts);
            }
        } else {
            stats.factsUnattributed++;
        }
    }

    private static String snmpVersion(String v) {
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "1" -> "snmpv1";
            case "2c" -> "snmpv2c";
            case "3" -> "snmpv3";
            default -> null;
        };
    }

    private void sip(JsonNode sip, long ts) {
        Asset a = src.credited();
        if (a == null) {
            stats.factsUnattributed++;
            return;
        }
        addSoftwareText(a, text(sip.path("user_agent").get("original")), "sip.user_agent", ts);
        String type = text(sip.get("type"));
        if ("request".equals(type)) {
            String method = text(sip.get("method"));
            if ("REGISTER".equals(method)) {
                if (!a.sipRegisters) {
                    a.sipRegisters = true;
                    markChanged(a);
                }
                // a user agent registering itself (its Contact is its own address, one Via: not
                // relayed): the Contact's user is its extension, the From display its user's name.
                // Other requests are left out: a B2BUA or PBX sends INVITEs under the caller's From.
                boolean self = false;
                for (JsonNode c : iterable(sip.get("contact"))) {
                    String[] userHost = sipUserHost(text(c));
                    if (userHost != null && userHost[1].equals(src.ipText)) {
                        addDirectoryNumber(a, userHost[0], "sip.contact", ts);
                        self = true;
                    }
                }
                if (self && originatesAtSource(sip)) {
                    addName(a, text(sip.path("from").get("display_info")), "sip.from", ts);
                }
            }
        } else if ("response".equals(type)) {
            addSoftwareText(a, text(sip.get("server")), "sip.server", ts);
            JsonNode code = sip.get("code");
            int c = code != null && code.canConvertToInt() ? code.intValue() : 0;
            if ("REGISTER".equals(text(sip.path("cseq").get("method")))
                    && (c >= 200 && c < 300 || c == 401 || c == 407) && !a.sipRegistrar) {
                a.sipRegistrar = true;
                markChanged(a);
            }
        }
    }

    /** One Via, sent by the source itself: the request was not relayed, so From is the sender (RFC 3261 §8.1.1.3). */
    private boolean originatesAtSource(JsonNode sip) {
        JsonNode via = sip.get("via");
        if (via == null || !via.isArray() || via.size() != 1) {
            return false;
        }
        String sentBy = text(via.get(0).get("sent_by"));
        return sentBy != null && src.ipText != null && src.ipText.equals(hostOf(sentBy));
    }

    /** The host of {@code host[:port]} or {@code [v6]:port}, canonical, or null. */
    static String hostOf(String hostPort) {
        String h = hostPort.trim();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? null : Addresses.canonicalIp(h.substring(1, close));
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
            h = h.substring(0, colon);
        }
        return Addresses.canonicalIp(h);
    }

    /** User and canonical host of a SIP/SIPS URI inside a Contact value, or null. */
    static String[] sipUserHost(String contact) {
        if (contact == null) {
            return null;
        }
        int i = contact.indexOf("sip:");
        int skip = 4;
        int s = contact.indexOf("sips:");
        if (s >= 0 && (i < 0 || s < i)) {
            i = s;
            skip = 5;
        }
        if (i < 0) {
            return null;
        }
        String rest = contact.substring(i + skip);
        int at = rest.indexOf('@');
        if (at <= 0) {
            return null;
        }
        String user = rest.substring(0, at);
        int semi = user.indexOf(';');
        if (semi >= 0) {
            user = user.substring(0, semi);
        }
        String hostPart = rest.substring(at + 1);
        int end = hostPart.length();
        for (int k = 0; k < hostPart.length(); k++) {
            char c = hostPart.charAt(k);
            if (c == ';' || c == '>' || c == '?' || c == ' ') {
                end = k;
                break;
            }
        }
        String host = hostOf(hostPart.substring(0, end));
        return host == null ? null : new String[] {user, host};
    }

    private void dip(JsonNode dip, long ts) {
        String command = text(dip.get("command"));
        if (command == null) {
            return;
        }
        if ("stu".equals(command) && "to_server".equals(text(dip.get("direction")))) {
            // station up: "<ref> stu <mac> "<model>" "<firmware>"" (zenitel-facts: DIP)
            Asset a = src.credited();
            JsonNode params = dip.get("params");
            if (a != null && params != null && params.isArray() && params.size() >= 3) {
                addSoftware(a, Software.of(unquote(text(params.get(1))), unquote(text(params.get(2))), "dip.stu"), ts);
            }
        } else if ("con".equals(command) && "to_station".equals(text(dip.get("direction")))) {
            // the server configures the station: its name and directory number are the site's own
            Asset a = dst.credited();
            if (a != null) {
                addName(a, text(dip.get("name")), "dip.con", ts);
                addDirectoryNumber(a, text(dip.get("directory_number")), "dip.con", ts);
            }
        }
    }

    static String unquote(String s) {
        if (s == null) {
            return null;
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replace("\\\"", "\"");
        }
        return s;
    }

    /**
     * The discovery datagram's format is not published (zenitel-facts: Discovery); its
     * printable strings are. When one of them is the sender's own MAC, the datagram describes
     * its sender, and so far it does so as model, firmware version, MAC, name. Taken as: the
     * first string that is only a version is the firmware, the string before it the product,
     * the first string after the MAC that is neither the name. A datagram that does not carry
     * the sender's MAC (a query, or a description of another device) gives nothing.
     */
    private void discovery(JsonNode d, long ts) {
        Asset a = src.asset;
        JsonNode strings = d.get("strings");
        if (a == null || strings == null || !strings.isArray()) {
            return;
        }
        List<String> s = new ArrayList<>();
        for (JsonNode n : strings) {
            s.add(text(n));
        }
        int macAt = -1;
        for (int i = 0; i < s.size(); i++) {
            if (s.get(i) != null && Addresses.parseMac(s.get(i)) == a.mac) {
                macAt = i;
                break;
            }
        }
        if (macAt < 0) {
            return;
        }
        int versionAt = -1;
        for (int i = 0; i < s.size(); i++) {
            if (i != macAt && s.get(i) != null && VERSION_ONLY.matcher(s.get(i)).matches()) {
                versionAt = i;
                break;
            }
        }
        int productAt = versionAt > 0 && versionAt - 1 != macAt ? versionAt - 1 : -1;
        if (versionAt >= 0 && productAt >= 0) {
            addSoftware(a, Software.of(s.get(productAt), s.get(versionAt), "discovery"), ts);
        }
        for (int i = macAt + 1; i < s.size(); i++) {
            if (i != versionAt && i != productAt && s.get(i) != null) {
                addName(a, s.get(i), "discovery", ts);
                break;
            }
        }
    }

    private void http(JsonNode http, long ts) {
        Asset server = dst.credited();
        if (server == null) {
            stats.factsUnattributed++;
            return;
        }
        addSoftwareText(server, text(http.path("response").get("server")), "http.server", ts);
        if (!http.path("request").isMissingNode()) {
            managed(server, src.credited(), "http", ts);
        }
    }

    private void tls(JsonNode tls, long ts) {
        Asset server = dst.credited();
        if (server == null) {
            return;
        }
        boolean web = dst.port == 443 || dst.port == 8443
                || contains(tls.path("client").get("alpn"), "http/1.1") || contains(tls.path("client").get("alpn"), "h2");
        if (web) {
            managed(server, src.credited(), "https", ts);
        }
    }

    private void ssh(JsonNode ssh, long ts) {
        Asset server = dst.credited();
        if (server != null) {
            addSoftware(server, Software.parseSsh(text(ssh.path("server").get("software")), "ssh.server"), ts);
            managed(server, src.credited(), "ssh", ts);
        }
        Asset client = src.credited();
        if (client != null) {
            addSoftware(client, Software.parseSsh(text(ssh.path("client").get("software")), "ssh.client"), ts);
        }
    }

    private void telnet(JsonNode telnet, long ts) {
        JsonNode session = telnet.get("session");
        Asset server = dst.credited();
        if (server != null && session != null && session.asBoolean(false)) {
            managed(server, src.credited(), "telnet", ts);
        }
    }

    private void managed(Asset server, Asset client, String how, long ts) {
        addValue(server, server.management, how, AssetChange.Action.MANAGEMENT_ADDED, how, how, ts);
        if (client != null && client != server) {
            addValue(client, client.manages, how, AssetChange.Action.MANAGES_ADDED, how, how, ts);
        }
    }

    private void ntp(JsonNode ntp, long ts) {
        JsonNode m = ntp.get("mode_code");
        int mode = m != null && m.canConvertToInt() ? m.intValue() : -1;
        if ((mode == 1 || mode == 2 || mode == 3) && dst.unicastIp()) {
            Asset client = src.credited();
            if (client != null) {
                addValue(client, client.ntpServers, dst.ipText, AssetChange.Action.NTP_SERVER_ADDED, dst.ipText, "ntp", ts);
            }
        } else if (mode == 4 && src.unicastIp()) {
            Asset client = dst.credited();
            if (client != null) {
                addValue(client, client.ntpServers, src.ipText, AssetChange.Action.NTP_SERVER_ADDED, src.ipText, "ntp", ts);
            }
        }
    }

    private void syslog(JsonNode syslog, long ts) {
        Asset sender = src.credited();
        if (sender == null) {
            return;
        }
        if (dst.unicastIp()) {
            addValue(sender, sender.syslogServers, dst.ipText, AssetChange.Action.SYSLOG_SERVER_ADDED, dst.ipText,
                    "syslog", ts);
        }
        String host = text(syslog.get("hostname"));
        if (host != null && !"-".equals(host) && Addresses.parseIp(host) == null) {
            addName(sender, host, "syslog.hostname", ts);
        }
    }

    private void igmp(JsonNode igmp, long ts) {
        String type = text(igmp.get("type"));
        Asset a = src.credited();
        if (a == null || type == null || !type.endsWith("_report")) {
            return;
        }
        Addresses.Ip group = Addresses.parseIp(text(igmp.get("group")));
        if (group != null && group.isMulticast()) {
            String g = group.text();
            addValue(a, a.multicastGroups, g, AssetChange.Action.MULTICAST_JOINED, g, "igmp", ts);
        }
    }

    /** mDNS answers that give the sender's own address name the sender (RFC 6762 §6). */
    private void mdns(JsonNode e, long ts) {
        Asset a = src.credited();
        if (a == null || src.ipText == null || !"answer".equals(text(e.path("dns").get("type")))) {
            return;
        }
        for (JsonNode addr : iterable(e.path("mdns").get("addresses"))) {
            Addresses.Ip ip = Addresses.parseIp(text(addr.get("ip")));
            if (ip != null && ip.text().equals(src.ipText)) {
                addName(a, text(addr.get("name")), "mdns", ts);
            }
        }
    }

    /** Reverse DNS answers name the asset that holds the address now (IPv4 {@code in-addr.arpa}). */
    private void dns(JsonNode dns, long ts) {
        if (!"answer".equals(text(dns.get("type")))) {
            return;
        }
        for (JsonNode ans : iterable(dns.get("answers"))) {
            if (!"PTR".equals(text(ans.get("type")))) {
                continue;
            }
            String ip = reverseV4(text(ans.get("name")));
            Asset a = ip == null ? null : byIp.get(ip);
            if (a != null) {
                addName(a, stripDot(text(ans.get("data"))), "dns.ptr", ts);
            }
        }
    }

    /** {@code 216.225.254.169.in-addr.arpa} to {@code 169.254.225.216}, else null. */
    static String reverseV4(String name) {
        if (name == null) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (!n.endsWith(".in-addr.arpa")) {
            return null;
        }
        String[] p = n.substring(0, n.length() - ".in-addr.arpa".length()).split("\\.", -1);
        if (p.length != 4) {
            return null;
        }
        return Addresses.canonicalIp(p[3] + "." + p[2] + "." + p[1] + "." + p[0]);
    }

    private static String stripDot(String s) {
        return s != null && s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private void ssdp(JsonNode ssdp, long ts) {
        Asset a = src.credited();
        if (a != null) {
            addSoftwareText(a, text(ssdp.get("server")), "ssdp.server", ts);
        }
    }

    // ================================================================= flows

    private void flow(JsonNode e, long ts) {
        JsonNode network = e.path("network");
        String transport = lower(text(network.get("transport")));
        if (!"tcp".equals(transport) && !"udp".equals(transport) && !"sctp".equals(transport)) {
            return; // IGMP reports go to the group too, but they join it, they do not send to it
        }
        Asset sender = src.credited();
        if (sender != null && dst.ip != null && dst.ip.isMulticast() && !dst.ip.isLinkLocalMulticast()) {
            addValue(sender, sender.multicastSent, dst.ipText, AssetChange.Action.MULTICAST_SENT, dst.ipText, "flow", ts);
        }
        if (src.port < 0 || dst.port < 0) {
            return;
        }
        String protocol = protocolName(text(network.get("protocol")));
        boolean groupDestination = dst.ip == null || !dst.ip.isUnicast() || !Addresses.isUnicastMac(dst.mac);
        if (protocol != null && MEDIA.contains(protocol)) {
            Asset.Service media = new Asset.Service(transport, -1, protocol);
            use(src, media, ts);
            if (!groupDestination) {
                use(dst, media, ts);
            }
            return;
        }
        if (groupDestination) {
            use(src, new Asset.Service(transport, dst.port, protocol), ts);
            return;
        }
        Side server;
        if ("tcp".equals(transport)) {
            JsonNode flags = e.path("flow").path("tcp_flags");
            boolean srcSyn = hasFlag(text(flags.get("source")), "SYN");
            boolean dstSyn = hasFlag(text(flags.get("destination")), "SYN");
            if (dstSyn) {
                server = dst;
            } else if (srcSyn) {
                return; // refused or unanswered: nobody offers anything
            } else {
                server = bySystemPort();
            }
        } else {
            boolean srcEphemeral = src.port >= EPHEMERAL_PORT_MIN;
            boolean dstEphemeral = dst.port >= EPHEMERAL_PORT_MIN;
            if (UDP_CLIENT_PORTS.contains(dst.port) && !UDP_CLIENT_PORTS.contains(src.port)) {
                server = src; // a DHCP server's answer to the client port
            } else if (!dstEphemeral) {
                server = dst;
            } else if (!srcEphemeral) {
                server = src; // the capture began with the answer
            } else {
                server = null; // ephemeral to ephemeral (TFTP data, ...)
            }
        }
        if (server == null) {
            stats.directionUnknown++;
            return;
        }
        Side client = server == dst ? src : dst;
        Asset.Service s = new Asset.Service(transport, server.port, protocol);
        Asset offering = server.credited();
        if (offering != null) {
            addService(offering, offering.offered, s, AssetChange.Action.SERVICE_OFFERED, ts);
        } else if (server.asset != null) {
            stats.factsUnattributed++;
        }
        use(client, s, ts);
    }

    private Side bySystemPort() {
        boolean srcSystem = src.port < SYSTEM_PORT_LIMIT;
        boolean dstSystem = dst.port < SYSTEM_PORT_LIMIT;
        if (dstSystem && !srcSystem) {
            return dst;
        }
        if (srcSystem && !dstSystem) {
            return src;
        }
        return null;
    }

    private void use(Side side, Asset.Service s, long ts) {
        Asset a = side.credited();
        if (a != null) {
            addService(a, a.used, s, AssetChange.Action.SERVICE_USED, ts);
        } else if (side.asset != null) {
            stats.factsUnattributed++;
        }
    }

    private static boolean hasFlag(String flags, String flag) {
        if (flags == null) {
            return false;
        }
        for (String f : flags.split(",")) {
            if (f.trim().equals(flag)) {
                return true;
            }
        }
        return false;
    }

    private static String protocolName(String p) {
        if (p == null) {
            return null;
        }
        String t = Software.clean(p, MAX_PROTOCOL_CHARS);
        return t == null ? null : t.toLowerCase(Locale.ROOT);
    }

    // ================================================================= facts

    private void addService(Asset a, Map<String, Asset.Service> services, Asset.Service s,
                            AssetChange.Action action, long ts) {
        String key = s.key();
        Asset.Service known = services.get(key);
        if (known != null) {
            if (known.protocol() == null && s.protocol() != null) {
                services.put(key, s);
                markChanged(a);
            }
            return;
        }
        if (services.size() >= config.maxServicesPerAsset()) {
            stats.servicesDropped++;
            return;
        }
        services.put(key, s);
        change(a, action, s.toString(), null, "flow", ts);
    }

    private void addName(Asset a, String raw, String source, long ts) {
        String name = Software.clean(raw, MAX_NAME_CHARS);
        if (name == null || a.names.containsKey(name)) {
            return;
        }
        if (a.names.size() >= config.maxNamesPerAsset()) {
            stats.namesDropped++;
            return;
        }
        a.names.put(name, source);
        change(a, AssetChange.Action.NAME_ADDED, name, null, source, ts);
    }

    private void addDirectoryNumber(Asset a, String raw, String source, long ts) {
        String n = Software.clean(raw, MAX_DIRECTORY_NUMBER_CHARS);
        if (n != null) {
            addValue(a, a.directoryNumbers, n, AssetChange.Action.DIRECTORY_NUMBER_ADDED, n, source, ts);
        }
    }

    /**
     * Parses announced software text unless the asset already holds exactly this text from this
     * source (the common case: every SIP message repeats its User-Agent), then adds it.
     */
    private void addSoftwareText(Asset a, String text, String source, long ts) {
        if (text == null) {
            return;
        }
        for (Software known : a.software.values()) {
            if (known.source().equals(source) && known.original().equals(text)) {
                return;
            }
        }
        addSoftware(a, Software.parse(text, source), ts);
    }

    private void addSoftware(Asset a, Software s, long ts) {
        if (s == null) {
            return;
        }
        String key = s.key();
        Software known = a.software.get(key);
        if (known != null) {
            if (!java.util.Objects.equals(known.version(), s.version())) {
                a.software.put(key, s);
                change(a, AssetChange.Action.SOFTWARE_CHANGED, text(s), known.version(), s.source(), ts);
            }
            return;
        }
        if (a.software.size() >= config.maxSoftwarePerAsset()) {
            stats.softwareDropped++;
            return;
        }
        a.software.put(key, s);
        change(a, AssetChange.Action.SOFTWARE_ADDED, text(s), null, s.source(), ts);
    }

    private static String text(Software s) {
        return s.version() == null ? s.product() : s.product() + " " + s.version();
    }

    private <T> void addValue(Asset a, Set<T> set, T value, AssetChange.Action action, String text, String source,
                              long ts) {
        if (set.contains(value)) {
            return;
        }
        if (set.size() >= config.maxValuesPerList()) {
            stats.valuesDropped++;
            return;
        }
        set.add(value);
        change(a, action, text, null, source, ts);
    }

    private void change(Asset a, AssetChange.Action action, String value, String previous, String source, long ts) {
        markChanged(a);
        if (changes.size() >= config.maxPendingChanges()) {
            stats.changesDropped++;
            return;
        }
        changes.add(new AssetChange(action, a, value, previous, source, ts));
    }

    private void markChanged(Asset a) {
        changed.add(a);
        generation++;
    }

    // ================================================================= restore (store)

    /**
     * Adds an asset read back from the store. Returns false when the MAC is already known or the
     * inventory is full (counted). Restored assets are re-upserted on the next drain, so the
     * index matches the store after a crash between the two.
     */
    boolean restore(Asset a) {
        if (assets.containsKey(a.mac)) {
            return false;
        }
        if (assets.size() >= config.maxAssets()) {
            stats.assetsDropped++;
            return false;
        }
        if (a.vendor == null) {
            a.vendor = oui.vendor(a.mac);
        }
        assets.put(a.mac, a);
        for (Asset.IpRecord r : a.ips.values()) {
            Asset owner = byIp.get(r.ip);
            if (owner == null || r.lastSeen > owner.ips.get(r.ip).lastSeen) {
                byIp.put(r.ip, a);
            }
        }
        markChanged(a);
        return true;
    }

    // ================================================================= JSON helpers

    static String text(JsonNode n) {
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static Iterable<JsonNode> iterable(JsonNode n) {
        return n != null && n.isArray() ? n : List.of();
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : iterable(array)) {
            if (value.equals(text(n))) {
                return true;
            }
        }
        return false;
    }

    /** The innermost VLAN id of the frame (the customer tag under QinQ), or -1. */
    private static int vlan(JsonNode network) {
        int inner = vlanId(network.path("inner").path("vlan").get("id"));
        return inner >= 0 ? inner : vlanId(network.path("vlan").get("id"));
    }

    private static int vlanId(JsonNode n) {
        if (n == null) {
            return -1;
        }
        int v;
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            v = n.intValue();
        } else if (n.isTextual() && isDigits(n.textValue(), 4)) {
            v = Integer.parseInt(n.textValue());
        } else {
            return -1;
        }
        return v >= 0 && v <= 4095 ? v : -1;
    }

    /** 1 to {@code max} ASCII digits. */
    static boolean isDigits(String s, int max) {
        if (s.isEmpty() || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A dotted OID of 2 to 64 arcs, at most 128 characters ({@code 1.3.6.1.4.1.26122.1.1}). */
    static boolean isOid(String s) {
        if (s == null || s.isEmpty() || s.length() > 128) {
            return false;
        }
        int arcs = 1;
        char prev = '.';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (prev == '.') {
                    return false;
                }
                arcs++;
            } else if (c < '0' || c > '9') {
                return false;
            }
            prev = c;
        }
        return prev != '.' && arcs >= 2 && arcs <= 64;
    }

    /** {@code @timestamp} in ns since the epoch, or {@link Long#MIN_VALUE} when absent or invalid. */
    static long timestamp(JsonNode n) {
        String s = text(n);
        if (s == null || s.length() > 40) {
            return Long.MIN_VALUE;
        }
        // the finding engine's reader: the sensor's own form by hand, anything else through java.time
        return dev.vigil.rules.detect.Timestamps.parseNanos(s); // INVALID is Long.MIN_VALUE too
    }
}
