package dev.vigil.protocol.syslog;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;

/**
 * Parser of one syslog message: RFC 5424 (https://www.rfc-editor.org/rfc/rfc5424) and the BSD
 * format RFC 3164 (https://www.rfc-editor.org/rfc/rfc3164), as carried in one UDP datagram
 * (RFC 5426) or one TCP frame (RFC 6587, see {@link SyslogStreamFramer}).
 *
 * <pre>
 * RFC 5424 §6:  SYSLOG-MSG = HEADER SP STRUCTURED-DATA [SP MSG]
 *               HEADER     = PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID
 *               PRI        = "&lt;" PRIVAL "&gt;"            ; PRIVAL 0..191 = facility * 8 + severity
 *               each header field is NILVALUE ("-") or 1*PRINTUSASCII (max 255/48/128/32)
 *               STRUCTURED-DATA = NILVALUE / 1*("[" SD-ID *(SP SD-PARAM) "]")
 *               MSG        = [BOM] UTF-8 text, or octets
 * RFC 3164 §4.1: &lt;PRI&gt;TIMESTAMP SP HOSTNAME SP TAG[ "[" pid "]" ] ":" SP CONTENT
 *               TIMESTAMP  = "Mmm dd hh:mm:ss"          ; day space-padded
 * </pre>
 *
 * Choices where real senders stray from the RFCs:
 * <ul>
 *   <li>RFC 5424 is recognised by VERSION {@code 1} and a space after the PRI; another VERSION
 *       (1-3 digits, none defined yet) counts only when an RFC 3339 TIMESTAMP or {@code -}
 *       follows, so text such as {@code <134>854 08/20/2013-19:05:23 CONFIG} is not taken for
 *       it. Anything else is read as RFC 3164.</li>
 *   <li>RFC 3164 header fields are read only after a valid {@code Mmm dd hh:mm:ss} timestamp,
 *       or an RFC 3339 one (rsyslog's and syslog-ng's forwarding formats:
 *       {@code <167>2016-05-24T09:50:52.926451+02:00 ldap01 slapd[34534]: ...}); without one the
 *       whole text after the PRI is the message (RFC 3164 §4.3.2 has a relay treat it the same
 *       way), with format {@link SyslogView#FORMAT_UNKNOWN}.</li>
 *   <li>RFC 3164 HOSTNAME: the token after the timestamp, unless it ends with {@code :} or
 *       contains {@code [}: then it is the TAG and the host name is absent (as rsyslog reads
 *       {@code Apr  5 12:56:51 robin: Hello}); a host name or address never ends with a single
 *       colon. tshark 4.0 takes that token as the host name regardless.</li>
 *   <li>TAG: up to 48 characters other than space, {@code [} and {@code :}, then an optional
 *       {@code [pid]}, then {@code :}; when this shape is not there, the text after the host
 *       name is all message and no app name is reported.</li>
 *   <li>Trailing CR, LF and NUL are not part of the message (senders add them as framing).</li>
 * </ul>
 * Anomalies are recorded once each on the view, never thrown. One instance per thread;
 * {@link #parse} reuses one view and allocates nothing.
 */
public final class SyslogParser {
    public static final int MAX_HOSTNAME = 255;
    public static final int MAX_APPNAME = 48;
    public static final int MAX_PROCID = 128;
    public static final int MAX_MSGID = 32;

    public static final DecodeEventType EMPTY = DecodeEventType.register("syslog.empty",
            "A syslog datagram or frame without any byte.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_PRI = DecodeEventType.register("syslog.bad_pri",
            "A syslog message without a valid <PRI> (1-3 digits, 0-191) at its start; facility and severity unknown.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_HEADER = DecodeEventType.register("syslog.bad_header",
            "An RFC 5424 header that ends early or has a field longer than the RFC allows, or an RFC 3164 host "
                    + "name over 255 bytes.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_TIMESTAMP = DecodeEventType.register("syslog.bad_timestamp",
            "An RFC 5424 TIMESTAMP that is neither NILVALUE nor an RFC 3339 date-time.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_STRUCTURED_DATA = DecodeEventType.register(
            "syslog.bad_structured_data",
            "RFC 5424 STRUCTURED-DATA that is neither NILVALUE nor well-formed [SD-ELEMENT]s; the rest is read as "
                    + "the message.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType MESSAGE_TOO_LONG = DecodeEventType.register("syslog.message_too_long",
            "A syslog message text longer than the output cap; it is cut.", DecodeEventType.KIND_OVERFLOW);

    /** RFC 5424 §6 field length limits, by field index (TIMESTAMP has none beyond its syntax). */
    private static final int[] CAPS = {Integer.MAX_VALUE, MAX_HOSTNAME, MAX_APPNAME, MAX_PROCID, MAX_MSGID};
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private final SyslogView view = new SyslogView();

    /** Parses the message {@code buffer[offset, offset + length)}. */
    public SyslogView parse(DirectBuffer buffer, int offset, int length) {
        final int len = Math.max(0, length);
        final SyslogView v = view.reset(buffer, offset, len);
        if (len == 0) {
            v.add(EMPTY);
            return v;
        }
        int end = offset + len;
        while (end > offset && isTrailer(buffer.getByte(end - 1))) {
            end--;
        }
        int p = pri(buffer, offset, end, v);
        if (p < 0) {
            v.add(BAD_PRI);
            p = offset;
        }
        int afterVersion = version(buffer, p, end);
        if (afterVersion > 0 && !(afterVersion - p == 2 && buffer.getByte(p) == '1')) {
            // a VERSION other than 1 (none is defined): RFC 5424 only when a TIMESTAMP follows,
            // else it is text such as "854 08/20/2013-19:05:23 CONFIG ..."
            int s = nextSpace(buffer, afterVersion, end);
            boolean nil = s - afterVersion == 1 && buffer.getByte(afterVersion) == '-';
            if (s == end || !(nil || rfc3339(buffer, afterVersion, s))) {
                afterVersion = -1;
            }
        }
        if (afterVersion > 0) {
            v.format(SyslogView.FORMAT_RFC5424);
            v.version(parseDecimal(buffer, p, afterVersion - 1 - p));
            rfc5424(buffer, afterVersion, end, v);
        } else {
            rfc3164(buffer, p, end, v);
        }
        return v;
    }

    /** Offset after {@code <PRIVAL>}, or -1; sets the priority. */
    private static int pri(DirectBuffer b, int p, int end, SyslogView v) {
        if (p >= end || b.getByte(p) != '<') {
            return -1;
        }
        int q = p + 1;
        int value = 0;
        while (q < end && q - p <= 3 && isDigit(b.getByte(q))) {
            value = value * 10 + (b.getByte(q) - '0');
            q++;
        }
        if (q == p + 1 || q >= end || b.getByte(q) != '>' || value > 191) {
            return -1;
        }
        v.priority(value);
        return q + 1;
    }

    /** Offset after {@code VERSION SP} (RFC 5424: NONZERO-DIGIT 0*2DIGIT), or -1. */
    private static int version(DirectBuffer b, int p, int end) {
        if (p >= end || b.getByte(p) < '1' || b.getByte(p) > '9') {
            return -1;
        }
        int q = p + 1;
        while (q < end && q - p < 3 && isDigit(b.getByte(q))) {
            q++;
        }
        return q < end && b.getByte(q) == ' ' ? q + 1 : -1;
    }

    // ---------------------------------------------------------------- RFC 5424

    private static void rfc5424(DirectBuffer b, int p, int end, SyslogView v) {
        for (int f = SyslogView.TIMESTAMP; f <= SyslogView.MSGID; f++) {
            int s = nextSpace(b, p, end);
            if (s == end) {
                // the header ends before STRUCTURED-DATA: keep what is there
                v.add(BAD_HEADER);
                headerField(b, p, end, f, v);
                if (f == SyslogView.TIMESTAMP) {
                    timestamp5424(b, p, end, v);
                }
                return;
            }
            if (s - p > CAPS[f]) {
                v.add(BAD_HEADER);
            }
            headerField(b, p, s, f, v);
            if (f == SyslogView.TIMESTAMP) {
                timestamp5424(b, p, s, v);
            }
            p = s + 1;
        }
        // STRUCTURED-DATA
        if (p >= end) {
            v.add(BAD_HEADER);
            return;
        }
        int sdEnd;
        if (b.getByte(p) == '-') {
            sdEnd = p + 1;
        } else if (b.getByte(p) == '[') {
            sdEnd = structuredData(b, p, end);
            if (sdEnd < 0) {
                v.add(BAD_STRUCTURED_DATA);
                v.set(SyslogView.MESSAGE, p, end - p);
                return;
            }
            v.set(SyslogView.SD, p, sdEnd - p);
        } else {
            v.add(BAD_STRUCTURED_DATA);
            v.set(SyslogView.MESSAGE, p, end - p);
            return;
        }
        if (sdEnd < end) {
            if (b.getByte(sdEnd) != ' ') {
                v.add(BAD_STRUCTURED_DATA);
                v.set(SyslogView.MESSAGE, sdEnd, end - sdEnd);
                return;
            }
            int m = sdEnd + 1;
            if (end - m >= 3 && (b.getByte(m) & 0xFF) == 0xEF && (b.getByte(m + 1) & 0xFF) == 0xBB
                    && (b.getByte(m + 2) & 0xFF) == 0xBF) {
                v.bom(true);
                m += 3;
            }
            v.set(SyslogView.MESSAGE, m, end - m);
        }
    }

    /** A header field; NILVALUE stays absent. */
    private static void headerField(DirectBuffer b, int from, int to, int f, SyslogView v) {
        if (to - from == 1 && b.getByte(from) == '-') {
            return;
        }
        if (to > from) {
            v.set(f, from, to - from);
        }
    }

    /** End of the SD-ELEMENTs starting at {@code p} ('['), or -1 when they are not well-formed. */
    private static int structuredData(DirectBuffer b, int p, int end) {
        int q = p;
        while (q < end && b.getByte(q) == '[') {
            q++;
            boolean quoted = false;
            boolean closed = false;
            int idStart = q;
            while (q < end) {
                byte c = b.getByte(q);
                if (quoted) {
                    if (c == '\\' && q + 1 < end) {
                        q += 2; // RFC 5424 §6.3.3: \" \\ \] are escapes
                        continue;
                    }
                    if (c == '"') {
                        quoted = false;
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ']') {
                    closed = true;
                    break;
                }
                q++;
            }
            if (!closed || q == idStart || b.getByte(idStart) == ' ') {
                return -1;
            }
            q++; // past ']'
        }
        return q;
    }

    /** RFC 3339 date-time as RFC 5424 §6.2.3 restricts it: YYYY-MM-DDThh:mm:ss[.1-6 digits](Z|+hh:mm|-hh:mm). */
    private static void timestamp5424(DirectBuffer b, int from, int to, SyslogView v) {
        int n = to - from;
        if (n == 1 && b.getByte(from) == '-') {
            return;
        }
        if (!rfc3339(b, from, to)) {
            v.add(BAD_TIMESTAMP);
        }
    }

    static boolean rfc3339(DirectBuffer b, int from, int to) {
        String shape = "dddd-dd-ddTdd:dd:dd";
        if (to - from < shape.length() + 1) {
            return false;
        }
        for (int i = 0; i < shape.length(); i++) {
            char s = shape.charAt(i);
            byte c = b.getByte(from + i);
            if (s == 'd' ? !isDigit(c) : c != s) {
                return false;
            }
        }
        int p = from + shape.length();
        if (b.getByte(p) == '.') {
            int q = p + 1;
            while (q < to && isDigit(b.getByte(q))) {
                q++;
            }
            if (q == p + 1 || q - p - 1 > 6) {
                return false;
            }
            p = q;
        }
        if (p == to - 1 && b.getByte(p) == 'Z') {
            return true;
        }
        if (to - p != 6 || (b.getByte(p) != '+' && b.getByte(p) != '-')) {
            return false;
        }
        return isDigit(b.getByte(p + 1)) && isDigit(b.getByte(p + 2)) && b.getByte(p + 3) == ':'
                && isDigit(b.getByte(p + 4)) && isDigit(b.getByte(p + 5));
    }

    // ---------------------------------------------------------------- RFC 3164

    private static void rfc3164(DirectBuffer b, int p, int end, SyslogView v) {
        if (timestamp3164(b, p, end)) {
            v.set(SyslogView.TIMESTAMP, p, 15);
            p += 16;
        } else {
            // rsyslog's and syslog-ng's forwarding formats put an RFC 3339 timestamp there instead
            int s = nextSpace(b, p, end);
            if (s == end || !rfc3339(b, p, s)) {
                if (end > p) {
                    v.set(SyslogView.MESSAGE, p, end - p);
                }
                return;
            }
            v.set(SyslogView.TIMESTAMP, p, s - p);
            p = s + 1;
        }
        v.format(SyslogView.FORMAT_RFC3164);
        int s = nextSpace(b, p, end);
        boolean isTag = s > p && (b.getByte(s - 1) == ':' || indexOf(b, p, s, '[') >= 0);
        if (s > p && !isTag) {
            if (s - p > MAX_HOSTNAME) {
                v.add(BAD_HEADER);
            }
            v.set(SyslogView.HOSTNAME, p, s - p);
            p = Math.min(end, s + 1);
        }
        // TAG [ "[" pid "]" ] ":" SP
        int t = p;
        while (t < end && t - p < MAX_APPNAME) {
            byte c = b.getByte(t);
            if (c == ' ' || c == '[' || c == ':') {
                break;
            }
            t++;
        }
        int q = t;
        int pidFrom = -1;
        int pidTo = -1;
        if (t > p && q < end && b.getByte(q) == '[') {
            int close = indexOf(b, q + 1, Math.min(end, q + 2 + MAX_PROCID), ']');
            if (close > q + 1) {
                pidFrom = q + 1;
                pidTo = close;
                q = close + 1;
            } else {
                q = -1;
            }
        }
        if (t > p && q >= 0 && q < end && b.getByte(q) == ':') {
            v.set(SyslogView.APPNAME, p, t - p);
            if (pidFrom >= 0) {
                v.set(SyslogView.PROCID, pidFrom, pidTo - pidFrom);
            }
            p = q + 1;
            if (p < end && b.getByte(p) == ' ') {
                p++;
            }
        }
        if (end > p) {
            v.set(SyslogView.MESSAGE, p, end - p);
        }
    }

    /** {@code Mmm dd hh:mm:ss} followed by a space (RFC 3164 §4.1.2; the day is space-padded). */
    static boolean timestamp3164(DirectBuffer b, int p, int end) {
        if (end - p < 16) {
            return false;
        }
        boolean month = false;
        for (int m = 0; m < 12 && !month; m++) {
            month = b.getByte(p) == MONTHS.charAt(3 * m) && b.getByte(p + 1) == MONTHS.charAt(3 * m + 1)
                    && b.getByte(p + 2) == MONTHS.charAt(3 * m + 2);
        }
        byte d1 = b.getByte(p + 4);
        return month && b.getByte(p + 3) == ' ' && (d1 == ' ' || isDigit(d1)) && isDigit(b.getByte(p + 5))
                && b.getByte(p + 6) == ' ' && isDigit(b.getByte(p + 7)) && isDigit(b.getByte(p + 8))
                && b.getByte(p + 9) == ':' && isDigit(b.getByte(p + 10)) && isDigit(b.getByte(p + 11))
                && b.getByte(p + 12) == ':' && isDigit(b.getByte(p + 13)) && isDigit(b.getByte(p + 14))
                && b.getByte(p + 15) == ' ';
    }

    // ---------------------------------------------------------------- helpers

    private static boolean isTrailer(byte c) {
        return c == '\n' || c == '\r' || c == 0;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int parseDecimal(DirectBuffer b, int from, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = v * 10 + (b.getByte(from + i) - '0');
        }
        return v;
    }

    private static int nextSpace(DirectBuffer b, int from, int end) {
        int p = from;
        while (p < end && b.getByte(p) != ' ') {
            p++;
        }
        return p;
    }

    private static int indexOf(DirectBuffer b, int from, int end, char c) {
        for (int p = from; p < end; p++) {
            if (b.getByte(p) == c) {
                return p;
            }
        }
        return -1;
    }
}
