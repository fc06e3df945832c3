package dev.vigil.rules.policy;

import dev.vigil.rules.detect.Rule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A site's security policy, complete and validated: the intercom networks, the authorized inventory,
 * the approved servers, what each role may do, and how findings are raised. Immutable; built only by
 * {@link PolicyLoader} (from YAML) and {@link #withInventory} (adding a CSV inventory), which check
 * everything first, so a {@code Policy} in hand is always one the sensor can enforce.
 */
public final class Policy {
    /** The policy format version this build reads. */
    public static final int FORMAT_VERSION = 1;

    private final String source;
    private final String site;
    private final List<Cidr> intercomNetworks;
    private final Set<Integer> intercomVlans;
    private final List<Cidr> allowedPeers;
    private final List<Cidr> sipServers;
    private final List<Cidr> ntpServers;
    private final List<Cidr> syslogServers;
    private final boolean sipsRequired;
    private final boolean srtpRequired;
    private final List<InventoryEntry> inventory;
    private final Map<Role, RolePolicy> roles;
    private final Map<String, List<ServicePort>> serviceSets;
    private final Map<Rule, RuleSettings> rules;
    private final Duration learningPeriod;
    private final Duration realertInterval;
    private final Hygiene hygiene;

    Policy(Builder b) {
        this.source = b.source;
        this.site = b.site;
        this.intercomNetworks = List.copyOf(b.intercomNetworks);
        this.intercomVlans = Set.copyOf(b.intercomVlans);
        this.allowedPeers = List.copyOf(b.allowedPeers);
        this.sipServers = List.copyOf(b.sipServers);
        this.ntpServers = List.copyOf(b.ntpServers);
        this.syslogServers = List.copyOf(b.syslogServers);
        this.sipsRequired = b.sipsRequired;
        this.srtpRequired = b.srtpRequired;
        this.inventory = List.copyOf(b.inventory);
        this.roles = Collections.unmodifiableMap(new EnumMap<>(b.roles));
        Map<String, List<ServicePort>> sets = new LinkedHashMap<>();
        b.serviceSets.forEach((k, v) -> sets.put(k, List.copyOf(v)));
        this.serviceSets = Collections.unmodifiableMap(sets);
        EnumMap<Rule, RuleSettings> r = new EnumMap<>(Rule.class);
        for (Rule rule : Rule.values()) {
            r.put(rule, b.rules.getOrDefault(rule, new RuleSettings(true, rule.defaultSeverity(), List.of())));
        }
        this.rules = Collections.unmodifiableMap(r);
        this.learningPeriod = b.learningPeriod;
        this.realertInterval = b.realertInterval;
        this.hygiene = b.hygiene;
    }

    /** Mutable state of a policy under construction (the loader fills it, then validates). */
    static final class Builder {
        String source = "<policy>";
        String site;
        List<Cidr> intercomNetworks = new ArrayList<>();
        Set<Integer> intercomVlans = new java.util.LinkedHashSet<>();
        List<Cidr> allowedPeers = new ArrayList<>();
        List<Cidr> sipServers = new ArrayList<>();
        List<Cidr> ntpServers = new ArrayList<>();
        List<Cidr> syslogServers = new ArrayList<>();
        boolean sipsRequired;
        boolean srtpRequired;
        List<InventoryEntry> inventory = new ArrayList<>();
        EnumMap<Role, RolePolicy> roles = new EnumMap<>(Role.class);
        Map<String, List<ServicePort>> serviceSets = new LinkedHashMap<>();
        Map<Rule, RuleSettings> rules = new EnumMap<>(Rule.class);
        Duration learningPeriod = Duration.ZERO;
        Duration realertInterval = DEFAULT_REALERT;
        Hygiene hygiene = DEFAULT_HYGIENE;
    }

    /** Re-alert interval when the policy does not say. */
    public static final Duration DEFAULT_REALERT = Duration.ofHours(1);
    /** Hygiene settings when the policy does not say: the guide's NTP and syslog asks, a day's window. */
    public static final Hygiene DEFAULT_HYGIENE = new Hygiene(Duration.ofHours(24), Duration.ofMinutes(15),
            Set.of(Role.SERVER, Role.STATION), Set.of(Role.SERVER), Set.of(Role.SERVER, Role.STATION));

    /**
     * This policy with more authorized devices (from {@code --inventory FILE.csv}). A MAC or IP that is
     * already authorized is an error naming both places, so two sources never disagree silently.
     */
    public Policy withInventory(List<InventoryEntry> more) throws PolicyException {
        List<String> problems = new ArrayList<>();
        Map<String, InventoryEntry> macs = new HashMap<>();
        Map<String, InventoryEntry> ips = new HashMap<>();
        for (InventoryEntry e : inventory) {
            index(e, macs, ips, problems);
        }
        for (InventoryEntry e : more) {
            index(e, macs, ips, problems);
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        Builder b = toBuilder();
        b.inventory.addAll(more);
        return new Policy(b);
    }

    static void index(InventoryEntry e, Map<String, InventoryEntry> macs, Map<String, InventoryEntry> ips,
                      List<String> problems) {
        if (e.mac() != null) {
            InventoryEntry prev = macs.putIfAbsent(e.mac(), e);
            if (prev != null) {
                problems.add(e.origin() + ": MAC " + e.mac() + " is already authorized at " + prev.origin());
            }
        }
        if (e.ip() != null) {
            InventoryEntry prev = ips.putIfAbsent(e.ip(), e);
            if (prev != null) {
                problems.add(e.origin() + ": IP " + e.ip() + " is already authorized at " + prev.origin());
            }
        }
    }

    private Builder toBuilder() {
        Builder b = new Builder();
        b.source = source;
        b.site = site;
        b.intercomNetworks.addAll(intercomNetworks);
        b.intercomVlans.addAll(intercomVlans);
        b.allowedPeers.addAll(allowedPeers);
        b.sipServers.addAll(sipServers);
        b.ntpServers.addAll(ntpServers);
        b.syslogServers.addAll(syslogServers);
        b.sipsRequired = sipsRequired;
        b.srtpRequired = srtpRequired;
        b.inventory.addAll(inventory);
        b.roles.putAll(roles);
        b.serviceSets.putAll(serviceSets);
        b.rules.putAll(rules);
        b.learningPeriod = learningPeriod;
        b.realertInterval = realertInterval;
        b.hygiene = hygiene;
        return b;
    }

    /** Where the policy was read from (a file name, or {@code <default policy>}). */
    public String source() {
        return source;
    }

    /** The site's name, or null. */
    public String site() {
        return site;
    }

    public List<Cidr> intercomNetworks() {
        return intercomNetworks;
    }

    public Set<Integer> intercomVlans() {
        return intercomVlans;
    }

    /** Networks beyond the intercom networks that intercom devices may talk to. */
    public List<Cidr> allowedPeers() {
        return allowedPeers;
    }

    public List<Cidr> sipServers() {
        return sipServers;
    }

    public List<Cidr> ntpServers() {
        return ntpServers;
    }

    public List<Cidr> syslogServers() {
        return syslogServers;
    }

    /** SIP must run over TLS (SIPS, TCP 5061): SIP over UDP or TCP is a finding. */
    public boolean sipsRequired() {
        return sipsRequired;
    }

    /** Media must be SRTP: a call with plain RTP is a finding. Defaults to {@link #sipsRequired()}. */
    public boolean srtpRequired() {
        return srtpRequired;
    }

    public List<InventoryEntry> inventory() {
        return inventory;
    }

    /** The role's settings, or null when the policy says nothing about the role (nothing is judged). */
    public RolePolicy role(Role role) {
        return roles.get(role);
    }

    public Map<Role, RolePolicy> roles() {
        return roles;
    }

    /** Named service sets (the default policy's {@code guide} set of Tables 1 and 2). */
    public Map<String, List<ServicePort>> serviceSets() {
        return serviceSets;
    }

    /** The settings of a rule (defaults when the policy does not mention it). */
    public RuleSettings rule(Rule rule) {
        return rules.get(rule);
    }

    /** Learning period: unknown devices are collected and proposed, not alerted, for this long. */
    public Duration learningPeriod() {
        return learningPeriod;
    }

    /** A repeat of a finding within this interval only increments its count. */
    public Duration realertInterval() {
        return realertInterval;
    }

    public Hygiene hygiene() {
        return hygiene;
    }

    /** Whether the address lies in one of the intercom networks. */
    public boolean isIntercom(byte[] ip) {
        return anyContains(intercomNetworks, ip);
    }

    public boolean isAllowedPeer(byte[] ip) {
        return anyContains(allowedPeers, ip);
    }

    public boolean isSipServer(byte[] ip) {
        return anyContains(sipServers, ip);
    }

    public boolean isNtpServer(byte[] ip) {
        return anyContains(ntpServers, ip);
    }

    public boolean isSyslogServer(byte[] ip) {
        return anyContains(syslogServers, ip);
    }

    static boolean anyContains(List<Cidr> nets, byte[] ip) {
        if (ip == null) {
            return false;
        }
        for (int i = 0; i < nets.size(); i++) {
            if (nets.get(i).contains(ip)) {
                return true;
            }
        }
        return false;
    }
}
