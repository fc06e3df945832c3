package dev.vigil.protocol.sip;

/**
 * Flyweight over one From / To / Contact value (RFC 3261 §20.10, §20.20, §20.39, §25.1):
 * <pre>
 *  ( name-addr / addr-spec ) *( SEMI param )
 *  name-addr = [ display-name ] LAQUOT addr-spec RAQUOT
 *  display-name = *(token LWS) / quoted-string
 * </pre>
 * Without angle brackets the parameters after the URI belong to the header (§20.10), e.g. the tag.
 */
public final class SipNameAddr {
    private final SipUri uri = new SipUri();
    byte[] b;
    int displayOff;
    int displayLen;
    int uriOff;
    int uriLen;
    int tagOff;
    int tagLen;
    boolean star;

    /** Wraps b[s, e) (one element of the list); false when no URI was found. */
    public boolean wrap(byte[] buf, int s, int e) {
        b = buf;
        displayOff = displayLen = uriOff = uriLen = tagOff = tagLen = 0;
        star = false;
        while (s < e && SipParser.isLws(b[s])) {
            s++;
        }
        while (e > s && SipParser.isLws(b[e - 1])) {
            e--;
        }
        if (e - s == 1 && b[s] == '*') {
            star = true; // Contact: * (§20.10, REGISTER removing all bindings)
            return false;
        }
        int i = s;
        int params;
        if (i < e && b[i] == '"') {
            int q = SipValues.quotedEnd(b, i, e);
            displayOff = i + 1;
            displayLen = Math.max(0, q - 1 - displayOff);
            i = q;
        }
        int lt = -1;
        for (int k = i; k < e; k++) {
            if (b[k] == '<') {
                lt = k;
                break;
            }
        }
        if (lt >= 0) {
            if (displayLen == 0 && b[s] != '"') {
                int de = lt;
                while (de > s && SipParser.isLws(b[de - 1])) {
                    de--;
                }
                displayOff = s;
                displayLen = de - s;
            }
            int gt = lt + 1;
            while (gt < e && b[gt] != '>') {
                gt++;
            }
            uriOff = lt + 1;
            uriLen = gt - uriOff;
            params = Math.min(gt + 1, e);
        } else {
            while (i < e && SipParser.isLws(b[i])) {
                i++;
            }
            int ue = i;
            while (ue < e && b[ue] != ';' && !SipParser.isLws(b[ue])) {
                ue++;
            }
            uriOff = i;
            uriLen = ue - i;
            params = ue;
        }
        tag(params, e);
        uri.wrap(b, uriOff, uriOff + uriLen);
        return uriLen > 0;
    }

    private void tag(int s, int e) {
        int i = s;
        while (i < e) {
            if (b[i] == ';') {
                int ns = i + 1;
                while (ns < e && SipParser.isLws(b[ns])) {
                    ns++;
                }
                if (ns + 3 < e && SipHeaders.equalsIgnoreCase(b, ns, "tag")) {
                    int k = ns + 3;
                    while (k < e && SipParser.isLws(b[k])) {
                        k++;
                    }
                    if (k < e && b[k] == '=') {
                        k++;
                        while (k < e && SipParser.isLws(b[k])) {
                            k++;
                        }
                        int ve = k;
                        while (ve < e && b[ve] != ';' && !SipParser.isLws(b[ve])) {
                            ve++;
                        }
                        tagOff = k;
                        tagLen = ve - k;
                        return;
                    }
                }
            }
            i++;
        }
    }

    /** Contact "*". */
    public boolean star() {
        return star;
    }

    public String displayName() {
        if (displayLen <= 0) {
            return null;
        }
        return SipMessageView.text(b, displayOff, displayOff + displayLen);
    }

    public SipUri uri() {
        return uri;
    }

    /** The URI as written, without a password in userinfo ({@link SipUri#original()}). */
    public String uriString() {
        return uriLen > 0 ? uri.original() : null;
    }

    public String tag() {
        return tagLen > 0 ? SipMessageView.ascii(b, tagOff, tagOff + tagLen) : null;
    }
}
