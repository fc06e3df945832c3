package dev.vigil.protocol.sip;

/**
 * Flyweight over an Authorization / Proxy-Authorization value (RFC 3261 §20.7, §22.4; RFC 2617
 * §3.2.2) or a WWW-/Proxy-Authenticate challenge (§20.44): the scheme, the realm and (credentials
 * only) the username. The response, nonce, cnonce and any other parameter are never exposed: a
 * Digest response is an offline-crackable function of the password.
 */
public final class SipAuthorization {
    byte[] b;
    int schemeOff;
    int schemeLen;
    int realmOff;
    int realmLen;
    int userOff;
    int userLen;

    public boolean wrap(byte[] buf, int s, int e) {
        b = buf;
        schemeOff = schemeLen = realmOff = realmLen = userOff = userLen = 0;
        int i = s;
        while (i < e && SipParser.tokenChar(b[i])) {
            i++;
        }
        if (i == s) {
            return false;
        }
        schemeOff = s;
        schemeLen = i - s;
        while (i < e) {
            while (i < e && (SipParser.isLws(b[i]) || b[i] == ',')) {
                i++;
            }
            int ns = i;
            while (i < e && SipParser.tokenChar(b[i])) {
                i++;
            }
            int ne = i;
            while (i < e && SipParser.isLws(b[i])) {
                i++;
            }
            if (i >= e || b[i] != '=') {
                // not a parameter: skip to the next comma
                while (i < e && b[i] != ',') {
                    i++;
                }
                continue;
            }
            i++;
            while (i < e && SipParser.isLws(b[i])) {
                i++;
            }
            int vs;
            int ve;
            if (i < e && b[i] == '"') {
                int q = SipValues.quotedEnd(b, i, e);
                vs = i + 1;
                ve = Math.max(vs, q - 1);
                i = q;
            } else {
                vs = i;
                while (i < e && b[i] != ',' && !SipParser.isLws(b[i])) {
                    i++;
                }
                ve = i;
            }
            int nl = ne - ns;
            if (nl == 5 && SipHeaders.equalsIgnoreCase(b, ns, "realm")) {
                realmOff = vs;
                realmLen = ve - vs;
            } else if (nl == 8 && SipHeaders.equalsIgnoreCase(b, ns, "username")) {
                userOff = vs;
                userLen = ve - vs;
            }
        }
        return true;
    }

    public String scheme() {
        return schemeLen > 0 ? SipMessageView.ascii(b, schemeOff, schemeOff + schemeLen) : null;
    }

    public String realm() {
        return realmLen > 0 ? SipMessageView.ascii(b, realmOff, realmOff + realmLen) : null;
    }

    public String username() {
        return userLen > 0 ? SipMessageView.ascii(b, userOff, userOff + userLen) : null;
    }
}
