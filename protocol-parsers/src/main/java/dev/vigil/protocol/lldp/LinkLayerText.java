package dev.vigil.protocol.lldp;

import java.nio.charset.StandardCharsets;

/**
 * Text forms of the identifiers that the link-layer discovery protocols (LLDP, CDP) carry:
 * MAC addresses in the ECS form ({@code 00-13-CB-11-22-33}), IPv4 dotted quads, IPv6 in the
 * RFC 5952 canonical form, and display strings. Used by the Kaitai adapters only, for fields
 * that leave the process; never on the per-packet hot path.
 */
public final class LinkLayerText {
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
    private static final char[] HEX_LOWER = "0123456789abcdef".toCharArray();

    private LinkLayerText() {
    }

    /** ECS MAC form of 6 bytes at {@code offset}: upper case, hyphen separated. */
    public static String mac(byte[] b, int offset) {
        char[] c = new char[17];
        int p = 0;
        for (int i = 0; i < 6; i++) {
            int v = b[offset + i] & 0xFF;
            if (i > 0) {
                c[p++] = '-';
            }
            c[p++] = HEX_UPPER[v >>> 4];
            c[p++] = HEX_UPPER[v & 0xF];
        }
        return new String(c);
    }

    /** Dotted quad of 4 bytes at {@code offset}. */
    public static String ipv4(byte[] b, int offset) {
        return (b[offset] & 0xFF) + "." + (b[offset + 1] & 0xFF) + "." + (b[offset + 2] & 0xFF) + "."
                + (b[offset + 3] & 0xFF);
    }

    /** RFC 5952 form of 16 bytes at {@code offset} (lower case, the longest run of 2+ zero groups compressed). */
    public static String ipv6(byte[] b, int offset) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[offset + 2 * i] & 0xFF) << 8) | (b[offset + 2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestLen = j - i;
                bestStart = i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(g[i]));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /** Lower-case hex pairs separated by colons (identifiers whose form is unknown). */
    public static String hex(byte[] b, int offset, int length) {
        if (length <= 0) {
            return "";
        }
        char[] c = new char[length * 3 - 1];
        int p = 0;
        for (int i = 0; i < length; i++) {
            int v = b[offset + i] & 0xFF;
            if (i > 0) {
                c[p++] = ':';
            }
            c[p++] = HEX_LOWER[v >>> 4];
            c[p++] = HEX_LOWER[v & 0xF];
        }
        return new String(c);
    }

    /**
     * A display string (SNMP DisplayString in LLDP, plain text in CDP) decoded as UTF-8, with
     * trailing NUL bytes dropped (some agents NUL-terminate). Invalid sequences become U+FFFD.
     */
    public static String text(byte[] b, int offset, int length) {
        int end = offset + length;
        while (end > offset && b[end - 1] == 0) {
            end--;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** The same for a string the generated parser already decoded: trailing NULs dropped. */
    public static String text(String s) {
        if (s == null) {
            return null;
        }
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\0') {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
    }
}
