package dev.vigil.rules.policy;

/**
 * An approved transport and port range: one row of the guide's tables or an explicit policy entry.
 * A port-less entry ({@code port} -1) approves a whole IP protocol other than TCP and UDP (SCTP,
 * GRE); ICMP and IGMP are network control and always allowed.
 *
 * @param transport   IP protocol number (6 TCP, 17 UDP, ...)
 * @param port        first port, or -1 for the whole protocol
 * @param portEnd     last port (equal to {@code port} for one port)
 * @param name        short service name ({@code "dip"}), may be null for explicit entries
 * @param service     the guide's service name ({@code "IP stations"}), or null
 * @param description the guide's description, or null
 */
public record ServicePort(int transport, int port, int portEnd, String name, String service,
                          String description) {
    public static final int TCP = 6;
    public static final int UDP = 17;

    /** Whether this entry approves {@code port} on {@code transport}. */
    public boolean matches(int transport, int port) {
        return this.transport == transport && (this.port < 0 || (port >= this.port && port <= portEnd));
    }

    /** {@code udp/61000-61250}, {@code tcp/5061}, {@code sctp}. */
    public String text() {
        String t = transportName(transport);
        if (port < 0) {
            return t;
        }
        return port == portEnd ? t + "/" + port : t + "/" + port + "-" + portEnd;
    }

    /** The lower-case name of an IP protocol number ({@code tcp}, {@code udp}, or the number). */
    public static String transportName(int transport) {
        switch (transport) {
            case 1:
                return "icmp";
            case 2:
                return "igmp";
            case TCP:
                return "tcp";
            case UDP:
                return "udp";
            case 47:
                return "gre";
            case 50:
                return "esp";
            case 58:
                return "ipv6-icmp";
            case 132:
                return "sctp";
            default:
                return Integer.toString(transport);
        }
    }

    /** The IP protocol number of a transport name as events write it ({@code network.transport}), or -1. */
    public static int transportNumber(String name) {
        if (name == null) {
            return -1;
        }
        switch (name) {
            case "tcp":
                return TCP;
            case "udp":
                return UDP;
            case "icmp":
                return 1;
            case "igmp":
                return 2;
            case "gre":
                return 47;
            case "esp":
                return 50;
            case "ipv6-icmp":
            case "icmpv6":
                return 58;
            case "sctp":
                return 132;
            default:
                if (!name.isEmpty() && name.length() <= 3 && name.chars().allMatch(Character::isDigit)) {
                    int n = Integer.parseInt(name);
                    return n <= 255 ? n : -1;
                }
                return -1;
        }
    }
}
