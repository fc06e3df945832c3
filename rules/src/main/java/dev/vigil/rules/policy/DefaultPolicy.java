package dev.vigil.rules.policy;

import dev.vigil.rules.detect.Rule;
import dev.vigil.rules.service.ApprovedService;
import dev.vigil.rules.service.ServiceCatalog;

import java.util.List;

/**
 * The default policy, generated from the hardening guide: its Tables 1 and 2 as the approved services
 * (one entry per row with transport, port, name and the guide's own description), its Do and Check
 * phases as the settings and the comments. {@code vigil policy default} prints it; a site copies it
 * and fills in what only the site knows (networks, inventory, servers).
 *
 * <p>Where the guide asks for something its tables omit (syslog and SNMP traps for CIS Control 6),
 * the text says so in a comment and does not approve it: approving a port is the site's decision,
 * not the sensor's.
 */
public final class DefaultPolicy {
    /** The name used for the default in messages. */
    public static final String SOURCE = "<default policy>";

    private DefaultPolicy() {
    }

    /** The default policy, validated by the same loader as any site policy. */
    public static Policy policy() {
        try {
            return PolicyLoader.parse(yaml(), SOURCE);
        } catch (PolicyException e) {
            throw new IllegalStateException("the generated default policy does not load: " + e.getMessage(), e);
        }
    }

    /** The default policy as commented YAML. */
    public static String yaml() {
        ServiceCatalog c = ServiceCatalog.guide();
        StringBuilder y = new StringBuilder(16_384);
        y.append("""
                # vigil policy: the DEFAULT, generated from the hardening guide
                # (Zenitel "Cybersecurity Hardening Guide", built on the CIS Controls v7.1).
                #
                # This default knows the vendor's services, not your site. Fill in what only the site
                # knows: networks.intercom (and vlans), the inventory (here or with --inventory FILE.csv),
                # and the approved servers. With no intercom networks, only the devices of the inventory
                # are judged and unknown devices cannot be detected.
                # Check a policy with:  vigil policy check FILE
                version: 1

                networks:
                  # The dedicated network(s) of the physical-security devices (CIS Control 1: "Own
                  # dedicated network for physical security devices"). Devices here are judged.
                  intercom: []        # e.g. [10.20.0.0/24, "fd00:20::/64"]
                  vlans: []           # e.g. [20]: frames tagged with these VLANs are intercom traffic
                  # Networks intercom devices may talk to besides their own. Traffic to any other network
                  # is a port.unapproved finding (CIS Control 9: "Review protocols that should be considered
                  # to be opened from the dedicated physical network to other corporate networks").
                  allowed_peers: []

                servers:
                  sip: []             # approved SIP servers; SIP with a peer that is neither one of them nor
                                      # an authorized device is a port.unapproved finding
                  ntp: []             # CIS Control 6: "Enable NTP in the end devices (IP intercom)"
                  syslog: []          # CIS Control 6: "Enable SNMP syslog to send event to logging servers"

                # Do, step 8 "Security in SIP mode": "SIP over TLS encrypts the Transport Layer", "TLS 1.2 is
                # supported", "SRTP encryption is also supported" (NB: not on TCIV+). SIP on 5060 stays an
                # approved port of Table 1; these two settings make cleartext signalling and media findings.
                sips_required: true
                srtp_required: true

                service_sets:
                  # CIS Control 9: "Zenitel's IP communications solutions use the following IP ports,
                  # protocols and services". One entry per row of the guide's tables, in the guide's order.
                  guide:
                """);
        y.append("    # Table 1 - TCP ports and services\n");
        appendRows(y, c.approved(), ServiceCatalog.TCP);
        y.append("    # Table 2 - UDP ports and services\n");
        appendRows(y, c.approved(), ServiceCatalog.UDP);
        y.append("""

                  # NOT APPROVED by this default, although the guide asks for them: its tables omit them.
                  #   CIS Control 6: "Enable SNMP syslog to send event to logging servers"; server setup,
                  #   step 5: "Enable SNMP Traps and/or Syslog for monitoring"; Check: "Review SNMP and syslog
                  #   reports". Syslog (UDP/TCP 514) and SNMP traps (UDP 162) are therefore reported as
                  #   port.unapproved until the site decides. To approve them, add this set to the roles
                  #   that send them (e.g. server: services: [guide, monitoring]):
                  # monitoring:
                  #   - {name: syslog, transport: udp, port: 514, description: "Syslog to the logging servers (CIS 6)"}
                  #   - {name: syslog, transport: tcp, port: 514, description: "Syslog over TCP (RFC 6587)"}
                  #   - {name: snmp-trap, transport: udp, port: 162, description: "SNMP traps to the managers (CIS 6)"}

                # What each role may do. Services: names of the guide's tables (dip, sip, rtp ...), well-known
                # names (syslog, snmp-trap, telnet ...), service sets, or {transport, port[, port_end]}; both
                # directions. A role without 'services' is not judged for ports; one without 'software' is
                # not judged for software.
                roles:
                  server:             # ICX-AlphaCom, AlphaCom XE, ICX-500
                    services: [guide]
                    # CIS Control 2: "Verify that you have the latest production software" (release notes at
                    # wiki.zenitel.com). Products are matched in what devices announce (SIP User-Agent,
                    # SNMP sysDescr, discovery, DHCP vendor class, HTTP Server, SSH banner):
                    # software: [{product: ICX-AlphaCom, min_version: "11.2.3.2"}]
                  station:            # IP intercom stations
                    services: [guide]
                    # software: [{product: IP Station, min_version: "7.6.3.2"}]
                  phone:              # SIP phones
                    services: [guide]
                  # management:       # management PCs: not judged for ports unless given services
                  # other:            # NTP, syslog, switches: not judged for ports unless given services

                # The authorized devices (CIS Control 1: "Maintain an asset inventory of devices that access
                # the network"). mac and/or ip; role: server, station, phone, management or other.
                inventory: []
                #  - {mac: "00:13:cb:14:00:0a", ip: 10.20.0.10, name: icx-alphacom, role: server}
                #  - {mac: "00:13:cb:14:01:01", ip: 10.20.0.101, name: Main Entrance, role: station,
                #     software: [{product: IP Station, min_version: "7.6.3.2"}]}

                # Rules: enabled, severity (info, low, medium, high, critical) and suppressions
                # ({asset: MAC|IP|CIDR|inventory name, key: finding key, reason: why}).
                rules:
                """);
        for (Rule r : Rule.values()) {
            y.append("  ").append(r.id()).append(": {enabled: true, severity: ")
                    .append(r.defaultSeverity().label()).append("}");
            y.append("   # CIS ").append(r.cisControl()).append(": ").append(r.title()).append('\n');
        }
        y.append("""

                # Learning: for this long after start, unknown devices are collected and proposed (vigil
                # inventory export) instead of alerted; afterwards the devices learned count as known.
                learning:
                  period: 0           # e.g. 7d
                alerts:
                  realert_interval: 1h   # a repeat of a finding within this interval only increments its count

                # CIS Control 6. Stations (Do, step 3 "Set the NTP server for all stations") and servers
                # (server step 4 "Set the NTP server") must use NTP; servers must send syslog or SNMP traps
                # (server step 5). Check: "Verify that authorized intercoms have no unplanned
                # network/server disconnects".
                hygiene:
                  window: 24h
                  silence_threshold: 15m
                  ntp_roles: [server, station]
                  syslog_roles: [server]
                  silence_roles: [server, station]
                """);
        return y.toString();
    }

    private static void appendRows(StringBuilder y, List<ApprovedService> rows, int transport) {
        for (ApprovedService s : rows) {
            if (s.transport() != transport) {
                continue;
            }
            y.append("    - {name: ").append(s.name())
                    .append(", transport: ").append(transport == ServiceCatalog.TCP ? "tcp" : "udp")
                    .append(", port: ").append(s.port());
            if (s.portEnd() != s.port()) {
                y.append(", port_end: ").append(s.portEnd());
            }
            y.append(", service: ").append(quote(s.service()));
            y.append(", description: ").append(quote(s.description())).append("}");
            if (s.description().isEmpty()) {
                y.append("   # the guide gives no description");
            }
            y.append('\n');
        }
    }

    /** A YAML double-quoted scalar. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.append('"').toString();
    }
}
