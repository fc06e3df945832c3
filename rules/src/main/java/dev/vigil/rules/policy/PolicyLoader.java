package dev.vigil.rules.policy;

import dev.vigil.rules.detect.Rule;
import dev.vigil.rules.detect.Severity;
import dev.vigil.rules.service.ApprovedService;
import dev.vigil.rules.service.ServiceCatalog;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a policy from YAML into a complete {@link Policy} or a {@link PolicyException} that lists
 * every problem, each with {@code file:line:column}. The document is walked as SnakeYAML nodes (not
 * bound to objects) so that every value keeps its position; unknown keys and duplicate keys are
 * errors, because a misspelt key ({@code sips_requried}) would otherwise silently leave a check off.
 *
 * <p>The format, top level:
 * <pre>
 * version: 1
 * site: "name"
 * networks:      {intercom: [CIDR...], vlans: [ID...], allowed_peers: [CIDR...]}
 * servers:       {sip: [IP|CIDR...], ntp: [...], syslog: [...]}
 * sips_required: true|false
 * srtp_required: true|false            # default: sips_required
 * service_sets:  {NAME: [SERVICE...]}  # reusable lists
 * roles:         {ROLE: {services: [SERVICE...], software: [{product, min_version}...]}}
 * inventory:     [{mac, ip, name, role, software: [...]}...]
 * rules:         {RULE_ID: {enabled, severity, suppress: [{asset, key, reason}...]}}
 * learning:      {period: DURATION}
 * alerts:        {realert_interval: DURATION}
 * hygiene:       {window, silence_threshold, ntp_roles, syslog_roles, silence_roles}
 * </pre>
 * A SERVICE is a service name of the guide's catalog ({@code dip}, {@code sip}; well-known names such
 * as {@code syslog} too), a service set name, or {@code {transport, port[, port_end][, name]}}.
 */
public final class PolicyLoader {
    /** Largest policy file read. */
    public static final int MAX_POLICY_BYTES = 4 << 20;
    /** YAML aliases allowed per document (the "billion laughs" guard). */
    static final int MAX_ALIASES = 100;

    private static final Set<String> TOP = keys("version", "site", "networks", "servers", "sips_required",
            "srtp_required", "service_sets", "roles", "inventory", "rules", "learning", "alerts", "hygiene");
    private static final Set<String> NETWORKS = keys("intercom", "vlans", "allowed_peers");
    private static final Set<String> SERVERS = keys("sip", "ntp", "syslog");
    private static final Set<String> ROLE = keys("services", "software");
    private static final Set<String> SOFTWARE = keys("product", "min_version");
    private static final Set<String> SERVICE = keys("transport", "port", "port_end", "name", "service",
            "description");
    private static final Set<String> ENTRY = keys("mac", "ip", "name", "role", "software");
    private static final Set<String> RULE = keys("enabled", "severity", "suppress");
    private static final Set<String> SUPPRESS = keys("asset", "key", "reason");
    private static final Set<String> LEARNING = keys("period");
    private static final Set<String> ALERTS = keys("realert_interval");
    private static final Set<String> HYGIENE = keys("window", "silence_threshold", "ntp_roles", "syslog_roles",
            "silence_roles");

    private final String file;
    private final ServiceCatalog catalog;
    private final List<Problem> problems = new ArrayList<>();
    private final Policy.Builder b = new Policy.Builder();

    private record Problem(int line, int column, String text) {
    }

    private PolicyLoader(String file, ServiceCatalog catalog) {
        this.file = file;
        this.catalog = catalog;
        b.source = file;
    }

    /** Reads and validates a policy file. */
    public static Policy load(Path path) throws PolicyException {
        String name = path.toString();
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_POLICY_BYTES) {
                throw new PolicyException(List.of(name + ": larger than " + MAX_POLICY_BYTES + " bytes"));
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new PolicyException(List.of(name + ": cannot read: " + e.getMessage()));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PolicyException(List.of(name + ": not UTF-8 text"));
        }
        return parse(text, name);
    }

    /**
     * Reads and validates policy text.
     *
     * @param source the name used in messages (a file name)
     */
    public static Policy parse(String yaml, String source) throws PolicyException {
        return new PolicyLoader(source, ServiceCatalog.guide()).run(yaml);
    }

    private Policy run(String yaml) throws PolicyException {
        Node root;
        try {
            LoaderOptions o = new LoaderOptions();
            o.setAllowDuplicateKeys(false);
            o.setMaxAliasesForCollections(MAX_ALIASES);
            o.setCodePointLimit(MAX_POLICY_BYTES);
            o.setAllowRecursiveKeys(false);
            root = new Yaml(new SafeConstructor(o)).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null) {
                what = e.getContext() + ": " + what;
            }
            throw new PolicyException(List.of(m == null ? file + ": " + oneLine(what)
                    : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) + ": " + oneLine(what)));
        } catch (YAMLException e) {
            throw new PolicyException(List.of(file + ": " + oneLine(e.getMessage())));
        }
        if (root == null) {
            throw new PolicyException(List.of(file + ":1:1: the policy is empty"));
        }
        Map<String, NodeTuple> top = mapping(root, TOP, "the policy");
        if (top != null) {
            readTop(top);
        }
        if (!problems.isEmpty()) {
            List<String> out = new ArrayList<>();
            problems.stream().sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
                    .forEach(p -> out.add(p.text));
            throw new PolicyException(out);
        }
        return new Policy(b);
    }

    private static String oneLine(String s) {
        return s == null ? "invalid YAML" : s.replace('\n', ' ').trim();
    }

    // ------------------------------------------------------------------------------------ top level

    private void readTop(Map<String, NodeTuple> top) {
        Node version = value(top, "version");
        if (version != null) {
            Long v = integer(version, "version");
            if (v != null && v != Policy.FORMAT_VERSION) {
                error(version, "policy format version " + v + " is not supported (this build reads version "
                        + Policy.FORMAT_VERSION + ")");
            }
        }
        Node site = value(top, "site");
        if (site != null) {
            b.site = string(site, "site");
        }
        Node networks = value(top, "networks");
        if (networks != null) {
            readNetworks(networks);
        }
        Node servers = value(top, "servers");
        if (servers != null) {
            Map<String, NodeTuple> m = mapping(servers, SERVERS, "servers");
            if (m != null) {
                cidrs(value(m, "sip"), "servers.sip", b.sipServers);
                cidrs(value(m, "ntp"), "servers.ntp", b.ntpServers);
                cidrs(value(m, "syslog"), "servers.syslog", b.syslogServers);
            }
        }
        Node sips = value(top, "sips_required");
        if (sips != null) {
            Boolean v = bool(sips, "sips_required");
            b.sipsRequired = v != null && v;
        }
        Node srtp = value(top, "srtp_required");
        if (srtp != null) {
            Boolean v = bool(srtp, "srtp_required");
            b.srtpRequired = v != null && v;
        } else {
            b.srtpRequired = b.sipsRequired;
        }
        Node sets = value(top, "service_sets");
        if (sets != null) {
            readServiceSets(sets);
        }
        Node roles = value(top, "roles");
        if (roles != null) {
            readRoles(roles);
        }
        Node inventory = value(top, "inventory");
        if (inventory != null) {
            readInventory(inventory);
        }
        Node learning = value(top, "learning");
        if (learning != null) {
            Map<String, NodeTuple> m = mapping(learning, LEARNING, "learning");
            if (m != null && value(m, "period") != null) {
                Duration d = duration(value(m, "period"), "learning.period");
                if (d != null) {
                    b.learningPeriod = d;
                }
            }
        }
        Node alerts = value(top, "alerts");
        if (alerts != null) {
            Map<String, NodeTuple> m = mapping(alerts, ALERTS, "alerts");
            if (m != null && value(m, "realert_interval") != null) {
                Duration d = duration(value(m, "realert_interval"), "alerts.realert_interval");
                if (d != null) {
                    b.realertInterval = d;
                }
            }
        }
        Node hygiene = value(top, "hygiene");
        if (hygiene != null) {
            readHygiene(hygiene);
        }
        Node rules = value(top, "rules"); // last: suppressions may name inventory devices
        if (rules != null) {
            readRules(rules);
        }
    }

    private void readNetworks(Node n) {
        Map<String, NodeTuple> m = mapping(n, NETWORKS, "networks");
        if (m == null) {
            return;
        }
        cidrs(value(m, "intercom"), "networks.intercom", b.intercomNetworks);
        cidrs(value(m, "allowed_peers"), "networks.allowed_peers", b.allowedPeers);
        List<Node> vlans = sequence(value(m, "vlans"), "networks.vlans");
        for (Node v : vlans) {
            Long id = integer(v, "a VLAN id");
            if (id == null) {
                continue;
            }
            if (id < 0 || id > 4095) {
                error(v, "VLAN id " + id + " is outside 0-4095");
            } else if (!b.intercomVlans.add(id.intValue())) {
                error(v, "VLAN " + id + " is listed twice");
            }
        }
    }

    private void cidrs(Node n, String what, List<Cidr> out) {
        for (Node item : sequence(n, what)) {
            String s = string(item, what);
            if (s == null) {
                continue;
            }
            try {
                Cidr c = Cidr.parse(s);
                if (out.contains(c)) {
                    error(item, c + " is listed twice in " + what);
                } else {
                    out.add(c);
                }
            } catch (IllegalArgumentException e) {
                error(item, e.getMessage());
            }
        }
    }

    // ----------------------------------------------------------------------------- services, roles

    private final Map<String, Node> setNodes = new LinkedHashMap<>();

    private void readServiceSets(Node n) {
        Map<String, NodeTuple> m = mapping(n, null, "service_sets");
        if (m == null) {
            return;
        }
        for (Map.Entry<String, NodeTuple> e : m.entrySet()) {
            String name = e.getKey();
            Node keyNode = e.getValue().getKeyNode();
            if (!catalog.byName(name).isEmpty()) {
                error(keyNode, "service set '" + name + "' has the name of a service of the catalog; choose"
                        + " another name");
                continue;
            }
            setNodes.put(name, e.getValue().getValueNode());
        }
        for (Map.Entry<String, Node> e : setNodes.entrySet()) {
            List<ServicePort> ports = new ArrayList<>();
            for (Node item : sequence(e.getValue(), "service_sets." + e.getKey())) {
                if (item instanceof ScalarNode s && setNodes.containsKey(s.getValue())) {
                    error(item, "service set '" + e.getKey() + "' cannot include another set ('" + s.getValue()
                            + "'); list its services");
                    continue;
                }
                ports.addAll(service(item, "service_sets." + e.getKey(), new LinkedHashSet<>()));
            }
            b.serviceSets.put(e.getKey(), ports);
        }
    }

    /** Resolves one allow-list item; adds negotiated-port protocol names it approves to {@code negotiated}. */
    private List<ServicePort> service(Node item, String where, Set<String> negotiated) {
        if (item instanceof ScalarNode s) {
            String name = s.getValue().trim();
            List<ServicePort> set = b.serviceSets.get(name);
            if (set != null) {
                for (ServicePort p : set) {
                    if (p.name() != null && RolePolicy.NEGOTIATED_PORT_PROTOCOLS.contains(p.name())) {
                        negotiated.add(p.name());
                    }
                }
                return set;
            }
            if (setNodes.containsKey(name)) {
                return List.of(); // the set had errors, already reported
            }
            List<ApprovedService> rows = catalog.byName(name);
            if (rows.isEmpty()) {
                error(item, "unknown service '" + name + "' in " + where + " (a service name of the guide's"
                        + " tables such as dip, sip, sips, rtp, ntp; a well-known name such as syslog or"
                        + " snmp-trap; a service set; or {transport, port})");
                return List.of();
            }
            if (RolePolicy.NEGOTIATED_PORT_PROTOCOLS.contains(name)) {
                negotiated.add(name);
                if (name.equals("rtp")) {
                    negotiated.add("rtcp"); // RTCP travels with its RTP session (RFC 3550 §11)
                }
            }
            List<ServicePort> out = new ArrayList<>();
            for (ApprovedService r : rows) {
                out.add(new ServicePort(r.transport(), r.port(), r.portEnd(), r.name(), r.service(),
                        r.description().isEmpty() ? null : r.description()));
            }
            return out;
        }
        Map<String, NodeTuple> m = mapping(item, SERVICE, where + " entry");
        if (m == null) {
            return List.of();
        }
        Node tn = value(m, "transport");
        if (tn == null) {
            error(item, "a service entry needs 'transport' (tcp, udp, sctp ...)");
            return List.of();
        }
        String t = string(tn, "transport");
        int transport = ServicePort.transportNumber(t == null ? null : t.toLowerCase(java.util.Locale.ROOT));
        if (transport < 0) {
            error(tn, "unknown transport '" + t + "' (tcp, udp, sctp, gre, esp or an IP protocol number)");
            return List.of();
        }
        Node pn = value(m, "port");
        Node en = value(m, "port_end");
        String name = value(m, "name") != null ? string(value(m, "name"), "name") : null;
        String svc = value(m, "service") != null ? string(value(m, "service"), "service") : null;
        String desc = value(m, "description") != null ? string(value(m, "description"), "description") : null;
        if (transport != ServicePort.TCP && transport != ServicePort.UDP) {
            if (pn != null || en != null) {
                error(pn != null ? pn : en, ServicePort.transportName(transport) + " has no ports; approve the"
                        + " whole protocol with {transport: " + ServicePort.transportName(transport) + "}");
                return List.of();
            }
            return List.of(new ServicePort(transport, -1, -1, name, svc, desc));
        }
        if (pn == null) {
            error(item, "a " + t + " service entry needs 'port'");
            return List.of();
        }
        Long port = port(pn);
        Long end = en == null ? port : port(en);
        if (port == null || end == null) {
            return List.of();
        }
        if (end < port) {
            error(en, "port_end " + end + " is below port " + port);
            return List.of();
        }
        return List.of(new ServicePort(transport, port.intValue(), end.intValue(), name, svc, desc));
    }

    private Long port(Node n) {
        Long v = integer(n, "a port");
        if (v != null && (v < 0 || v > 65535)) {
            error(n, "port " + v + " is outside 0-65535");
            return null;
        }
        return v;
    }

    private void readRoles(Node n) {
        Map<String, NodeTuple> m = mapping(n, null, "roles");
        if (m == null) {
            return;
        }
        for (Map.Entry<String, NodeTuple> e : m.entrySet()) {
            Role role = Role.ofLabel(e.getKey());
            if (role == null) {
                error(e.getValue().getKeyNode(), "unknown role '" + e.getKey() + "' (" + Role.labels() + ")");
                continue;
            }
            Map<String, NodeTuple> r = mapping(e.getValue().getValueNode(), ROLE, "roles." + e.getKey());
            if (r == null) {
                continue;
            }
            List<String> refs = null;
            List<ServicePort> ports = new ArrayList<>();
            Set<String> negotiated = new TreeSet<>();
            Node services = value(r, "services");
            if (services != null) {
                refs = new ArrayList<>();
                for (Node item : sequence(services, "roles." + e.getKey() + ".services")) {
                    ports.addAll(service(item, "roles." + e.getKey() + ".services", negotiated));
                    refs.add(item instanceof ScalarNode s ? s.getValue().trim() : describe(item));
                }
            }
            List<ApprovedSoftware> software = null;
            Node sw = value(r, "software");
            if (sw != null) {
                software = software(sw, "roles." + e.getKey() + ".software");
            }
            b.roles.put(role, new RolePolicy(refs, ports, software, negotiated));
        }
    }

    /** An explicit allow-list entry as text ({@code udp/61000-61250 (rtp)}), read without validating it again. */
    private static String describe(Node item) {
        if (!(item instanceof MappingNode mn)) {
            return "?";
        }
        Map<String, String> v = new HashMap<>();
        for (NodeTuple t : mn.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && t.getValueNode() instanceof ScalarNode x) {
                v.put(k.getValue(), x.getValue());
            }
        }
        StringBuilder sb = new StringBuilder(v.getOrDefault("transport", "?"));
        if (v.containsKey("port")) {
            sb.append('/').append(v.get("port"));
            if (v.containsKey("port_end") && !v.get("port_end").equals(v.get("port"))) {
                sb.append('-').append(v.get("port_end"));
            }
        }
        if (v.containsKey("name")) {
            sb.append(" (").append(v.get("name")).append(')');
        }
        return sb.toString();
    }

    private List<ApprovedSoftware> software(Node n, String where) {
        List<ApprovedSoftware> out = new ArrayList<>();
        for (Node item : sequence(n, where)) {
            Map<String, NodeTuple> m = mapping(item, SOFTWARE, where + " entry");
            if (m == null) {
                continue;
            }
            Node pn = value(m, "product");
            String product = pn == null ? null : string(pn, "product");
            if (pn == null) {
                error(item, "a software entry needs 'product'");
                continue;
            }
            if (product == null || product.isBlank()) {
                if (product != null) {
                    error(pn, "product must not be empty");
                }
                continue;
            }
            SoftwareVersion min = null;
            Node vn = value(m, "min_version");
            if (vn != null) {
                String v = string(vn, "min_version");
                if (v != null) {
                    min = SoftwareVersion.parse(v);
                    if (min == null) {
                        error(vn, "min_version '" + v + "' is not a version (it must start with a digit, e.g."
                                + " 7.6.3)");
                        continue;
                    }
                }
            }
            out.add(new ApprovedSoftware(product.trim(), min, origin(item)));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------ inventory

    private void readInventory(Node n) {
        Map<String, InventoryEntry> macs = new HashMap<>();
        Map<String, InventoryEntry> ips = new HashMap<>();
        List<String> dup = new ArrayList<>();
        for (Node item : sequence(n, "inventory")) {
            Map<String, NodeTuple> m = mapping(item, ENTRY, "an inventory entry");
            if (m == null) {
                continue;
            }
            String mac = null;
            String ip = null;
            Node macNode = value(m, "mac");
            if (macNode != null && !isNull(macNode)) {
                String s = string(macNode, "mac");
                if (s != null) {
                    mac = Mac.normalize(s);
                    if (mac == null) {
                        error(macNode, "'" + s + "' is not a MAC address");
                    } else if (Mac.isGroupOrZero(mac)) {
                        error(macNode, mac + " is a group or zero MAC address, not one device");
                        mac = null;
                    }
                }
            }
            Node ipNode = value(m, "ip");
            if (ipNode != null && !isNull(ipNode)) {
                String s = string(ipNode, "ip");
                if (s != null) {
                    byte[] a = Ip.parse(s.trim());
                    if (a == null) {
                        error(ipNode, "'" + s + "' is not an IP address");
                    } else if (Ip.isGroupOrUnspecified(a)) {
                        error(ipNode, s + " is a broadcast, multicast or unspecified address, not one device");
                    } else {
                        ip = Ip.format(a);
                    }
                }
            }
            if ((macNode == null || isNull(macNode)) && (ipNode == null || isNull(ipNode))) {
                error(item, "an inventory entry needs a mac, an ip, or both");
                continue;
            }
            Node nameNode = value(m, "name");
            String name = nameNode == null || isNull(nameNode) ? null : string(nameNode, "name");
            Node roleNode = value(m, "role");
            Role role = null;
            if (roleNode == null) {
                error(item, "an inventory entry needs a role (" + Role.labels() + ")");
            } else {
                String r = string(roleNode, "role");
                role = Role.ofLabel(r);
                if (r != null && role == null) {
                    error(roleNode, "unknown role '" + r + "' (" + Role.labels() + ")");
                }
            }
            Node sw = value(m, "software");
            List<ApprovedSoftware> software = sw == null ? null : software(sw, "inventory software");
            if (role == null || (mac == null && ip == null)) {
                continue;
            }
            InventoryEntry e = new InventoryEntry(mac, ip, name, role, software, origin(item));
            int before = dup.size();
            Policy.index(e, macs, ips, dup);
            if (dup.size() == before) {
                b.inventory.add(e);
            } else {
                for (int i = before; i < dup.size(); i++) {
                    problems.add(new Problem(e.origin().line(), e.origin().column(), dup.get(i)));
                }
            }
        }
    }

    // ---------------------------------------------------------------------------- hygiene and rules

    private void readHygiene(Node n) {
        Map<String, NodeTuple> m = mapping(n, HYGIENE, "hygiene");
        if (m == null) {
            return;
        }
        Hygiene d = Policy.DEFAULT_HYGIENE;
        Duration window = d.window();
        Duration silence = d.silenceThreshold();
        if (value(m, "window") != null) {
            Duration v = duration(value(m, "window"), "hygiene.window");
            if (v != null && v.isZero()) {
                error(value(m, "window"), "hygiene.window must be longer than 0");
            } else if (v != null) {
                window = v;
            }
        }
        if (value(m, "silence_threshold") != null) {
            Duration v = duration(value(m, "silence_threshold"), "hygiene.silence_threshold");
            if (v != null && v.isZero()) {
                error(value(m, "silence_threshold"), "hygiene.silence_threshold must be longer than 0");
            } else if (v != null) {
                silence = v;
            }
        }
        Set<Role> ntp = value(m, "ntp_roles") == null ? d.ntpRoles() : roles(value(m, "ntp_roles"), "ntp_roles");
        Set<Role> syslog = value(m, "syslog_roles") == null ? d.syslogRoles()
                : roles(value(m, "syslog_roles"), "syslog_roles");
        Set<Role> silent = value(m, "silence_roles") == null ? d.silenceRoles()
                : roles(value(m, "silence_roles"), "silence_roles");
        b.hygiene = new Hygiene(window, silence, ntp, syslog, silent);
    }

    private Set<Role> roles(Node n, String what) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (Node item : sequence(n, "hygiene." + what)) {
            String s = string(item, "a role");
            Role r = Role.ofLabel(s);
            if (s != null && r == null) {
                error(item, "unknown role '" + s + "' (" + Role.labels() + ")");
            } else if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private void readRules(Node n) {
        Map<String, NodeTuple> m = mapping(n, null, "rules");
        if (m == null) {
            return;
        }
        for (Map.Entry<String, NodeTuple> e : m.entrySet()) {
            Rule rule = Rule.ofId(e.getKey());
            if (rule == null) {
                StringBuilder ids = new StringBuilder();
                for (Rule r : Rule.values()) {
                    ids.append(ids.length() == 0 ? "" : ", ").append(r.id());
                }
                error(e.getValue().getKeyNode(), "unknown rule '" + e.getKey() + "' (" + ids + ")");
                continue;
            }
            Map<String, NodeTuple> r = mapping(e.getValue().getValueNode(), RULE, "rules." + e.getKey());
            if (r == null) {
                continue;
            }
            boolean enabled = true;
            if (value(r, "enabled") != null) {
                Boolean v = bool(value(r, "enabled"), "enabled");
                enabled = v == null || v;
            }
            Severity severity = rule.defaultSeverity();
            if (value(r, "severity") != null) {
                String s = string(value(r, "severity"), "severity");
                Severity v = Severity.ofLabel(s);
                if (s != null && v == null) {
                    error(value(r, "severity"), "unknown severity '" + s + "' (info, low, medium, high,"
                            + " critical)");
                } else if (v != null) {
                    severity = v;
                }
            }
            List<Suppression> suppressions = new ArrayList<>();
            for (Node item : sequence(value(r, "suppress"), "rules." + e.getKey() + ".suppress")) {
                Suppression s = suppression(item);
                if (s != null) {
                    suppressions.add(s);
                }
            }
            b.rules.put(rule, new RuleSettings(enabled, severity, suppressions));
        }
    }

    private Suppression suppression(Node item) {
        Map<String, NodeTuple> m = mapping(item, SUPPRESS, "a suppression");
        if (m == null) {
            return null;
        }
        Node rn = value(m, "reason");
        String reason = rn == null ? null : string(rn, "reason");
        if (rn == null || (reason != null && reason.isBlank())) {
            error(rn == null ? item : rn, "a suppression needs a reason (why the site accepts these findings)");
            return null;
        }
        Node kn = value(m, "key");
        String key = kn == null ? null : string(kn, "key");
        Node an = value(m, "asset");
        if (an == null) {
            if (key == null) {
                error(item, "a suppression needs an asset (MAC, IP, CIDR or inventory name), a key, or both");
                return null;
            }
            return new Suppression(null, null, null, null, key, reason, origin(item));
        }
        String asset = string(an, "asset");
        if (asset == null) {
            return null;
        }
        String a = asset.trim();
        int slash = a.indexOf('/');
        if (Ip.parse(slash < 0 ? a : a.substring(0, slash)) != null) {
            try {
                return new Suppression(a, null, Cidr.parse(a), null, key, reason, origin(item));
            } catch (IllegalArgumentException e) {
                error(an, e.getMessage());
                return null;
            }
        }
        String mac = Mac.normalize(a);
        if (mac != null) {
            return new Suppression(a, mac, null, null, key, reason, origin(item));
        }
        for (InventoryEntry e : b.inventory) {
            if (a.equals(e.name())) {
                return new Suppression(a, null, null, a, key, reason, origin(item));
            }
        }
        error(an, "asset '" + a + "' is not a MAC, an IP, a CIDR network, or the name of an inventory entry");
        return null;
    }

    // ---------------------------------------------------------------------------------- node helpers

    private static Set<String> keys(String... k) {
        return Set.of(k);
    }

    /** The tuples of a mapping by key, in order; reports duplicate and (when {@code allowed}) unknown keys. */
    private Map<String, NodeTuple> mapping(Node n, Set<String> allowed, String what) {
        if (!(n instanceof MappingNode mn)) {
            error(n, what + " must be a mapping (key: value)" + found(n));
            return null;
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : mn.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode ks)) {
                error(k, "keys in " + what + " must be plain words");
                continue;
            }
            String key = ks.getValue();
            if (allowed != null && !allowed.contains(key)) {
                error(k, "unknown key '" + key + "' in " + what + " (expected: " + String.join(", ",
                        new TreeSet<>(allowed)) + ")");
                continue;
            }
            if (out.putIfAbsent(key, t) != null) {
                error(k, "duplicate key '" + key + "' in " + what);
            }
        }
        return out;
    }

    private static Node value(Map<String, NodeTuple> m, String key) {
        NodeTuple t = m.get(key);
        return t == null ? null : t.getValueNode();
    }

    /** The items of a sequence; empty when {@code n} is null or an explicit null, reported when not a list. */
    private List<Node> sequence(Node n, String what) {
        if (n == null || isNull(n)) {
            return List.of();
        }
        if (!(n instanceof SequenceNode sn)) {
            error(n, what + " must be a list" + found(n));
            return List.of();
        }
        return sn.getValue();
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    private String string(Node n, String what) {
        if (!(n instanceof ScalarNode s) || isNull(n)) {
            error(n, what + " must be a single value" + found(n));
            return null;
        }
        return s.getValue();
    }

    private Long integer(Node n, String what) {
        String s = string(n, what);
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (t.isEmpty() || t.length() > 10 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            error(n, what + " must be a whole number, not '" + s + "'");
            return null;
        }
        return Long.parseLong(t);
    }

    private Boolean bool(Node n, String what) {
        String s = string(n, what);
        if (s == null) {
            return null;
        }
        if (n instanceof ScalarNode sn && sn.getTag().equals(Tag.BOOL)) {
            String t = s.trim().toLowerCase(java.util.Locale.ROOT);
            if (t.equals("true") || t.equals("yes") || t.equals("on")) {
                return true;
            }
            if (t.equals("false") || t.equals("no") || t.equals("off")) {
                return false;
            }
        }
        error(n, what + " must be true or false, not '" + s + "'");
        return null;
    }

    private Duration duration(Node n, String what) {
        String s = string(n, what);
        if (s == null) {
            return null;
        }
        try {
            return DurationText.parse(s);
        } catch (IllegalArgumentException e) {
            error(n, what + ": " + e.getMessage());
            return null;
        }
    }

    private static String found(Node n) {
        if (n instanceof MappingNode) {
            return ", not a mapping";
        }
        if (n instanceof SequenceNode) {
            return ", not a list";
        }
        if (n instanceof ScalarNode s) {
            return s.getTag().equals(Tag.NULL) ? ", not empty" : ", not '" + s.getValue() + "'";
        }
        return "";
    }

    private Origin origin(Node n) {
        Mark m = n.getStartMark();
        return m == null ? new Origin(file, 0, 0) : new Origin(file, m.getLine() + 1, m.getColumn() + 1);
    }

    private void error(Node n, String message) {
        Origin o = n == null ? new Origin(file, 0, 0) : origin(n);
        problems.add(new Problem(o.line(), o.column(), o + ": " + message));
    }
}
