package dev.vigil.protocol.sip;

import dev.vigil.protocol.DecodeEventType;
import java.nio.charset.StandardCharsets;

/**
 * One SIP message as parsed by {@link SipParser}: offsets into the caller's byte array, valid
 * until the bytes are overwritten or the view is reused. Strings are built only by the accessors
 * that return them (for fields that leave the process), each cut at {@link #MAX_STRING} bytes.
 */
public final class SipMessageView {
    /** Longest string an accessor returns (bytes); longer values are cut. */
    public static final int MAX_STRING = 1024;
    static final int MAX_EVENTS = 8;

    byte[] buf;
    int base;
    boolean valid;
    boolean request;
    int methodOff;
    int methodLen;
    int uriOff;
    int uriLen;
    int status;
    int reasonOff;
    int reasonLen;
    final int[] headerId;
    final int[] nameOff;
    final int[] nameLen;
    final int[] valueOff;
    final int[] valueLen;
    int headerCount;
    boolean tooManyReported;
    /** A field was not kept (cap on fields or on a field's length): absent is not certain. */
    boolean fieldsDropped;
    long contentLength;
    boolean contentLengthBad;
    long cseq;
    int cseqMethodOff;
    int cseqMethodLen;
    int bodyOff;
    int bodyLen;
    int messageLength;
    boolean truncated;
    boolean bodyTooLarge;
    final DecodeEventType[] events = new DecodeEventType[MAX_EVENTS];
    int eventCount;

    SipMessageView(int maxHeaders) {
        headerId = new int[maxHeaders];
        nameOff = new int[maxHeaders];
        nameLen = new int[maxHeaders];
        valueOff = new int[maxHeaders];
        valueLen = new int[maxHeaders];
    }

    void clear(byte[] b, int off) {
        buf = b;
        base = off;
        valid = false;
        request = false;
        methodOff = methodLen = uriOff = uriLen = reasonOff = reasonLen = 0;
        status = -1;
        headerCount = 0;
        tooManyReported = false;
        fieldsDropped = false;
        contentLength = -1;
        contentLengthBad = false;
        cseq = -1;
        cseqMethodOff = cseqMethodLen = 0;
        bodyOff = bodyLen = messageLength = 0;
        truncated = false;
        bodyTooLarge = false;
        eventCount = 0;
    }

    void addEvent(DecodeEventType t) {
        for (int i = 0; i < eventCount; i++) {
            if (events[i] == t) {
                return;
            }
        }
        if (eventCount < MAX_EVENTS) {
            events[eventCount++] = t;
        }
    }

    /** Decode events of the last parse (each key at most once). */
    public int eventCount() {
        return eventCount;
    }

    public DecodeEventType event(int i) {
        return events[i];
    }

    /** True when the start line was parsed: a request or a response. */
    public boolean valid() {
        return valid;
    }

    public boolean isRequest() {
        return valid && request;
    }

    public boolean isResponse() {
        return valid && !request;
    }

    /** The datagram ended before the head or the announced body did. */
    public boolean truncated() {
        return truncated;
    }

    /** Content-Length above the body cap: the body was not inspected. */
    public boolean bodyTooLarge() {
        return bodyTooLarge;
    }

    /** Status code, -1 for a request. */
    public int status() {
        return status;
    }

    /** Content-Length when present and valid, else -1. */
    public long contentLength() {
        return contentLengthBad ? -1 : contentLength;
    }

    public boolean contentLengthInvalid() {
        return contentLengthBad;
    }

    /** CSeq number, -1 when absent or invalid. */
    public long cseq() {
        return cseq;
    }

    /** Datagram: head plus body octets used; the stream caller frames it itself. */
    public int messageLength() {
        return messageLength;
    }

    public int bodyOffset() {
        return bodyOff;
    }

    /** Body octets available in the buffer (datagram) — at most Content-Length. */
    public int bodyLength() {
        return bodyLen;
    }

    public byte[] buffer() {
        return buf;
    }

    public int headerCount() {
        return headerCount;
    }

    public int headerId(int h) {
        return headerId[h];
    }

    public int valueOffset(int h) {
        return valueOff[h];
    }

    public int valueLength(int h) {
        return valueLen[h];
    }

    /** Index of the first header with this {@link SipHeaders} id, or -1. */
    public int header(int id) {
        return nextHeader(id, 0);
    }

    /** Index of the next header with this id at or after {@code from}, or -1. */
    public int nextHeader(int id, int from) {
        for (int i = from; i < headerCount; i++) {
            if (headerId[i] == id) {
                return i;
            }
        }
        return -1;
    }

    public String method() {
        return isRequest() ? ascii(buf, methodOff, methodOff + methodLen) : null;
    }

    /** True when the method is {@code m} (upper case, exact: methods are case sensitive, §7.1). */
    public boolean methodIs(String m) {
        if (!isRequest() || m.length() != methodLen) {
            return false;
        }
        for (int i = 0; i < methodLen; i++) {
            if (buf[methodOff + i] != m.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public int uriOffset() {
        return uriOff;
    }

    public int uriLength() {
        return uriLen;
    }

    public String uri() {
        return isRequest() ? ascii(buf, uriOff, uriOff + uriLen) : null;
    }

    public String reason() {
        return isResponse() ? text(buf, reasonOff, reasonOff + reasonLen) : null;
    }

    /** True when the CSeq method is {@code m} (upper case, exact, like {@link #methodIs}). */
    public boolean cseqMethodIs(String m) {
        if (cseq < 0 || m.length() != cseqMethodLen) {
            return false;
        }
        for (int i = 0; i < cseqMethodLen; i++) {
            if (buf[cseqMethodOff + i] != m.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public String cseqMethod() {
        return cseq >= 0 ? ascii(buf, cseqMethodOff, cseqMethodOff + cseqMethodLen) : null;
    }

    /** The value of the first header with this id, folding collapsed to single spaces; null when absent. */
    public String value(int id) {
        int h = header(id);
        return h < 0 ? null : text(buf, valueOff[h], valueOff[h] + valueLen[h]);
    }

    /** The start of the body, when present and inspected: starts with "v=0" and the type is SDP or absent. */
    public boolean sdpBody() {
        if (bodyLen < 3 || bodyTooLarge) {
            return false;
        }
        int h = header(SipHeaders.CONTENT_TYPE);
        if (h >= 0) {
            int s = valueOff[h];
            int n = valueLen[h];
            return SipBody.mediaType(buf, s, s + n, "application/sdp");
        }
        return buf[bodyOff] == 'v' && buf[bodyOff + 1] == '=' && buf[bodyOff + 2] == '0';
    }

    // ---------------------------------------------------------------- strings

    /** Bytes [s, e) as ISO-8859-1 text, cut at {@link #MAX_STRING}. */
    static String ascii(byte[] b, int s, int e) {
        int n = Math.min(e - s, MAX_STRING);
        return n <= 0 ? "" : new String(b, s, n, StandardCharsets.UTF_8);
    }

    /** Like {@link #ascii} with every run of CR, LF, SP, HT (folding, §7.3.1) collapsed to one space. */
    static String text(byte[] b, int s, int e) {
        boolean folded = false;
        for (int i = s; i < e; i++) {
            if (b[i] == '\r' || b[i] == '\n') {
                folded = true;
                break;
            }
        }
        if (!folded) {
            return ascii(b, s, e);
        }
        byte[] out = new byte[Math.min(e - s, MAX_STRING)];
        int n = 0;
        boolean ws = false;
        for (int i = s; i < e && n < out.length; i++) {
            byte c = b[i];
            if (SipParser.isLws(c)) {
                ws = true;
                continue;
            }
            if (ws && n > 0 && n < out.length) {
                out[n++] = ' ';
            }
            ws = false;
            if (n < out.length) {
                out[n++] = c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
