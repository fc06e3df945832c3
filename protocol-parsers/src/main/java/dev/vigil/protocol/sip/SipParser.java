package dev.vigil.protocol.sip;

import dev.vigil.protocol.DecodeEventType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * SIP message parser (RFC 3261 §7, grammar in §25): start line, header fields (names case
 * insensitive, compact forms §7.3.3, folding §7.3.1, several values per field), Content-Length
 * framing (§18.3, §20.14). Pure and allocation free: it fills a caller-owned
 * {@link SipMessageView} with offsets into the caller's byte array.
 *
 * <pre>
 *  Request-Line = Method SP Request-URI SP SIP-Version CRLF          (§25.1)
 *  Status-Line  = SIP-Version SP Status-Code SP Reason-Phrase CRLF   (§25.1)
 *  *( header-name HCOLON header-value *(LWS continuation) CRLF )
 *  CRLF
 *  [ message-body ]   (Content-Length octets; on UDP the rest of the datagram when absent)
 * </pre>
 *
 * Two entry points: {@link #parseDatagram} (UDP: one message per datagram, §18.3) and
 * {@link #parseHead} (a stream: the caller frames the body by {@link SipMessageView#contentLength()}).
 * Invalid input never throws: it sets {@link SipMessageView#valid()} false and records decode
 * events in the view.
 */
public final class SipParser {
    public static final DecodeEventType INVALID_START_LINE = DecodeEventType.register("sip.invalid_start_line",
        "SIP start line is neither 'Method SP Request-URI SP SIP/2.0' nor 'SIP/2.0 SP 3DIGIT SP Reason' "
            + "(RFC 3261 §7.1, §7.2); not logged as a message", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_HEADER = DecodeEventType.register("sip.invalid_header",
        "SIP header line without a valid 'token HCOLON' (RFC 3261 §7.3); line skipped",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_CONTENT_LENGTH = DecodeEventType.register(
        "sip.invalid_content_length",
        "SIP Content-Length not a decimal number or several different values (RFC 3261 §20.14); "
            + "UDP: body is the rest of the datagram, TCP: framing lost", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_CSEQ = DecodeEventType.register("sip.invalid_cseq",
        "SIP CSeq not '1*DIGIT LWS Method' (RFC 3261 §20.16)", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType TRUNCATED_MESSAGE = DecodeEventType.register("sip.truncated_message",
        "SIP datagram ends before the empty line or before Content-Length body octets (RFC 3261 §18.3); "
            + "logged as partial", DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType TOO_MANY_HEADERS = DecodeEventType.register("sip.too_many_headers",
        "More SIP header fields than the configured cap; the extra fields are not kept (Content-Length still framed)",
        DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType HEADER_TOO_LONG = DecodeEventType.register("sip.header_too_long",
        "A SIP header field (folded lines included) longer than the configured cap, or a stream message head "
            + "without an empty line within the head cap; field not kept", DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType BODY_TOO_LARGE = DecodeEventType.register("sip.body_too_large",
        "SIP body (Content-Length) larger than the configured cap; the body is skipped, not inspected",
        DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType INVALID_VERSION = DecodeEventType.register("sip.invalid_version",
        "SIP-Version of the start line is not SIP/2.0 (RFC 3261 §7.1; a 505 case, RFC 4475 §3.1.2.16); "
            + "the message is still parsed", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_STATUS_CODE = DecodeEventType.register("sip.invalid_status_code",
        "SIP status code not three digits in 100-699 (RFC 3261 §7.2, §21; RFC 4475 §3.1.2.19); not logged as a message",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_WHITESPACE = DecodeEventType.register("sip.invalid_whitespace",
        "Start line with more than one SP between its elements or SP/HT before its end (RFC 3261 §25.1; "
            + "RFC 4475 §3.1.2.9, §3.1.2.10); parsed liberally", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_REQUEST_URI = DecodeEventType.register("sip.invalid_request_uri",
        "Request-URI with LWS inside, without a scheme (e.g. enclosed in <>), or a SIP/SIPS URI with headers "
            + "(RFC 3261 §19.1.1, §25.1; RFC 4475 §3.1.2.7, §3.1.2.8, §3.1.2.11); the message is still parsed",
        DecodeEventType.KIND_MALFORMED);

    public static final int DEFAULT_MAX_HEADERS = 64;
    public static final int DEFAULT_MAX_HEADER_LENGTH = 4096;
    public static final int DEFAULT_MAX_HEAD_BYTES = 32 * 1024;
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    /** {@link #parseHead}: no empty line yet, more stream bytes needed. */
    public static final int NEED_MORE = -1;
    /** {@link #parseHead}: no empty line within the head cap ({@link #HEADER_TOO_LONG} recorded). */
    public static final int HEAD_TOO_LONG = -2;

    private final int maxHeaders;
    private final int maxHeaderLength;
    private final int maxHeadBytes;
    private final int maxBodyBytes;

    public SipParser() {
        this(DEFAULT_MAX_HEADERS, DEFAULT_MAX_HEADER_LENGTH, DEFAULT_MAX_HEAD_BYTES, DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * @param maxHeaders      header fields kept per message
     * @param maxHeaderLength longest header field kept (name, value and folding)
     * @param maxHeadBytes    longest message head on a stream (start line to empty line)
     * @param maxBodyBytes    largest body inspected (larger ones are framed and skipped)
     */
    public SipParser(int maxHeaders, int maxHeaderLength, int maxHeadBytes, int maxBodyBytes) {
        if (maxHeaders < 1 || maxHeaderLength < 16 || maxHeadBytes < 64 || maxBodyBytes < 0) {
            throw new IllegalArgumentException("bad SIP parser caps");
        }
        this.maxHeaders = maxHeaders;
        this.maxHeaderLength = maxHeaderLength;
        this.maxHeadBytes = maxHeadBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    public SipMessageView newView() {
        return new SipMessageView(maxHeaders);
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public int maxHeadBytes() {
        return maxHeadBytes;
    }

    /** True when b[off, off+len) holds only CR, LF, SP and HT (a keep-alive, not a message). */
    public static boolean blank(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            byte c = b[off + i];
            if (c != '\r' && c != '\n' && c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    /** {@link #looksLikeSip(org.agrona.DirectBuffer, int, int)} over an array. */
    public static boolean looksLikeSip(byte[] b, int off, int len) {
        if (len >= 8 && b[off] == 'S' && b[off + 1] == 'I' && b[off + 2] == 'P' && b[off + 3] == '/'
            && b[off + 4] == '2' && b[off + 5] == '.' && b[off + 6] == '0' && b[off + 7] == ' ') {
            return true;
        }
        int n = Math.min(len, 24);
        int i = 0;
        while (i < n && b[off + i] >= 'A' && b[off + i] <= 'Z') {
            i++;
        }
        if (i < 3 || i + 5 > len || b[off + i] != ' ') {
            return false;
        }
        int u = off + i + 1;
        int c0 = b[u] | 0x20;
        int c1 = b[u + 1] | 0x20;
        int c2 = b[u + 2] | 0x20;
        int c3 = b[u + 3];
        if (c0 == 's' && c1 == 'i' && c2 == 'p') {
            return c3 == ':' || ((c3 | 0x20) == 's' && i + 6 <= len && b[u + 4] == ':');
        }
        return c0 == 't' && c1 == 'e' && c2 == 'l' && c3 == ':';
    }

    /** Number of leading CR and LF octets (keep-alives, RFC 5626 §3.5.1; empty lines before a message). */
    public static int skipKeepAlive(byte[] b, int off, int len) {
        int i = 0;
        while (i < len && (b[off + i] == '\r' || b[off + i] == '\n')) {
            i++;
        }
        return i;
    }

    /**
     * Cheap test whether bytes start like a SIP message: a method token followed by " sip:" /
     * " sips:" / " tel:", or "SIP/2.0 ". For heuristics (a flow on an unknown port).
     */
    public static boolean looksLikeSip(org.agrona.DirectBuffer buf, int off, int len) {
        if (len >= 8 && buf.getByte(off) == 'S' && buf.getByte(off + 1) == 'I' && buf.getByte(off + 2) == 'P'
            && buf.getByte(off + 3) == '/' && buf.getByte(off + 4) == '2' && buf.getByte(off + 5) == '.'
            && buf.getByte(off + 6) == '0' && buf.getByte(off + 7) == ' ') {
            return true;
        }
        int n = Math.min(len, 24);
        int i = 0;
        while (i < n) {
            byte c = buf.getByte(off + i);
            if (c < 'A' || c > 'Z') {
                break;
            }
            i++;
        }
        if (i < 3 || i + 5 > len || buf.getByte(off + i) != ' ') {
            return false;
        }
        int u = off + i + 1;
        int c0 = buf.getByte(u) | 0x20;
        int c1 = buf.getByte(u + 1) | 0x20;
        int c2 = buf.getByte(u + 2) | 0x20;
        int c3 = buf.getByte(u + 3);
        if (c0 == 's' && c1 == 'i' && c2 == 'p') {
            return c3 == ':' || ((c3 | 0x20) == 's' && i + 6 <= len && buf.getByte(u + 4) == ':');
        }
        return c0 == 't' && c1 == 'e' && c2 == 'l' && c3 == ':';
    }

    /**
     * Parses one datagram (RFC 3261 §18.3) that was captured whole; see
     * {@link #parseDatagram(byte[], int, int, boolean, SipMessageView)}.
     */
    public boolean parseDatagram(byte[] b, int off, int len, SipMessageView v) {
        return parseDatagram(b, off, len, true, v);
    }

    /**
     * Parses one datagram (RFC 3261 §18.3): the head ends at the empty line (or, missing it, at
     * the end of the datagram: truncated), the body is Content-Length octets (extra octets are
     * ignored) or the rest of the datagram when the field is absent or invalid. A Content-Length
     * beyond the end of a datagram captured whole is an error of the sender (§18.3, RFC 4475
     * §3.1.2.2: {@link #INVALID_CONTENT_LENGTH}); in a datagram the capture cut ({@code complete}
     * false) it is {@link #TRUNCATED_MESSAGE}. Leading CRLFs must have been skipped. Returns true
     * when a message start line was parsed.
     */
    public boolean parseDatagram(byte[] b, int off, int len, boolean complete, SipMessageView v) {
        v.clear(b, off);
        int headEnd = findHeadEnd(b, off, len);
        boolean headComplete = headEnd >= 0;
        int headLen = headComplete ? headEnd : len;
        head(b, off, headLen, headComplete ? contentLineEnd(b, off, headEnd) : len, headComplete, v);
        if (!headComplete && v.valid) {
            v.addEvent(TRUNCATED_MESSAGE);
            v.truncated = true;
        }
        int bodyOff = off + headLen;
        int avail = len - headLen;
        int body = avail;
        if (v.contentLength >= 0 && !v.contentLengthBad) {
            if (v.contentLength > avail) {
                if (headComplete && v.valid) {
                    if (complete) {
                        v.addEvent(INVALID_CONTENT_LENGTH);
                    } else {
                        v.addEvent(TRUNCATED_MESSAGE);
                        v.truncated = true;
                    }
                }
            } else {
                body = (int) v.contentLength;
            }
        }
        if (body > maxBodyBytes) {
            v.addEvent(BODY_TOO_LARGE);
            v.bodyTooLarge = true;
        }
        v.bodyOff = bodyOff;
        v.bodyLen = body;
        v.messageLength = headLen + body;
        return v.valid;
    }

    /**
     * Parses the head of a stream message in {@code b[off, off+len)} (leading CRLFs skipped).
     * Returns the head length (through the empty line) and fills the view, or {@link #NEED_MORE},
     * or {@link #HEAD_TOO_LONG}. The caller then frames {@link SipMessageView#contentLength()}
     * body octets (0 when absent, RFC 3261 §18.3 makes it mandatory on streams).
     */
    public int parseHead(byte[] b, int off, int len, SipMessageView v) {
        int headEnd = findHeadEnd(b, off, Math.min(len, maxHeadBytes));
        if (headEnd < 0) {
            if (len >= maxHeadBytes) {
                v.clear(b, off);
                v.addEvent(HEADER_TOO_LONG);
                return HEAD_TOO_LONG;
            }
            return NEED_MORE;
        }
        v.clear(b, off);
        head(b, off, headEnd, contentLineEnd(b, off, headEnd), true, v);
        v.bodyOff = off + headEnd;
        v.bodyLen = 0;
        if (v.contentLength > maxBodyBytes) {
            v.addEvent(BODY_TOO_LARGE);
            v.bodyTooLarge = true;
        }
        return headEnd;
    }

    /** Stream: the body of the message whose head {@link #parseHead} parsed is the next {@code length} octets. */
    public static void attachBody(SipMessageView v, int length) {
        v.bodyLen = length;
        v.messageLength = (v.bodyOff - v.base) + length;
    }

    /** Offset after the empty line ending the head ("\r\n\r\n" or bare "\n\n"), relative to off, or -1. */
    static int findHeadEnd(byte[] b, int off, int len) {
        int end = off + len;
        for (int at = lineEnd(b, off, end); at < end; at = lineEnd(b, at + 1, end)) {
            int j = at + 1;
            if (j < end && b[j] == '\n') {
                return j + 1 - off;
            }
            if (j + 1 < end && b[j] == '\r' && b[j + 1] == '\n') {
                return j + 2 - off;
            }
        }
        return -1;
    }

    /** The end of the last header line (before the empty line), relative to off. */
    private static int contentLineEnd(byte[] b, int off, int headEnd) {
        int e = headEnd;
        // drop the empty line: "\n" or "\r\n"
        e--;
        if (e > 0 && b[off + e - 1] == '\r') {
            e--;
        }
        return e;
    }

    /** Start line and header fields in b[off, off+lineEnd); {@code complete}: the empty line was seen. */
    private void head(byte[] b, int off, int headLen, int linesEnd, boolean complete, SipMessageView v) {
        int end = off + linesEnd;
        int ls = off;
        int le = lineEnd(b, ls, end);
        if (!startLine(b, ls, trimCr(b, ls, le), v)) {
            if (v.eventCount == 0) {
                v.addEvent(INVALID_START_LINE);
            }
            return;
        }
        v.valid = true;
        int i = next(b, le, end);
        while (i < end) {
            int fs = i;
            int fe = lineEnd(b, fs, end);
            int n = next(b, fe, end);
            // folding (§7.3.1): continuation lines start with SP or HT
            while (n < end && (b[n] == ' ' || b[n] == '\t')) {
                fe = lineEnd(b, n, end);
                n = next(b, fe, end);
            }
            field(b, fs, trimCr(b, fs, fe), v);
            i = n;
        }
        SipValidator.message(b, v, complete);
    }

    /** Eight octets at a time, little-endian: the SWAR search below finds the first LF of a word. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LFS = 0x0A0A_0A0A_0A0A_0A0AL;
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;

    /**
     * The offset of the first LF in b[s, end), or end: a word at a time ("has zero byte" on the
     * word XOR LFs; the lowest flagged byte is always a real LF), then octet by octet.
     */
    private static int lineEnd(byte[] b, int s, int end) {
        int i = s;
        while (end - i >= 8) {
            long x = (long) LONGS.get(b, i) ^ LFS;
            long t = (x - ONES) & ~x & HIGHS;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
            i += 8;
        }
        while (i < end && b[i] != '\n') {
            i++;
        }
        return i;
    }

    private static int next(byte[] b, int lineEnd, int end) {
        return lineEnd < end ? lineEnd + 1 : end;
    }

    private static int trimCr(byte[] b, int s, int e) {
        return e > s && b[e - 1] == '\r' ? e - 1 : e;
    }

    /**
     * Request-Line or Status-Line in b[s, e) (§7.1, §7.2, §25.1). Liberal where RFC 4475 lets a
     * receiver be: extra SP between the elements or at the end ({@link #INVALID_WHITESPACE}),
     * another SIP-Version ({@link #INVALID_VERSION}), an odd Request-URI
     * ({@link #INVALID_REQUEST_URI}) are recorded and the message is kept. False (with the
     * event recorded when it is more specific than {@link #INVALID_START_LINE}) when the line is
     * not a start line.
     */
    private boolean startLine(byte[] b, int s, int e, SipMessageView v) {
        int ve = sipVersionEnd(b, s, e);
        if (ve > 0 && ve < e && b[ve] == ' ') {
            return statusLine(b, s, ve, e, v);
        }
        int sp1 = s;
        while (sp1 < e && b[sp1] != ' ') {
            if (!tokenChar(b[sp1])) {
                return false;
            }
            sp1++;
        }
        if (sp1 == s || sp1 >= e) {
            return false;
        }
        boolean oddSpace = false;
        int end = e;
        while (end > sp1 && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--; // SP before CRLF (RFC 4475 §3.1.2.10)
            oddSpace = true;
        }
        int sp2 = end - 1;
        while (sp2 > sp1 && b[sp2] != ' ' && b[sp2] != '\t') {
            sp2--;
        }
        if (sp2 <= sp1 || sipVersionEnd(b, sp2 + 1, end) != end) {
            return false;
        }
        int us = sp1 + 1;
        while (us < sp2 && b[us] == ' ') {
            us++; // several SP after the method (RFC 4475 §3.1.2.9)
            oddSpace = true;
        }
        int ue = sp2;
        while (ue > us && (b[ue - 1] == ' ' || b[ue - 1] == '\t')) {
            ue--;
            oddSpace = true;
        }
        if (ue <= us) {
            return false;
        }
        for (int k = us; k < ue; k++) {
            int c = b[k] & 0xFF;
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        if (oddSpace) {
            v.addEvent(INVALID_WHITESPACE);
        }
        if (!isSipVersion(b, sp2 + 1, end)) {
            v.addEvent(INVALID_VERSION);
        }
        if (!SipValidator.requestUri(b, us, ue)) {
            v.addEvent(INVALID_REQUEST_URI);
        }
        v.request = true;
        v.methodOff = s;
        v.methodLen = sp1 - s;
        v.uriOff = us;
        v.uriLen = ue - us;
        return true;
    }

    /** Status-Line after the SIP-Version ending at {@code ve} (b[ve] is SP). */
    private boolean statusLine(byte[] b, int s, int ve, int e, SipMessageView v) {
        int k = ve + 1;
        boolean oddSpace = false;
        while (k < e && b[k] == ' ') {
            k++;
            oddSpace = true;
        }
        int ds = k;
        long code = 0;
        while (k < e && b[k] >= '0' && b[k] <= '9') {
            if (code < 1_000_000) {
                code = code * 10 + (b[k] - '0');
            }
            k++;
        }
        if (k == ds || (k < e && b[k] != ' ' && b[k] != '\t')) {
            return false; // "2OO", "200OK": not a Status-Line
        }
        if (k - ds != 3 || code < 100 || code > 699) {
            v.addEvent(INVALID_STATUS_CODE);
            return false;
        }
        if (oddSpace) {
            v.addEvent(INVALID_WHITESPACE);
        }
        if (!isSipVersion(b, s, ve)) {
            v.addEvent(INVALID_VERSION);
        }
        v.request = false;
        v.status = (int) code;
        v.reasonOff = Math.min(k + 1, e);
        v.reasonLen = e - v.reasonOff;
        return true;
    }

    /**
     * The end of a SIP-Version ("SIP" "/" 1*DIGIT "." 1*DIGIT, §25.1, "SIP" case insensitive)
     * starting at {@code s} and ending at or before {@code e}, or -1.
     */
    private static int sipVersionEnd(byte[] b, int s, int e) {
        if (e - s < 7 || (b[s] | 0x20) != 's' || (b[s + 1] | 0x20) != 'i' || (b[s + 2] | 0x20) != 'p'
            || b[s + 3] != '/') {
            return -1;
        }
        int k = s + 4;
        int d = k;
        while (k < e && b[k] >= '0' && b[k] <= '9') {
            k++;
        }
        if (k == d || k >= e || b[k] != '.') {
            return -1;
        }
        k++;
        d = k;
        while (k < e && b[k] >= '0' && b[k] <= '9') {
            k++;
        }
        return k == d ? -1 : k;
    }

    /** b[s, e) is "SIP/2.0" ("SIP" case insensitive, §7.1). */
    private static boolean isSipVersion(byte[] b, int s, int e) {
        return e - s == 7 && (b[s] | 0x20) == 's' && (b[s + 1] | 0x20) == 'i' && (b[s + 2] | 0x20) == 'p'
            && b[s + 3] == '/' && b[s + 4] == '2' && b[s + 5] == '.' && b[s + 6] == '0';
    }

    private void field(byte[] b, int s, int e, SipMessageView v) {
        int k = s;
        while (k < e && tokenChar(b[k])) {
            k++;
        }
        int nameEnd = k;
        while (k < e && (b[k] == ' ' || b[k] == '\t')) {
            k++; // HCOLON = *( SP / HTAB ) ":" SWS (§25.1)
        }
        if (nameEnd == s || k >= e || b[k] != ':') {
            v.addEvent(INVALID_HEADER);
            return;
        }
        int vs = k + 1;
        while (vs < e && isLws(b[vs])) {
            vs++;
        }
        int ve = e;
        while (ve > vs && isLws(b[ve - 1])) {
            ve--;
        }
        int id = SipHeaders.id(b, s, nameEnd - s);
        if (id == SipHeaders.CONTENT_LENGTH) {
            contentLength(b, vs, ve, v);
        }
        if (e - s > maxHeaderLength) {
            v.addEvent(HEADER_TOO_LONG);
            v.fieldsDropped = true;
            return;
        }
        if (v.headerCount == v.nameOff.length) {
            v.fieldsDropped = true;
            if (!v.tooManyReported) {
                v.tooManyReported = true;
                v.addEvent(TOO_MANY_HEADERS);
            }
            return;
        }
        if (id == SipHeaders.CSEQ) {
            cseq(b, vs, ve, v);
        }
        int h = v.headerCount++;
        v.headerId[h] = id;
        v.nameOff[h] = s;
        v.nameLen[h] = nameEnd - s;
        v.valueOff[h] = vs;
        v.valueLen[h] = ve - vs;
    }

    private static void contentLength(byte[] b, int s, int e, SipMessageView v) {
        long n = 0;
        boolean bad = s == e;
        for (int k = s; k < e && !bad; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9 || n > 1_000_000_000L) {
                bad = true;
            } else {
                n = n * 10 + d;
            }
        }
        if (!bad && v.contentLength >= 0 && n != v.contentLength) {
            bad = true;
        }
        if (bad) {
            if (!v.contentLengthBad) {
                v.contentLengthBad = true;
                v.addEvent(INVALID_CONTENT_LENGTH);
            }
            return;
        }
        v.contentLength = n;
    }

    /** CSeq = 1*DIGIT LWS Method (§20.16); the first CSeq wins. */
    private static void cseq(byte[] b, int s, int e, SipMessageView v) {
        if (v.cseq >= 0) {
            return;
        }
        long n = 0;
        int k = s;
        while (k < e && b[k] >= '0' && b[k] <= '9' && n <= 0xFFFF_FFFFL) {
            n = n * 10 + (b[k] - '0');
            k++;
        }
        int ms = k;
        while (ms < e && isLws(b[ms])) {
            ms++;
        }
        int me = ms;
        while (me < e && tokenChar(b[me])) {
            me++;
        }
        if (k == s || ms == k || me == ms || me != e || n > 0xFFFF_FFFFL) {
            v.addEvent(INVALID_CSEQ);
            return;
        }
        v.cseq = n;
        v.cseqMethodOff = ms;
        v.cseqMethodLen = me - ms;
    }

    static boolean isLws(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** RFC 3261 §25.1 token characters. */
    static boolean tokenChar(byte b) {
        return TOKEN[b & 0xFF];
    }

    /** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"), §25.1. */
    private static final boolean[] TOKEN = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            TOKEN[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-.!%*_+`'~".indexOf(c) >= 0;
        }
    }
}
