package dev.vigil.protocol.syslog;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * One syslog message as {@link SyslogParser} found it: the priority and offsets of the header
 * fields into the caller's buffer. Valid until the next parse and while the buffer holds the
 * message. A field that is absent (or the RFC 5424 NILVALUE {@code -}) has length -1.
 * Accessors returning a {@code String} allocate: call them only for output.
 */
public final class SyslogView {
    public static final int FORMAT_UNKNOWN = 0;
    /** BSD syslog, RFC 3164: {@code <PRI>Mmm dd hh:mm:ss HOSTNAME TAG: CONTENT}. */
    public static final int FORMAT_RFC3164 = 1;
    /** RFC 5424: {@code <PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]}. */
    public static final int FORMAT_RFC5424 = 2;

    public static final int MAX_EVENTS = 8;

    private static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
        "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron", "local0", "local1",
        "local2", "local3", "local4", "local5", "local6", "local7"};
    private static final String[] SEVERITIES = {"emerg", "alert", "crit", "err", "warning", "notice", "info",
        "debug"};

    private final DecodeEventType[] events = new DecodeEventType[MAX_EVENTS];
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int format;
    private int priority;
    private int version;
    private boolean bom;
    private boolean malformed;
    private int eventCount;
    // [offset, length] pairs of the fields
    final int[] field = new int[2 * 7];

    static final int TIMESTAMP = 0;
    static final int HOSTNAME = 1;
    static final int APPNAME = 2;
    static final int PROCID = 3;
    static final int MSGID = 4;
    static final int SD = 5;
    static final int MESSAGE = 6;

    SyslogView reset(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.format = FORMAT_UNKNOWN;
        this.priority = -1;
        this.version = -1;
        this.bom = false;
        this.malformed = false;
        this.eventCount = 0;
        for (int i = 0; i < 7; i++) {
            field[2 * i] = offset;
            field[2 * i + 1] = -1;
        }
        return this;
    }

    void set(int f, int off, int len) {
        field[2 * f] = off;
        field[2 * f + 1] = len;
    }

    void format(int f) {
        format = f;
    }

    void priority(int p) {
        priority = p;
    }

    void version(int v) {
        version = v;
    }

    void bom(boolean b) {
        bom = b;
    }

    void add(DecodeEventType type) {
        for (int i = 0; i < eventCount; i++) {
            if (events[i] == type) {
                return;
            }
        }
        if (type.kind() == DecodeEventType.KIND_MALFORMED) {
            malformed = true;
        }
        if (eventCount < MAX_EVENTS) {
            events[eventCount++] = type;
        }
    }

    // ---------------------------------------------------------------- accessors

    public DirectBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** {@link #FORMAT_RFC5424}, {@link #FORMAT_RFC3164} or {@link #FORMAT_UNKNOWN} (no recognisable header). */
    public int format() {
        return format;
    }

    public String formatName() {
        switch (format) {
            case FORMAT_RFC5424: return "rfc5424";
            case FORMAT_RFC3164: return "rfc3164";
            default: return "unknown";
        }
    }

    /** PRIVAL (0-191), or -1 when the message has no valid PRI. */
    public int priority() {
        return priority;
    }

    /** Facility code (PRI / 8), or -1. */
    public int facility() {
        return priority < 0 ? -1 : priority >> 3;
    }

    /** Severity code (PRI % 8), or -1. */
    public int severity() {
        return priority < 0 ? -1 : priority & 7;
    }

    /** RFC 5424 facility keyword of a code (syslog.conf names), or null. */
    public static String facilityName(int code) {
        return code >= 0 && code < FACILITIES.length ? FACILITIES[code] : null;
    }

    /** RFC 5424 severity keyword of a code (syslog.conf names), or null. */
    public static String severityName(int code) {
        return code >= 0 && code < SEVERITIES.length ? SEVERITIES[code] : null;
    }

    /** RFC 5424 VERSION, or -1 for other formats. */
    public int version() {
        return version;
    }

    /** True when an RFC 5424 MSG starts with the UTF-8 byte order mark (not part of {@link #message()}). */
    public boolean bom() {
        return bom;
    }

    public boolean malformed() {
        return malformed;
    }

    public int fieldOffset(int f) {
        return field[2 * f];
    }

    /** Length of a field, -1 when absent. */
    public int fieldLength(int f) {
        return field[2 * f + 1];
    }

    public boolean hasTimestamp() {
        return field[2 * TIMESTAMP + 1] >= 0;
    }

    /** The sender's timestamp as written (RFC 3339 for 5424, {@code Mmm dd hh:mm:ss} for 3164), or null. */
    public String timestamp() {
        return string(TIMESTAMP, Integer.MAX_VALUE);
    }

    public String hostname() {
        return string(HOSTNAME, Integer.MAX_VALUE);
    }

    public String appname() {
        return string(APPNAME, Integer.MAX_VALUE);
    }

    public String procid() {
        return string(PROCID, Integer.MAX_VALUE);
    }

    public String msgid() {
        return string(MSGID, Integer.MAX_VALUE);
    }

    /** RFC 5424 STRUCTURED-DATA as written, at most {@code maxBytes} bytes, or null when NILVALUE or absent. */
    public String structuredData(int maxBytes) {
        return string(SD, maxBytes);
    }

    public int messageOffset() {
        return field[2 * MESSAGE];
    }

    /** Bytes of the message text (trailing CR, LF and NUL excluded), -1 when there is none. */
    public int messageLength() {
        return field[2 * MESSAGE + 1];
    }

    /** The message text (allocates). */
    public String message() {
        return string(MESSAGE, Integer.MAX_VALUE);
    }

    /**
     * The message text, at most {@code maxBytes} bytes of it, cut at a UTF-8 character boundary
     * (allocates), or null when there is no message.
     */
    public String message(int maxBytes) {
        return string(MESSAGE, maxBytes);
    }

    public int eventCount() {
        return eventCount;
    }

    public DecodeEventType event(int i) {
        if (i < 0 || i >= eventCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return events[i];
    }

    public boolean has(DecodeEventType type) {
        for (int i = 0; i < eventCount; i++) {
            if (events[i] == type) {
                return true;
            }
        }
        return false;
    }

    private String string(int f, int maxBytes) {
        int len = field[2 * f + 1];
        if (len < 0) {
            return null;
        }
        int off = field[2 * f];
        if (len > maxBytes) {
            len = utf8Boundary(buffer, off, maxBytes);
        }
        byte[] b = new byte[len];
        buffer.getBytes(off, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The largest length &lt;= {@code max} that does not end inside a UTF-8 multi-byte sequence. */
    static int utf8Boundary(DirectBuffer buf, int off, int max) {
        int n = max;
        // back off over continuation bytes (10xxxxxx), then over the lead byte they belong to
        int k = n;
        while (k > 0 && k > n - 4 && (buf.getByte(off + k) & 0xC0) == 0x80) {
            k--;
        }
        if (k < n) {
            return k; // the byte at k starts a sequence that would be cut
        }
        return n;
    }
}
