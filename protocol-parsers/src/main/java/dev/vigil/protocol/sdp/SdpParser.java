package dev.vigil.protocol.sdp;

import dev.vigil.protocol.DecodeEventType;

/**
 * SDP parser (RFC 8866, which obsoletes RFC 4566): the parts a passive sensor needs to recognise
 * the media a call sets up and how it is protected. Pure and allocation free: it fills a
 * caller-owned {@link SdpView} with offsets into the caller's byte array.
 *
 * <pre>
 *  v=0                                                     §5.1  (first line)
 *  o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; IN IP4|IP6 &lt;address&gt;   §5.2
 *  c=IN IP4|IP6 &lt;address&gt;[/&lt;ttl&gt;][/&lt;number&gt;]                  §5.7  (session or media level)
 *  m=&lt;media&gt; &lt;port&gt;[/&lt;number&gt;] &lt;proto&gt; &lt;fmt&gt; ...                §5.14 (starts a media level)
 *  a=rtpmap:&lt;pt&gt; &lt;name&gt;/&lt;clock rate&gt;[/&lt;channels&gt;]                 §6.6
 *  a=sendrecv | sendonly | recvonly | inactive                §6.7
 *  a=crypto:&lt;tag&gt; &lt;suite&gt; inline:&lt;key||salt&gt;[|...] [params]      RFC 4568 §9.1 (suite and "keys present" only)
 *  a=fingerprint:&lt;hash-func&gt; &lt;fingerprint&gt;                      RFC 8122 §5   (hash function only)
 *  a=setup:active|passive|actpass|holdconn                    RFC 4145 §4
 *  a=rtcp-mux, a=rtcp:&lt;port&gt;, a=key-mgmt:&lt;prtcl&gt; &lt;data&gt;        RFC 5761, RFC 3605, RFC 4567
 * </pre>
 *
 * Lines end with CRLF or a bare LF (§5: a parser should accept both). Other line types and
 * attributes are skipped. Invalid input never throws: it records decode events in the view; caps
 * on lines, media descriptions, payload types per media and crypto lines per level bound the work
 * and each has an overflow event.
 */
public final class SdpParser {
    public static final DecodeEventType INVALID_VERSION = DecodeEventType.register("sdp.invalid_version",
        "SDP body does not start with a 'v=' line, or its version is not 0 (RFC 8866 §5.1); without 'v=' the "
            + "body is not parsed", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_LINE = DecodeEventType.register("sdp.invalid_line",
        "SDP line not of the form '<type>=<value>' with a lower-case letter type (RFC 8866 §5); line skipped",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_ORIGIN = DecodeEventType.register("sdp.invalid_origin",
        "SDP 'o=' line without its six fields (RFC 8866 §5.2); origin not kept", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_CONNECTION = DecodeEventType.register("sdp.invalid_connection",
        "SDP 'c=' line without nettype, addrtype and address, or with an address literal, TTL or count that "
            + "does not parse (RFC 8866 §5.7); connection not kept", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_MEDIA = DecodeEventType.register("sdp.invalid_media",
        "SDP 'm=' line without media, port and proto, with a port that is not 0-65535, or an RTP format that "
            + "is not a payload type 0-127 (RFC 8866 §5.14); the field is not kept", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_RTPMAP = DecodeEventType.register("sdp.invalid_rtpmap",
        "SDP 'a=rtpmap' not '<payload type> <encoding name>/<clock rate>[/<parameters>]' (RFC 8866 §6.6)",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_CRYPTO = DecodeEventType.register("sdp.invalid_crypto",
        "SDP 'a=crypto' not '<tag> <crypto-suite> <key-params>' (RFC 4568 §9.1); not kept",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType TOO_MANY_LINES = DecodeEventType.register("sdp.too_many_lines",
        "More SDP lines than the configured cap; the rest of the body is not read", DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TOO_MANY_MEDIA = DecodeEventType.register("sdp.too_many_media",
        "More SDP media descriptions ('m=') than the configured cap; the extra ones and their lines are skipped",
        DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TOO_MANY_FORMATS = DecodeEventType.register("sdp.too_many_formats",
        "More payload types on one SDP 'm=' line than the configured cap; the extra ones are not kept",
        DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TOO_MANY_CRYPTO = DecodeEventType.register("sdp.too_many_crypto",
        "More 'a=crypto' lines in one SDP media description than the configured cap; the extra ones are not kept",
        DecodeEventType.KIND_OVERFLOW);

    public static final int DEFAULT_MAX_LINES = 256;
    public static final int DEFAULT_MAX_MEDIA = 8;
    public static final int DEFAULT_MAX_FORMATS = 32;
    public static final int DEFAULT_MAX_CRYPTO = 4;

    private final int maxLines;
    private final int maxMedia;
    private final int maxFormats;
    private final int maxCrypto;
    /** Scratch for IPv6 literal groups. */
    private final int[] groups = new int[8];
    private long addrHi;
    private long addrLo;

    public SdpParser() {
        this(DEFAULT_MAX_LINES, DEFAULT_MAX_MEDIA, DEFAULT_MAX_FORMATS, DEFAULT_MAX_CRYPTO);
    }

    /**
     * @param maxLines   non-empty lines read per body
     * @param maxMedia   media descriptions kept
     * @param maxFormats payload types kept per media description
     * @param maxCrypto  {@code a=crypto} lines kept per level
     */
    public SdpParser(int maxLines, int maxMedia, int maxFormats, int maxCrypto) {
        if (maxLines < 1 || maxMedia < 1 || maxFormats < 1 || maxCrypto < 1) {
            throw new IllegalArgumentException("bad SDP parser caps");
        }
        this.maxLines = maxLines;
        this.maxMedia = maxMedia;
        this.maxFormats = maxFormats;
        this.maxCrypto = maxCrypto;
    }

    public SdpView newView() {
        return new SdpView(maxMedia, maxFormats, maxCrypto);
    }

    /**
     * Parses the body in {@code b[off, off+len)}. Returns {@link SdpView#valid()}: false when the
     * first line is not {@code v=} (then nothing else is read).
     */
    public boolean parse(byte[] b, int off, int len, SdpView v) {
        v.clear(b);
        int end = off + Math.max(0, Math.min(len, b.length - off));
        int pos = off;
        int level = 0;
        boolean skipping = false;
        while (pos < end) {
            int ls = pos;
            int le = ls;
            while (le < end && b[le] != '\n') {
                le++;
            }
            pos = le < end ? le + 1 : end;
            int e = le;
            while (e > ls && (b[e - 1] == '\r' || b[e - 1] == ' ' || b[e - 1] == '\t')) {
                e--; // CR of CRLF and trailing white space
            }
            if (e == ls) {
                continue; // an empty line (a trailing CRLF): tolerated
            }
            if (v.lines == maxLines) {
                v.addEvent(TOO_MANY_LINES);
                break;
            }
            v.lines++;
            if (v.lines == 1) {
                if (e - ls < 2 || b[ls] != 'v' || b[ls + 1] != '=') {
                    v.addEvent(INVALID_VERSION);
                    return false;
                }
                v.version = number(b, ls + 2, e, 9);
                if (v.version != 0) {
                    v.addEvent(INVALID_VERSION);
                }
                continue;
            }
            if (e - ls < 2 || b[ls + 1] != '=' || b[ls] < 'a' || b[ls] > 'z') {
                v.addEvent(INVALID_LINE);
                continue;
            }
            int vs = ls + 2;
            switch (b[ls]) {
                case 'o':
                    if (level == 0 && !v.hasOrigin) {
                        origin(b, vs, e, v);
                    }
                    break;
                case 'c':
                    if (!skipping) {
                        connection(b, vs, e, v, level);
                    }
                    break;
                case 'm':
                    if (v.mediaCount == maxMedia) {
                        v.addEvent(TOO_MANY_MEDIA);
                        skipping = true;
                        break;
                    }
                    level = ++v.mediaCount;
                    v.clearLevel(level);
                    media(b, vs, e, v, level - 1);
                    break;
                case 'a':
                    if (!skipping) {
                        attribute(b, vs, e, v, level);
                    }
                    break;
                default:
                    break; // s, i, u, e, p, b, t, r, z, k: not needed
            }
        }
        v.valid = true;
        return true;
    }

    // ---------------------------------------------------------------- lines

    /** o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt; */
    private void origin(byte[] b, int s, int e, SdpView v) {
        int u = s;
        int ue = field(b, u, e);
        int si = skipSpace(b, ue, e);
        int se = field(b, si, e);
        int ver = skipSpace(b, se, e);
        int vere = field(b, ver, e);
        int nt = skipSpace(b, vere, e);
        int nte = field(b, nt, e);
        int at = skipSpace(b, nte, e);
        int ate = field(b, at, e);
        int ad = skipSpace(b, ate, e);
        int ade = field(b, ad, e);
        if (ue == u || se == si || vere == ver || nte == nt || ate == at || ade == ad) {
            v.addEvent(INVALID_ORIGIN);
            return;
        }
        v.hasOrigin = true;
        v.originUserOff = u;
        v.originUserLen = ue - u;
        v.originSessionOff = si;
        v.originSessionLen = se - si;
        v.originAddrOff = ad;
        v.originAddrLen = ade - ad;
        int kind = address(b, at, ate, ad, ade);
        v.originKind = kind < 0 ? SdpView.ADDR_NONE : kind;
        v.originHi = addrHi;
        v.originLo = addrLo;
    }

    /** c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;[/ttl][/number] */
    private void connection(byte[] b, int s, int e, SdpView v, int level) {
        int nte = field(b, s, e);
        int at = skipSpace(b, nte, e);
        int ate = field(b, at, e);
        int ad = skipSpace(b, ate, e);
        int ade = field(b, ad, e);
        if (nte == s || ate == at || ade == ad) {
            v.addEvent(INVALID_CONNECTION);
            return;
        }
        if (!(nte - s == 2 && (b[s] | 0x20) == 'i' && (b[s + 1] | 0x20) == 'n')) {
            return; // another network type (RFC 8866 §5.7 defines IN only): a value, not an error
        }
        int slash = ad;
        while (slash < ade && b[slash] != '/') {
            slash++;
        }
        int kind = address(b, at, ate, ad, slash);
        if (kind < 0) {
            v.addEvent(INVALID_CONNECTION);
            return;
        }
        int ttl = -1;
        int count = 1;
        if (slash < ade) {
            int p1 = slash + 1;
            int p1e = p1;
            while (p1e < ade && b[p1e] != '/') {
                p1e++;
            }
            int first = number(b, p1, p1e, 9);
            int second = p1e < ade ? number(b, p1e + 1, ade, 9) : -2;
            if (first < 0 || second == -1) {
                v.addEvent(INVALID_CONNECTION);
                return;
            }
            if (kind == SdpView.ADDR_IP6) {
                // IP6 multicast has no TTL: the single value is the number of addresses (§5.7)
                if (second != -2) {
                    v.addEvent(INVALID_CONNECTION);
                    return;
                }
                count = first;
            } else {
                ttl = first;
                if (second != -2) {
                    count = second;
                }
            }
            if ((kind == SdpView.ADDR_IP4 && ttl > 255) || count < 1) {
                v.addEvent(INVALID_CONNECTION);
                return;
            }
        }
        v.connKind[level] = kind;
        v.connHi[level] = addrHi;
        v.connLo[level] = addrLo;
        v.connOff[level] = ad;
        v.connLen[level] = slash - ad;
        v.connTtl[level] = ttl;
        v.connCount[level] = count;
    }

    /** m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; 1*(SP &lt;fmt&gt;) */
    private void media(byte[] b, int s, int e, SdpView v, int i) {
        int me = field(b, s, e);
        int ps = skipSpace(b, me, e);
        int pe = field(b, ps, e);
        int pr = skipSpace(b, pe, e);
        int pre = field(b, pr, e);
        v.mediaTypeOff[i] = s;
        v.mediaTypeLen[i] = me - s;
        v.port[i] = -1;
        v.portCount[i] = 1;
        v.protoOff[i] = pr;
        v.protoLen[i] = pre - pr;
        v.protoFlags[i] = 0;
        v.formatCount[i] = 0;
        if (me == s || pe == ps || pre == pr) {
            v.addEvent(INVALID_MEDIA);
            return;
        }
        int slash = ps;
        while (slash < pe && b[slash] != '/') {
            slash++;
        }
        int port = number(b, ps, slash, 5);
        int count = slash < pe ? number(b, slash + 1, pe, 5) : 1;
        if (port < 0 || port > 65535 || count < 1) {
            v.addEvent(INVALID_MEDIA);
        } else {
            v.port[i] = port;
            v.portCount[i] = count;
        }
        int flags = protoFlags(b, pr, pre);
        v.protoFlags[i] = flags;
        if ((flags & SdpView.PROTO_RTP) == 0) {
            return; // formats of other protocols (udptl t38, BFCP, MSRP "*") are not payload types
        }
        int f = skipSpace(b, pre, e);
        int base = i * v.maxFormats;
        while (f < e) {
            int fe = field(b, f, e);
            int pt = number(b, f, fe, 3);
            if (pt < 0 || pt > 127) {
                v.addEvent(INVALID_MEDIA);
            } else if (v.formatCount[i] == v.maxFormats) {
                v.addEvent(TOO_MANY_FORMATS);
                break;
            } else {
                int k = base + v.formatCount[i]++;
                v.payloadType[k] = pt;
                v.encodingOff[k] = v.encodingLen[k] = 0;
                v.clockRate[k] = 0;
                v.channels[k] = 0;
            }
            f = skipSpace(b, fe, e);
        }
    }

    /**
     * Flags of the proto field: slash-separated tokens (RFC 8866 §8.2.2); RTP when a token RTP is
     * followed by AVP, AVPF, SAVP or SAVPF; (D)TLS when TLS or DTLS precedes it.
     */
    static int protoFlags(byte[] b, int s, int e) {
        int flags = 0;
        boolean rtpSeen = false;
        int t = s;
        while (t <= e) {
            int te = t;
            while (te < e && b[te] != '/') {
                te++;
            }
            int n = te - t;
            if (rtpSeen) {
                if (token(b, t, n, "avp") || token(b, t, n, "avpf")) {
                    flags |= SdpView.PROTO_RTP | (n == 4 ? SdpView.PROTO_FEEDBACK : 0);
                } else if (token(b, t, n, "savp") || token(b, t, n, "savpf")) {
                    flags |= SdpView.PROTO_RTP | SdpView.PROTO_SRTP | (n == 5 ? SdpView.PROTO_FEEDBACK : 0);
                }
                rtpSeen = false;
            } else if (token(b, t, n, "rtp")) {
                rtpSeen = true;
            } else if (token(b, t, n, "tls") || token(b, t, n, "dtls")) {
                flags |= SdpView.PROTO_DTLS;
            } else if (t == s && token(b, t, n, "tcp")) {
                flags |= SdpView.PROTO_TCP;
            }
            t = te + 1;
        }
        if ((flags & SdpView.PROTO_SRTP) == 0) {
            flags &= ~SdpView.PROTO_DTLS; // TCP/TLS/... without SRTP is not DTLS-SRTP (e.g. TCP/TLS/MSRP)
        }
        return flags;
    }

    private void attribute(byte[] b, int s, int e, SdpView v, int level) {
        int ne = s;
        while (ne < e && b[ne] != ':') {
            ne++;
        }
        int n = ne - s;
        int vs = skipSpace(b, ne < e ? ne + 1 : e, e); // "a=fingerprint: SHA-1 ..." (RFC 5763 §5 writes a space)
        if (ne == e) {
            // property attributes (§6): a=<flag>
            if (token(b, s, n, "sendrecv")) {
                v.direction[level] = SdpView.DIR_SENDRECV;
            } else if (token(b, s, n, "sendonly")) {
                v.direction[level] = SdpView.DIR_SENDONLY;
            } else if (token(b, s, n, "recvonly")) {
                v.direction[level] = SdpView.DIR_RECVONLY;
            } else if (token(b, s, n, "inactive")) {
                v.direction[level] = SdpView.DIR_INACTIVE;
            } else if (token(b, s, n, "rtcp-mux")) {
                v.rtcpMux[level] = true;
            }
            return;
        }
        if (token(b, s, n, "rtpmap")) {
            if (level > 0) {
                rtpmap(b, vs, e, v, level - 1);
            }
        } else if (token(b, s, n, "crypto")) {
            crypto(b, vs, e, v, level);
        } else if (token(b, s, n, "fingerprint")) {
            int he = field(b, vs, e);
            if (he > vs) {
                v.fingerprintOff[level] = vs;
                v.fingerprintLen[level] = he - vs;
            }
        } else if (token(b, s, n, "setup")) {
            int re = field(b, vs, e);
            if (re > vs) {
                v.setupOff[level] = vs;
                v.setupLen[level] = re - vs;
            }
        } else if (token(b, s, n, "rtcp")) {
            int p = number(b, vs, field(b, vs, e), 5);
            if (p >= 0 && p <= 65535) {
                v.rtcpPort[level] = p;
            }
        } else if (token(b, s, n, "key-mgmt")) {
            v.keyMgmt[level] = true; // RFC 4567: the data (a MIKEY message) is never kept
        }
    }

    /** a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;encoding parameters&gt;] */
    private static void rtpmap(byte[] b, int s, int e, SdpView v, int i) {
        int pe = field(b, s, e);
        int pt = number(b, s, pe, 3);
        int ns = skipSpace(b, pe, e);
        int nEnd = ns;
        while (nEnd < e && b[nEnd] != '/' && b[nEnd] != ' ' && b[nEnd] != '\t') {
            nEnd++;
        }
        if (pt < 0 || pt > 127 || nEnd == ns || nEnd >= e || b[nEnd] != '/') {
            v.addEvent(INVALID_RTPMAP);
            return;
        }
        int cs = nEnd + 1;
        int ce = cs;
        while (ce < e && b[ce] != '/' && b[ce] != ' ' && b[ce] != '\t') {
            ce++;
        }
        int clock = number(b, cs, ce, 9);
        int channels = 0;
        if (ce < e && b[ce] == '/') {
            int xe = field(b, ce + 1, e);
            channels = number(b, ce + 1, xe, 3);
        }
        if (clock <= 0 || channels < 0) {
            v.addEvent(INVALID_RTPMAP);
            return;
        }
        int base = i * v.maxFormats;
        for (int k = 0; k < v.formatCount[i]; k++) {
            if (v.payloadType[base + k] == pt) {
                v.encodingOff[base + k] = ns;
                v.encodingLen[base + k] = nEnd - ns;
                v.clockRate[base + k] = clock;
                v.channels[base + k] = channels;
                return;
            }
        }
        // an rtpmap for a payload type the m= line does not list: nothing to attach it to
    }

    /**
     * a=crypto:&lt;tag&gt; 1*WSP &lt;crypto-suite&gt; 1*WSP &lt;key-params&gt; *(1*WSP &lt;session-param&gt;) (RFC 4568 §9.1);
     * key-params = key-param *(";" key-param), key-param = key-method ":" key-info. Only the suite
     * and whether an {@code inline:} key was present are kept; the key is never looked at twice.
     */
    private void crypto(byte[] b, int s, int e, SdpView v, int level) {
        int te = field(b, s, e);
        int tag = number(b, s, te, 9);
        int ss = skipSpace(b, te, e);
        int se = field(b, ss, e);
        int ks = skipSpace(b, se, e);
        int ke = field(b, ks, e);
        boolean suiteOk = se > ss;
        for (int k = ss; k < se && suiteOk; k++) {
            byte c = b[k];
            suiteOk = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        }
        int colon = ks;
        while (colon < ke && b[colon] != ':') {
            colon++;
        }
        if (tag < 0 || !suiteOk || ke == ks || colon == ks || colon >= ke - 1) {
            v.addEvent(INVALID_CRYPTO);
            return;
        }
        if (v.cryptoCount[level] == maxCrypto) {
            v.addEvent(TOO_MANY_CRYPTO);
            return;
        }
        boolean inline = false;
        for (int p = ks; p < ke && !inline; ) {
            int pe = p;
            while (pe < ke && b[pe] != ';') {
                pe++;
            }
            int c = p;
            while (c < pe && b[c] != ':') {
                c++;
            }
            inline = token(b, p, c - p, "inline") && c + 1 < pe;
            p = pe + 1;
        }
        int k = level * maxCrypto + v.cryptoCount[level]++;
        v.cryptoSuiteOff[k] = ss;
        v.cryptoSuiteLen[k] = se - ss;
        v.cryptoKeys[k] = inline;
    }

    // ---------------------------------------------------------------- addresses

    /**
     * The kind of the address in b[as, ae) for addrtype b[ts, te): IP4/IP6 literals are parsed into
     * {@link #addrHi}/{@link #addrLo}; a host name is {@link SdpView#ADDR_FQDN}; a malformed literal
     * (only digits and dots for IP4, a colon for IP6, or a literal of the other family) is -1.
     */
    private int address(byte[] b, int ts, int te, int as, int ae) {
        addrHi = 0;
        addrLo = 0;
        if (ae <= as) {
            return -1;
        }
        boolean ip4 = te - ts == 3 && (b[ts] | 0x20) == 'i' && (b[ts + 1] | 0x20) == 'p' && b[ts + 2] == '4';
        boolean ip6 = te - ts == 3 && (b[ts] | 0x20) == 'i' && (b[ts + 1] | 0x20) == 'p' && b[ts + 2] == '6';
        boolean colon = false;
        boolean numeric = true;
        for (int k = as; k < ae; k++) {
            colon |= b[k] == ':';
            numeric &= (b[k] >= '0' && b[k] <= '9') || b[k] == '.';
        }
        if (ip4) {
            if (colon) {
                return -1;
            }
            long a = ipv4(b, as, ae);
            if (a >= 0) {
                addrLo = 0x0000_FFFF_0000_0000L | a;
                return SdpView.ADDR_IP4;
            }
            return numeric ? -1 : SdpView.ADDR_FQDN;
        }
        if (ip6) {
            if (colon) {
                return ipv6(b, as, ae) ? SdpView.ADDR_IP6 : -1;
            }
            return numeric ? -1 : SdpView.ADDR_FQDN;
        }
        return SdpView.ADDR_FQDN; // an unknown addrtype: kept as text only
    }

    /** A dotted-quad IPv4 literal as an unsigned 32-bit value, or -1. */
    static long ipv4(byte[] b, int s, int e) {
        long a = 0;
        int octets = 0;
        int i = s;
        while (octets < 4) {
            int digits = 0;
            int o = 0;
            while (i < e && b[i] >= '0' && b[i] <= '9' && digits < 3) {
                o = o * 10 + (b[i] - '0');
                i++;
                digits++;
            }
            if (digits == 0 || o > 255) {
                return -1;
            }
            a = (a << 8) | o;
            octets++;
            if (octets < 4) {
                if (i >= e || b[i] != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == e ? a : -1;
    }

    /** An IPv6 literal (RFC 4291 §2.2, "::" compression and a dotted IPv4 tail) into addrHi/addrLo. */
    private boolean ipv6(byte[] b, int s, int e) {
        int n = 0;
        int gap = -1;
        int i = s;
        if (e - s < 2) {
            return false;
        }
        if (b[i] == ':') {
            if (b[i + 1] != ':') {
                return false;
            }
            gap = 0;
            i += 2;
        }
        while (i < e) {
            int gs = i;
            int val = 0;
            int digits = 0;
            while (i < e && hex(b[i]) >= 0 && digits < 5) {
                val = (val << 4) | hex(b[i]);
                i++;
                digits++;
            }
            if (i < e && b[i] == '.') {
                if (n > 6) {
                    return false;
                }
                long v4 = ipv4(b, gs, e);
                if (v4 < 0) {
                    return false;
                }
                groups[n++] = (int) (v4 >>> 16);
                groups[n++] = (int) (v4 & 0xFFFF);
                i = e;
                break;
            }
            if (digits == 0 || digits > 4 || n == 8) {
                return false;
            }
            groups[n++] = val;
            if (i == e) {
                break;
            }
            if (b[i] != ':') {
                return false;
            }
            i++;
            if (i < e && b[i] == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = n;
                i++;
            } else if (i == e) {
                return false; // a single trailing colon
            }
        }
        if ((gap < 0 && n != 8) || (gap >= 0 && n > 7)) {
            return false;
        }
        long hi = 0;
        long lo = 0;
        int zeros = 8 - n;
        int src = 0;
        for (int g = 0; g < 8; g++) {
            int value;
            if (gap >= 0 && g >= gap && g < gap + zeros) {
                value = 0;
            } else {
                value = groups[src++];
            }
            if (g < 4) {
                hi = (hi << 16) | value;
            } else {
                lo = (lo << 16) | value;
            }
        }
        addrHi = hi;
        addrLo = lo;
        return true;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int l = c | 0x20;
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }

    // ---------------------------------------------------------------- tokens

    /** The end of the field starting at s: the next SP or HT, or e. */
    private static int field(byte[] b, int s, int e) {
        int i = s;
        while (i < e && b[i] != ' ' && b[i] != '\t') {
            i++;
        }
        return i;
    }

    private static int skipSpace(byte[] b, int s, int e) {
        int i = s;
        while (i < e && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** A decimal number of 1 to maxDigits digits filling b[s, e), or -1. */
    static int number(byte[] b, int s, int e, int maxDigits) {
        if (e <= s || e - s > maxDigits) {
            return -1;
        }
        int n = 0;
        for (int i = s; i < e; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }

    /** b[s, s+n) equals the lower-case token t, ignoring ASCII case. */
    private static boolean token(byte[] b, int s, int n, String t) {
        if (n != t.length()) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            int c = b[s + k] & 0xFF;
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != t.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
