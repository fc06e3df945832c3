package dev.vigil.sensor.asset;

import dev.vigil.sensor.event.TextFormat;

/**
 * Strict parsing and classification of the MAC and IP strings found in event documents and in
 * the persisted inventory. Never resolves names (a string that is not an address literal is
 * rejected, not looked up), never throws on bad input: parsers return -1 / null.
 *
 * <p>IPs are held as 128 bits, IPv4 as the IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d},
 * RFC 4291 §2.5.5.2), and printed in the same canonical form as the events
 * ({@link TextFormat#ip}).
 */
final class Addresses {
    private static final long V4_MAPPED_HI = 0L;
    private static final long V4_MAPPED_LO_PREFIX = 0xFFFFL << 32;

    private Addresses() {
    }

    // ------------------------------------------------------------------ MAC

    /**
     * A 48-bit MAC from {@code 00-13-CB-14-00-0A}, {@code 00:13:cb:14:00:0a} or {@code 0013.cb14.000a};
     * -1 when the string is not one.
     */
    static long parseMac(String s) {
        if (s == null) {
            return -1;
        }
        int n = s.length();
        if (n == 17) {
            char sep = s.charAt(2);
            if (sep != '-' && sep != ':') {
                return -1;
            }
            long v = 0;
            for (int i = 0; i < 6; i++) {
                int p = i * 3;
                if (i < 5 && s.charAt(p + 2) != sep) {
                    return -1;
                }
                int hi = Character.digit(s.charAt(p), 16);
                int lo = Character.digit(s.charAt(p + 1), 16);
                if (hi < 0 || lo < 0) {
                    return -1;
                }
                v = (v << 8) | (hi << 4) | lo;
            }
            return v;
        }
        if (n == 14 && s.charAt(4) == '.' && s.charAt(9) == '.') {
            long v = 0;
            for (int i = 0; i < n; i++) {
                if (i == 4 || i == 9) {
                    continue;
                }
                int d = Character.digit(s.charAt(i), 16);
                if (d < 0) {
                    return -1;
                }
                v = (v << 4) | d;
            }
            return v;
        }
        if (n == 12) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                int d = Character.digit(s.charAt(i), 16);
                if (d < 0) {
                    return -1;
                }
                v = (v << 4) | d;
            }
            return v;
        }
        return -1;
    }

    /** An individual (not group) address that is not all zeros: one device's interface (IEEE 802 §8.2). */
    static boolean isUnicastMac(long mac) {
        return mac > 0 && mac <= 0xFFFF_FFFF_FFFFL && ((mac >>> 40) & 0x01) == 0;
    }

    /** The U/L bit: randomised and virtual interfaces set it, and such a MAC has no vendor. */
    static boolean isLocallyAdministered(long mac) {
        return ((mac >>> 40) & 0x02) != 0;
    }

    static String macString(long mac) {
        return TextFormat.macString(mac);
    }

    /** {@code 00:13:cb:14:00:0a}: the form a site engineer's spreadsheet and the IEEE registry use. */
    static String macColonLower(long mac) {
        return macString(mac).replace('-', ':').toLowerCase(java.util.Locale.ROOT);
    }

    // ------------------------------------------------------------------- IP

    /** A parsed address: 128 bits, IPv4 mapped. */
    record Ip(long hi, long lo) {
        boolean isV4() {
            return hi == V4_MAPPED_HI && (lo & 0xFFFF_FFFF_0000_0000L) == V4_MAPPED_LO_PREFIX;
        }

        int v4() {
            return (int) lo;
        }

        /** 0.0.0.0 or :: */
        boolean isUnspecified() {
            return isV4() ? v4() == 0 : hi == 0 && lo == 0;
        }

        boolean isMulticast() {
            return isV4() ? (v4() >>> 28) == 0xE : (hi >>> 56) == 0xFF;
        }

        /** 255.255.255.255 (limited broadcast; directed broadcasts need the mask, which we do not know). */
        boolean isBroadcast() {
            return isV4() && v4() == -1;
        }

        boolean isLoopback() {
            return isV4() ? (v4() >>> 24) == 127 : hi == 0 && lo == 1;
        }

        /** 169.254/16 or fe80::/10: never routed, so always on the sender's own link (RFC 3927, RFC 4291). */
        boolean isLinkLocal() {
            return isV4() ? (v4() >>> 16) == 0xA9FE : (hi >>> 54) == (0xFE80L >>> 6);
        }

        /**
         * Private or local use: RFC 1918, shared address space (RFC 6598), link-local, unique
         * local IPv6 (RFC 4193). Such an address seen in a frame is likely the sender's own; a
         * public one is as likely a host behind a router.
         */
        boolean isPrivate() {
            if (isV4()) {
                int a = v4();
                return (a >>> 24) == 10 || (a >>> 20) == 0xAC1 || (a >>> 16) == 0xC0A8
                        || (a >>> 22) == (0x6440_0000 >>> 22) || isLinkLocal();
            }
            return (hi >>> 57) == (0xFC00L >>> 9) || isLinkLocal();
        }

        /** An address one device can hold: not unspecified, multicast, broadcast or loopback. */
        boolean isUnicast() {
            return !isUnspecified() && !isMulticast() && !isBroadcast() && !isLoopback();
        }

        /** 239.192.0.0/14, the organisation-local scope (RFC 2365) the intercom servers use for DIP and group audio. */
        boolean isOrganisationLocalMulticast() {
            return isV4() && (v4() >>> 18) == (0xEFC0_0000 >>> 18);
        }

        /** 224.0.0.0/24 or ff02::/16: link-local control groups (routing, IGMP, mDNS), not application groups. */
        boolean isLinkLocalMulticast() {
            return isV4() ? (v4() >>> 8) == 0xE0_0000 : (hi >>> 48) == 0xFF02L;
        }

        String text() {
            return TextFormat.ipString(hi, lo);
        }
    }

    /** Parses an IPv4 dotted quad or an IPv6 literal (RFC 4291 §2.2, with an optional IPv4 tail); null when invalid. */
    static Ip parseIp(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            long v4 = parseV4(s, 0, s.length());
            return v4 < 0 ? null : new Ip(V4_MAPPED_HI, V4_MAPPED_LO_PREFIX | v4);
        }
        return parseV6(s);
    }

    /** The canonical text of an IP literal, or null when {@code s} is not one. */
    static String canonicalIp(String s) {
        Ip ip = parseIp(s);
        return ip == null ? null : ip.text();
    }

    private static long parseV4(String s, int from, int to) {
        long v = 0;
        int parts = 0;
        int i = from;
        while (i <= to) {
            int start = i;
            int octet = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                octet = octet * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return -1;
                }
            }
            if (i == start || octet > 255 || (i - start > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            v = (v << 8) | octet;
            parts++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return -1;
            }
            i++;
        }
        return parts == 4 ? v : -1;
    }

    private static Ip parseV6(String s) {
        int[] groups = new int[8];
        int n = 0;
        int gap = -1;
        int i = 0;
        int len = s.length();
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (len == 2) {
                return new Ip(0, 0);
            }
        } else if (s.charAt(0) == ':') {
            return null;
        }
        while (i < len) {
            int start = i;
            int g = 0;
            while (i < len && Character.digit(s.charAt(i), 16) >= 0 && i - start < 5) {
                g = (g << 4) | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < len && s.charAt(i) == '.') {
                // embedded IPv4 in the last 32 bits
                long v4 = parseV4(s, start, len);
                if (v4 < 0 || n > 6) {
                    return null;
                }
                groups[n++] = (int) (v4 >>> 16);
                groups[n++] = (int) (v4 & 0xFFFF);
                i = len;
                break;
            }
            if (i == start || i - start > 4 || n == 8) {
                return null;
            }
            groups[n++] = g;
            if (i == len) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < len && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = n;
                i++;
                if (i == len) {
                    break;
                }
            } else if (i == len) {
                return null; // trailing single colon
            }
        }
        if (gap < 0 && n != 8 || gap >= 0 && n > 7) {
            return null;
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            int tail = n - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 4; k++) {
            hi = (hi << 16) | full[k];
            lo = (lo << 16) | full[k + 4];
        }
        return new Ip(hi, lo);
    }

    // ----------------------------------------------------------------- CIDR

    /** An IP network; {@code contains} is false for addresses of the other family. */
    record Cidr(Ip base, int bits, String text) {
        boolean contains(Ip ip) {
            if (ip.isV4() != base.isV4()) {
                return false;
            }
            int total = base.isV4() ? bits + 96 : bits;
            return prefixEquals(ip.hi(), base.hi(), Math.min(total, 64))
                    && prefixEquals(ip.lo(), base.lo(), Math.max(0, total - 64));
        }

        private static boolean prefixEquals(long a, long b, int bits) {
            if (bits <= 0) {
                return true;
            }
            long mask = bits >= 64 ? -1L : -1L << (64 - bits);
            return (a & mask) == (b & mask);
        }
    }

    /** Parses {@code 10.20.0.0/24} or {@code fd00::/8}; a bare address is a host route. Null when invalid. */
    static Cidr parseCidr(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        int slash = t.indexOf('/');
        Ip ip = parseIp(slash < 0 ? t : t.substring(0, slash));
        if (ip == null) {
            return null;
        }
        int max = ip.isV4() ? 32 : 128;
        int bits = max;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (bits < 0 || bits > max) {
                return null;
            }
        }
        return new Cidr(ip, bits, t);
    }
}
