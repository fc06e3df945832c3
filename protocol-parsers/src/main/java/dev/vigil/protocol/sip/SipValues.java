package dev.vigil.protocol.sip;

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
}
