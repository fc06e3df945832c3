package dev.vigil.sensor.asset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One device of the site as the sensor has seen it, keyed by its MAC address: the analyst's
 * inventory row (CIS Control 1) and its software (CIS Control 2). Everything here was observed
 * passively in event documents; nothing was asked of the device.
 *
 * <p>Mutable, owned by one {@link AssetInventory} and touched only on its thread; the getters
 * return read-only views that the owner's next {@code apply} may change. Every collection is
 * bounded by {@link AssetConfig}; what did not fit is counted in {@link AssetStats}.
 */
public final class Asset {
    /** Where an IP binding came from. ARP and DHCP prove it; traffic only suggests it. */
    public static final String IP_SOURCE_ARP = "arp";
    public static final String IP_SOURCE_DHCP = "dhcp";
    public static final String IP_SOURCE_TRAFFIC = "traffic";

    /** One address of the asset's history. */
    public static final class IpRecord {
        final String ip;
        long firstSeen;
        long lastSeen;
        String source;

        IpRecord(String ip, long firstSeen, long lastSeen, String source) {
            this.ip = ip;
            this.firstSeen = firstSeen;
            this.lastSeen = lastSeen;
            this.source = source;
        }

        public String ip() {
            return ip;
        }

        public long firstSeen() {
            return firstSeen;
        }

        public long lastSeen() {
            return lastSeen;
        }

        /** {@link #IP_SOURCE_ARP}, {@link #IP_SOURCE_DHCP} or {@link #IP_SOURCE_TRAFFIC}. */
        public String source() {
            return source;
        }

        /** Proven by ARP or DHCP rather than inferred from traffic. */
        public boolean strong() {
            return !IP_SOURCE_TRAFFIC.equals(source);
        }
    }

    /** A service: transport, port (-1 for media, whose ports are negotiated per call) and protocol (null if unknown). */
    public record Service(String transport, int port, String protocol) {
        String key() {
            return port >= 0 ? transport + "/" + port : transport + "/-/" + protocol;
        }

        /** {@code udp/5060/sip}, the value of a change event. */
        @Override
        public String toString() {
            return transport + "/" + (port >= 0 ? Integer.toString(port) : "-") + (protocol != null ? "/" + protocol : "");
        }
    }

    final long mac;
    final String macText;
    String vendor;
    long firstSeen = Long.MAX_VALUE;
    long lastSeen = Long.MIN_VALUE;
    final LinkedHashMap<String, IpRecord> ips = new LinkedHashMap<>();
    final TreeSet<Integer> vlans = new TreeSet<>();
    /** Name to the source that first gave it. */
    final LinkedHashMap<String, String> names = new LinkedHashMap<>();
    final LinkedHashSet<String> directoryNumbers = new LinkedHashSet<>();
    /** By {@link Software#key()}. */
    final LinkedHashMap<String, Software> software = new LinkedHashMap<>();
    final LinkedHashMap<String, Service> offered = new LinkedHashMap<>();
    final LinkedHashMap<String, Service> used = new LinkedHashMap<>();
    final TreeSet<String> management = new TreeSet<>();
    final TreeSet<String> manages = new TreeSet<>();
    final LinkedHashSet<String> ntpServers = new LinkedHashSet<>();
    final LinkedHashSet<String> syslogServers = new LinkedHashSet<>();
    final LinkedHashSet<String> trapReceivers = new LinkedHashSet<>();
    final LinkedHashSet<String> multicastGroups = new LinkedHashSet<>();
    final LinkedHashSet<String> multicastSent = new LinkedHashSet<>();
    String snmpObjectId;
    boolean router;
    boolean sipRegistrar;
    boolean sipRegisters;
    Boolean authorized;
    String policyRole;

    /** {@code last_seen} written in the last document (the inventory re-upserts when it lags). */
    long documentLastSeen = Long.MIN_VALUE;

    Asset(long mac) {
        this.mac = mac;
        this.macText = Addresses.macString(mac);
    }

    /** The MAC as 48 bits. */
    public long mac() {
        return mac;
    }

    /** ECS form, {@code 00-13-CB-14-00-0A}. */
    public String macText() {
        return macText;
    }

    /** IEEE registrant of the MAC's prefix, or null when unknown. */
    public String vendor() {
        return vendor;
    }

    public boolean locallyAdministered() {
        return Addresses.isLocallyAdministered(mac);
    }

    /** Event time (ns since the epoch) the MAC was first seen. */
    public long firstSeen() {
        return firstSeen;
    }

    public long lastSeen() {
        return lastSeen;
    }

    /** The IP history, oldest first. */
    public Collection<IpRecord> ipHistory() {
        return Collections.unmodifiableCollection(ips.values());
    }

    public Set<String> ips() {
        return Collections.unmodifiableSet(ips.keySet());
    }

    /**
     * The address to write in an inventory row: the most recently seen IPv4 proven by ARP or
     * DHCP, else the most recently seen IPv4, else the most recently seen address; null if none.
     */
    public String primaryIp() {
        IpRecord best = null;
        int bestRank = -1;
        for (IpRecord r : ips.values()) {
            Addresses.Ip ip = Addresses.parseIp(r.ip);
            boolean v4 = ip != null && ip.isV4();
            int rank = (v4 ? 2 : 0) + (r.strong() ? 1 : 0);
            if (rank > bestRank || rank == bestRank && r.lastSeen > best.lastSeen) {
                best = r;
                bestRank = rank;
            }
        }
        return best == null ? null : best.ip;
    }

    public Set<Integer> vlans() {
        return Collections.unmodifiableSet(vlans);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(names.keySet());
    }

    /** The source that gave {@code name} ({@code dhcp.hostname}, {@code lldp.system.name}, ...). */
    public String nameSource(String name) {
        return names.get(name);
    }

    /**
     * The name to show: the one from the most authoritative source ({@link AssetInventory#NAME_SOURCES}
     * order: the intercom server's own configuration first, reverse DNS last); null when none.
     */
    public String primaryName() {
        String best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Map.Entry<String, String> e : names.entrySet()) {
            int rank = AssetInventory.NAME_SOURCES.indexOf(e.getValue());
            if (rank < 0) {
                rank = AssetInventory.NAME_SOURCES.size();
            }
            if (rank < bestRank) {
                best = e.getKey();
                bestRank = rank;
            }
        }
        return best;
    }

    /** Directory numbers / extensions (DIP {@code con}, SIP Contact of a REGISTER). */
    public Set<String> directoryNumbers() {
        return Collections.unmodifiableSet(directoryNumbers);
    }

    public Collection<Software> software() {
        return Collections.unmodifiableCollection(software.values());
    }

    /** Services it answers (the listening side of flows). */
    public Collection<Service> offered() {
        return Collections.unmodifiableCollection(offered.values());
    }

    /** Services it uses (the client side of flows, and media). */
    public Collection<Service> used() {
        return Collections.unmodifiableCollection(used.values());
    }

    /** How it is managed: {@code http}, {@code https}, {@code ssh}, {@code telnet}, {@code snmpv1|v2c|v3} seen towards it. */
    public Set<String> management() {
        return Collections.unmodifiableSet(management);
    }

    /** The same protocols, used by this asset to manage other local devices. */
    public Set<String> manages() {
        return Collections.unmodifiableSet(manages);
    }

    public Set<String> ntpServers() {
        return Collections.unmodifiableSet(ntpServers);
    }

    public Set<String> syslogServers() {
        return Collections.unmodifiableSet(syslogServers);
    }

    public Set<String> trapReceivers() {
        return Collections.unmodifiableSet(trapReceivers);
    }

    /** Groups joined with IGMP reports. */
    public Set<String> multicastGroups() {
        return Collections.unmodifiableSet(multicastGroups);
    }

    /** Multicast groups it sends to (224.0.0.0/24 and ff02::/16 control groups excluded). */
    public Set<String> multicastSent() {
        return Collections.unmodifiableSet(multicastSent);
    }

    /** SNMP sysObjectID its agent answered, or null. */
    public String snmpObjectId() {
        return snmpObjectId;
    }

    /** The private enterprise number under 1.3.6.1.4.1 of the sysObjectID (26122: Zenitel), or -1. */
    public long snmpEnterprise() {
        return enterpriseOf(snmpObjectId);
    }

    static long enterpriseOf(String oid) {
        String prefix = "1.3.6.1.4.1.";
        if (oid == null || !oid.startsWith(prefix)) {
            return -1;
        }
        int end = oid.indexOf('.', prefix.length());
        String n = oid.substring(prefix.length(), end < 0 ? oid.length() : end);
        if (n.isEmpty() || n.length() > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Routes traffic of other hosts: IPs seen with its MAC in traffic are not its own. */
    public boolean router() {
        return router;
    }

    /** Answered SIP REGISTER requests (a registrar: the intercom server or a PBX). */
    public boolean sipRegistrar() {
        return sipRegistrar;
    }

    /** Sent SIP REGISTER requests (a SIP user agent: phone or SIP station). */
    public boolean sipRegisters() {
        return sipRegisters;
    }

    /** Whether the policy's authorized inventory lists it: null until the owner of the policy says. */
    public Boolean authorized() {
        return authorized;
    }

    /** The role the policy gives it, or null. */
    public String policyRole() {
        return policyRole;
    }

    /** The policy's role when there is one, else the guess from the facts ({@link RoleGuess}); "" when unsure. */
    public String role() {
        return policyRole != null ? policyRole : RoleGuess.guess(this);
    }

    /** Software values as {@code product version} strings (for tables). */
    List<String> softwareTexts() {
        List<String> out = new ArrayList<>();
        for (Software s : software.values()) {
            out.add(s.version() == null ? s.product() : s.product() + " " + s.version());
        }
        return out;
    }

    @Override
    public String toString() {
        return "Asset[" + macText + " " + ips.keySet() + " " + names.keySet() + "]";
    }
}
