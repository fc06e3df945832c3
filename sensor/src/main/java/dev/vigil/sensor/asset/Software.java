package dev.vigil.sensor.asset;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One piece of software or firmware an asset announced: product, version (null when the text
 * has none), where it was seen ({@code source}, e.g. {@code sip.user_agent}) and the text as
 * announced ({@code original}, cut to {@link #MAX_ORIGINAL_CHARS}).
 *
 * <p>The split is a heuristic over free text, because every protocol writes it differently:
 * RFC 9110 product tokens ({@code Apache/2.4.57 (Unix)}), SIP User-Agent and Server
 * ({@code Yealink SIP-T54W 96.86.0.100}, RFC 3261 §20.41 allows either), SSH
 * {@code softwareversion} ({@code OpenSSH_9.6p1}, RFC 4253 §4.2), SNMP sysDescr and LLDP system
 * descriptions ({@code Zenitel ICX-AlphaCom, software 11.2.3.2, node 1}, {@code Cisco IOS
 * Software, ..., Version 12.2(44)SE, ...}). The version is the first token of two or more
 * dot-separated parts that starts with a digit; the product is what precedes it, up to the first
 * comma, without a trailing "version"/"software"/"firmware"/"revision" word. The original text
 * is kept so that an analyst (and a policy's minimum-version check) can go back to it.
 */
public record Software(String product, String version, String source, String original) {
    /** Longest original text kept (a Cisco sysDescr runs to several hundred characters). */
    public static final int MAX_ORIGINAL_CHARS = 256;
    /** Longest product or version kept. */
    public static final int MAX_PART_CHARS = 96;

    private static final Pattern VERSION = Pattern.compile(
            "(?<![\\w.])[vV]?(\\d+(?:\\.\\w+)+(?:\\(\\w+\\)\\w*)?)");
    private static final Pattern PRODUCT_TOKEN = Pattern.compile("^([A-Za-z][\\w.+-]*)/([\\w.+~-]*\\d[\\w.+~-]*)");
    private static final Pattern SSH_SOFTWARE = Pattern.compile("^([A-Za-z][\\w.-]*?)[_-]v?(\\d[\\w.+~-]*)$");
    private static final java.util.Set<String> TRAILING_WORDS = java.util.Set.of(
            "version", "ver", "software", "firmware", "fw", "revision", "rev", "release", "build");

    /** The key that identifies "the same software" on one asset: a new version of it is a change. */
    String key() {
        return source + '\u0000' + product.toLowerCase(Locale.ROOT);
    }

    /**
     * Splits a free-text announcement. Returns null when nothing printable is left.
     *
     * @param source where it came from, e.g. {@code http.server}
     */
    public static Software parse(String text, String source) {
        String original = clean(text, MAX_ORIGINAL_CHARS);
        if (original == null) {
            return null;
        }
        String firstLine = original;
        Matcher token = PRODUCT_TOKEN.matcher(firstLine);
        if (token.find()) {
            return new Software(cut(token.group(1)), cut(token.group(2)), source, original);
        }
        Matcher m = VERSION.matcher(firstLine);
        if (m.find()) {
            String version = m.group(1);
            String before = firstLine.substring(0, m.start());
            int comma = before.indexOf(',');
            String product = comma >= 0 ? before.substring(0, comma) : before;
            product = trimTrailingWord(product);
            if (product.isEmpty()) {
                // "7.6.3.2 IP Station": the words after the version name the product
                String after = firstLine.substring(m.end()).trim();
                int c = after.indexOf(',');
                product = (c >= 0 ? after.substring(0, c) : after).trim();
            }
            if (product.isEmpty()) {
                product = version;
            }
            return new Software(cut(product), cut(version), source, original);
        }
        int comma = firstLine.indexOf(',');
        String product = (comma > 0 ? firstLine.substring(0, comma) : firstLine).trim();
        return new Software(cut(product), null, source, original);
    }

    /** The same with an already separated product and version (DIP {@code stu}, LLDP-MED revisions). */
    public static Software of(String product, String version, String source) {
        String p = clean(product, MAX_PART_CHARS);
        if (p == null) {
            return null;
        }
        String v = clean(version, MAX_PART_CHARS);
        String original = v == null ? p : p + " " + v;
        return new Software(p, v, source, original);
    }

    /** SSH {@code softwareversion}: {@code OpenSSH_9.6p1}, {@code dropbear_2022.83}, {@code Cisco-1.25}. */
    public static Software parseSsh(String softwareVersion, String source) {
        String s = clean(softwareVersion, MAX_ORIGINAL_CHARS);
        if (s == null) {
            return null;
        }
        Matcher m = SSH_SOFTWARE.matcher(s);
        if (m.matches()) {
            return new Software(cut(m.group(1)), cut(m.group(2)), source, s);
        }
        return parse(s, source);
    }

    /**
     * Printable text: control characters (line breaks included: only the first line is kept)
     * end the text, surrounding space is trimmed, the result is cut to {@code max} characters.
     * Null when nothing is left.
     */
    static String clean(String s, int max) {
        if (s == null) {
            return null;
        }
        int end = 0;
        int n = s.length();
        while (end < n && end < max * 4) {
            char c = s.charAt(end);
            if (c < 0x20 || c == 0x7F) {
                break;
            }
            end++;
        }
        String t = s.substring(0, end).strip();
        if (t.isEmpty()) {
            return null;
        }
        if (t.length() > max) {
            int cut = max;
            if (Character.isHighSurrogate(t.charAt(cut - 1))) {
                cut--;
            }
            t = t.substring(0, cut);
        }
        return t;
    }

    /** Drops trailing separators and one trailing "version"/"software"/... word ({@code "Summit300-48 - Version "}). */
    static String trimTrailingWord(String s) {
        String t = trimSeparators(s);
        int space = t.length() - 1;
        while (space >= 0 && !isSeparator(t.charAt(space))) {
            space--;
        }
        String last = t.substring(space + 1).toLowerCase(Locale.ROOT);
        if (TRAILING_WORDS.contains(last)) {
            t = trimSeparators(t.substring(0, space + 1));
        }
        return t;
    }

    private static String trimSeparators(String s) {
        int end = s.length();
        while (end > 0 && isSeparator(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end).strip();
    }

    private static boolean isSeparator(char c) {
        return Character.isWhitespace(c) || c == ',' || c == ';' || c == ':' || c == '(' || c == '/' || c == '-';
    }

    private static String cut(String s) {
        String t = s.strip();
        if (t.length() > MAX_PART_CHARS) {
            int cut = MAX_PART_CHARS;
            if (Character.isHighSurrogate(t.charAt(cut - 1))) {
                cut--;
            }
            t = t.substring(0, cut);
        }
        return t;
    }
}
