package dev.vigil.rules.policy;

import dev.vigil.rules.detect.Rule;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A policy in words, for {@code vigil policy check FILE}: what is judged (networks), who is
 * authorized (inventory size per role), what each role may do (ports and software), which rules are
 * on and how severe, and the settings a site engineer most often gets wrong (no networks, learning
 * mode on). The point is that the engineer reads back what the sensor understood, not the YAML.
 */
public final class PolicyExplainer {
    private PolicyExplainer() {
    }

    public static String explain(Policy p) {
        StringBuilder s = new StringBuilder(4096);
        s.append("Policy ").append(p.source());
        if (p.site() != null) {
            s.append(" (site: ").append(p.site()).append(')');
        }
        s.append(": valid.\n\n");

        s.append("Judged networks\n");
        if (p.intercomNetworks().isEmpty() && p.intercomVlans().isEmpty()) {
            s.append("  none: only the ").append(p.inventory().size())
                    .append(" devices of the inventory are judged; unknown devices cannot be detected.\n");
        } else {
            line(s, "intercom networks", join(p.intercomNetworks()));
            line(s, "intercom VLANs", p.intercomVlans().isEmpty() ? "none"
                    : p.intercomVlans().stream().sorted().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        line(s, "allowed peer networks", p.allowedPeers().isEmpty()
                ? "none (traffic from intercom devices to any other network is a finding)"
                : join(p.allowedPeers()));
        s.append('\n');

        s.append("Approved servers\n");
        line(s, "SIP", p.sipServers().isEmpty() ? "any (not checked)" : join(p.sipServers()));
        line(s, "NTP", p.ntpServers().isEmpty() ? "any NTP server counts" : join(p.ntpServers()));
        line(s, "syslog", p.syslogServers().isEmpty() ? "any syslog collector counts" : join(p.syslogServers()));
        line(s, "SIP over TLS required", p.sipsRequired() ? "yes" : "no");
        line(s, "SRTP required", p.srtpRequired() ? "yes" : "no");
        s.append('\n');

        Map<Role, Integer> perRole = new EnumMap<>(Role.class);
        for (InventoryEntry e : p.inventory()) {
            perRole.merge(e.role(), 1, Integer::sum);
        }
        s.append("Authorized inventory: ").append(p.inventory().size()).append(" devices");
        if (!perRole.isEmpty()) {
            s.append(" (").append(perRole.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().label())
                    .collect(Collectors.joining(", "))).append(')');
        }
        long macOnly = p.inventory().stream().filter(e -> e.ip() == null).count();
        long ipOnly = p.inventory().stream().filter(e -> e.mac() == null).count();
        if (macOnly + ipOnly > 0) {
            s.append("; ").append(macOnly).append(" by MAC only, ").append(ipOnly).append(" by IP only");
        }
        s.append("\n\n");

        s.append("Roles\n");
        for (Role r : Role.values()) {
            RolePolicy rp = p.role(r);
            s.append("  ").append(r.label()).append(":\n");
            if (rp == null || !rp.judgesPorts()) {
                s.append("    services: not judged\n");
            } else {
                s.append("    services: ").append(rp.references().isEmpty() ? "none (every port is a finding)"
                        : String.join(", ", rp.references())).append('\n');
                s.append("    ports:    ").append(ports(rp.services())).append('\n');
            }
            if (rp == null || rp.software() == null) {
                s.append("    software: not judged\n");
            } else {
                s.append("    software: ").append(rp.software().isEmpty() ? "none approved"
                        : rp.software().stream().map(PolicyExplainer::software).collect(Collectors.joining(", ")))
                        .append('\n');
            }
        }
        long ownSoftware = p.inventory().stream().filter(e -> e.software() != null).count();
        if (ownSoftware > 0) {
            s.append("  (").append(ownSoftware).append(" inventory devices have their own approved software)\n");
        }
        s.append('\n');

        s.append("Rules\n");
        for (Rule r : Rule.values()) {
            RuleSettings rs = p.rule(r);
            s.append(String.format("  %-22s %-9s %-8s CIS %-2d %s%n", r.id(), rs.enabled() ? "enabled" : "DISABLED",
                    rs.severity().label(), r.cisControl(), r.title()));
            for (Suppression sup : rs.suppressions()) {
                s.append("      suppressed: ").append(sup.asset() != null ? sup.asset() : "any asset");
                if (sup.key() != null) {
                    s.append(" key ").append(sup.key());
                }
                s.append(" (").append(sup.reason()).append(")\n");
            }
        }
        s.append('\n');

        s.append("Timing\n");
        line(s, "learning period", p.learningPeriod().isZero() ? "off (enforcing from the start)"
                : DurationText.format(p.learningPeriod()) + " (unknown devices are proposed, not alerted)");
        line(s, "re-alert interval", DurationText.format(p.realertInterval()));
        Hygiene h = p.hygiene();
        line(s, "hygiene window", DurationText.format(h.window()) + " (NTP: " + roles(h.ntpRoles())
                + "; syslog or SNMP traps: " + roles(h.syslogRoles()) + ")");
        line(s, "silence threshold", DurationText.format(h.silenceThreshold()) + " (" + roles(h.silenceRoles())
                + ")");
        return s.toString();
    }

    private static void line(StringBuilder s, String what, String value) {
        s.append(String.format("  %-22s %s%n", what + ":", value));
    }

    private static String join(List<Cidr> nets) {
        return nets.isEmpty() ? "none" : nets.stream().map(Cidr::toString).collect(Collectors.joining(", "));
    }

    private static String roles(java.util.Set<Role> roles) {
        if (roles.isEmpty()) {
            return "none";
        }
        return roles.stream().sorted().map(Role::label).collect(Collectors.joining(", "));
    }

    private static String ports(List<ServicePort> services) {
        if (services.isEmpty()) {
            return "none";
        }
        return services.stream().map(ServicePort::text).distinct().collect(Collectors.joining(" "));
    }

    private static String software(ApprovedSoftware a) {
        return a.minVersion() == null ? a.product() : a.product() + " >= " + a.minVersion();
    }
}
