package dev.vigil.protocol.ssdp;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;

/**
 * SSDP (UPnP Device Architecture 2.0 section 1, HTTPU/HTTPMU over UDP 1900): one datagram holds
 * one HTTP/1.1-style message, a request ({@code M-SEARCH * HTTP/1.1}, {@code NOTIFY * HTTP/1.1})
 * or a response ({@code HTTP/1.1 200 OK}), then header lines up to an empty line (RFC 9112
 * sections 2-5 for the syntax). The parser finds the start line's parts and the values of the
 * headers SSDP defines (HOST, ST, NT, NTS, USN, LOCATION, SERVER, USER-AGENT, CACHE-CONTROL,
 * MAN, MX), as offsets into the caller's buffer; names match case-insensitively and lines may
 * end in CRLF or a bare LF.
 *
 * <pre>
 *   NOTIFY * HTTP/1.1 CRLF                 |  HTTP/1.1 200 OK CRLF
 *   HOST: 239.255.255.250:1900 CRLF        |  ST: upnp:rootdevice CRLF
 *   NT: upnp:rootdevice CRLF               |  USN: uuid:...::upnp:rootdevice CRLF
 *   ...                                    |  ...
 *   CRLF                                   |  CRLF
 * </pre>
 *
 * Caps: at most {@code maxHeaders} header lines ({@link #TOO_MANY_HEADERS} beyond, the rest
 * ignored). Allocation-free; one instance per thread.
 */
public final class SsdpParser {
    public static final DecodeEventType BAD_START_LINE = DecodeEventType.register("ssdp.bad_start_line",
            "An SSDP datagram whose first line is neither 'METHOD URI HTTP/x.y' nor 'HTTP/x.y CODE reason'.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_HEADER = DecodeEventType.register("ssdp.bad_header",
            "An SSDP header line without a colon, or whose name is empty or holds white space; it is skipped.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType TOO_MANY_HEADERS = DecodeEventType.register("ssdp.too_many_headers",
            "An SSDP message with more header lines than the cap; the rest are ignored.",
            DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("ssdp.truncated",
            "An SSDP datagram that ends before the empty line closing its headers.",
            DecodeEventType.KIND_TRUNCATED);

    public static final int STATUS_OK = 0;
    public static final int STATUS_TRUNCATED = 1;
    public static final int STATUS_MALFORMED = 2;
    public static final int DEFAULT_MAX_HEADERS = 64;

    public static final int HOST = 0;
    public static final int ST = 1;
    public static final int NT = 2;
    public static final int NTS = 3;
    public static final int USN = 4;
    public static final int LOCATION = 5;
    public static final int SERVER = 6;
    public static final int USER_AGENT = 7;
    public static final int CACHE_CONTROL = 8;
    public static final int MAN = 9;
    public static final int MX = 10;
    public static final int KNOWN_HEADERS = 11;
    private static final byte[][] NAMES = {bytes("HOST"), bytes("ST"), bytes("NT"), bytes("NTS"), bytes("USN"),
        bytes("LOCATION"), bytes("SERVER"), bytes("USER-AGENT"), bytes("CACHE-CONTROL"), bytes("MAN"), bytes("MX")};
    private static final byte[] HTTP = bytes("HTTP/");

    private final int maxHeaders;
    private final int[] valueOffset = new int[KNOWN_HEADERS];
    private final int[] valueLength = new int[KNOWN_HEADERS];
    private final DecodeEventType[] events = new DecodeEventType[4];

    private DirectBuffer buffer;
    private int base;
    private int length;
    private int eventCount;
    private int status;
    private boolean request;
    private boolean response;
    private int methodOff;
    private int methodLen;
    private int uriOff;
    private int uriLen;
    private int versionOff;
    private int versionLen;
    private int statusCode;
    private int reasonOff;
    private int reasonLen;
    private int headerLines;

    public SsdpParser() {
        this(DEFAULT_MAX_HEADERS);
    }

    /** @param maxHeaders header lines read per message, in [1, 4096] */
    public SsdpParser(int maxHeaders) {
        if (maxHeaders < 1 || maxHeaders > 4096) {
            throw new IllegalArgumentException("maxHeaders must be in [1, 4096]: " + maxHeaders);
        }
        this.maxHeaders = maxHeaders;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Parses one UDP payload. */
    public int parse(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.base = offset;
        this.length = Math.max(0, length);
        eventCount = 0;
        status = STATUS_OK;
        request = false;
        response = false;
        statusCode = -1;
        methodLen = uriLen = versionLen = reasonLen = 0;
        headerLines = 0;
        for (int i = 0; i < KNOWN_HEADERS; i++) {
            valueOffset[i] = -1;
            valueLength[i] = 0;
        }
        int lineEnd = lineEnd(0);
        if (lineEnd < 0) {
            // no line end at all: try the start line anyway, the message is cut
            if (!startLine(0, this.length)) {
                return fail(STATUS_MALFORMED, BAD_START_LINE);
            }
            return fail(STATUS_TRUNCATED, TRUNCATED);
        }
        if (!startLine(0, trimCr(0, lineEnd))) {
            return fail(STATUS_MALFORMED, BAD_START_LINE);
        }
        int pos = lineEnd + 1;
        while (true) {
            if (pos >= this.length) {
                return fail(STATUS_TRUNCATED, TRUNCATED);
            }
            int e = lineEnd(pos);
            int stop = e < 0 ? this.length : e;
            int contentEnd = trimCr(pos, stop);
            if (contentEnd == pos) {
                if (e < 0) {
                    return fail(STATUS_TRUNCATED, TRUNCATED);
                }
                return status; // the empty line: end of headers
            }
            if (headerLines == maxHeaders) {
                return fail(STATUS_OK, TOO_MANY_HEADERS);
            }
            headerLines++;
            header(pos, contentEnd);
            if (e < 0) {
                return fail(STATUS_TRUNCATED, TRUNCATED);
            }
            pos = e + 1;
        }
    }

    private void header(int from, int to) {
        int colon = -1;
        for (int i = from; i < to; i++) {
            if (byteAt(i) == ':') {
                colon = i;
                break;
            }
        }
        int nameEnd = colon;
        while (nameEnd > from && isSpace(byteAt(nameEnd - 1))) {
            nameEnd--;
        }
        if (colon < 0 || nameEnd == from || indexOf(' ', from, nameEnd) >= 0 || indexOf('\t', from, nameEnd) >= 0) {
            // a field name is a token: no white space inside (RFC 9110 section 5.1)
            fail(STATUS_MALFORMED, BAD_HEADER);
            return;
        }
        int v = colon + 1;
        while (v < to && isSpace(byteAt(v))) {
            v++;
        }
        int ve = to;
        while (ve > v && isSpace(byteAt(ve - 1))) {
            ve--;
        }
        for (int k = 0; k < KNOWN_HEADERS; k++) {
            if (valueOffset[k] < 0 && equalsIgnoreCase(from, nameEnd, NAMES[k])) {
                valueOffset[k] = v;
                valueLength[k] = ve - v;
                return;
            }
        }
    }

    private boolean startLine(int from, int to) {
        int sp1 = indexOf(' ', from, to);
        if (sp1 <= from) {
            return false;
        }
        if (startsWith(from, to, HTTP)) {
            // status line: HTTP/x.y SP 3DIGIT [SP reason]
            int c = sp1 + 1;
            if (c + 3 > to) {
                return false;
            }
            int code = 0;
            for (int i = c; i < c + 3; i++) {
                int d = byteAt(i) - '0';
                if (d < 0 || d > 9) {
                    return false;
                }
                code = code * 10 + d;
            }
            if (c + 3 < to && byteAt(c + 3) != ' ') {
                return false;
            }
            response = true;
            versionOff = from;
            versionLen = sp1 - from;
            statusCode = code;
            reasonOff = Math.min(c + 4, to);
            reasonLen = to - reasonOff;
            return true;
        }
        for (int i = from; i < sp1; i++) {
            int b = byteAt(i);
            if (b <= ' ' || b >= 0x7F) {
                return false;
            }
        }
        int sp2 = indexOf(' ', sp1 + 1, to);
        if (sp2 < 0 || sp2 == sp1 + 1 || !startsWith(sp2 + 1, to, HTTP)) {
            return false;
        }
        request = true;
        methodOff = from;
        methodLen = sp1 - from;
        uriOff = sp1 + 1;
        uriLen = sp2 - sp1 - 1;
        versionOff = sp2 + 1;
        versionLen = to - versionOff;
        return true;
    }

    private int fail(int s, DecodeEventType type) {
        if (eventCount < events.length) {
            events[eventCount++] = type;
        }
        status = Math.max(status, s);
        return status;
    }

    private int lineEnd(int from) {
        return indexOf('\n', from, length);
    }

    private int trimCr(int from, int lf) {
        return lf > from && byteAt(lf - 1) == '\r' ? lf - 1 : lf;
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (byteAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWith(int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (byteAt(from + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean equalsIgnoreCase(int from, int to, byte[] upper) {
        if (to - from != upper.length) {
            return false;
        }
        for (int i = 0; i < upper.length; i++) {
            int b = byteAt(from + i);
            if (b >= 'a' && b <= 'z') {
                b -= 32;
            }
            if (b != upper[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(int b) {
        return b == ' ' || b == '\t';
    }

    private int byteAt(int i) {
        return buffer.getByte(base + i) & 0xFF;
    }

    public boolean isRequest() {
        return request;
    }

    public boolean isResponse() {
        return response;
    }

    /** Absolute buffer offset of the method (requests); see {@link #methodLength()}. */
    public int methodOffset() {
        return base + methodOff;
    }

    public int methodLength() {
        return methodLen;
    }

    public int uriOffset() {
        return base + uriOff;
    }

    public int uriLength() {
        return uriLen;
    }

    public int versionOffset() {
        return base + versionOff;
    }

    public int versionLength() {
        return versionLen;
    }

    /** The response's status code, or -1 for a request. */
    public int statusCode() {
        return statusCode;
    }

    public int reasonOffset() {
        return base + reasonOff;
    }

    public int reasonLength() {
        return reasonLen;
    }

    /** Header lines read (at most the cap). */
    public int headerLines() {
        return headerLines;
    }

    /** True when header {@code h} (one of {@link #HOST} ... {@link #MX}) was present. */
    public boolean has(int h) {
        return valueOffset[h] >= 0;
    }

    /** Absolute buffer offset of header {@code h}'s value (trimmed). */
    public int valueOffset(int h) {
        return base + valueOffset[h];
    }

    public int valueLength(int h) {
        return valueLength[h];
    }

    /** The header's name as SSDP spells it (upper case). */
    public static String headerName(int h) {
        return new String(NAMES[h], java.nio.charset.StandardCharsets.US_ASCII);
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int status() {
        return status;
    }

    public int eventCount() {
        return eventCount;
    }

    public DecodeEventType event(int i) {
        return events[i];
    }
}
