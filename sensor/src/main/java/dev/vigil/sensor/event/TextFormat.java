package dev.vigil.sensor.event;

/**
 * Allocation-free formatting of the values events carry (timestamps, IP and MAC addresses)
 * into a caller-owned {@code char[]}. Each method returns the number of chars written.
 */
public final class TextFormat {
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
    private static final char[] HEX_LOWER = "0123456789abcdef".toCharArray();

    /** Long enough for any value formatted here. */
    public static final int MAX_CHARS = 48;

    private TextFormat() {
    }

    /**
     * ISO-8601 UTC, e.g. {@code 2024-06-10T06:13:20.123456Z}: six fraction digits when the time
     * has whole microseconds (pcap µs files), nine otherwise.
     */
    public static int timestamp(long epochNanos, char[] out) {
        long secs = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        long days = Math.floorDiv(secs, 86_400L);
        int secOfDay = (int) Math.floorMod(secs, 86_400L);
        // civil_from_days, H. Hinnant, http://howardhinnant.github.io/date_algorithms.html
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int) (doy - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        if (m <= 2) {
            y++;
        }
        int p = 0;
        p = digits(y, 4, out, p);
        out[p++] = '-';
        p = digits(m, 2, out, p);
        out[p++] = '-';
        p = digits(d, 2, out, p);
        out[p++] = 'T';
        p = digits(secOfDay / 3600, 2, out, p);
        out[p++] = ':';
        p = digits((secOfDay / 60) % 60, 2, out, p);
        out[p++] = ':';
        p = digits(secOfDay % 60, 2, out, p);
        out[p++] = '.';
        if (nanos % 1000 == 0) {
            p = digits(nanos / 1000, 6, out, p);
        } else {
            p = digits(nanos, 9, out, p);
        }
        out[p++] = 'Z';
        return p;
    }

    private static int digits(long v, int width, char[] out, int p) {
        for (int i = width - 1; i >= 0; i--) {
            out[p + i] = (char) ('0' + (v % 10));
            v /= 10;
        }
        return p + width;
    }

    /** Dotted quad of a 32-bit IPv4 address. */
    public static int ipv4(int addr, char[] out, int p) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            int b = (addr >>> shift) & 0xFF;
            if (b >= 100) {
                out[p++] = (char) ('0' + b / 100);
            }
            if (b >= 10) {
                out[p++] = (char) ('0' + (b / 10) % 10);
            }
            out[p++] = (char) ('0' + b % 10);
            if (shift > 0) {
                out[p++] = '.';
            }
        }
        return p;
    }

    /**
     * An address held as 128 bits: IPv4-mapped values ({@code ::ffff:a.b.c.d}) print as IPv4,
     * others as IPv6 in the RFC 5952 canonical form (lower case, longest zero run compressed).
     */
    public static int ip(long hi, long lo, char[] out) {
        if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
            return ipv4((int) lo, out, 0);
        }
        int bestStart = -1;
        int bestLen = 0;
        int curStart = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (group(hi, lo, i) == 0) {
                if (curStart < 0) {
                    curStart = i;
                    curLen = 0;
                }
                curLen++;
                if (curLen > bestLen) {
                    bestLen = curLen;
                    bestStart = curStart;
                }
            } else {
                curStart = -1;
            }
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        int p = 0;
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out[p++] = ':';
                if (i == 0) {
                    out[p++] = ':';
                }
                i += bestLen - 1;
                continue;
            }
            int g = group(hi, lo, i);
            boolean started = false;
            for (int s = 12; s >= 0; s -= 4) {
                int n = (g >>> s) & 0xF;
                if (n != 0 || started || s == 0) {
                    out[p++] = HEX_LOWER[n];
                    started = true;
                }
            }
            if (i < 7) {
                out[p++] = ':';
            }
        }
        return p;
    }

    private static int group(long hi, long lo, int i) {
        return (int) ((i < 4 ? hi >>> (48 - 16 * i) : lo >>> (48 - 16 * (i - 4))) & 0xFFFF);
    }

    /** ECS MAC format: upper case, hyphen separated, {@code 00-13-CB-11-22-33}. */
    public static int mac(long mac, char[] out) {
        int p = 0;
        for (int shift = 40; shift >= 0; shift -= 8) {
            int b = (int) (mac >>> shift) & 0xFF;
            out[p++] = HEX_UPPER[b >>> 4];
            out[p++] = HEX_UPPER[b & 0xF];
            if (shift > 0) {
                out[p++] = '-';
            }
        }
        return p;
    }

    /** The same, as a new String (for long-lived state and tests). */
    public static String macString(long mac) {
        char[] c = new char[17];
        return new String(c, 0, mac(mac, c));
    }

    public static String ipString(long hi, long lo) {
        char[] c = new char[MAX_CHARS];
        return new String(c, 0, ip(hi, lo, c));
    }

    public static String ipv4String(int addr) {
        char[] c = new char[16];
        return new String(c, 0, ipv4(addr, c, 0));
    }

    public static String timestampString(long epochNanos) {
        char[] c = new char[MAX_CHARS];
        return new String(c, 0, timestamp(epochNanos, c));
    }
}
