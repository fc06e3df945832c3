package dev.vigil.rules.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.rules.policy.ApprovedSoftware;
import dev.vigil.rules.policy.Hygiene;
import dev.vigil.rules.policy.InventoryEntry;
import dev.vigil.rules.policy.Ip;
import dev.vigil.rules.policy.Mac;
import dev.vigil.rules.policy.Policy;
import dev.vigil.rules.policy.RolePolicy;
import dev.vigil.rules.policy.RuleSettings;
import dev.vigil.rules.policy.ServicePort;
import dev.vigil.rules.policy.Suppression;
import dev.vigil.rules.service.ServiceCatalog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges the sensor's event documents against a {@link Policy} and raises {@link Finding}s: the
 * hardening guide's "Check" phase, done continuously. It reads documents exactly as the sensor writes
 * them (Jackson trees with ECS objects: {@code source.ip}, {@code network.transport}, {@code sip.*}),
 * so it can run on the live pipeline, on an offline capture, or on a saved NDJSON file alike.
 *
 * <p>Time is event time ({@code @timestamp}): windows (re-alert, learning, hygiene, silence) run on the
 * capture's clock, so an old capture analysed today behaves as it did live. {@link #advance} moves the
 * clock when no events arrive (live mode, same epoch-nanosecond clock); {@link #finish} runs the
 * periodic checks one last time at the end of the input.
 *
 * <p>Flows: the pipeline may send a {@code vigil.flow} document with {@code event.action: "start"} at
 * a flow's first packet (so an unknown device or an unapproved port is reported within a second) and
 * the usual one at its end. Once a start document has been seen, end documents no longer judge ports
 * (the start did), they only confirm that the responder exists.
 *
 * <p>Only devices on the intercom networks (policy CIDRs or VLANs, or in the inventory) are judged.
 * Devices are recognised by MAC first, then by IP (see {@link InventoryEntry}).
 *
 * <p>Cost: one engine sees every document (up to ~10^5/s). Per document it reads a few fields of the
 * tree and looks up hash maps keyed by the strings already in the tree; no regular expressions. It
 * allocates only for an occurrence of a finding (a small key; the finding itself when one is due) and
 * when a device's identity changes: about 70 bytes per document on the demo capture in steady state,
 * ~1.9 M documents/s on one core ({@code FindingEngineBenchmark}). Every map is bounded by a named cap,
 * and what a full map drops is counted ({@link #stats()}).
 *
 * <p>Not thread-safe: one thread (the pipeline's findings agent) calls it. Nothing thrown by a bad
 * document escapes: it is counted in {@link Stats#errors()}.
 */
public final class FindingEngine {
    /** Devices whose identity (inventory entry, intercom or not) is cached, per key kind (MAC, IP). */
    public static final int MAX_TRACKED_DEVICES = 65_536;
    /** (asset, rule, key) states kept for deduplication; the least recently raised is evicted. */
    public static final int MAX_FINDING_STATES = 100_000;
    /** Event ids kept as evidence per finding. */
    public static final int MAX_EVIDENCE_IDS = 10;
    /** Devices proposed during the learning period. */
    public static final int MAX_PROPOSALS = 10_000;
    /** Event time between two runs of the periodic checks (hygiene, silence). */
    public static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;
    /**
     * A jump of event time with no event at all in between longer than this is a gap in observation
     * (capture files of different days analysed together, a sensor that was stopped), not a network
     * that went quiet: hygiene and learning timers are moved past it, so nobody is reported silent or
     * without NTP for time the sensor did not watch. A live sensor calls {@link #advance} while no
     * events arrive, so its clock never jumps and a network that really goes quiet is still reported.
     */
    public static final long MAX_OBSERVATION_GAP_NANOS = 10L * 60 * 1_000_000_000L;
    /** Longest key, software text or detail value copied into a finding. */
    static final int MAX_TEXT = 256;

    private static final long NEVER = Long.MIN_VALUE;
    private static final int TCP = ServicePort.TCP;
    private static final int UDP = ServicePort.UDP;

    private final Policy policy;
    private final ServiceCatalog catalog;
    private final List<InventoryEntry> inventory;
    private final String[] entryKey;
    private final EntryState[] entries;
    private final Map<String, Integer> entryByMac = new HashMap<>();
    private final Map<String, Integer> entryByIp = new HashMap<>();
    private final HashMap<String, Identity> macCache = new HashMap<>();
    private final HashMap<String, Identity> ipCache = new HashMap<>();
    private final LinkedHashMap<DedupKey, State> states = new LinkedHashMap<>(1024, 0.75f, true);
    private final LinkedHashMap<String, ProposedAsset> proposals = new LinkedHashMap<>();
    private final long learningNanos;
    private final long realertNanos;
    private final long windowNanos;
    private final long silenceNanos;

    private long now = NEVER;
    private long start = NEVER;
    private long nextCheck = NEVER;
    private boolean sawFlowStart;
    private State pending;

    private long events;
    private long errors;
    private long findings;
    private long repeats;
    private long suppressed;
    private long statesEvicted;
    private long identityCacheFull;
    private long proposalsDropped;
    private long observationGaps;

    /** Counters: what the engine saw, raised, and dropped at its caps. */
    public record Stats(long events, long errors, long findings, long repeats, long suppressed,
                        long statesEvicted, long identityCacheFull, long proposalsDropped, long observationGaps,
                        int states, int proposals) {
    }

    public FindingEngine(Policy policy) {
        this(policy, ServiceCatalog.guide());
    }

    public FindingEngine(Policy policy, ServiceCatalog catalog) {
        this.policy = policy;
        this.catalog = catalog;
        this.inventory = policy.inventory();
        this.entryKey = new String[inventory.size()];
        this.entries = new EntryState[inventory.size()];
        for (int i = 0; i < inventory.size(); i++) {
            InventoryEntry e = inventory.get(i);
            entryKey[i] = e.mac() != null ? e.mac() : e.ip();
            entries[i] = new EntryState();
            if (e.mac() != null) {
                entryByMac.put(e.mac(), i);
            }
            if (e.ip() != null) {
                entryByIp.put(e.ip(), i);
            }
        }
        this.learningNanos = policy.learningPeriod().toNanos();
        this.realertNanos = policy.realertInterval().toNanos();
        this.windowNanos = policy.hygiene().window().toNanos();
        this.silenceNanos = policy.hygiene().silenceThreshold().toNanos();
    }

    // ============================================================================ public entry points

    /** Judges one event document. Never throws. */
    public void onEvent(JsonNode event, FindingSink sink) {
        events++;
        try {
            handle(event, sink);
        } catch (RuntimeException e) {
            errors++; // a document the rules did not expect: counted, never fatal
        } finally {
            pending = null;
        }
    }

    /** Moves the event clock to {@code nowNanos} (epoch nanoseconds, same clock as {@code @timestamp}). */
    public void advance(long nowNanos, FindingSink sink) {
        try {
            clock(nowNanos, sink);
        } catch (RuntimeException e) {
            errors++;
        } finally {
            pending = null;
        }
    }

    /** End of input: runs the periodic checks at the last event time. */
    public void finish(FindingSink sink) {
        try {
            if (now != NEVER) {
                periodic(sink);
            }
        } catch (RuntimeException e) {
            errors++;
        } finally {
            pending = null;
        }
    }

    /** Whether the learning period is running (unknown devices are proposed, not alerted). */
    public boolean learning() {
        return learningNanos > 0 && (start == NEVER || now - start < learningNanos);
    }

    /** The devices proposed for the inventory during the learning period, in order of appearance. */
    public List<ProposedAsset> proposals() {
        return List.copyOf(proposals.values());
    }

    public Stats stats() {
        return new Stats(events, errors, findings, repeats, suppressed, statesEvicted, identityCacheFull,
                proposalsDropped, observationGaps, states.size(), proposals.size());
    }

    /** The latest event time seen (epoch nanoseconds), or {@link Long#MIN_VALUE} before the first. */
    public long now() {
        return now;
    }

    // ======================================================================================= dispatch

    private void handle(JsonNode ev, FindingSink sink) {
        JsonNode event = ev.path("event");
        String dataset = text(event, "dataset");
        if (dataset == null || !dataset.startsWith("vigil.")) {
            return;
        }
        long ts = Timestamps.parseNanos(text(ev, "@timestamp"));
        if (ts == Timestamps.INVALID) {
            ts = now == NEVER ? 0 : now; // judged, but it moves no clock
        } else {
            if (start != NEVER && ts - now > MAX_OBSERVATION_GAP_NANOS) {
                skipGap(ts - now);
            }
            clock(ts, sink);
        }
        String eventId = text(event, "id");
        switch (dataset) {
            case "vigil.finding":
            case "vigil.asset":
            case "vigil.decode":
                return; // our own verdicts, and decode anomalies (not traffic a device chose to send)
            case "vigil.flow":
                flow(ev, event, ts, eventId, sink);
                return;
            default:
                break;
        }
        JsonNode src = ev.path("source");
        JsonNode dst = ev.path("destination");
        int vlan = vlan(ev.path("network"));
        Identity s = observe(src, vlan, ts, dataset, eventId, sink);
        switch (dataset) {
            case "vigil.sip":
                sip(ev, s, dst, vlan, ts, eventId, sink);
                break;
            case "vigil.call":
                call(ev, s, dst, vlan, ts, eventId, sink);
                break;
            case "vigil.rtp":
                rtp(ev, s, ts, eventId, sink);
                break;
            case "vigil.snmp":
                snmp(ev, s, dst, vlan, ts, eventId, sink);
                break;
            case "vigil.http":
                http(ev, s, dst, vlan, ts, eventId, sink);
                break;
            case "vigil.telnet":
                telnet(ev, s, dst, vlan, ts, eventId, sink);
                break;
            case "vigil.ssh":
                ssh(ev, s, dst, vlan, ts, eventId, sink);
                break;
            case "vigil.tls":
                tls(ev, s, dst, vlan, ts, eventId, sink);
                break;
            case "vigil.tftp":
                tftp(ev, s, dst, vlan, ts, eventId, sink);
                break;
            case "vigil.dhcp":
                dhcp(ev, s, vlan, ts, dataset, eventId, sink);
                break;
            case "vigil.ntp":
                ntp(ev, s, dst, vlan, ts);
                break;
            case "vigil.syslog":
                syslog(s, dst, vlan, ts);
                break;
            case "vigil.discovery":
                discovery(ev, s, ts, eventId, sink);
                break;
            case "vigil.dip":
                dip(ev, s, ts, eventId, sink);
                break;
            case "vigil.cdp":
                software(s, Source.CDP, firstLine(text(ev.path("cdp"), "software_version")), ts, eventId, sink);
                break;
            case "vigil.lldp":
                lldp(ev, s, ts, eventId, sink);
                break;
            default:
                break;
        }
    }

    // ===================================================================================== identities

    /** What the engine knows about one observed (MAC, IP, VLAN): cached, replaced (not mutated) on change. */
    private static final class Identity {
        final String mac;
        final String rawIp; // the text the cache was keyed with
        final String ip; // canonical, null when not one device's address
        final int vlan;
        final byte[] ipBytes;
        final int entry;
        final int ipOwner; // another entry whose IP this device uses, or -1
        final boolean judged;
        final String assetKey;

        Identity(String mac, String rawIp, String ip, int vlan, byte[] ipBytes, int entry, int ipOwner,
                 boolean judged, String assetKey) {
            this.mac = mac;
            this.rawIp = rawIp;
            this.ip = ip;
            this.vlan = vlan;
            this.ipBytes = ipBytes;
            this.entry = entry;
            this.ipOwner = ipOwner;
            this.judged = judged;
            this.assetKey = assetKey;
        }
    }

    /** Per inventory entry: when seen, when it last used NTP and syslog, which software it announced. */
    private static final class EntryState {
        long firstSeen = NEVER;
        long lastSeen = NEVER;
        long lastNtp = NEVER;
        long lastSyslog = NEVER;
        boolean silent;
        final String[] software = new String[Source.values().length];
    }

    /** The identity of an endpoint object ({@code source}, {@code destination}), or null when it names none. */
    private Identity identity(JsonNode endpoint, int vlan) {
        String mac = text(endpoint, "mac");
        String ip = text(endpoint, "ip");
        return identity(mac, ip, vlan);
    }

    private Identity identity(String mac, String ip, int vlan) {
        if (mac != null && !isEcsUnicastMac(mac)) {
            mac = normalizedMac(mac);
        }
        HashMap<String, Identity> cache = mac != null ? macCache : ipCache;
        String key = mac != null ? mac : ip;
        if (key == null) {
            return null;
        }
        Identity id = cache.get(key);
        if (id != null && id.vlan == vlan && (id.rawIp == null ? ip == null : id.rawIp.equals(ip))) {
            return id;
        }
        id = resolve(mac, ip, vlan);
        if (id == null) {
            return null;
        }
        if (cache.size() < MAX_TRACKED_DEVICES || cache.containsKey(key)) {
            cache.put(key, id);
        } else {
            identityCacheFull++; // still judged, just not cached
        }
        return id;
    }

    /** The sensor's form ({@code 00-13-CB-14-00-0A}) of a unicast MAC: checked without allocating. */
    private static boolean isEcsUnicastMac(String mac) {
        if (mac.length() != 17) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            char c = mac.charAt(i);
            boolean ok = i % 3 == 2 ? c == '-' : (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return !Mac.isGroupOrZero(mac);
    }

    private static String normalizedMac(String mac) {
        String m = Mac.normalize(mac);
        return m == null || Mac.isGroupOrZero(m) ? null : m;
    }

    private Identity resolve(String mac, String ip, int vlan) {
        byte[] ipb = null;
        String ipText = null;
        if (ip != null) {
            ipb = Ip.parse(ip);
            if (ipb != null && !Ip.isGroupOrUnspecified(ipb)) {
                ipText = Ip.format(ipb);
            } else {
                ipb = null;
            }
        }
        if (mac == null && ipText == null) {
            return null;
        }
        int entry = -1;
        int ipOwner = -1;
        if (mac != null) {
            Integer e = entryByMac.get(mac);
            entry = e == null ? -1 : e;
        }
        if (entry < 0 && ipText != null) {
            Integer e = entryByIp.get(ipText);
            if (e != null) {
                if (mac == null || inventory.get(e).mac() == null) {
                    entry = e;
                } else {
                    ipOwner = e; // another MAC uses an authorized IP
                }
            }
        }
        boolean judged = entry >= 0 || (ipb != null && policy.isIntercom(ipb))
                || (vlan >= 0 && policy.intercomVlans().contains(vlan));
        String assetKey = entry >= 0 ? entryKey[entry] : (mac != null ? mac : ipText);
        return new Identity(mac, ip, ipText, vlan, ipb, entry, ipOwner, judged, assetKey);
    }

    /** Records that a device sent something; raises asset.unknown for unknown devices on the intercom network. */
    private Identity observe(JsonNode endpoint, int vlan, long ts, String dataset, String eventId,
                             FindingSink sink) {
        Identity id = identity(endpoint, vlan);
        seen(id, ts, dataset, eventId, sink);
        return id;
    }

    private void seen(Identity id, long ts, String dataset, String eventId, FindingSink sink) {
        if (id == null) {
            return;
        }
        if (id.entry >= 0) {
            EntryState st = entries[id.entry];
            if (st.firstSeen == NEVER) {
                st.firstSeen = ts;
            }
            if (ts > st.lastSeen) {
                st.lastSeen = ts;
            }
            st.silent = false;
            return;
        }
        if (!id.judged || !enabled(Rule.ASSET_UNKNOWN)) {
            return;
        }
        if (learningNanos > 0) {
            ProposedAsset p = proposals.get(id.assetKey);
            if (p != null) {
                if (ts - start < learningNanos && ts > p.lastSeenNanos()) {
                    proposals.put(id.assetKey, new ProposedAsset(p.mac(), p.ip(), p.firstSeenNanos(), ts,
                            p.firstDataset()));
                }
                return; // learned: accepted after the learning period
            }
            if (ts - start < learningNanos) {
                if (proposals.size() < MAX_PROPOSALS) {
                    proposals.put(id.assetKey, new ProposedAsset(id.mac, id.ip, ts, ts, dataset));
                } else {
                    proposalsDropped++;
                }
                return;
            }
        }
        if (due(Rule.ASSET_UNKNOWN, id, "", ts, eventId)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("dataset", dataset);
            String where = id.judged && id.ipBytes != null && policy.isIntercom(id.ipBytes) ? "on the intercom network"
                    : "on an intercom VLAN";
            String msg = "Unknown device " + label(id) + " " + where + ", first seen in " + dataset;
            if (id.ipOwner >= 0) {
                InventoryEntry owner = inventory.get(id.ipOwner);
                d.put("authorized_mac_for_ip", owner.mac());
                d.put("authorized_name_for_ip", owner.name());
                msg = "Unknown device " + label(id) + " uses the IP of authorized " + owner.label() + " ("
                        + owner.mac() + ")";
            }
            if (id.vlan >= 0) {
                d.put("vlan", (long) id.vlan);
            }
            emit(Rule.ASSET_UNKNOWN, id, "", false, msg, d, sink);
        }
    }

    // ========================================================================================== flows

    private void flow(JsonNode ev, JsonNode event, long ts, String eventId, FindingSink sink) {
        boolean isStart = "start".equals(text(event, "action"));
        if (isStart) {
            sawFlowStart = true;
        }
        JsonNode net = ev.path("network");
        int vlan = vlan(net);
        JsonNode src = ev.path("source");
        JsonNode dst = ev.path("destination");
        Identity s = observe(src, vlan, ts, "vigil.flow", eventId, sink);
        Identity d;
        if (!isStart && dst.path("packets").asLong(0) > 0) {
            d = observe(dst, vlan, ts, "vigil.flow", eventId, sink); // the responder exists
        } else {
            d = identity(dst, vlan);
        }
        if (isStart || !sawFlowStart) {
            judgeFlow(ev, net, s, d, ts, eventId, sink);
        }
    }

    private void judgeFlow(JsonNode ev, JsonNode net, Identity s, Identity d, long ts, String eventId,
                           FindingSink sink) {
        int transport = ServicePort.transportNumber(text(net, "transport"));
        int sport = ev.path("source").path("port").asInt(-1);
        int dport = ev.path("destination").path("port").asInt(-1);
        String protocol = text(net, "protocol");
        // CIS 6 contacts also from flows, so hygiene works with the protocol decoders off
        if (s != null && s.entry >= 0 && d != null && d.ipBytes != null) {
            if (transport == UDP && dport == 123 && ntpServer(d)) {
                entries[s.entry].lastNtp = Math.max(entries[s.entry].lastNtp, ts);
            }
            if (((transport == UDP || transport == TCP) && (dport == 514 || dport == 6514) && syslogServer(d))
                    || (transport == UDP && dport == 162)) {
                entries[s.entry].lastSyslog = Math.max(entries[s.entry].lastSyslog, ts);
            }
        }
        if (!enabled(Rule.PORT_UNAPPROVED)) {
            return;
        }
        if (transport == 1 || transport == 2 || transport == 58) {
            return; // ICMP, IGMP, ICMPv6: network control
        }
        boolean strict = transport == TCP && hasSyn(ev.path("flow").path("tcp_flags").path("source"));
        judgeEndpointPorts(s, d, true, transport, sport, dport, protocol, strict, ts, eventId, sink);
        judgeEndpointPorts(d, s, false, transport, sport, dport, protocol, strict, ts, eventId, sink);
        judgeCrossing(s, d, ts, eventId, sink);
        judgeCrossing(d, s, ts, eventId, sink);
        if (!policy.sipServers().isEmpty() && (transport == TCP || transport == UDP)) {
            String svc = catalog.name(transport, dport);
            if ("sip".equals(svc) || "sips".equals(svc) || "sip".equals(protocol)) {
                judgeSipPeer(s, d, ts, eventId, sink);
                judgeSipPeer(d, s, ts, eventId, sink);
            }
        }
    }

    private static boolean hasSyn(JsonNode flags) {
        String f = flags.textValue();
        return f != null && f.contains("SYN");
    }

    /**
     * The service of a flow is its destination port (the listening side: the destination of the first
     * packet, the SYN's target for TCP). Both ends must be allowed that service by their roles. When
     * the first packet may have been a reply (UDP, or TCP picked up without its SYN), a flow from an
     * approved port to a port of 1024 or above is taken as the answer of that service.
     */
    private void judgeEndpointPorts(Identity x, Identity peer, boolean xIsSource, int transport, int sport,
                                    int dport, String protocol, boolean strict, long ts, String eventId,
                                    FindingSink sink) {
        if (x == null || x.entry < 0) {
            return; // unknown devices have no role: asset.unknown covers them
        }
        InventoryEntry e = inventory.get(x.entry);
        RolePolicy rp = policy.role(e.role());
        if (rp == null || !rp.judgesPorts()) {
            return;
        }
        boolean ported = transport == TCP || transport == UDP;
        if (ported && dport < 0) {
            return;
        }
        if (rp.allows(transport, ported ? dport : -1) || rp.allowsNegotiated(protocol)) {
            return;
        }
        if (ported && !strict && dport >= 1024 && sport >= 0 && rp.allows(transport, sport)) {
            return;
        }
        String key = ported ? ServicePort.transportName(transport) + "/" + dport
                : ServicePort.transportName(transport);
        if (!due(Rule.PORT_UNAPPROVED, x, key, ts, eventId)) {
            return;
        }
        String svc = ported ? catalog.name(transport, dport) : null;
        if (svc == null) {
            svc = protocol;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("transport", ServicePort.transportName(transport));
        if (ported) {
            d.put("port", (long) dport);
        }
        if (svc != null) {
            d.put("service", svc);
        }
        d.put("direction", xIsSource ? "outbound" : "inbound");
        if (peer != null && peer.ip != null) {
            d.put("peer_ip", peer.ip);
        }
        String what = key.toUpperCase(java.util.Locale.ROOT).replace('/', ' ') + (svc != null ? " (" + svc + ")" : "");
        String msg = label(x) + (xIsSource ? " uses " + what + " of " + peerLabel(peer)
                : ": " + what + " used by " + peerLabel(peer)) + ", not approved for role " + e.role().label();
        emit(Rule.PORT_UNAPPROVED, x, key, false, msg, d, sink);
    }

    private void judgeCrossing(Identity x, Identity peer, long ts, String eventId, FindingSink sink) {
        if (x == null || x.entry < 0 || peer == null || peer.ipBytes == null || policy.intercomNetworks().isEmpty()) {
            return;
        }
        byte[] p = peer.ipBytes;
        if (policy.isIntercom(p) || policy.isAllowedPeer(p) || linkLocal(p)) {
            return;
        }
        String key = "network:" + peer.ip;
        if (!due(Rule.PORT_UNAPPROVED, x, key, ts, eventId)) {
            return;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("peer_ip", peer.ip);
        emit(Rule.PORT_UNAPPROVED, x, key, false, label(x) + " talks to " + peer.ip
                + ", outside the intercom networks and the allowed peer networks", d, sink);
    }

    private void judgeSipPeer(Identity x, Identity peer, long ts, String eventId, FindingSink sink) {
        if (x == null || x.entry < 0 || peer == null || peer.ipBytes == null) {
            return;
        }
        if (policy.isSipServer(peer.ipBytes) || entryByIp.containsKey(peer.ip)
                || (peer.entry >= 0 && policy.isIntercom(peer.ipBytes))) {
            return; // an approved SIP server, or an authorized device (Edge mode: device to device); not a
                    // remote address behind an authorized router's MAC
        }
        String key = "sip-peer:" + peer.ip;
        if (!due(Rule.PORT_UNAPPROVED, x, key, ts, eventId)) {
            return;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("peer_ip", peer.ip);
        emit(Rule.PORT_UNAPPROVED, x, key, false, label(x) + " exchanges SIP with " + peer.ip
                + ", which is not an approved SIP server", d, sink);
    }

    private static boolean linkLocal(byte[] ip) {
        if (ip.length == 4) {
            return (ip[0] & 0xff) == 169 && (ip[1] & 0xff) == 254;
        }
        return (ip[0] & 0xff) == 0xfe && (ip[1] & 0xc0) == 0x80;
    }

    // ============================================================================================ SIP

    private void sip(JsonNode ev, Identity s, JsonNode dstNode, int vlan, long ts, String eventId, FindingSink sink) {
        JsonNode sip = ev.path("sip");
        String transport = text(sip, "transport");
        if (transport == null) {
            transport = text(ev.path("network"), "transport");
        }
        boolean clear = transport != null && !transport.equalsIgnoreCase("tls") && !transport.equalsIgnoreCase("wss");
        if (s != null && s.judged) {
            if (clear && policy.sipsRequired() && enabled(Rule.SIP_CLEARTEXT) && due(Rule.SIP_CLEARTEXT, s,
                    "transport", ts, eventId)) {
                Map<String, Object> d = sipDetails(sip, transport, dstNode);
                emit(Rule.SIP_CLEARTEXT, s, "transport", false, label(s) + " sends SIP over "
                        + transport.toUpperCase(java.util.Locale.ROOT) + " (not TLS) to " + peerText(dstNode), d, sink);
            }
            JsonNode auth = sip.path("auth");
            if (clear && policy.sipsRequired() && text(auth, "username") != null
                    && "digest".equalsIgnoreCase(text(auth, "scheme")) && enabled(Rule.SIP_CLEARTEXT)
                    && due(Rule.SIP_CLEARTEXT, s, "digest", ts, eventId)) {
                Map<String, Object> d = sipDetails(sip, transport, dstNode);
                d.put("username", cut(text(auth, "username")));
                if (text(auth, "realm") != null) {
                    d.put("realm", cut(text(auth, "realm")));
                }
                emit(Rule.SIP_CLEARTEXT, s, "digest", false, label(s) + " sends SIP Digest credentials of user '"
                        + cut(text(auth, "username")) + "' in clear (open to offline password guessing)", d, sink);
            }
            if (clear && sdes(sip.path("sdp")) && enabled(Rule.SIP_SDES_CLEARTEXT)
                    && due(Rule.SIP_SDES_CLEARTEXT, s, "sdes", ts, eventId)) {
                Map<String, Object> d = sipDetails(sip, transport, dstNode);
                emit(Rule.SIP_SDES_CLEARTEXT, s, "sdes", false, label(s) + " sends SRTP keys (SDP a=crypto) in"
                        + " cleartext SIP over " + transport.toUpperCase(java.util.Locale.ROOT) + " to "
                        + peerText(dstNode), d, sink);
            }
        }
        software(s, Source.SIP_USER_AGENT, text(sip.path("user_agent"), "original"), ts, eventId, sink);
        software(s, Source.SIP_SERVER, text(sip, "server"), ts, eventId, sink);
    }

    private static boolean sdes(JsonNode sdp) {
        JsonNode c = sdp.get("crypto");
        if (c == null) {
            return false;
        }
        if (c.isTextual()) {
            return c.textValue().equalsIgnoreCase("sdes");
        }
        if (c.isArray()) {
            for (JsonNode x : c) {
                if (x.isTextual() && x.textValue().equalsIgnoreCase("sdes")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<String, Object> sipDetails(JsonNode sip, String transport, JsonNode dst) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("transport", transport);
        putText(d, "method", text(sip, "method"));
        putText(d, "call_id", text(sip, "call_id"));
        putText(d, "peer_ip", text(dst, "ip"));
        return d;
    }

    private void call(JsonNode ev, Identity s, JsonNode dstNode, int vlan, long ts, String eventId,
                      FindingSink sink) {
        JsonNode call = ev.path("call");
        if (!policy.srtpRequired() || !"none".equalsIgnoreCase(text(call, "media_encryption"))) {
            return;
        }
        String callId = text(call, "call_id") != null ? text(call, "call_id") : text(ev.path("sip"), "call_id");
        Identity d = identity(dstNode, vlan);
        plainMedia(s, callId, ts, eventId, sink);
        plainMedia(d, callId, ts, eventId, sink);
    }

    private void rtp(JsonNode ev, Identity s, long ts, String eventId, FindingSink sink) {
        JsonNode rtp = ev.path("rtp");
        JsonNode srtp = rtp.get("srtp");
        if (!policy.srtpRequired() || srtp == null || !srtp.isBoolean() || srtp.booleanValue()) {
            return;
        }
        String callId = text(rtp, "call_id") != null ? text(rtp, "call_id") : text(ev.path("sip"), "call_id");
        if (callId == null) {
            return; // not announced by SIP (DIP audio has no SRTP to offer)
        }
        plainMedia(s, callId, ts, eventId, sink);
    }

    private void plainMedia(Identity x, String callId, long ts, String eventId, FindingSink sink) {
        if (x == null || !x.judged || !enabled(Rule.SIP_CLEARTEXT) || !due(Rule.SIP_CLEARTEXT, x, "media", ts,
                eventId)) {
            return;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        putText(d, "call_id", callId);
        emit(Rule.SIP_CLEARTEXT, x, "media", false, label(x) + " has a call with plain RTP media (no SRTP)"
                + (callId != null ? ", Call-ID " + cut(callId) : ""), d, sink);
    }

    // =========================================================================================== SNMP

    private void snmp(JsonNode ev, Identity s, JsonNode dstNode, int vlan, long ts, String eventId,
                      FindingSink sink) {
        JsonNode snmp = ev.path("snmp");
        String pdu = text(snmp, "pdu_type");
        boolean fromAgent = pdu != null && (pdu.equals("get-response") || pdu.equals("trap")
                || pdu.equals("snmpv2-trap") || pdu.equals("report") || pdu.equals("inform-request"));
        Identity d = identity(dstNode, vlan);
        Identity agent = fromAgent ? s : d;
        Identity manager = fromAgent ? d : s;
        if (pdu != null && (pdu.equals("trap") || pdu.equals("snmpv2-trap") || pdu.equals("inform-request"))
                && s != null && s.entry >= 0) {
            entries[s.entry].lastSyslog = Math.max(entries[s.entry].lastSyslog, ts); // traps count (server step 5)
        }
        if (fromAgent && pdu.equals("get-response")) {
            software(s, Source.SNMP_SYSDESCR, text(snmp.path("system"), "description"), ts, eventId, sink);
        }
        if (!enabled(Rule.SNMP_WEAK)) {
            return;
        }
        Identity x = agent != null && agent.judged ? agent : (manager != null && manager.judged ? manager : null);
        if (x == null) {
            return;
        }
        String version = text(snmp, "version");
        JsonNode community = snmp.path("community");
        String key;
        boolean escalate = false;
        String msg;
        if (community.path("default").asBoolean(false)) {
            key = "default-community";
            escalate = true;
            msg = "a well-known default community";
        } else if ("1".equals(version) || "2c".equals(version)) {
            key = "v" + version;
            msg = "SNMP v" + version + " (community in clear)";
        } else if ("3".equals(version) && "noAuthNoPriv".equalsIgnoreCase(text(snmp.path("v3"), "security_level"))) {
            key = "v3-noauthnopriv";
            msg = "SNMPv3 without authentication or privacy (noAuthNoPriv)";
        } else {
            return;
        }
        if (!due(Rule.SNMP_WEAK, x, key, ts, eventId)) {
            return;
        }
        Map<String, Object> dt = new LinkedHashMap<>();
        putText(dt, "version", version);
        putText(dt, "pdu_type", pdu);
        Identity other = x == agent ? manager : agent;
        if (other != null && other.ip != null) {
            dt.put("peer_ip", other.ip);
        }
        if (escalate) {
            putText(dt, "community_hash", text(community, "hash"));
            msg = msg + " (SNMP v" + version + ")";
        }
        String role = x == agent ? "agent" : "manager";
        emit(Rule.SNMP_WEAK, x, key, escalate, "SNMP " + role + " " + label(x) + " uses " + msg
                + (other != null && other.ip != null ? " with " + other.ip : ""), dt, sink);
    }

    // ================================================================================ administration

    private void http(JsonNode ev, Identity s, JsonNode dstNode, int vlan, long ts, String eventId,
                      FindingSink sink) {
        JsonNode http = ev.path("http");
        JsonNode req = http.path("request");
        JsonNode auth = req.path("auth");
        Identity d = identity(dstNode, vlan);
        software(d, Source.HTTP_SERVER, text(http.path("response"), "server"), ts, eventId, sink);
        software(s, Source.HTTP_USER_AGENT, text(ev.path("user_agent"), "original"), ts, eventId, sink);
        if (!enabled(Rule.ADMIN_CLEARTEXT)) {
            return;
        }
        Identity x = d != null && d.judged ? d : (s != null && s.judged ? s : null);
        if (x == null) {
            return;
        }
        String scheme = text(auth, "scheme");
        boolean basic = auth.path("cleartext").asBoolean(false) || "basic".equalsIgnoreCase(scheme);
        boolean defaults = auth.path("default_credentials").asBoolean(false);
        String key = null;
        String msg = null;
        if (defaults) {
            key = "http-default-credentials";
            msg = "the vendor's default credentials";
        } else if (basic) {
            key = "http-basic";
            msg = "HTTP Basic credentials";
        } else if ("POST".equals(text(req, "method")) && loginUrl(text(ev.path("url"), "original"))) {
            key = "http-form";
            msg = "a login form";
        }
        if (key == null || !due(Rule.ADMIN_CLEARTEXT, x, key, ts, eventId)) {
            return;
        }
        Map<String, Object> dt = new LinkedHashMap<>();
        putText(dt, "scheme", scheme);
        putText(dt, "username", cut(text(auth, "username")));
        putText(dt, "client_ip", text(ev.path("source"), "ip"));
        putText(dt, "server_ip", text(dstNode, "ip"));
        int port = dstNode.path("port").asInt(-1);
        if (port >= 0) {
            dt.put("server_port", (long) port);
        }
        putText(dt, "url", cut(text(ev.path("url"), "original")));
        String user = text(auth, "username");
        emit(Rule.ADMIN_CLEARTEXT, x, key, defaults, "Web login to " + text(dstNode, "ip")
                + (port >= 0 ? ":" + port : "") + " from " + text(ev.path("source"), "ip") + " with " + msg
                + (user != null ? " (user '" + cut(user) + "')" : "") + " over plain HTTP", dt, sink);
    }

    private static boolean loginUrl(String url) {
        if (url == null) {
            return false;
        }
        return SoftwareText.indexOfIgnoreCase(url, "login") >= 0 || SoftwareText.indexOfIgnoreCase(url, "logon") >= 0
                || SoftwareText.indexOfIgnoreCase(url, "signin") >= 0;
    }

    private void telnet(JsonNode ev, Identity s, JsonNode dstNode, int vlan, long ts, String eventId,
                        FindingSink sink) {
        if (!enabled(Rule.ADMIN_CLEARTEXT) || !ev.path("telnet").path("session").asBoolean(false)) {
            return;
        }
        Identity d = identity(dstNode, vlan);
        Identity x = d != null && d.judged ? d : (s != null && s.judged ? s : null);
        if (x == null || !due(Rule.ADMIN_CLEARTEXT, x, "telnet", ts, eventId)) {
            return;
        }
        Map<String, Object> dt = new LinkedHashMap<>();
        putText(dt, "client_ip", text(ev.path("source"), "ip"));
        putText(dt, "server_ip", text(dstNode, "ip"));
        putText(dt, "banner", cut(text(ev.path("telnet").path("server"), "banner")));
        emit(Rule.ADMIN_CLEARTEXT, x, "telnet", false, "Telnet session from " + text(ev.path("source"), "ip")
                + " to " + text(dstNode, "ip") + ": everything typed, passwords included, travels in clear", dt, sink);
    }

    private void ssh(JsonNode ev, Identity s, JsonNode dstNode, int vlan, long ts, String eventId,
                     FindingSink sink) {
        JsonNode ssh = ev.path("ssh");
        Identity d = identity(dstNode, vlan);
        software(d, Source.SSH_SERVER, text(ssh.path("server"), "software"), ts, eventId, sink);
        software(s, Source.SSH_CLIENT, text(ssh.path("client"), "software"), ts, eventId, sink);
    }

    // ============================================================================================ TLS

    private void tls(JsonNode ev, Identity s, JsonNode dstNode, int vlan, long ts, String eventId,
                     FindingSink sink) {
        if (!enabled(Rule.TLS_WEAK)) {
            return;
        }
        Identity d = identity(dstNode, vlan);
        Identity x = d != null && d.judged ? d : (s != null && s.judged ? s : null);
        if (x == null) {
            return;
        }
        JsonNode tls = ev.path("tls");
        String server = text(dstNode, "ip") + (dstNode.path("port").isInt() ? ":" + dstNode.path("port").asInt() : "");
        String negotiated = text(tls.path("server"), "version"); // the ServerHello's choice
        if (negotiated != null && weakVersion(negotiated) && due(Rule.TLS_WEAK, x, "version", ts, eventId)) {
            Map<String, Object> dt = tlsDetails(tls, server);
            emit(Rule.TLS_WEAK, x, "version", false, "TLS session with " + server + " negotiated "
                    + versionName(negotiated) + " (below TLS 1.2)", dt, sink);
        }
        String offered = text(tls.path("client"), "version"); // the client's highest offer
        if (negotiated == null && offered != null && weakVersion(offered) && s != null && s.judged
                && due(Rule.TLS_WEAK, s, "client-version", ts, eventId)) {
            Map<String, Object> dt = tlsDetails(tls, server);
            dt.put("client_version", offered);
            emit(Rule.TLS_WEAK, s, "client-version", false, "TLS client " + label(s) + " offers at most "
                    + versionName(offered) + " to " + server + " (below TLS 1.2)", dt, sink);
        }
        int cipher = WeakCiphers.parse(text(tls, "cipher"));
        String why = WeakCiphers.reason(cipher);
        if (why != null && due(Rule.TLS_WEAK, x, "cipher", ts, eventId)) {
            Map<String, Object> dt = tlsDetails(tls, server);
            dt.put("weakness", why);
            emit(Rule.TLS_WEAK, x, "cipher", false, "TLS session with " + server + " uses weak cipher suite "
                    + text(tls, "cipher") + " (" + why + ")", dt, sink);
        }
        JsonNode cert = tls.path("server");
        long notAfter = Timestamps.parseNanos(text(cert, "not_after"));
        long notBefore = Timestamps.parseNanos(text(cert, "not_before"));
        if (notAfter != Timestamps.INVALID && notAfter < ts && due(Rule.TLS_WEAK, x, "certificate-expired", ts,
                eventId)) {
            Map<String, Object> dt = tlsDetails(tls, server);
            emit(Rule.TLS_WEAK, x, "certificate-expired", false, "TLS server " + server
                    + " presents a certificate that expired on " + text(cert, "not_after"), dt, sink);
        } else if (notBefore != Timestamps.INVALID && notBefore > ts && due(Rule.TLS_WEAK, x,
                "certificate-not-yet-valid", ts, eventId)) {
            Map<String, Object> dt = tlsDetails(tls, server);
            emit(Rule.TLS_WEAK, x, "certificate-not-yet-valid", false, "TLS server " + server
                    + " presents a certificate valid only from " + text(cert, "not_before"), dt, sink);
        }
        String subject = text(cert, "subject");
        boolean selfSigned = cert.path("self_signed").asBoolean(false)
                || (subject != null && subject.equals(text(cert, "issuer")));
        if (selfSigned && due(Rule.TLS_WEAK, x, "certificate-self-signed", ts, eventId)) {
            Map<String, Object> dt = tlsDetails(tls, server);
            dt.put("signature_verified", cert.path("self_signed").asBoolean(false));
            emit(Rule.TLS_WEAK, x, "certificate-self-signed", false, "TLS server " + server
                    + " presents a self-signed certificate (" + cut(subject) + "): clients cannot authenticate it",
                    dt, sink);
        }
    }

    /** TLS 1.0 and 1.1 (RFC 8996 deprecates them), SSL 3.0 and 2.0, as the sensor names versions. */
    private static boolean weakVersion(String v) {
        return v.equals("1.0") || v.equals("1.1") || v.equals("3.0") || v.equals("2.0");
    }

    private static String versionName(String v) {
        return v.equals("3.0") || v.equals("2.0") ? "SSL " + v : "TLS " + v;
    }

    private static Map<String, Object> tlsDetails(JsonNode tls, String server) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("server", server);
        putText(d, "version", text(tls.path("server"), "version"));
        putText(d, "cipher", text(tls, "cipher"));
        putText(d, "server_name", cut(text(tls.path("client"), "server_name")));
        putText(d, "subject", cut(text(tls.path("server"), "subject")));
        putText(d, "issuer", cut(text(tls.path("server"), "issuer")));
        putText(d, "not_after", text(tls.path("server"), "not_after"));
        return d;
    }

    // =========================================================================================== TFTP

    private void tftp(JsonNode ev, Identity s, JsonNode dstNode, int vlan, long ts, String eventId,
                      FindingSink sink) {
        JsonNode tftp = ev.path("tftp");
        String op = text(tftp, "opcode");
        if (!enabled(Rule.TFTP_TRANSFER) || !("RRQ".equals(op) || "WRQ".equals(op))) {
            return;
        }
        Identity d = identity(dstNode, vlan);
        Identity x = s != null && s.judged ? s : (d != null && d.judged ? d : null);
        String file = cut(text(tftp, "filename"));
        String key = op + ":" + (file == null ? "" : file);
        if (x == null || !due(Rule.TFTP_TRANSFER, x, key, ts, eventId)) {
            return;
        }
        boolean read = "RRQ".equals(op);
        String kind = fileKind(file);
        Map<String, Object> dt = new LinkedHashMap<>();
        putText(dt, "filename", file);
        putText(dt, "mode", text(tftp, "mode"));
        dt.put("direction", read ? "read" : "write");
        dt.put("kind", kind);
        putText(dt, "client_ip", text(ev.path("source"), "ip"));
        putText(dt, "server_ip", text(dstNode, "ip"));
        String what = file == null || file.isEmpty() ? "a file without a name"
                : (kind.equals("file") ? "file '" : kind + " file '") + file + "'";
        Identity client = s != null ? s : x;
        emit(Rule.TFTP_TRANSFER, x, key, false, label(client) + (read ? " reads " : " writes ") + what
                + (read ? " from" : " to") + " TFTP server " + text(dstNode, "ip") + " in clear", dt, sink);
    }

    private static String fileKind(String file) {
        if (file == null) {
            return "file";
        }
        String[] config = {".cfg", ".conf", ".xml", ".ini", ".txt", ".json", ".cnf"};
        String[] firmware = {".bin", ".img", ".fw", ".zip", ".tar", ".gz", ".tgz", ".rom", ".pkg", ".upd"};
        for (String x : config) {
            if (file.regionMatches(true, file.length() - x.length(), x, 0, x.length())) {
                return "configuration";
            }
        }
        for (String x : firmware) {
            if (file.regionMatches(true, file.length() - x.length(), x, 0, x.length())) {
                return "firmware";
            }
        }
        return "file";
    }

    // ==================================================================== DHCP, NTP, syslog, discovery

    private void dhcp(JsonNode ev, Identity s, int vlan, long ts, String dataset, String eventId,
                      FindingSink sink) {
        JsonNode dhcp = ev.path("dhcp");
        String op = text(dhcp, "op");
        String type = text(dhcp, "message_type");
        String clientMac = text(dhcp, "client_mac");
        Identity client = null;
        if ("request".equals(op)) {
            String ip = text(dhcp, "requested_ip");
            client = clientMac == null ? s : identity(clientMac, ip != null ? ip : text(ev.path("source"), "ip"), vlan);
            if (client != s) {
                seen(client, ts, dataset, eventId, sink);
            }
            software(client, Source.DHCP_VENDOR_CLASS, text(dhcp, "vendor_class"), ts, eventId, sink);
        } else if ("ACK".equals(type) && clientMac != null) {
            client = identity(clientMac, text(dhcp, "assigned_ip"), vlan);
            seen(client, ts, dataset, eventId, sink); // the client now holds an intercom address
        }
    }

    private void ntp(JsonNode ev, Identity s, JsonNode dstNode, int vlan, long ts) {
        String mode = text(ev.path("ntp"), "mode");
        Identity d = identity(dstNode, vlan);
        if ("client".equals(mode) && s != null && s.entry >= 0 && d != null && ntpServer(d)) {
            entries[s.entry].lastNtp = Math.max(entries[s.entry].lastNtp, ts);
        } else if ("server".equals(mode) && d != null && d.entry >= 0 && s != null && ntpServer(s)) {
            entries[d.entry].lastNtp = Math.max(entries[d.entry].lastNtp, ts);
        }
    }

    private boolean ntpServer(Identity x) {
        return policy.ntpServers().isEmpty() ? x.ipBytes != null : policy.isNtpServer(x.ipBytes);
    }

    private boolean syslogServer(Identity x) {
        return policy.syslogServers().isEmpty() ? x.ipBytes != null : policy.isSyslogServer(x.ipBytes);
    }

    private void syslog(Identity s, JsonNode dstNode, int vlan, long ts) {
        if (s == null || s.entry < 0) {
            return;
        }
        Identity d = identity(dstNode, vlan);
        if (d != null && syslogServer(d)) {
            entries[s.entry].lastSyslog = Math.max(entries[s.entry].lastSyslog, ts);
        }
    }

    private void discovery(JsonNode ev, Identity s, long ts, String eventId, FindingSink sink) {
        if (s == null || s.entry < 0) {
            return;
        }
        software(s, Source.DISCOVERY, join(ev.path("discovery").path("strings")), ts, eventId, sink);
    }

    private void dip(JsonNode ev, Identity s, long ts, String eventId, FindingSink sink) {
        JsonNode dip = ev.path("dip");
        if (s == null || s.entry < 0 || !"stu".equals(text(dip, "command"))) {
            return;
        }
        software(s, Source.DIP, join(dip.path("params")), ts, eventId, sink); // stu: MAC, model, version
    }

    private void lldp(JsonNode ev, Identity s, long ts, String eventId, FindingSink sink) {
        JsonNode lldp = ev.path("lldp");
        software(s, Source.LLDP, firstLine(text(lldp.path("system"), "description")), ts, eventId, sink);
        JsonNode med = lldp.path("med");
        String fw = text(med, "firmware_revision") != null ? text(med, "firmware_revision")
                : text(med, "software_revision");
        if (fw != null && text(med, "model") != null) {
            software(s, Source.LLDP_MED, text(med, "model") + " " + fw, ts, eventId, sink);
        }
    }

    private static String join(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode x : array) {
            if (x.isTextual()) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(x.textValue());
                if (sb.length() >= SoftwareText.MAX_TEXT) {
                    break;
                }
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return null;
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    // ======================================================================================= software

    /** Where a device announced its software. */
    enum Source {
        SIP_USER_AGENT("sip.user_agent.original"),
        SIP_SERVER("sip.server"),
        HTTP_SERVER("http.response.server"),
        HTTP_USER_AGENT("user_agent.original"),
        SSH_SERVER("ssh.server.software"),
        SSH_CLIENT("ssh.client.software"),
        SNMP_SYSDESCR("snmp.system.description"),
        DHCP_VENDOR_CLASS("dhcp.vendor_class"),
        DISCOVERY("discovery.strings"),
        DIP("dip.params"),
        CDP("cdp.software_version"),
        LLDP("lldp.system.description"),
        LLDP_MED("lldp.med");

        final String field;

        Source(String field) {
            this.field = field;
        }
    }

    private void software(Identity x, Source source, String text, long ts, String eventId, FindingSink sink) {
        if (text == null || x == null || x.entry < 0 || !enabled(Rule.SOFTWARE_UNAUTHORIZED)) {
            return;
        }
        EntryState st = entries[x.entry];
        if (text.equals(st.software[source.ordinal()])) {
            return; // judged already (devices repeat their banner in every message)
        }
        st.software[source.ordinal()] = text;
        InventoryEntry e = inventory.get(x.entry);
        List<ApprovedSoftware> approved = e.software();
        if (approved == null) {
            RolePolicy rp = policy.role(e.role());
            approved = rp == null ? null : rp.software();
        }
        if (approved == null) {
            return;
        }
        String t = text.length() > SoftwareText.MAX_TEXT ? text.substring(0, SoftwareText.MAX_TEXT) : text;
        SoftwareText.Match m = SoftwareText.match(t, approved);
        if (m != null && !m.outdated()) {
            return;
        }
        String key = m == null ? "unapproved:" + t : "outdated:" + m.approved().product();
        if (!due(Rule.SOFTWARE_UNAUTHORIZED, x, key, ts, eventId)) {
            return;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("software", t);
        d.put("field", source.field);
        String msg;
        if (m == null) {
            msg = label(x) + " announces software that is not approved for it: '" + t + "'";
        } else {
            d.put("product", m.approved().product());
            putText(d, "version", m.version());
            d.put("min_version", m.approved().minVersion().toString());
            msg = label(x) + " runs " + m.approved().product() + " " + m.version() + ", older than the approved "
                    + m.approved().minVersion();
        }
        emit(Rule.SOFTWARE_UNAUTHORIZED, x, key, false, msg, d, sink);
    }

    // ===================================================================== clock, hygiene and silence

    private void clock(long ts, FindingSink sink) {
        if (start == NEVER) {
            start = ts;
            now = ts;
            nextCheck = ts + CHECK_INTERVAL_NANOS;
            return;
        }
        if (ts > now) {
            now = ts;
        }
        if (now >= nextCheck) {
            nextCheck = now + CHECK_INTERVAL_NANOS;
            periodic(sink);
        }
    }

    /** Moves the observation timers past a gap (see {@link #MAX_OBSERVATION_GAP_NANOS}). */
    private void skipGap(long gap) {
        observationGaps++;
        start += gap;
        nextCheck += gap;
        for (EntryState st : entries) {
            st.firstSeen = shift(st.firstSeen, gap);
            st.lastSeen = shift(st.lastSeen, gap);
            st.lastNtp = shift(st.lastNtp, gap);
            st.lastSyslog = shift(st.lastSyslog, gap);
        }
    }

    private static long shift(long t, long gap) {
        return t == NEVER ? NEVER : t + gap;
    }

    private void periodic(FindingSink sink) {
        if (!enabled(Rule.AUDIT_HYGIENE)) {
            return;
        }
        Hygiene h = policy.hygiene();
        for (int i = 0; i < entries.length; i++) {
            EntryState st = entries[i];
            InventoryEntry e = inventory.get(i);
            if (st.firstSeen == NEVER) {
                if (h.silenceRoles().contains(e.role()) && now - start >= silenceNanos) {
                    hygiene(i, "not-seen", "has not been seen since the sensor started "
                            + seconds(now - start) + " ago", sink);
                }
                continue;
            }
            if (h.silenceRoles().contains(e.role()) && !st.silent && now - st.lastSeen >= silenceNanos) {
                st.silent = true;
                hygiene(i, "silent", "went silent: nothing seen for " + seconds(now - st.lastSeen), sink);
            }
            if (now - st.firstSeen < windowNanos) {
                continue;
            }
            if (h.ntpRoles().contains(e.role()) && (st.lastNtp == NEVER || now - st.lastNtp > windowNanos)) {
                hygiene(i, "ntp", (st.lastNtp == NEVER ? "never talked" : "has not talked for "
                        + seconds(now - st.lastNtp)) + " to " + (policy.ntpServers().isEmpty() ? "an NTP server"
                        : "the approved NTP server") + " (window " + seconds(windowNanos) + ")", sink);
            }
            if (h.syslogRoles().contains(e.role()) && (st.lastSyslog == NEVER || now - st.lastSyslog > windowNanos)) {
                hygiene(i, "syslog", (st.lastSyslog == NEVER ? "sent no" : "has sent no") + " syslog to "
                        + (policy.syslogServers().isEmpty() ? "a syslog server" : "the approved syslog server")
                        + " and no SNMP trap" + (st.lastSyslog == NEVER ? "" : " for " + seconds(now - st.lastSyslog))
                        + " (window " + seconds(windowNanos) + ")", sink);
            }
        }
    }

    private void hygiene(int entry, String key, String what, FindingSink sink) {
        InventoryEntry e = inventory.get(entry);
        State prev = states.get(new DedupKey(Rule.AUDIT_HYGIENE, entryKey[entry], key));
        if (prev != null && prev.lastEmitted != NEVER && now - prev.lastEmitted < realertNanos) {
            return; // still failing: counted once per re-alert interval, not once per check
        }
        Identity x = new Identity(e.mac(), e.ip(), e.ip(), -1, e.ip() == null ? null : Ip.parse(e.ip()), entry, -1,
                true, entryKey[entry]);
        if (!due(Rule.AUDIT_HYGIENE, x, key, now, null)) {
            return;
        }
        EntryState st = entries[entry];
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("check", key);
        if (st.lastSeen != NEVER) {
            d.put("last_seen", Timestamps.format(st.lastSeen));
        }
        if (key.equals("ntp") && st.lastNtp != NEVER) {
            d.put("last_ntp", Timestamps.format(st.lastNtp));
        }
        if (key.equals("syslog") && st.lastSyslog != NEVER) {
            d.put("last_syslog", Timestamps.format(st.lastSyslog));
        }
        emit(Rule.AUDIT_HYGIENE, x, key, false, e.role().label() + " " + label(x) + " " + what, d, sink);
    }

    private static String seconds(long nanos) {
        long s = nanos / 1_000_000_000L;
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        return (s / 3600) + " h";
    }

    // ================================================================================= deduplication

    private record DedupKey(Rule rule, String asset, String key) {
    }

    private static final class State {
        final DedupKey key;
        final long firstEver;
        long first;
        long last;
        long lastEmitted = NEVER;
        long count;
        long total;
        final List<String> ids = new ArrayList<>(4);

        State(DedupKey key, long ts) {
            this.key = key;
            this.firstEver = ts;
            this.first = ts;
            this.last = ts;
        }
    }

    private boolean enabled(Rule rule) {
        return policy.rule(rule).enabled();
    }

    /**
     * Records one occurrence; true when a finding must be emitted now (first occurrence, or the
     * re-alert interval has passed): then {@link #emit} follows. Suppressed findings count nothing.
     */
    private boolean due(Rule rule, Identity x, String key, long ts, String eventId) {
        RuleSettings rs = policy.rule(rule);
        if (!rs.enabled()) {
            return false;
        }
        List<Suppression> sup = rs.suppressions();
        if (!sup.isEmpty()) {
            String name = x.entry >= 0 ? inventory.get(x.entry).name() : null;
            String mac = x.mac != null ? x.mac : (x.entry >= 0 ? inventory.get(x.entry).mac() : null);
            byte[] ip = x.ipBytes;
            for (int i = 0; i < sup.size(); i++) {
                if (sup.get(i).matches(mac, ip, name, key)) {
                    suppressed++;
                    return false;
                }
            }
        }
        DedupKey k = new DedupKey(rule, x.assetKey, key);
        State st = states.get(k);
        if (st == null) {
            if (states.size() >= MAX_FINDING_STATES) {
                Iterator<State> it = states.values().iterator();
                it.next();
                it.remove(); // the least recently raised
                statesEvicted++;
            }
            st = new State(k, ts);
            states.put(k, st);
        } else if (st.count == 0) {
            st.first = ts; // a new episode after an emission
        }
        st.count++;
        st.total++;
        if (ts > st.last) {
            st.last = ts;
        }
        if (eventId != null && st.ids.size() < MAX_EVIDENCE_IDS && !st.ids.contains(eventId)) {
            st.ids.add(eventId);
        }
        if (st.lastEmitted == NEVER || ts - st.lastEmitted >= realertNanos) {
            pending = st;
            return true;
        }
        repeats++;
        return false;
    }

    private void emit(Rule rule, Identity x, String key, boolean escalate, String message, Map<String, Object> details,
                      FindingSink sink) {
        State st = pending;
        pending = null;
        if (st == null) {
            return;
        }
        RuleSettings rs = policy.rule(rule);
        Severity sev = escalate ? rs.severity().escalate() : rs.severity();
        int cis = rule == Rule.SNMP_WEAK && escalate ? 4 : rule.cisControl(); // default communities: CIS 4
        InventoryEntry e = x.entry >= 0 ? inventory.get(x.entry) : null;
        Finding.Asset asset = new Finding.Asset(x.mac != null ? x.mac : (e != null ? e.mac() : null),
                x.ip != null ? x.ip : (e != null ? e.ip() : null), e != null ? e.name() : null,
                e != null ? e.role().label() : null, e != null);
        Finding.Evidence ev = new Finding.Evidence(st.ids, st.first, st.last, st.count);
        Finding f = new Finding(findingId(st.key, st.first), rule, sev, cis, asset, key, message, ev, details);
        st.lastEmitted = st.last;
        st.count = 0;
        st.ids.clear();
        findings++;
        sink.onFinding(f);
    }

    /** A stable id: FNV-1a 64 over rule, asset, key and the episode's first time, in hex. */
    private static String findingId(DedupKey k, long first) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, k.rule().id());
        h = fnv(h, k.asset());
        h = fnv(h, k.key());
        for (int i = 0; i < 8; i++) {
            h ^= (first >>> (8 * i)) & 0xff;
            h *= 0x100000001b3L;
        }
        return String.format("%016x", h);
    }

    private static long fnv(long h, String s) {
        if (s != null) {
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                h ^= b & 0xff;
                h *= 0x100000001b3L;
            }
        }
        h ^= 0x1f; // field separator
        h *= 0x100000001b3L;
        return h;
    }

    // ========================================================================================= helpers

    private String label(Identity x) {
        if (x.entry >= 0) {
            InventoryEntry e = inventory.get(x.entry);
            String ip = x.ip != null ? x.ip : e.ip();
            return e.label() + (ip != null && !ip.equals(e.label()) ? " (" + ip + ")" : "");
        }
        if (x.ip != null && x.mac != null) {
            return x.ip + " (" + x.mac + ")";
        }
        return x.ip != null ? x.ip : x.mac;
    }

    private String peerLabel(Identity peer) {
        if (peer == null) {
            return "an unknown peer";
        }
        return label(peer);
    }

    private static String peerText(JsonNode endpoint) {
        String ip = text(endpoint, "ip");
        return ip != null ? ip : "?";
    }

    private static int vlan(JsonNode network) {
        String id = text(network.path("vlan"), "id");
        if (id == null || id.isEmpty() || id.length() > 4) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 4095 ? v : -1;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static void putText(Map<String, Object> d, String k, String v) {
        if (v != null) {
            d.put(k, v);
        }
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
