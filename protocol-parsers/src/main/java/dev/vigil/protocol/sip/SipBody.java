package dev.vigil.protocol.sip;

/**
 * Finds the SDP session description in a SIP message body (RFC 3261 §7.4, RFC 3264): the whole
 * body when its Content-Type is {@code application/sdp} (or absent and the body starts with
 * {@code v=0}), or the first {@code application/sdp} part of a {@code multipart/*} body (RFC 2046
 * §5.1, RFC 5621: SIP-I/SIP-T and some intercom servers send SDP next to ISUP or XML). Nested
 * multiparts are not searched. Allocation free; the work is one pass over the (capped) body.
 */
public final class SipBody {
    /** Longest multipart boundary (RFC 2046 §5.1.1: 1 to 70 characters). */
    static final int MAX_BOUNDARY = 70;

    private int off;
    private int len;

    /** Offset of the SDP found by the last {@link #findSdp}. */
    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }

    /** True when the message carries an inspected SDP body; then {@link #offset()}/{@link #length()} frame it. */
    public boolean findSdp(SipMessageView m) {
        off = 0;
        len = 0;
        if (m.bodyLen <= 0 || m.bodyTooLarge) {
            return false;
        }
        byte[] b = m.buf;
        int h = m.header(SipHeaders.CONTENT_TYPE);
        if (h < 0) {
            if (m.bodyLen >= 3 && b[m.bodyOff] == 'v' && b[m.bodyOff + 1] == '=' && b[m.bodyOff + 2] == '0') {
                off = m.bodyOff;
                len = m.bodyLen;
                return true;
            }
            return false;
        }
        int s = m.valueOff[h];
        int e = s + m.valueLen[h];
        if (mediaType(b, s, e, "application/sdp")) {
            off = m.bodyOff;
            len = m.bodyLen;
            return true;
        }
        if (!prefix(b, s, e, "multipart/")) {
            return false;
        }
        return multipart(b, s, e, m.bodyOff, m.bodyOff + m.bodyLen);
    }

    /** Searches the parts delimited by "--boundary" lines (the boundary parameter of b[s, e)). */
    private boolean multipart(byte[] b, int s, int e, int bs, int be) {
        int ks = boundary(b, s, e);
        if (ks < 0) {
            return false;
        }
        int kl = boundaryLen;
        // the first delimiter may be at the very start of the body (no preceding CRLF)
        int p = delimiter(b, bs, be, ks, kl, true);
        while (p >= 0) {
            int partStart = lineAfter(b, p, be);
            if (partStart < 0) {
                return false;
            }
            int next = delimiter(b, partStart, be, ks, kl, false);
            int partEnd = next < 0 ? be : next;
            // the CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1)
            int pe = partEnd;
            if (next >= 0) {
                if (pe > partStart && b[pe - 1] == '\n') {
                    pe--;
                }
                if (pe > partStart && b[pe - 1] == '\r') {
                    pe--;
                }
            }
            if (sdpPart(b, partStart, pe)) {
                return true;
            }
            if (next < 0 || closing(b, next, be, kl)) {
                return false;
            }
            p = next;
        }
        return false;
    }

    /** The part in b[s, e): headers, an empty line, the body; true (and framed) when it is SDP. */
    private boolean sdpPart(byte[] b, int s, int e) {
        int i = s;
        boolean sdp = false;
        while (i < e) {
            int le = i;
            while (le < e && b[le] != '\n') {
                le++;
            }
            int te = le > i && b[le - 1] == '\r' ? le - 1 : le;
            int next = le < e ? le + 1 : e;
            if (te == i) {
                if (sdp) {
                    off = next;
                    len = e - next;
                    return len > 0;
                }
                return false;
            }
            if (te - i > 13 && SipHeaders.equalsIgnoreCase(b, i, "content-type:")) {
                int vs = i + 13;
                while (vs < te && SipParser.isLws(b[vs])) {
                    vs++;
                }
                sdp = mediaType(b, vs, te, "application/sdp");
            }
            i = next;
        }
        return false;
    }

    private int boundaryLen;

    /** Offset of the boundary parameter's value in a Content-Type value (quotes removed), or -1. */
    private int boundary(byte[] b, int s, int e) {
        for (int i = s; i + 9 <= e; i++) {
            if (b[i] != ';') {
                continue;
            }
            int n = i + 1;
            while (n < e && SipParser.isLws(b[n])) {
                n++;
            }
            if (n + 8 > e || !SipHeaders.equalsIgnoreCase(b, n, "boundary")) {
                continue;
            }
            int k = n + 8;
            while (k < e && SipParser.isLws(b[k])) {
                k++;
            }
            if (k >= e || b[k] != '=') {
                continue;
            }
            k++;
            while (k < e && SipParser.isLws(b[k])) {
                k++;
            }
            int vs;
            int ve;
            if (k < e && b[k] == '"') {
                vs = k + 1;
                ve = vs;
                while (ve < e && b[ve] != '"') {
                    ve++;
                }
            } else {
                vs = k;
                ve = k;
                while (ve < e && b[ve] != ';' && !SipParser.isLws(b[ve])) {
                    ve++;
                }
            }
            if (ve == vs || ve - vs > MAX_BOUNDARY) {
                return -1;
            }
            boundaryLen = ve - vs;
            return vs;
        }
        return -1;
    }

    /**
     * The offset of the next line "--boundary" at or after {@code from} (at a line start, or at
     * {@code from} itself when {@code atStart}), or -1. The boundary bytes are at b[ks, ks+kl).
     */
    private static int delimiter(byte[] b, int from, int e, int ks, int kl, boolean atStart) {
        for (int i = from; i + 2 + kl <= e; i++) {
            boolean lineStart = (atStart && i == from) || (i > from && b[i - 1] == '\n');
            if (!lineStart || b[i] != '-' || b[i + 1] != '-') {
                continue;
            }
            boolean same = true;
            for (int k = 0; k < kl && same; k++) {
                same = b[i + 2 + k] == b[ks + k];
            }
            if (same) {
                return i;
            }
        }
        return -1;
    }

    /** The delimiter at d is the close delimiter "--boundary--". */
    private static boolean closing(byte[] b, int d, int e, int kl) {
        int t = d + 2 + kl;
        return t + 2 <= e && b[t] == '-' && b[t + 1] == '-';
    }

    /** The offset after the line containing p, or -1 when it is the last line. */
    private static int lineAfter(byte[] b, int p, int e) {
        for (int i = p; i < e; i++) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    /** b[s, e) is the media type t (lower case) followed by the end, parameters or white space. */
    static boolean mediaType(byte[] b, int s, int e, String t) {
        if (!prefix(b, s, e, t)) {
            return false;
        }
        int k = s + t.length();
        return k == e || b[k] == ';' || SipParser.isLws(b[k]);
    }

    private static boolean prefix(byte[] b, int s, int e, String t) {
        return e - s >= t.length() && SipHeaders.equalsIgnoreCase(b, s, t);
    }
}
