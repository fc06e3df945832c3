package dev.vigil.protocol.sdp;

import dev.vigil.protocol.DecodeEventType;
import java.nio.charset.StandardCharsets;

/**
 * One SDP session description as parsed by {@link SdpParser}: offsets into the caller's byte
 * array and small numbers, valid until the bytes are overwritten or the view is reused. Strings are
 * built only by the accessors that return them (fields that leave the process), each cut at
 * {@link #MAX_STRING} bytes.
 *
 * <p>Values live per <em>level</em>: the session level (RFC 8866 §5, before the first {@code m=})
 * and one level per media description. Accessors taking a media index {@code i} return the value
 * that applies to that media: its own line when it has one, else the session's (connection §5.7,
 * direction §6.7, fingerprint RFC 8122 §5, setup, key management); pass {@link #SESSION} for the
 * session level alone.
 *
 * <p>Key material is never held: for {@code a=crypto} (RFC 4568 §9.1) only the crypto suite and
 * whether inline keys were present are kept, for {@code a=fingerprint} only the hash function,
 * for {@code a=key-mgmt} (RFC 4567) only its presence.
 */
public final class SdpView {
    /** Longest string an accessor returns (bytes); longer values are cut. */
    public static final int MAX_STRING = 256;
    /** Decode events kept per parse (each key once). */
    static final int MAX_EVENTS = 16;
    /** The media index of the session level. */
    public static final int SESSION = -1;

    /** No connection line, or a network type other than IN. */
    public static final int ADDR_NONE = 0;
    /** A host name rather than an address literal (allowed by RFC 8866 §5.7). */
    public static final int ADDR_FQDN = 1;
    public static final int ADDR_IP4 = 4;
    public static final int ADDR_IP6 = 6;

    /** Direction attributes (RFC 8866 §6.7 and RFC 3264 §5.1); none given means sendrecv. */
    public static final int DIR_SENDRECV = 1;
    public static final int DIR_SENDONLY = 2;
    public static final int DIR_RECVONLY = 3;
    public static final int DIR_INACTIVE = 4;
    private static final String[] DIRECTIONS = {null, "sendrecv", "sendonly", "recvonly", "inactive"};

    /**
     * How the keys of a media stream are exchanged, weakest first: plain RTP ({@code none}); an SRTP
     * profile with no keying we recognise ({@code unknown}); MIKEY ({@code a=key-mgmt}, RFC 4567);
     * SDES ({@code a=crypto}, RFC 4568: the keys travel in the signalling); DTLS-SRTP
     * ({@code a=fingerprint} and a UDP/TLS profile, RFC 5763/5764).
     */
    public static final int KEYING_NONE = 0;
    public static final int KEYING_UNKNOWN = 1;
    public static final int KEYING_MIKEY = 2;
    public static final int KEYING_SDES = 3;
    public static final int KEYING_DTLS = 4;
    private static final String[] KEYINGS = {"none", "unknown", "mikey", "sdes", "dtls"};

    /** Profile flags of an {@code m=} line's proto field. */
    static final int PROTO_RTP = 1;
    static final int PROTO_SRTP = 2;
    static final int PROTO_DTLS = 4;
    static final int PROTO_FEEDBACK = 8;
    static final int PROTO_TCP = 16;

    final int maxMedia;
    final int maxFormats;
    final int maxCrypto;

    byte[] buf;
    boolean valid;
    int version;
    int lines;

    // o= (session level only)
    boolean hasOrigin;
    int originUserOff;
    int originUserLen;
    int originSessionOff;
    int originSessionLen;
    int originAddrOff;
    int originAddrLen;
    int originKind;
    long originHi;
    long originLo;

    // per level: index 0 is the session, media i is i + 1
    final int[] connKind;
    final long[] connHi;
    final long[] connLo;
    final int[] connTtl;
    final int[] connCount;
    final int[] connOff;
    final int[] connLen;
    final int[] direction;
    final int[] fingerprintOff;
    final int[] fingerprintLen;
    final int[] setupOff;
    final int[] setupLen;
    final boolean[] rtcpMux;
    final int[] rtcpPort;
    final boolean[] keyMgmt;
    final int[] cryptoCount;
    final int[] cryptoSuiteOff;
    final int[] cryptoSuiteLen;
    final boolean[] cryptoKeys;

    // per media
    int mediaCount;
    final int[] mediaTypeOff;
    final int[] mediaTypeLen;
    final int[] port;
    final int[] portCount;
    final int[] protoOff;
    final int[] protoLen;
    final int[] protoFlags;
    final int[] formatCount;
    // per media and format slot: [i * maxFormats + k]
    final int[] payloadType;
    final int[] encodingOff;
    final int[] encodingLen;
    final int[] clockRate;
    final int[] channels;

    final DecodeEventType[] events = new DecodeEventType[MAX_EVENTS];
    int eventCount;

    SdpView(int maxMedia, int maxFormats, int maxCrypto) {
        this.maxMedia = maxMedia;
        this.maxFormats = maxFormats;
        this.maxCrypto = maxCrypto;
        int levels = maxMedia + 1;
        connKind = new int[levels];
        connHi = new long[levels];
        connLo = new long[levels];
        connTtl = new int[levels];
        connCount = new int[levels];
        connOff = new int[levels];
        connLen = new int[levels];
        direction = new int[levels];
        fingerprintOff = new int[levels];
        fingerprintLen = new int[levels];
        setupOff = new int[levels];
        setupLen = new int[levels];
        rtcpMux = new boolean[levels];
        rtcpPort = new int[levels];
        keyMgmt = new boolean[levels];
        cryptoCount = new int[levels];
        cryptoSuiteOff = new int[levels * maxCrypto];
        cryptoSuiteLen = new int[levels * maxCrypto];
        cryptoKeys = new boolean[levels * maxCrypto];
        mediaTypeOff = new int[maxMedia];
        mediaTypeLen = new int[maxMedia];
        port = new int[maxMedia];
        portCount = new int[maxMedia];
        protoOff = new int[maxMedia];
        protoLen = new int[maxMedia];
        protoFlags = new int[maxMedia];
        formatCount = new int[maxMedia];
        payloadType = new int[maxMedia * maxFormats];
        encodingOff = new int[maxMedia * maxFormats];
        encodingLen = new int[maxMedia * maxFormats];
        clockRate = new int[maxMedia * maxFormats];
        channels = new int[maxMedia * maxFormats];
    }

    void clear(byte[] b) {
        buf = b;
        valid = false;
        version = -1;
        lines = 0;
        hasOrigin = false;
        originUserOff = originUserLen = originSessionOff = originSessionLen = originAddrOff = originAddrLen = 0;
        originKind = ADDR_NONE;
        originHi = originLo = 0;
        clearLevel(0);
        mediaCount = 0;
        eventCount = 0;
    }

    /** Resets one level before it is filled (the session at the start, a media at its m= line). */
    void clearLevel(int level) {
        connKind[level] = ADDR_NONE;
        connHi[level] = connLo[level] = 0;
        connTtl[level] = -1;
        connCount[level] = 1;
        connOff[level] = connLen[level] = 0;
        direction[level] = 0;
        fingerprintOff[level] = fingerprintLen[level] = 0;
        setupOff[level] = setupLen[level] = 0;
        rtcpMux[level] = false;
        rtcpPort[level] = -1;
        keyMgmt[level] = false;
        cryptoCount[level] = 0;
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

    /** True when the body started with a {@code v=} line (RFC 8866 §5.1) and was parsed. */
    public boolean valid() {
        return valid;
    }

    /** The protocol version of the {@code v=} line (0), or -1 when it was not a number. */
    public int version() {
        return version;
    }

    /** Non-empty lines read (at most the parser's line cap). */
    public int lines() {
        return lines;
    }

    // ---------------------------------------------------------------- origin (RFC 8866 §5.2)

    public boolean hasOrigin() {
        return hasOrigin;
    }

    /** The origin's username ("-" when the host has no user ids), or null. */
    public String originUsername() {
        return hasOrigin ? ascii(originUserOff, originUserLen) : null;
    }

    /** The origin's sess-id (a numeric string, kept as text: it may exceed a long), or null. */
    public String originSessionId() {
        return hasOrigin ? ascii(originSessionOff, originSessionLen) : null;
    }

    /** The origin's unicast-address as written (an address literal or a host name), or null. */
    public String originAddress() {
        return hasOrigin ? ascii(originAddrOff, originAddrLen) : null;
    }

    /** {@link #ADDR_IP4}, {@link #ADDR_IP6}, {@link #ADDR_FQDN} or {@link #ADDR_NONE}. */
    public int originAddressKind() {
        return originKind;
    }

    public long originHi() {
        return originHi;
    }

    public long originLo() {
        return originLo;
    }

    // ---------------------------------------------------------------- media (RFC 8866 §5.14)

    /** Media descriptions kept (at most the parser's media cap). */
    public int mediaCount() {
        return mediaCount;
    }

    /** "audio", "video", "image", "application", "text", "message" ... */
    public String mediaType(int i) {
        return ascii(mediaTypeOff[i], mediaTypeLen[i]);
    }

    /** The transport port, 0 for a rejected or disabled stream (RFC 3264 §6), -1 when unreadable. */
    public int port(int i) {
        return port[i];
    }

    /** The number of ports of {@code <port>/<number of ports>}, 1 when absent. */
    public int portCount(int i) {
        return portCount[i];
    }

    /** The transport protocol as written: RTP/AVP, RTP/SAVPF, UDP/TLS/RTP/SAVPF, udptl ... */
    public String profile(int i) {
        return ascii(protoOff[i], protoLen[i]);
    }

    /** The profile carries RTP (RTP/AVP, RTP/AVPF, RTP/SAVP(F), (UDP|TCP)/TLS/RTP/SAVP(F), TCP/RTP/AVP). */
    public boolean rtp(int i) {
        return (protoFlags[i] & PROTO_RTP) != 0;
    }

    /** The profile is secure RTP: RTP/SAVP or RTP/SAVPF (RFC 3711, RFC 5124), alone or under (D)TLS. */
    public boolean srtp(int i) {
        return (protoFlags[i] & PROTO_SRTP) != 0;
    }

    /** The profile is DTLS-SRTP: UDP/TLS/..., TCP/TLS/... or TCP/DTLS/... (RFC 5764 §8, RFC 7850). */
    public boolean dtlsProfile(int i) {
        return (protoFlags[i] & PROTO_DTLS) != 0;
    }

    /** The profile runs over TCP (RFC 4571 framing), not UDP. */
    public boolean tcp(int i) {
        return (protoFlags[i] & PROTO_TCP) != 0;
    }

    /** Payload types kept for media {@code i} (RTP profiles only; other formats are not numbers). */
    public int formatCount(int i) {
        return formatCount[i];
    }

    public int payloadType(int i, int k) {
        return payloadType[i * maxFormats + k];
    }

    /** The encoding name of {@code a=rtpmap} for this payload type (RFC 8866 §6.6), or null. */
    public String rtpmapName(int i, int k) {
        int s = i * maxFormats + k;
        return encodingLen[s] > 0 ? ascii(encodingOff[s], encodingLen[s]) : null;
    }

    /** The rtpmap name, else the static assignment of RFC 3551 §6 for payload types below 35, else null. */
    public String encodingName(int i, int k) {
        String n = rtpmapName(i, k);
        return n != null ? n : dev.vigil.protocol.rtp.RtpPayloadTypes.staticName(payloadType(i, k));
    }

    /** The rtpmap clock rate in Hz, 0 when no rtpmap gave one. */
    public int clockRate(int i, int k) {
        return clockRate[i * maxFormats + k];
    }

    /** The rtpmap encoding parameters as a channel count, 0 when absent. */
    public int channels(int i, int k) {
        return channels[i * maxFormats + k];
    }

    // ---------------------------------------------------------------- connection (RFC 8866 §5.7)

    private int level(int i) {
        return i + 1;
    }

    /** The level whose connection applies to media {@code i}: its own, else the session's. */
    private int connLevel(int i) {
        int l = level(i);
        return l > 0 && connKind[l] == ADDR_NONE ? 0 : l;
    }

    /** True when media {@code i} has a c= line of its own ({@link #SESSION}: the session has one). */
    public boolean hasOwnConnection(int i) {
        return connKind[level(i)] != ADDR_NONE;
    }

    /** The kind of connection address that applies: {@link #ADDR_IP4}, {@link #ADDR_IP6}, FQDN or none. */
    public int connectionKind(int i) {
        return connKind[connLevel(i)];
    }

    /** The connection address as 128 bits (IPv4 as ::ffff:a.b.c.d, like PacketView), for literals. */
    public long connectionHi(int i) {
        return connHi[connLevel(i)];
    }

    public long connectionLo(int i) {
        return connLo[connLevel(i)];
    }

    /** The connection address as written, without /ttl or /count; null when none applies. */
    public String connectionAddress(int i) {
        int l = connLevel(i);
        return connKind[l] == ADDR_NONE ? null : ascii(connOff[l], connLen[l]);
    }

    /** The IPv4 multicast TTL, -1 when not given. */
    public int connectionTtl(int i) {
        return connTtl[connLevel(i)];
    }

    /** The number of addresses ({@code /<number>} after the address or the TTL), 1 when absent. */
    public int connectionCount(int i) {
        return connCount[connLevel(i)];
    }

    /** The connection address is an IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast group. */
    public boolean multicast(int i) {
        int l = connLevel(i);
        if (connKind[l] == ADDR_IP4) {
            int first = (int) (connLo[l] >>> 24) & 0xFF;
            return first >= 224 && first <= 239;
        }
        return connKind[l] == ADDR_IP6 && (connHi[l] >>> 56) == 0xFF;
    }

    /** The connection address is the unspecified one (0.0.0.0 or ::): RFC 2543 style hold, no media. */
    public boolean unspecified(int i) {
        int l = connLevel(i);
        return (connKind[l] == ADDR_IP4 && (connLo[l] & 0xFFFF_FFFFL) == 0)
            || (connKind[l] == ADDR_IP6 && connHi[l] == 0 && connLo[l] == 0);
    }

    // ---------------------------------------------------------------- attributes

    /** {@link #DIR_SENDRECV} ... {@link #DIR_INACTIVE}: the media's attribute, else the session's, else sendrecv. */
    public int direction(int i) {
        int l = level(i);
        if (direction[l] != 0) {
            return direction[l];
        }
        return l > 0 && direction[0] != 0 ? direction[0] : DIR_SENDRECV;
    }

    public static String directionName(int d) {
        return d > 0 && d < DIRECTIONS.length ? DIRECTIONS[d] : null;
    }

    /** The hash function of the fingerprint that applies (RFC 8122 §5), lower case, or null. */
    public String fingerprintHash(int i) {
        int l = level(i);
        if (fingerprintLen[l] == 0 && l > 0) {
            l = 0;
        }
        return fingerprintLen[l] > 0 ? lower(fingerprintOff[l], fingerprintLen[l]) : null;
    }

    /** The DTLS role of {@code a=setup} (RFC 4145 §4: active, passive, actpass, holdconn), or null. */
    public String setup(int i) {
        int l = level(i);
        if (setupLen[l] == 0 && l > 0) {
            l = 0;
        }
        return setupLen[l] > 0 ? lower(setupOff[l], setupLen[l]) : null;
    }

    /** RTP and RTCP share the port ({@code a=rtcp-mux}, RFC 5761). */
    public boolean rtcpMux(int i) {
        return rtcpMux[level(i)] || rtcpMux[0];
    }

    /** The RTCP port of {@code a=rtcp} (RFC 3605), -1 when absent (then RTP port + 1). */
    public int rtcpPort(int i) {
        return rtcpPort[level(i)];
    }

    /** {@code a=crypto} lines kept at this level (RFC 4568 §9.1: media level). */
    public int cryptoCount(int i) {
        return cryptoCount[level(i)];
    }

    /** The crypto suite of the k-th {@code a=crypto} line, e.g. AES_CM_128_HMAC_SHA1_80. */
    public String cryptoSuite(int i, int k) {
        int s = level(i) * maxCrypto + k;
        return ascii(cryptoSuiteOff[s], cryptoSuiteLen[s]);
    }

    /** The k-th {@code a=crypto} line carried an inline key (the key itself is never kept). */
    public boolean cryptoKeysPresent(int i, int k) {
        return cryptoKeys[level(i) * maxCrypto + k];
    }

    /** How the keys of media {@code i} are exchanged: {@link #KEYING_NONE} ... {@link #KEYING_DTLS}. */
    public int keying(int i) {
        int l = level(i);
        boolean fingerprint = fingerprintLen[l] > 0 || fingerprintLen[0] > 0;
        if (dtlsProfile(i) || (srtp(i) && fingerprint)) {
            return KEYING_DTLS;
        }
        if (cryptoCount[l] > 0 || cryptoCount[0] > 0) {
            return KEYING_SDES;
        }
        if (keyMgmt[l] || keyMgmt[0]) {
            return KEYING_MIKEY;
        }
        return srtp(i) ? KEYING_UNKNOWN : KEYING_NONE;
    }

    public static String keyingName(int k) {
        return KEYINGS[k];
    }

    /**
     * Media {@code i} is (or is offered as) SRTP: an SRTP profile, or keys offered for plain
     * RTP/AVP (best-effort SRTP with {@code a=crypto}).
     */
    public boolean encrypted(int i) {
        return srtp(i) || keying(i) != KEYING_NONE;
    }

    /**
     * The weakest keying over the RTP media with a non-zero port (all RTP media when every port is
     * 0), or -1 when there is no RTP media: one plain stream next to an SRTP one makes the session
     * "none".
     */
    public int sessionKeying() {
        int weakest = -1;
        for (int pass = 0; pass < 2 && weakest < 0; pass++) {
            for (int i = 0; i < mediaCount; i++) {
                if (rtp(i) && (pass == 1 || port[i] > 0)) {
                    int k = keying(i);
                    weakest = weakest < 0 ? k : Math.min(weakest, k);
                }
            }
        }
        return weakest;
    }

    /** The first fingerprint hash function at any level (session first), or null. */
    public String anyFingerprintHash() {
        String h = fingerprintHash(SESSION);
        for (int i = 0; h == null && i < mediaCount; i++) {
            h = fingerprintHash(i);
        }
        return h;
    }

    // ---------------------------------------------------------------- strings

    private String ascii(int off, int len) {
        int n = Math.min(len, MAX_STRING);
        return n <= 0 ? "" : new String(buf, off, n, StandardCharsets.UTF_8);
    }

    private String lower(int off, int len) {
        return ascii(off, len).toLowerCase(java.util.Locale.ROOT);
    }
}
