package dev.vigil.protocol.sip;

/**
 * Flyweight over one via-parm (RFC 3261 §20.42, §25.1):
 * <pre>
 *  via-parm = sent-protocol LWS sent-by *( SEMI via-params )
 *  sent-protocol = "SIP" SLASH "2.0" SLASH transport
 * </pre>
 */
public final class SipVia {
    byte[] b;
    int transportOff;
    int transportLen;
    int sentByOff;
    int sentByLen;
    int branchOff;
    int branchLen;

    /** Wraps b[s, e); false when there is no sent-protocol with a transport. */
    public boolean wrap(byte[] buf, int s, int e) {
        b = buf;
        transportOff = transportLen = sentByOff = sentByLen = branchOff = branchLen = 0;
        int slashes = 0;
        int i = s;
        while (i < e && slashes < 2) {
            if (b[i] == '/') {
                slashes++;
            } else if (b[i] == ';' || b[i] == ',') {
                return false;
            }
            i++;
        }
        if (slashes < 2) {
            return false;
        }
        while (i < e && SipParser.isLws(b[i])) {
            i++;
        }
        int ts = i;
        while (i < e && SipParser.tokenChar(b[i])) {
            i++;
        }
        transportOff = ts;
        transportLen = i - ts;
        while (i < e && SipParser.isLws(b[i])) {
            i++;
        }
        int ss = i;
        while (i < e && b[i] != ';' && !SipParser.isLws(b[i])) {
            i++;
        }
        sentByOff = ss;
        sentByLen = i - ss;
        while (i < e) {
            if (b[i] == ';') {
                int ns = i + 1;
                while (ns < e && SipParser.isLws(b[ns])) {
                    ns++;
                }
                int q = ns + 6;
                while (q < e && SipParser.isLws(b[q])) {
                    q++;
                }
                if (q < e && SipHeaders.equalsIgnoreCase(b, ns, "branch") && b[q] == '=') {
                    int k = q + 1;
                    while (k < e && SipParser.isLws(b[k])) {
                        k++;
                    }
                    int ve = k;
                    while (ve < e && b[ve] != ';' && !SipParser.isLws(b[ve])) {
                        ve++;
                    }
                    branchOff = k;
                    branchLen = ve - k;
                    break;
                }
            }
            i++;
        }
        return transportLen > 0;
    }

    public String transport() {
        return transportLen > 0 ? SipMessageView.ascii(b, transportOff, transportOff + transportLen) : null;
    }

    public String sentBy() {
        return sentByLen > 0 ? SipMessageView.ascii(b, sentByOff, sentByOff + sentByLen) : null;
    }

    public String branch() {
        return branchLen > 0 ? SipMessageView.ascii(b, branchOff, branchOff + branchLen) : null;
    }
}
