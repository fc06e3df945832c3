package dev.vigil.rules.policy;

import java.util.Locale;

/**
 * What an authorized device is for; the policy's service allow-lists and approved software are
 * per role. The set is small on purpose: it is what a site engineer can fill in from the vendor's
 * station report.
 */
public enum Role {
    /** ICX-AlphaCom, AlphaCom XE, ICX-500 gateway, SIP servers. */
    SERVER,
    /** IP intercom stations. */
    STATION,
    /** SIP phones and other SIP endpoints. */
    PHONE,
    /** Management PCs (IMT, AlphaPro, web browsers). */
    MANAGEMENT,
    /** Anything else authorized on the network: NTP, syslog, switches, routers. */
    OTHER;

    /** The name used in policies, CSV files and findings ({@code "station"}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named by a label (case-insensitive), or null. */
    public static Role ofLabel(String s) {
        if (s == null) {
            return null;
        }
        for (Role r : values()) {
            if (r.name().equalsIgnoreCase(s.trim())) {
                return r;
            }
        }
        return null;
    }

    /** The labels, for error messages ({@code "server, station, phone, management, other"}). */
    public static String labels() {
        StringBuilder sb = new StringBuilder();
        for (Role r : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(r.label());
        }
        return sb.toString();
    }
}
