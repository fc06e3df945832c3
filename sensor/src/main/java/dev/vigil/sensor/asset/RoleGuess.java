package dev.vigil.sensor.asset;

import java.util.Locale;

/**
 * Proposes the role of a device for the authorized inventory a site engineer reviews
 * ({@code vigil inventory export}), in the policy's vocabulary: {@code server}, {@code station},
 * {@code phone}, {@code management}; the empty string when the facts do not say. It is a
 * proposal: the engineer confirms or corrects it, so a wrong guess costs a line edit and an
 * empty one costs a decision, which is the point for an unknown device.
 *
 * <p>First match wins:
 * <ol>
 * <li>{@code server}: it accepts DIP connections (offers TCP 50001, the intercom server's
 *     "IP stations" port of the guide's Table 1) or answers SIP REGISTER requests (a registrar:
 *     the intercom server or a PBX). Offering SIP 5060 alone is not enough: every SIP phone and
 *     station answers calls on 5060.</li>
 * <li>{@code station}: a DIP client (uses TCP 50001), or a device of the intercom vendor (IEEE
 *     OUI registered to Zenitel, or a sysObjectID under enterprise 26122) that is not a server.</li>
 * <li>{@code phone}: a SIP user agent that is not the vendor's (sends REGISTER, announces a
 *     SIP User-Agent, or connects to SIP 5060/5061 as a client).</li>
 * <li>{@code management}: it manages local devices (HTTP/HTTPS/SSH/Telnet sessions or SNMP
 *     requests towards them), or serves the audit functions the guide's Control 6 asks for (NTP
 *     server, syslog collector, SNMP trap receiver).</li>
 * <li>otherwise empty: e.g. a device that only sweeps ARP, probes ports or broadcasts discovery.</li>
 * </ol>
 */
public final class RoleGuess {
    public static final String SERVER = "server";
    public static final String STATION = "station";
    public static final String PHONE = "phone";
    public static final String MANAGEMENT = "management";
    public static final String UNSURE = "";

    /** IANA private enterprise number of Zenitel ("VS-DEVICE-MIB"). */
    public static final long ZENITEL_ENTERPRISE = 26122;
    /** The intercom server's DIP port for IP stations (guide, Table 1). */
    public static final int DIP_TCP_PORT = 50001;

    private RoleGuess() {
    }

    public static String guess(Asset a) {
        if (has(a.offered.values(), "tcp", DIP_TCP_PORT) || a.sipRegistrar) {
            return SERVER;
        }
        if (has(a.used.values(), "tcp", DIP_TCP_PORT) || isIntercomVendor(a)) {
            return STATION;
        }
        if (a.sipRegisters || hasSoftwareFrom(a, "sip.user_agent")
                || has(a.used.values(), "udp", 5060) || has(a.used.values(), "tcp", 5060)
                || has(a.used.values(), "tcp", 5061)) {
            return PHONE;
        }
        if (!a.manages.isEmpty() || has(a.offered.values(), "udp", 123) || has(a.offered.values(), "udp", 514)
                || has(a.offered.values(), "tcp", 514) || has(a.offered.values(), "udp", 162)) {
            return MANAGEMENT;
        }
        return UNSURE;
    }

    /** A device of the intercom vendor: its MAC's OUI or its SNMP sysObjectID says so. */
    public static boolean isIntercomVendor(Asset a) {
        return a.vendor != null && a.vendor.toLowerCase(Locale.ROOT).contains("zenitel")
                || a.snmpEnterprise() == ZENITEL_ENTERPRISE;
    }

    private static boolean has(Iterable<Asset.Service> services, String transport, int port) {
        for (Asset.Service s : services) {
            if (s.port() == port && s.transport().equals(transport)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSoftwareFrom(Asset a, String source) {
        for (Software s : a.software.values()) {
            if (source.equals(s.source())) {
                return true;
            }
        }
        return false;
    }
}
