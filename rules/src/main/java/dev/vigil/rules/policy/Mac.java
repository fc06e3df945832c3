package dev.vigil.rules.policy;

/**
 * MAC addresses in the form the sensor writes (ECS: upper-case pairs separated by hyphens,
 * {@code 00-13-CB-14-00-0A}); a policy or CSV may use colons, hyphens, Cisco dots or no separator.
 */
public final class Mac {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Mac() {
    }

    /** The ECS form of a MAC address in any common notation, or null when it is not one. */
    public static String normalize(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        char[] out = new char[17];
        int nibbles = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int v = Character.digit(c, 16);
            if (v >= 0 && c < 128) {
                if (nibbles == 12) {
                    return null;
                }
                int pos = (nibbles / 2) * 3 + (nibbles & 1);
                out[pos] = HEX[v];
                nibbles++;
            } else if (c != ':' && c != '-' && c != '.') {
                return null;
            }
        }
        if (nibbles != 12) {
            return null;
        }
        for (int i = 2; i < 17; i += 3) {
            out[i] = '-';
        }
        return new String(out);
    }

    /**
     * True when the MAC (ECS form) names a group rather than one interface: the I/G bit of the first
     * octet (broadcast, multicast), or all zeros.
     */
    public static boolean isGroupOrZero(String ecsMac) {
        if (ecsMac == null || ecsMac.length() != 17) {
            return true;
        }
        int first = Character.digit(ecsMac.charAt(1), 16);
        if (first < 0 || (first & 1) != 0) {
            return true;
        }
        return "00-00-00-00-00-00".equals(ecsMac);
    }
}
