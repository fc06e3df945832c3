package dev.vigil.rules.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address text as the sensor writes it (IPv4 dotted quad, IPv6 in the RFC 5952 canonical form)
 * and as people type it in a policy. Parsing never resolves a name: IPv4 is read by hand, and IPv6 is
 * handed to {@link InetAddress} only when the text is a well-formed literal (hex digits, colons, dots),
 * which {@code InetAddress} parses without any lookup.
 */
public final class Ip {
    private Ip() {
    }

    /** The address bytes (4 or 16), or null when the text is not an IP address literal. */
    public static byte[] parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        long v4 = parseV4(s);
        if (v4 >= 0) {
            return new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
        }
        if (s.indexOf(':') < 0 || s.length() > 45) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
                    || c == '.';
            if (!ok) {
                return null; // zone ids and anything else are not addresses here
            }
        }
        try {
            InetAddress a = InetAddress.getByName(s); // a literal: parsed, never resolved
            return a.getAddress(); // an IPv4-mapped literal comes back as 4 bytes, and matches IPv4 networks
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An IPv4 dotted quad as 0..2^32-1, or -1. Allocates nothing. */
    public static long parseV4(CharSequence s) {
        int n = s.length();
        if (n < 7 || n > 15) {
            return -1;
        }
        long v = 0;
        int octet = 0;
        int digits = 0;
        int dots = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 3 || (digits > 0 && octet == 0)) {
                    return -1; // too long, or a leading zero
                }
                octet = octet * 10 + (c - '0');
                digits++;
                if (octet > 255) {
                    return -1;
                }
            } else if (c == '.') {
                if (digits == 0 || ++dots > 3) {
                    return -1;
                }
                v = (v << 8) | octet;
                octet = 0;
                digits = 0;
            } else {
                return -1;
            }
        }
        if (dots != 3 || digits == 0) {
            return -1;
        }
        return (v << 8) | octet;
    }

    /** The text the sensor writes for this address (dotted quad, or RFC 5952), or null when invalid. */
    public static String canonical(String s) {
        byte[] b = parse(s);
        return b == null ? null : format(b);
    }

    /** Formats 4 or 16 address bytes: dotted quad, or RFC 5952 (lower case, longest zero run as ::). */
    public static String format(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1; // RFC 5952 §4.2.2: a single zero field is not compressed
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
        }
        return sb.toString();
    }

    /**
     * True for addresses that never name one device: unspecified, broadcast, multicast (IPv4
     * 224/4 and 255.255.255.255, IPv6 ff00::/8 and ::).
     */
    public static boolean isGroupOrUnspecified(byte[] b) {
        if (b.length == 4) {
            int first = b[0] & 0xff;
            boolean zero = (b[0] | b[1] | b[2] | b[3]) == 0;
            boolean bcast = (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff;
            return zero || bcast || (first >= 224 && first <= 239);
        }
        if ((b[0] & 0xff) == 0xff) {
            return true;
        }
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
