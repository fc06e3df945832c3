package dev.vigil.protocol.sip;

/**
 * Flyweight over a SIP/SIPS/tel URI (RFC 3261 §19.1, RFC 3966): scheme, user and host.
 * <pre>
 *  sip:user[:password]@host[:port][;uri-parameters][?headers]
 *  tel:+number[;parameters]
 * </pre>
 * The password part of userinfo is never exposed (it is deprecated, §19.1.1, and a secret).
 */
public final class SipUri {
    byte[] b;
    int s;
    int e;
    int userOff;
    int userLen;
    int hostOff;
    int hostLen;
    /** The ":password" of userinfo, [pwStart, pwEnd), never exposed. */
    int pwStart;
    int pwEnd;

    /** Wraps b[s, e); always succeeds (user and host may be absent). */
    public SipUri wrap(byte[] buf, int start, int end) {
        b = buf;
        s = start;
        e = end;
        userOff = userLen = hostOff = hostLen = pwStart = pwEnd = 0;
        int colon = -1;
        for (int i = s; i < e; i++) {
            if (b[i] == ':') {
                colon = i;
                break;
            }
            if (!SipParser.tokenChar(b[i])) {
                return this;
            }
        }
        if (colon < 0) {
            return this;
        }
        int p = colon + 1;
        boolean tel = colon - s == 3 && SipHeaders.equalsIgnoreCase(b, s, "tel");
        int stop = p;
        while (stop < e && b[stop] != ';' && b[stop] != '?' && b[stop] != '>') {
            stop++;
        }
        if (tel) {
            userOff = p;
            userLen = stop - p;
            return this;
        }
        // userinfo ends at the last '@': the user part may hold ';', '?', ',' (user-unreserved,
        // RFC 3261 §25.1; RFC 4475 §3.1.1.2, §3.1.1.9), parameters and headers hold no raw '@'
        int at = -1;
        for (int i = e - 1; i >= p; i--) {
            if (b[i] == '@') {
                at = i;
                break;
            }
        }
        int h = p;
        if (at >= 0) {
            int ue = p;
            while (ue < at && b[ue] != ':') {
                ue++; // the password after ':' is dropped
            }
            userOff = p;
            userLen = ue - p;
            pwStart = ue;
            pwEnd = at;
            h = at + 1;
        }
        int he = h;
        if (he < e && b[he] == '[') {
            while (he < e && b[he] != ']') {
                he++;
            }
            if (he < e) {
                he++;
            }
        } else {
            while (he < e && b[he] != ':' && b[he] != ';' && b[he] != '?' && b[he] != '>' && !SipParser.isLws(b[he])) {
                he++;
            }
        }
        hostOff = h;
        hostLen = he - h;
        return this;
    }

    public boolean hasUser() {
        return userLen > 0;
    }

    public boolean hasHost() {
        return hostLen > 0;
    }

    public String user() {
        return userLen > 0 ? SipMessageView.ascii(b, userOff, userOff + userLen) : null;
    }

    public String host() {
        return hostLen > 0 ? SipMessageView.ascii(b, hostOff, hostOff + hostLen) : null;
    }

    /** The URI as written, except a password in userinfo (§19.1.1: deprecated, a secret), which is left out. */
    public String original() {
        if (pwEnd > pwStart) {
            return SipMessageView.text(b, s, pwStart) + SipMessageView.text(b, pwEnd, e);
        }
        return SipMessageView.text(b, s, e);
    }
}
