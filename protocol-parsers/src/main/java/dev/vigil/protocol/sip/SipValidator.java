package dev.vigil.protocol.sip;

import dev.vigil.protocol.DecodeEventType;

/**
 * Checks of a parsed SIP message beyond framing, for the malformations RFC 4475 (SIP torture
 * test messages) says a receiver should reject: Via, From/To/Contact and Date values against
 * the RFC 3261 §25.1 grammar, the Request-URI, CSeq method against the request method, the
 * mandatory and single-valued header fields. A passive sensor does not reject: each finding is
 * a decode event on a message that is still logged. Allocation free, like the parser.
 *
 * <p>What is deliberately not checked: the application-layer cases of RFC 4475 §3.3 whose
 * answer depends on the element (416 unknown scheme, 420 extension, 415 media type, 483
 * Max-Forwards, a registrar's 400 for a non-SIP To); Max-Forwards is not mandatory (RFC 2543
 * elements omit it, §3.4.1).
 */
final class SipValidator {
    static final DecodeEventType INVALID_VIA = DecodeEventType.register("sip.invalid_via",
        "Via value not 'SIP / version / transport LWS sent-by *(; param)' (RFC 3261 §20.42, §25.1): "
            + "empty list elements or parameters, missing sent-by (RFC 4475 §3.1.2.1)",
        DecodeEventType.KIND_MALFORMED);
    static final DecodeEventType INVALID_ADDRESS = DecodeEventType.register("sip.invalid_address",
        "From, To or Contact value not a name-addr or addr-spec with parameters (RFC 3261 §20.10, §25.1): "
            + "unterminated quoted display name, unquoted display name with non-token characters, LWS inside "
            + "<addr-spec>, URI headers without <>, empty parameters (RFC 4475 §3.1.2.1, .6, .13-.15)",
        DecodeEventType.KIND_MALFORMED);
    static final DecodeEventType INVALID_DATE = DecodeEventType.register("sip.invalid_date",
        "Date value not an RFC 1123 date in GMT (RFC 3261 §20.17, §25.1; RFC 4475 §3.1.2.12)",
        DecodeEventType.KIND_MALFORMED);
    static final DecodeEventType CSEQ_METHOD_MISMATCH = DecodeEventType.register("sip.cseq_method_mismatch",
        "Request whose CSeq method differs from the request method (RFC 3261 §8.1.1.5; RFC 4475 §3.1.2.17-18)",
        DecodeEventType.KIND_MALFORMED);
    static final DecodeEventType MISSING_HEADER = DecodeEventType.register("sip.missing_header",
        "Message without one of the mandatory fields Call-ID, CSeq, From, To, Via (RFC 3261 §8.1.1; "
            + "RFC 4475 §3.3.1)", DecodeEventType.KIND_MALFORMED);
    static final DecodeEventType DUPLICATE_HEADER = DecodeEventType.register("sip.duplicate_header",
        "A single-valued field (Call-ID, CSeq, From, To, Max-Forwards, Content-Type) appears more than once "
            + "(RFC 3261 §7.3.1; RFC 4475 §3.3.8); the first one is used", DecodeEventType.KIND_MALFORMED);
    static final DecodeEventType VALUE_TOO_LONG = DecodeEventType.register("sip.value_too_long",
        "Request-URI, Call-ID, From, To, User-Agent or Server longer than the logged string cap "
            + "(SipMessageView.MAX_STRING); the logged value is cut", DecodeEventType.KIND_OVERFLOW);

    private static final int MANDATORY = bit(SipHeaders.CALL_ID) | bit(SipHeaders.CSEQ) | bit(SipHeaders.FROM)
        | bit(SipHeaders.TO) | bit(SipHeaders.VIA);
    private static final int SINGLE = bit(SipHeaders.CALL_ID) | bit(SipHeaders.CSEQ) | bit(SipHeaders.FROM)
        | bit(SipHeaders.TO) | bit(SipHeaders.MAX_FORWARDS) | bit(SipHeaders.CONTENT_TYPE);
    private static final int LOGGED = bit(SipHeaders.CALL_ID) | bit(SipHeaders.FROM) | bit(SipHeaders.TO)
        | bit(SipHeaders.USER_AGENT) | bit(SipHeaders.SERVER);
    private static final String[] WKDAY = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTH = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    /** Character classes (one table lookup per octet in the loops below). */
    private static final int TOKEN = 1;
    private static final int LWS = 2;
    /** Ends the URI of an addr-spec: ';' ',' and LWS. */
    private static final int ADDR_STOP = 4;
    /** Not allowed in an addr-spec without angle brackets: '?' '<' '>' '"' (§20.10). */
    private static final int ADDR_BAD = 8;
    /** Host name characters (alphanum . - _). */
    private static final int HOST = 16;
    /** A parameter value that is a token or a host: token characters and ':' '[' ']'. */
    private static final int PVALUE = 32;
    /** URI scheme characters after the first (alphanum + - .). */
    private static final int SCHEME = 64;
    private static final byte[] CLS = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            int f = 0;
            if (SipParser.tokenChar((byte) c)) {
                f |= TOKEN | PVALUE;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                f |= LWS | ADDR_STOP;
            }
            if (c == ';' || c == ',') {
                f |= ADDR_STOP;
            }
            if (c == '?' || c == '<' || c == '>' || c == '"') {
                f |= ADDR_BAD;
            }
            if (alnum || c == '.' || c == '-' || c == '_') {
                f |= HOST;
            }
            if (c == ':' || c == '[' || c == ']') {
                f |= PVALUE;
            }
            if (alnum || c == '+' || c == '-' || c == '.') {
                f |= SCHEME;
            }
            CLS[c] = (byte) f;
        }
    }

    private static boolean is(byte c, int cls) {
        return (CLS[c & 0xFF] & cls) != 0;
    }

    private SipValidator() {
    }

    private static int bit(int id) {
        return 1 << id;
    }

    /** Checks the fields of a message whose start line was parsed; {@code complete}: its head ended. */
    static void message(byte[] b, SipMessageView v, boolean complete) {
        int seen = 0;
        boolean duplicate = false;
        for (int h = 0; h < v.headerCount; h++) {
            int id = v.headerId[h];
            int s = v.valueOff[h];
            int e = s + v.valueLen[h];
            switch (id) {
                case SipHeaders.VIA:
                    if (!viaList(b, s, e)) {
                        v.addEvent(INVALID_VIA);
                    }
                    break;
                case SipHeaders.FROM:
                case SipHeaders.TO:
                    if (!addressList(b, s, e, false)) {
                        v.addEvent(INVALID_ADDRESS);
                    }
                    break;
                case SipHeaders.CONTACT:
                    if (!addressList(b, s, e, true)) {
                        v.addEvent(INVALID_ADDRESS);
                    }
                    break;
                case SipHeaders.DATE:
                    if (!date(b, s, e)) {
                        v.addEvent(INVALID_DATE);
                    }
                    break;
                default:
                    break;
            }
            if (id < 32) {
                int m = bit(id);
                if ((SINGLE & m & seen) != 0) {
                    duplicate = true;
                }
                if ((LOGGED & m) != 0 && e - s > SipMessageView.MAX_STRING) {
                    v.addEvent(VALUE_TOO_LONG);
                }
                seen |= m;
            }
        }
        if (duplicate) {
            v.addEvent(DUPLICATE_HEADER);
        }
        if (v.request && v.uriLen > SipMessageView.MAX_STRING) {
            v.addEvent(VALUE_TOO_LONG);
        }
        if (v.request && v.cseq >= 0 && !sameBytes(b, v.methodOff, v.methodLen, v.cseqMethodOff, v.cseqMethodLen)) {
            v.addEvent(CSEQ_METHOD_MISMATCH);
        }
        if (complete && !v.fieldsDropped && (seen & MANDATORY) != MANDATORY) {
            v.addEvent(MISSING_HEADER);
        }
    }

    private static boolean sameBytes(byte[] b, int a, int an, int c, int cn) {
        if (an != cn) {
            return false;
        }
        for (int i = 0; i < an; i++) {
            if (b[a + i] != b[c + i]) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- Request-URI

    /**
     * Request-URI = SIP-URI / SIPS-URI / absoluteURI (§25.1): a scheme and ':', no LWS; a SIP or
     * SIPS Request-URI carries no headers ('?' after the host part, §19.1.1 table).
     */
    static boolean requestUri(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            if (b[i] == ' ' || b[i] == '\t') {
                return false;
            }
        }
        int colon = schemeEnd(b, s, e);
        if (colon < 0) {
            return false;
        }
        boolean sip = (colon - s == 3 && SipHeaders.equalsIgnoreCase(b, s, "sip"))
            || (colon - s == 4 && SipHeaders.equalsIgnoreCase(b, s, "sips"));
        if (!sip) {
            return true;
        }
        int host = colon + 1;
        for (int i = e - 1; i > colon; i--) {
            if (b[i] == '@') {
                host = i + 1; // userinfo may hold '?', ';', ',' (user-unreserved); it ends at the last '@'
                break;
            }
        }
        for (int i = host; i < e; i++) {
            if (b[i] == '?') {
                return false;
            }
        }
        return host < e;
    }

    /** The offset of the ':' ending a URI scheme (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), §25.1) at s, or -1. */
    private static int schemeEnd(byte[] b, int s, int e) {
        if (s >= e || !alpha(b[s])) {
            return -1;
        }
        int i = s + 1;
        while (i < e && is(b[i], SCHEME)) {
            i++;
        }
        return i < e && b[i] == ':' ? i : -1;
    }

    private static boolean alpha(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    // ---------------------------------------------------------------- Via

    /** Via = 1#via-parm (§20.42): comma-separated, each element non-empty. */
    static boolean viaList(byte[] b, int s, int e) {
        int i = s;
        while (true) {
            i = viaParm(b, i, e);
            if (i < 0) {
                return false;
            }
            i = lws(b, i, e);
            if (i == e) {
                return true;
            }
            if (b[i] != ',') {
                return false;
            }
            i++;
        }
    }

    /** via-parm = sent-protocol LWS sent-by *( SEMI via-params ); returns the end or -1. */
    private static int viaParm(byte[] b, int i, int e) {
        i = lws(b, i, e);
        for (int part = 0; part < 3; part++) {
            if (part > 0) {
                i = lws(b, i, e);
                if (i >= e || b[i] != '/') {
                    return -1;
                }
                i = lws(b, i + 1, e);
            }
            int t = token(b, i, e);
            if (t == i) {
                return -1;
            }
            i = t;
        }
        int k = lws(b, i, e);
        if (k == i) {
            return -1;
        }
        i = k;
        int h = host(b, i, e);
        if (h == i) {
            return -1;
        }
        i = h;
        k = lws(b, i, e);
        if (k < e && b[k] == ':') {
            k = lws(b, k + 1, e);
            int p = k;
            while (k < e && b[k] >= '0' && b[k] <= '9') {
                k++;
            }
            if (k == p) {
                return -1;
            }
            i = k;
        }
        return params(b, i, e);
    }

    /** host = hostname / IPv4address / IPv6reference (§25.1), liberally: [alnum . - _] or a bracketed IPv6. */
    private static int host(byte[] b, int i, int e) {
        if (i < e && b[i] == '[') {
            int k = i + 1;
            while (k < e && b[k] != ']') {
                if (!hex(b[k]) && b[k] != ':' && b[k] != '.') {
                    return i;
                }
                k++;
            }
            return k < e ? k + 1 : i;
        }
        int k = i;
        while (k < e && is(b[k], HOST)) {
            k++;
        }
        return k;
    }

    private static boolean hex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * *( SEMI generic-param ), generic-param = token [ EQUAL gen-value ], gen-value = token / host /
     * quoted-string (§25.1; SEMI and EQUAL allow LWS around). Returns the end or -1 (empty
     * parameter, unterminated quoted value, empty value).
     */
    private static int params(byte[] b, int i, int e) {
        while (true) {
            int k = lws(b, i, e);
            if (k >= e || b[k] != ';') {
                return i;
            }
            k = lws(b, k + 1, e);
            int t = token(b, k, e);
            if (t == k) {
                return -1;
            }
            i = t;
            k = lws(b, t, e);
            if (k < e && b[k] == '=') {
                k = lws(b, k + 1, e);
                if (k < e && b[k] == '"') {
                    int q = quoted(b, k, e);
                    if (q < 0) {
                        return -1;
                    }
                    i = q;
                } else {
                    int x = k;
                    while (x < e && is(b[x], PVALUE)) {
                        x++;
                    }
                    if (x == k) {
                        return -1;
                    }
                    i = x;
                }
            }
        }
    }

    // ---------------------------------------------------------------- From / To / Contact

    /**
     * From, To (one value) or Contact ({@code list}: "*" or comma-separated values, §20.10):
     * each ( name-addr / addr-spec ) *( SEMI generic-param ).
     */
    static boolean addressList(byte[] b, int s, int e, boolean list) {
        int i = lws(b, s, e);
        int end = e;
        while (end > i && SipParser.isLws(b[end - 1])) {
            end--;
        }
        if (list && end - i == 1 && b[i] == '*') {
            return true;
        }
        while (true) {
            i = address(b, i, end, list);
            if (i < 0) {
                return false;
            }
            i = lws(b, i, end);
            if (i == end) {
                return true;
            }
            if (!list || b[i] != ',') {
                return false;
            }
            i++;
        }
    }

    /** One ( name-addr / addr-spec ) *( SEMI generic-param ) from i; the end or -1. */
    private static int address(byte[] b, int i, int e, boolean list) {
        i = lws(b, i, e);
        if (i >= e) {
            return -1;
        }
        int lt;
        if (b[i] == '"') {
            int q = quoted(b, i, e);
            if (q < 0) {
                return -1; // RFC 4475 §3.1.2.6
            }
            lt = lws(b, q, e);
            if (lt >= e || b[lt] != '<') {
                return -1;
            }
        } else {
            // display-name = *(token LWS) (no LWS before '<' accepted: RFC 4475 §3.1.1.6)
            lt = i;
            while (lt < e && is(b[lt], TOKEN | LWS)) {
                lt++;
            }
            if (lt >= e || b[lt] != '<') {
                return addrSpec(b, i, e, list);
            }
        }
        int gt = lt + 1;
        while (gt < e) {
            byte c = b[gt];
            if (c == '>') {
                break;
            }
            if (c <= ' ' && is(c, LWS)) {
                return -1; // RFC 4475 §3.1.2.14
            }
            gt++;
        }
        if (gt >= e || schemeEnd(b, lt + 1, gt) < 0) {
            return -1;
        }
        return params(b, gt + 1, e);
    }

    /**
     * addr-spec without angle brackets: its URI ends at ';' (header parameters follow), and must
     * not contain ',', '?' or ';' itself (§20.10: such a URI needs <>; RFC 4475 §3.1.2.13).
     */
    private static int addrSpec(byte[] b, int i, int e, boolean list) {
        int c = schemeEnd(b, i, e);
        if (c < 0) {
            return -1; // RFC 4475 §3.1.2.15: "Bell, Alexander <sip:...>" unquoted
        }
        int k = c + 1;
        while (k < e) {
            int f = CLS[b[k] & 0xFF];
            if ((f & ADDR_STOP) != 0) {
                break;
            }
            if ((f & ADDR_BAD) != 0) {
                return -1;
            }
            k++;
        }
        if (k == c + 1) {
            return -1;
        }
        return params(b, k, e);
    }

    // ---------------------------------------------------------------- lexical helpers

    /** The offset after the quoted-string at b[i] == '"' (quoted-pair honoured), or -1 when unterminated. */
    static int quoted(byte[] b, int i, int e) {
        int k = i + 1;
        while (k < e) {
            byte c = b[k];
            if (c == '\\') {
                if (k + 1 >= e || b[k + 1] == '\r' || b[k + 1] == '\n') {
                    return -1;
                }
                k += 2;
                continue;
            }
            if (c == '"') {
                return k + 1;
            }
            k++;
        }
        return -1;
    }

    private static int token(byte[] b, int i, int e) {
        while (i < e && is(b[i], TOKEN)) {
            i++;
        }
        return i;
    }

    /** Skips SP, HT and the CRLF of folded lines. */
    private static int lws(byte[] b, int i, int e) {
        while (i < e && b[i] <= ' ' && is(b[i], LWS)) {
            i++;
        }
        return i;
    }

    // ---------------------------------------------------------------- Date

    /** rfc1123-date = wkday "," SP date1 SP time SP "GMT" (§25.1), e.g. "Sat, 13 Nov 2010 23:29:00 GMT". */
    static boolean date(byte[] b, int s, int e) {
        if (e - s != 29 || b[s + 3] != ',' || b[s + 4] != ' ' || b[s + 7] != ' ' || b[s + 11] != ' '
            || b[s + 16] != ' ' || b[s + 19] != ':' || b[s + 22] != ':' || b[s + 25] != ' '
            || b[s + 26] != 'G' || b[s + 27] != 'M' || b[s + 28] != 'T') {
            return false;
        }
        return oneOf(b, s, WKDAY) && oneOf(b, s + 8, MONTH) && digits(b, s + 5, 2) && digits(b, s + 12, 4)
            && digits(b, s + 17, 2) && digits(b, s + 20, 2) && digits(b, s + 23, 2);
    }

    private static boolean oneOf(byte[] b, int s, String[] names) {
        for (String n : names) {
            if (b[s] == n.charAt(0) && b[s + 1] == n.charAt(1) && b[s + 2] == n.charAt(2)) {
                return true;
            }
        }
        return false;
    }

    private static boolean digits(byte[] b, int s, int n) {
        for (int i = s; i < s + n; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }
}
