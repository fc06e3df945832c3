package dev.vigil.rules.detect;

import dev.vigil.rules.policy.ApprovedSoftware;
import dev.vigil.rules.policy.SoftwareVersion;

import java.util.List;

/**
 * Finds an approved product in what a device announces about itself and reads the version that
 * follows it. Announcements have no common grammar ({@code Zenitel IP Station 7.6.3.2},
 * {@code Yealink SIP-T54W 96.86.0.100}, {@code OpenSSH_8.9p1 Ubuntu-3},
 * {@code Zenitel ICX-AlphaCom, software 11.2.3.2, node 1}), so the rule is simple and documented: the
 * product is a case-insensitive substring; the version is the first of the next
 * {@value #VERSION_LOOKAHEAD} words that starts with a digit (or {@code v} and a digit), words being
 * separated by spaces and {@code _ / , ; ( ) " = :}.
 */
final class SoftwareText {
    /** Words after the product searched for a version. */
    static final int VERSION_LOOKAHEAD = 3;
    /** Longest announcement judged; longer text is cut. */
    static final int MAX_TEXT = 256;

    /** The outcome of matching one announcement against an approved list. */
    record Match(ApprovedSoftware approved, String version, boolean outdated) {
    }

    private SoftwareText() {
    }

    /**
     * The approved entry the text names (preferring one whose version is acceptable), or null when no
     * approved product appears in the text.
     */
    static Match match(String text, List<ApprovedSoftware> approved) {
        Match outdated = null;
        for (ApprovedSoftware a : approved) {
            int at = indexOfIgnoreCase(text, a.product());
            if (at < 0) {
                continue;
            }
            String v = versionAfter(text, at + a.product().length());
            if (a.minVersion() == null) {
                return new Match(a, v, false);
            }
            SoftwareVersion sv = SoftwareVersion.parse(v);
            if (sv == null || sv.compareTo(a.minVersion()) >= 0) {
                return new Match(a, v, false); // no version announced: nothing to compare, not a finding
            }
            if (outdated == null) {
                outdated = new Match(a, v, true);
            }
        }
        return outdated;
    }

    static int indexOfIgnoreCase(String text, String part) {
        int n = part.length();
        for (int i = 0; i + n <= text.length(); i++) {
            if (text.regionMatches(true, i, part, 0, n)) {
                return i;
            }
        }
        return -1;
    }

    /** The version word after position {@code from}, or null. */
    static String versionAfter(String text, int from) {
        int i = from;
        for (int w = 0; w < VERSION_LOOKAHEAD; w++) {
            while (i < text.length() && separator(text.charAt(i))) {
                i++;
            }
            if (i >= text.length()) {
                return null;
            }
            int start = i;
            while (i < text.length() && !separator(text.charAt(i))) {
                i++;
            }
            int s = start;
            if ((text.charAt(s) == 'v' || text.charAt(s) == 'V') && s + 1 < i && isDigit(text.charAt(s + 1))) {
                s++;
            }
            if (isDigit(text.charAt(s))) {
                int e = i;
                while (e > s && !Character.isLetterOrDigit(text.charAt(e - 1))) {
                    e--; // "11.2.3.2." at the end of a sentence
                }
                return text.substring(s, e);
            }
        }
        return null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean separator(char c) {
        switch (c) {
            case ' ':
            case '\t':
            case '_':
            case '/':
            case ',':
            case ';':
            case '(':
            case ')':
            case '"':
            case '=':
            case ':':
                return true;
            default:
                return false;
        }
    }
}
