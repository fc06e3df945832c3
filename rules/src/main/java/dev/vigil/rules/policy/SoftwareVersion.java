package dev.vigil.rules.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A firmware or software version as devices announce it ({@code 7.6.3.2}, {@code 96.86.0.100},
 * {@code 8.9p1}, {@code 11.2.3.2-rc1}), compared segment by segment: runs of digits numerically (so
 * 7.10 is newer than 7.9), runs of letters case-insensitively; a missing numeric segment is 0 (7.6
 * equals 7.6.0). A letter segment where the other version has a number is older ({@code 7.6.beta}
 * &lt; {@code 7.6.1}); a trailing letter segment is newer than nothing ({@code 8.9p1} &gt;
 * {@code 8.9}), as in OpenSSH portable releases. Maven's ordering (qualifiers such as "sp" or
 * "snapshot") is not used on purpose: firmware strings do not follow it.
 */
public final class SoftwareVersion implements Comparable<SoftwareVersion> {
    /** Longest version text kept; longer is cut (segments past it are ignored). */
    public static final int MAX_LENGTH = 64;

    private final String text;
    private final List<String> segments;

    private SoftwareVersion(String text, List<String> segments) {
        this.text = text;
        this.segments = segments;
    }

    /** Parses a version; null when it does not start with a digit. */
    public static SoftwareVersion parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.length() > MAX_LENGTH) {
            s = s.substring(0, MAX_LENGTH);
        }
        if (s.isEmpty() || !isDigit(s.charAt(0))) {
            return null;
        }
        List<String> seg = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int j = i;
            if (isDigit(c)) {
                while (j < s.length() && isDigit(s.charAt(j))) {
                    j++;
                }
                int k = i;
                while (k < j - 1 && s.charAt(k) == '0') {
                    k++; // leading zeros do not count: 7.06 is 7.6
                }
                seg.add(s.substring(k, j));
            } else if (Character.isLetter(c)) {
                while (j < s.length() && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                seg.add(s.substring(i, j).toLowerCase(Locale.ROOT));
            } else {
                j = i + 1; // a separator
            }
            i = j;
        }
        return new SoftwareVersion(s, List.copyOf(seg));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean numeric(String s) {
        return isDigit(s.charAt(0));
    }

    @Override
    public int compareTo(SoftwareVersion o) {
        int n = Math.max(segments.size(), o.segments.size());
        for (int i = 0; i < n; i++) {
            String a = i < segments.size() ? segments.get(i) : null;
            String b = i < o.segments.size() ? o.segments.get(i) : null;
            int c = compareSegment(a, b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareSegment(String a, String b) {
        if (a == null && b == null) {
            return 0;
        }
        if (a == null) {
            return numeric(b) ? compareSegment("0", b) : -1;
        }
        if (b == null) {
            return numeric(a) ? compareSegment(a, "0") : 1;
        }
        boolean na = numeric(a);
        boolean nb = numeric(b);
        if (na && nb) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        if (na) {
            return 1;
        }
        if (nb) {
            return -1;
        }
        return a.compareTo(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SoftwareVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        int h = 0;
        int end = segments.size();
        while (end > 0 && segments.get(end - 1).equals("0")) {
            end--; // 7.6 and 7.6.0 are equal, so they hash alike
        }
        for (int i = 0; i < end; i++) {
            h = h * 31 + segments.get(i).hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        return text;
    }
}
