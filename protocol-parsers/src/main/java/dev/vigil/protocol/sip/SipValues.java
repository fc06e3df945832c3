package dev.vigil.protocol.sip;

import java.nio.charset.StandardCharsets;

/** Helpers over header values: list elements (§7.3.1), quoted strings (§25.1). */
public final class SipValues {
    private SipValues() {
    }

    /** The offset after the quoted-string starting at b[s] == '"' (backslash escapes honoured), at most e. */
    static int quotedEnd(byte[] b, int s, int e) {
        int i = s + 1;
        while (i < e) {
            if (b[i] == '\\') {
                i += 2;
                continue;
            }
            if (b[i] == '"') {
                return i + 1;
            }
            i++;
        }
        return e;
    }

    /**
     * The end of the list element starting at {@code s}: the next comma outside quoted strings and
     * angle brackets (a comma inside a URI in brackets does not separate values), or {@code e}.
     */
    public static int elementEnd(byte[] b, int s, int e) {
        int i = s;
        boolean angle = false;
        while (i < e) {
            byte c = b[i];
            if (c == '"') {
                i = quotedEnd(b, i, e);
                continue;
            }
            if (c == '<') {
                angle = true;
            } else if (c == '>') {
                angle = false;
            } else if (c == ',' && !angle) {
                return i;
            }
            i++;
        }
        return e;
    }

    /**
     * b[s, e) with every "%" HEX HEX replaced by the octet it encodes (RFC 3261 §19.1.2, §25.1
     * "escaped"; never recursive, RFC 4475 §3.1.1.3), as UTF-8 text cut at
     * {@link SipMessageView#MAX_STRING} bytes; a '%' not followed by two hex digits stays as it is.
     * For the user part of a SIP URI, where escapes are equivalent to the characters they encode.
     */
    public static String unescaped(byte[] b, int s, int e) {
        boolean escaped = false;
        for (int i = s; i < e; i++) {
            if (b[i] == '%') {
                escaped = true;
                break;
            }
        }
        if (!escaped) {
            return SipMessageView.ascii(b, s, e);
        }
        byte[] out = new byte[Math.min(e - s, SipMessageView.MAX_STRING)];
        int n = 0;
        for (int i = s; i < e && n < out.length; i++) {
            int h1;
            int h2;
            if (b[i] == '%' && i + 2 < e && (h1 = hexValue(b[i + 1])) >= 0
                && (h2 = hexValue(b[i + 2])) >= 0) {
                out[n++] = (byte) (h1 << 4 | h2);
                i += 2;
            } else {
                out[n++] = b[i];
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
