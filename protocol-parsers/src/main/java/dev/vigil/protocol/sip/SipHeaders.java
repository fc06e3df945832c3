package dev.vigil.protocol.sip;

/**
 * The SIP header fields the decoder reads, by a small id; long names compared case-insensitively,
 * compact forms from RFC 3261 §7.3.3 and the IANA registry (RFC 3515 o, RFC 4028 x, RFC 3841 y/j...).
 */
public final class SipHeaders {
    public static final int OTHER = 0;
    public static final int CALL_ID = 1;        // i
    public static final int FROM = 2;           // f
    public static final int TO = 3;             // t
    public static final int VIA = 4;            // v
    public static final int CONTACT = 5;        // m
    public static final int CONTENT_LENGTH = 6; // l
    public static final int CONTENT_TYPE = 7;   // c
    public static final int SUPPORTED = 8;      // k
    public static final int SUBJECT = 9;        // s
    public static final int CONTENT_ENCODING = 10; // e
    public static final int EVENT = 11;         // o
    public static final int ALLOW_EVENTS = 12;  // u
    public static final int REFER_TO = 13;      // r
    public static final int REFERRED_BY = 14;   // b
    public static final int SESSION_EXPIRES = 15; // x
    public static final int CSEQ = 16;
    public static final int USER_AGENT = 17;
    public static final int SERVER = 18;
    public static final int AUTHORIZATION = 19;
    public static final int PROXY_AUTHORIZATION = 20;
    public static final int WWW_AUTHENTICATE = 21;
    public static final int PROXY_AUTHENTICATE = 22;
    public static final int MAX_FORWARDS = 23;
    public static final int DATE = 24;

    private static final String[] LONG = {
        null, "call-id", "from", "to", "via", "contact", "content-length", "content-type", "supported", "subject",
        "content-encoding", "event", "allow-events", "refer-to", "referred-by", "session-expires", "cseq",
        "user-agent", "server", "authorization", "proxy-authorization", "www-authenticate", "proxy-authenticate",
        "max-forwards", "date"};
    private static final int[] COMPACT = new int[128];
    /** The long names as lower-case octets, and the ids by name length: one header name costs few compares. */
    private static final byte[][] LOWER = new byte[LONG.length][];
    private static final int[][] BY_LENGTH;

    static {
        int max = 0;
        for (int id = 1; id < LONG.length; id++) {
            LOWER[id] = LONG[id].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            max = Math.max(max, LOWER[id].length);
        }
        BY_LENGTH = new int[max + 1][];
        for (int n = 0; n <= max; n++) {
            int count = 0;
            for (int id = 1; id < LONG.length; id++) {
                count += LOWER[id].length == n ? 1 : 0;
            }
            BY_LENGTH[n] = new int[count];
            count = 0;
            for (int id = 1; id < LONG.length; id++) {
                if (LOWER[id].length == n) {
                    BY_LENGTH[n][count++] = id;
                }
            }
        }
    }

    static {
        COMPACT['i'] = CALL_ID;
        COMPACT['f'] = FROM;
        COMPACT['t'] = TO;
        COMPACT['v'] = VIA;
        COMPACT['m'] = CONTACT;
        COMPACT['l'] = CONTENT_LENGTH;
        COMPACT['c'] = CONTENT_TYPE;
        COMPACT['k'] = SUPPORTED;
        COMPACT['s'] = SUBJECT;
        COMPACT['e'] = CONTENT_ENCODING;
        COMPACT['o'] = EVENT;
        COMPACT['u'] = ALLOW_EVENTS;
        COMPACT['r'] = REFER_TO;
        COMPACT['b'] = REFERRED_BY;
        COMPACT['x'] = SESSION_EXPIRES;
    }

    private SipHeaders() {
    }

    /** The id of the header named b[off, off+len), {@link #OTHER} when not one we read. */
    public static int id(byte[] b, int off, int len) {
        if (len == 1) {
            int c = b[off] | 0x20;
            return c >= 0 && c < 128 ? COMPACT[c] : OTHER;
        }
        if (len >= BY_LENGTH.length) {
            return OTHER;
        }
        for (int id : BY_LENGTH[len]) {
            byte[] n = LOWER[id];
            int k = 0;
            while (k < len) {
                int c = b[off + k];
                if (c >= 'A' && c <= 'Z') {
                    c += 32;
                }
                if (c != n[k]) {
                    break;
                }
                k++;
            }
            if (k == len) {
                return id;
            }
        }
        return OTHER;
    }

    /** The long lower-case name of an id. */
    public static String name(int id) {
        return LONG[id];
    }

    static boolean equalsIgnoreCase(byte[] b, int off, String lower) {
        for (int k = 0; k < lower.length(); k++) {
            int c = b[off + k] & 0xFF;
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
