package dev.vigil.protocol.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The Authorization request header (RFC 9110 §11.6.2: {@code credentials = auth-scheme [ 1*SP
 * ( token68 / #auth-param ) ]}). Only the scheme and, for Basic (RFC 7617), the user-id are
 * extracted: the password is decoded no further than the colon that ends the user-id, the
 * scratch bytes are cleared, and nothing else of the credentials is ever turned into a String.
 */
public final class HttpAuthorization {
    /** Longest scheme name kept. */
    public static final int MAX_SCHEME = 32;

    /**
     * Factory credentials of the intercom vendor's web interfaces, as {@code user-id:password}
     * ({@code zenitel-facts.md}: IP stations {@code admin}/{@code alphaadmin}, older INCA stations
     * {@code ADMIN}/{@code alphacom}). Seeing one in clear means the guide's first CIS Control 4 task,
     * "Change default passwords on end devices", was not done.
     */
    public static final List<String> VENDOR_DEFAULTS = List.of("admin:alphaadmin", "ADMIN:alphacom");
    private static final byte[][] DEFAULT_BYTES = VENDOR_DEFAULTS.stream()
            .map(d -> d.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    private static final int LONGEST_DEFAULT = VENDOR_DEFAULTS.stream().mapToInt(String::length).max().orElse(0);

    private HttpAuthorization() {
    }

    /** The auth-scheme (the token before the first space), or null when empty or not a token. */
    public static String scheme(byte[] buf, int off, int len) {
        int e = off;
        int end = off + len;
        while (e < end && buf[e] != ' ' && buf[e] != '\t') {
            if (!HttpParser.tchar(buf[e])) {
                return null;
            }
            e++;
        }
        if (e == off || e - off > MAX_SCHEME) {
            return null;
        }
        return new String(buf, off, e - off, StandardCharsets.US_ASCII);
    }

    /**
     * The user-id of Basic credentials (RFC 7617 §2: base64 of {@code user-id ":" password}; the
     * user-id cannot contain a colon, so it ends at the first one), at most {@code max} bytes,
     * decoded as UTF-8. Null when the value is not Basic, the base64 is malformed, or there is
     * no colon (then the whole token may be a secret and nothing is returned).
     */
    public static String basicUser(byte[] buf, int off, int len, int max) {
        int end = off + len;
        int p = off;
        if (len < 6 || !((buf[p] | 0x20) == 'b' && (buf[p + 1] | 0x20) == 'a' && (buf[p + 2] | 0x20) == 's'
            && (buf[p + 3] | 0x20) == 'i' && (buf[p + 4] | 0x20) == 'c') || (buf[p + 5] != ' ' && buf[p + 5] != '\t')) {
            return null;
        }
        p += 6;
        while (p < end && (buf[p] == ' ' || buf[p] == '\t')) {
            p++; // some clients send more than one space (tshark shows "Basic  dGVz...")
        }
        byte[] out = new byte[Math.min(max, (end - p) * 3 / 4 + 3)];
        int n = 0;
        int acc = 0;
        int bits = 0;
        try {
            for (; p < end; p++) {
                int c = buf[p];
                if (c == '=') {
                    break;
                }
                int v = b64(c);
                if (v < 0) {
                    return null;
                }
                acc = (acc << 6) | v;
                bits += 6;
                if (bits >= 8) {
                    bits -= 8;
                    byte b = (byte) (acc >> bits);
                    acc &= (1 << bits) - 1;
                    if (b == ':') {
                        return new String(out, 0, n, StandardCharsets.UTF_8);
                    }
                    if (n < out.length) {
                        out[n++] = b; // past the cap the user-id is cut, but the colon is still required
                    }
                }
            }
            return null; // no colon: not user-id:password
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }

    /**
     * Whether Basic credentials are exactly one of {@link #VENDOR_DEFAULTS}. The credentials are
     * decoded into a scratch array no longer than the longest default (anything longer cannot match
     * and is not decoded further), compared, and the scratch is cleared: the password never becomes a
     * String and never leaves this method.
     */
    public static boolean basicIsVendorDefault(byte[] buf, int off, int len) {
        int end = off + len;
        int p = off;
        if (len < 6 || !((buf[p] | 0x20) == 'b' && (buf[p + 1] | 0x20) == 'a' && (buf[p + 2] | 0x20) == 's'
            && (buf[p + 3] | 0x20) == 'i' && (buf[p + 4] | 0x20) == 'c') || (buf[p + 5] != ' ' && buf[p + 5] != '\t')) {
            return false;
        }
        p += 6;
        while (p < end && (buf[p] == ' ' || buf[p] == '\t')) {
            p++;
        }
        while (end > p && (buf[end - 1] == ' ' || buf[end - 1] == '\t')) {
            end--;
        }
        byte[] out = new byte[LONGEST_DEFAULT];
        int n = 0;
        int acc = 0;
        int bits = 0;
        try {
            for (; p < end; p++) {
                int c = buf[p];
                if (c == '=') {
                    while (p < end && buf[p] == '=') {
                        p++;
                    }
                    if (p < end) {
                        return false; // only padding may follow padding
                    }
                    break;
                }
                int v = b64(c);
                if (v < 0) {
                    return false;
                }
                acc = (acc << 6) | v;
                bits += 6;
                if (bits >= 8) {
                    bits -= 8;
                    if (n == out.length) {
                        return false; // longer than every default
                    }
                    out[n++] = (byte) (acc >> bits);
                    acc &= (1 << bits) - 1;
                }
            }
            for (byte[] d : DEFAULT_BYTES) {
                if (d.length == n && Arrays.equals(d, 0, n, out, 0, n)) {
                    return true;
                }
            }
            return false;
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }

    private static int b64(int c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+') {
            return 62;
        }
        if (c == '/') {
            return 63;
        }
        return -1;
    }
}
