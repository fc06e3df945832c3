package dev.vigil.rules.detect;

/**
 * The catalogue of finding rules: a stable id (the policy, the webhooks and the dashboards key on
 * it), a short name, what it means, where the hardening guide asks for it, the CIS control (v7.1, the
 * guide's numbering) and the default severity. Ids never change once released; a new check gets a
 * new id.
 *
 * <p>The CIS controls follow the guide's "Check" table and the vendor facts
 * ({@code zenitel-facts.md}): 1 hardware inventory, 2 software inventory, 4 administrative
 * privileges (default passwords and communities), 6 audit logs (NTP, syslog, disconnects),
 * 9 ports and services, 11 secure configuration (encrypted management and signalling).
 */
public enum Rule {
    ASSET_UNKNOWN("asset.unknown", "Unknown device",
            "A MAC or IP address on the intercom network that is not in the authorized inventory, including"
                    + " devices that only send UDP, multicast, ARP or discovery frames.",
            "Hardening guide, Check, CIS Control 1: verify that no unknown devices have accessed the network"
                    + " used for physical security",
            1, Severity.HIGH),
    SIP_CLEARTEXT("sip.cleartext", "Unencrypted SIP",
            "SIP signalling over UDP or TCP where the policy requires SIP over TLS, Digest authentication"
                    + " exchanged in clear, or a call whose media is plain RTP where SRTP is required.",
            "Hardening guide, Do, step 8 'Security in SIP mode': SIP over TLS (TLS 1.2) and SRTP",
            11, Severity.MEDIUM),
    SIP_SDES_CLEARTEXT("sip.sdes_cleartext", "SRTP keys sent in clear",
            "SDES keys (SDP a=crypto, RFC 4568) carried by unencrypted SIP: anyone on the path can read the"
                    + " media keys, so the SRTP they protect is worthless.",
            "Hardening guide, Do, step 8 'Security in SIP mode': SRTP (AES_CM_128_HMAC_SHA1_80/32) with SIP"
                    + " over TLS",
            11, Severity.HIGH),
    PORT_UNAPPROVED("port.unapproved", "Unapproved port or service",
            "Traffic to or from an intercom device on a transport and port that the policy does not approve"
                    + " for the device's role, or to a network the policy does not allow.",
            "Hardening guide, CIS Control 9, Tables 1 and 2; Check: verify that no ports for unused services"
                    + " are open",
            9, Severity.MEDIUM),
    SNMP_WEAK("snmp.weak", "Weak SNMP",
            "SNMP v1 or v2c (community in clear), a well-known default community, or SNMPv3 without"
                    + " authentication and privacy.",
            "Hardening guide, CIS Control 4 (change default passwords) and Do, step 4 'Set SNMP parameters'",
            11, Severity.MEDIUM),
    ADMIN_CLEARTEXT("admin.cleartext", "Administrative access in clear",
            "Credentials for device administration sent without encryption: HTTP Basic or a form login over"
                    + " plain HTTP, Telnet sessions; the vendor's default credentials are critical.",
            "Hardening guide, CIS Control 4: change default passwords; Do: log in via HTTPS",
            4, Severity.HIGH),
    TLS_WEAK("tls.weak", "Weak TLS",
            "A TLS session (SIPS, HTTPS) below TLS 1.2 or with a weak cipher suite, or a server certificate"
                    + " that is expired, not yet valid or self-signed.",
            "Hardening guide, Do, step 8: 'TLS 1.2 is supported'; server step 8 'TLS/HTTPS (443)'",
            11, Severity.MEDIUM),
    SOFTWARE_UNAUTHORIZED("software.unauthorized", "Unauthorized or outdated software",
            "Software seen on a device (SIP User-Agent/Server, HTTP Server, SSH banner, SNMP sysDescr, DHCP"
                    + " vendor class, discovery and DIP announcements) that is not in its approved list, or"
                    + " older than the approved minimum version.",
            "Hardening guide, Check, CIS Control 2: verify that you have the latest production software on"
                    + " Zenitel intercom devices",
            2, Severity.MEDIUM),
    AUDIT_HYGIENE("audit.hygiene", "Audit hygiene",
            "An intercom device that does not talk to the approved NTP server, or sends no syslog or SNMP"
                    + " trap, within the configured window; an authorized device that went silent.",
            "Hardening guide, CIS Control 6: enable NTP in the end devices, enable syslog; Check: verify that"
                    + " authorized intercoms have no unplanned network/server disconnects",
            6, Severity.LOW),
    TFTP_TRANSFER("tftp.transfer", "Configuration or firmware transfer in clear",
            "A TFTP read or write (configuration or firmware file) on the intercom network: who, what, when."
                    + " TFTP has no authentication and no encryption.",
            "Hardening guide, Table 2: TFTP 'Used for firmware upgrade and auto provisioning'; CIS Control 10"
                    + " (configuration backups)",
            11, Severity.INFO);

    private final String id;
    private final String title;
    private final String description;
    private final String reference;
    private final int cisControl;
    private final Severity defaultSeverity;

    Rule(String id, String title, String description, String reference, int cisControl,
         Severity defaultSeverity) {
        this.id = id;
        this.title = title;
        this.description = description;
        this.reference = reference;
        this.cisControl = cisControl;
        this.defaultSeverity = defaultSeverity;
    }

    /** The stable {@code rule.id}. */
    public String id() {
        return id;
    }

    /** {@code rule.name}. */
    public String title() {
        return title;
    }

    /** {@code rule.description}. */
    public String description() {
        return description;
    }

    /** {@code rule.reference}: the hardening-guide section that asks for the check. */
    public String reference() {
        return reference;
    }

    /** {@code vigil.cis.control}. */
    public int cisControl() {
        return cisControl;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** The rule with this id, or null. */
    public static Rule ofId(String id) {
        for (Rule r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        return null;
    }
}
