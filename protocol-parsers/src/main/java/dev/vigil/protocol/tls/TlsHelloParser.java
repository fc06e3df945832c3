package dev.vigil.protocol.tls;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.reassembly.StreamListener;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;

/**
 * One direction of a TLS connection, fed in order by a {@code TcpReassembler}: splits the byte
 * stream into records (RFC 8446 §5.1, RFC 5246 §6.2.1), joins handshake fragments into messages
 * (a message may span several records and TCP segments; a record may hold several messages) and
 * decodes ClientHello, ServerHello and the first Certificate entry; everything after the cleartext
 * handshake (ChangeCipherSpec, application data) is skipped without being looked at.
 *
 * <pre>
 *  record:    | type (1) | version (2) | length (2) | fragment (length) |
 *  handshake: | msg_type (1) | length (3) | body (length) |
 * </pre>
 *
 * Not on the per-packet hot path in steady state: once the handshake is over, {@link #onData}
 * returns at once. Buffers: one record (≤ 2^14 + 2048 bytes, RFC 5246 §6.2.3) and one handshake
 * message (≤ {@link #MAX_HANDSHAKE}); a longer message is skipped ({@code tls.handshake_too_large}).
 * Not done: SSL 2.0 ClientHellos ({@code tls.sslv2_hello}), DTLS, QUIC.
 */
public final class TlsHelloParser implements StreamListener {
    public static final int CONTENT_CHANGE_CIPHER_SPEC = 20;
    public static final int CONTENT_ALERT = 21;
    public static final int CONTENT_HANDSHAKE = 22;
    public static final int CONTENT_APPLICATION_DATA = 23;
    public static final int CONTENT_HEARTBEAT = 24;
    public static final int HS_CLIENT_HELLO = 1;
    public static final int HS_SERVER_HELLO = 2;
    public static final int HS_CERTIFICATE = 11;
    public static final int HS_SERVER_HELLO_DONE = 14;

    /** Longest record fragment accepted (TLSCiphertext, RFC 5246 §6.2.3). */
    public static final int MAX_RECORD = 16384 + 2048;
    /** Longest handshake message buffered, header included. */
    public static final int MAX_HANDSHAKE = 64 * 1024;

    public static final DecodeEventType INVALID_RECORD = DecodeEventType.register("tls.invalid_record",
            "TLS record with an unknown content type, a version that is not 3.x or a length over 2^14+2048;"
                    + " the rest of the direction is not parsed", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_HANDSHAKE = DecodeEventType.register("tls.invalid_handshake",
            "TLS ClientHello, ServerHello or Certificate whose inner lengths overrun the message;"
                    + " fields decoded before the fault are kept", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType HANDSHAKE_TOO_LARGE = DecodeEventType.register("tls.handshake_too_large",
            "TLS handshake message longer than the 64 KiB buffer; it is skipped", DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("tls.truncated",
            "TLS stream ends (or has a gap) inside a record or handshake message", DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType SSLV2_HELLO = DecodeEventType.register("tls.sslv2_hello",
            "SSL 2.0 format ClientHello (not decoded)", DecodeEventType.KIND_UNSUPPORTED);
    public static final DecodeEventType LIST_OVERFLOW = DecodeEventType.register("tls.list_overflow",
            "TLS hello list (ciphers, extensions, groups, versions, ALPN) longer than its cap; the rest is"
                    + " not kept and fingerprints cover the kept part", DecodeEventType.KIND_OVERFLOW);

    /** Receives the decoded messages; called from within {@link #onData}. */
    public interface Sink {
        void onClientHello(TlsClientHello hello);

        void onServerHello(TlsServerHello hello);

        /** The first certificate of a Certificate message (DER in {@code der[offset, offset+length)}). */
        default void onCertificate(byte[] der, int offset, int length) {
        }

        default void onServerHelloDone() {
        }

        /** The cleartext handshake of this direction is over (ChangeCipherSpec or application data). */
        default void onEncrypted() {
        }

        void onEvent(DecodeEventType type);
    }

    private static final byte[] HRR_RANDOM = {(byte) 0xCF, 0x21, (byte) 0xAD, 0x74, (byte) 0xE5, (byte) 0x9A, 0x61,
        0x11, (byte) 0xBE, 0x1D, (byte) 0x8C, 0x02, 0x1E, 0x65, (byte) 0xB8, (byte) 0x91, (byte) 0xC2, (byte) 0xA2,
        0x11, 0x16, 0x7A, (byte) 0xBB, (byte) 0x8C, 0x5E, 0x07, (byte) 0x9E, 0x09, (byte) 0xE2, (byte) 0xC8,
        (byte) 0xA8, 0x33, (byte) 0x9C};

    private final byte[] rec = new byte[5 + MAX_RECORD];
    private final byte[] hs = new byte[MAX_HANDSHAKE];
    private final TlsClientHello client = new TlsClientHello();
    private final TlsServerHello server = new TlsServerHello();
    private Sink sink;
    private int recFill;
    private int recLength;
    private int hsFill;
    private long skip;
    private boolean started;
    private boolean done;
    private boolean abandoned;
    private boolean overflowReported;
    private long records;
    private long messages;

    public TlsHelloParser(Sink sink) {
        this.sink = sink;
    }

    /** Prepares for a new stream (pooled state), possibly with another sink. */
    public void reset(Sink sink) {
        this.sink = sink;
        recFill = recLength = hsFill = 0;
        skip = 0;
        started = done = abandoned = overflowReported = false;
        records = messages = 0;
    }

    /** True once the cleartext handshake is over or parsing stopped: further data is ignored. */
    public boolean finished() {
        return done || abandoned;
    }

    public boolean abandoned() {
        return abandoned;
    }

    public long records() {
        return records;
    }

    public long handshakeMessages() {
        return messages;
    }

    /** Feeds bytes from an array (tests, non-reassembled callers). */
    public void onData(byte[] b, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end && !done && !abandoned) {
            i = step(b, null, i, end);
        }
    }

    @Override
    public void onData(DirectBuffer buf, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end && !done && !abandoned) {
            i = step(null, buf, i, end);
        }
    }

    /** Consumes bytes of one record (header first); returns the next input index. */
    private int step(byte[] b, DirectBuffer buf, int i, int end) {
        if (!started) {
            started = true;
            int first = get(b, buf, i);
            // SSL 2.0 record header: MSB of the 2-byte length set, then msg_type 1 (CLIENT-HELLO)
            if ((first & 0x80) != 0 && end - i >= 3 && get(b, buf, i + 2) == 1) {
                sink.onEvent(SSLV2_HELLO);
                abandoned = true;
                return end;
            }
        }
        if (recFill < 5) {
            int n = Math.min(5 - recFill, end - i);
            copy(b, buf, i, rec, recFill, n);
            recFill += n;
            i += n;
            if (recFill < 5) {
                return i;
            }
            int type = rec[0] & 0xff;
            int major = rec[1] & 0xff;
            recLength = ((rec[3] & 0xff) << 8) | (rec[4] & 0xff);
            if (type < CONTENT_CHANGE_CIPHER_SPEC || type > CONTENT_HEARTBEAT || major != 3 || recLength > MAX_RECORD) {
                sink.onEvent(INVALID_RECORD);
                abandoned = true;
                return end;
            }
        }
        int n = Math.min(5 + recLength - recFill, end - i);
        copy(b, buf, i, rec, recFill, n);
        recFill += n;
        i += n;
        if (recFill == 5 + recLength) {
            records++;
            recFill = 0;
            record(rec[0] & 0xff, 5, recLength);
        }
        return i;
    }

    private static int get(byte[] b, DirectBuffer buf, int i) {
        return b != null ? b[i] & 0xff : buf.getByte(i) & 0xff;
    }

    private static void copy(byte[] b, DirectBuffer buf, int i, byte[] dst, int at, int n) {
        if (b != null) {
            System.arraycopy(b, i, dst, at, n);
        } else {
            buf.getBytes(i, dst, at, n);
        }
    }

    private void record(int type, int off, int len) {
        switch (type) {
            case CONTENT_HANDSHAKE -> handshakeBytes(off, len);
            case CONTENT_CHANGE_CIPHER_SPEC, CONTENT_APPLICATION_DATA -> {
                // RFC 5246 §7.1 / RFC 8446 §5: what follows is protected; a partial message left is cut
                if (hsFill > 0 || skip > 0) {
                    sink.onEvent(TRUNCATED);
                }
                done = true;
                sink.onEncrypted();
            }
            default -> {
                // alerts and heartbeats carry nothing we log
            }
        }
    }

    private void handshakeBytes(int off, int len) {
        int end = off + len;
        while (off < end && !done && !abandoned) {
            if (skip > 0) {
                int n = (int) Math.min(skip, end - off);
                skip -= n;
                off += n;
                continue;
            }
            int n = Math.min(end - off, hs.length - hsFill);
            System.arraycopy(rec, off, hs, hsFill, n);
            hsFill += n;
            off += n;
            messages();
        }
    }

    /** Dispatches the complete messages at the start of {@link #hs}. */
    private void messages() {
        int pos = 0;
        while (hsFill - pos >= 4 && !done) {
            int type = hs[pos] & 0xff;
            int len = ((hs[pos + 1] & 0xff) << 16) | ((hs[pos + 2] & 0xff) << 8) | (hs[pos + 3] & 0xff);
            if (4 + len > hs.length) {
                sink.onEvent(HANDSHAKE_TOO_LARGE);
                skip = 4L + len - (hsFill - pos);
                pos = hsFill;
                break;
            }
            if (hsFill - pos < 4 + len) {
                break;
            }
            messages++;
            message(type, pos + 4, len);
            pos += 4 + len;
        }
        if (pos > 0) {
            System.arraycopy(hs, pos, hs, 0, hsFill - pos);
            hsFill -= pos;
        }
    }

    private void message(int type, int off, int len) {
        switch (type) {
            case HS_CLIENT_HELLO -> clientHello(off, off + len);
            case HS_SERVER_HELLO -> serverHello(off, off + len);
            case HS_CERTIFICATE -> certificate(off, off + len);
            case HS_SERVER_HELLO_DONE -> sink.onServerHelloDone();
            default -> {
                // other handshake messages: a value, not an error
            }
        }
    }

    @Override
    public void onGap(long missingBytes) {
        if (done || abandoned) {
            return;
        }
        if (recFill > 0 || hsFill > 0 || skip > 0) {
            sink.onEvent(TRUNCATED);
        }
        abandoned = true; // record boundaries are lost
    }

    @Override
    public void onFin() {
        finish();
    }

    /** End of the stream (FIN, flow end): a record or message cut short is reported once. */
    public void finish() {
        if (done || abandoned) {
            return;
        }
        if (recFill > 0 || hsFill > 0 || skip > 0) {
            sink.onEvent(TRUNCATED);
        }
        abandoned = true;
    }

    @Override
    public void onEvent(DecodeEventType type) {
        sink.onEvent(type);
    }

    // ---------------------------------------------------------------- hellos

    private int u8(int p) {
        return hs[p] & 0xff;
    }

    private int u16(int p) {
        return ((hs[p] & 0xff) << 8) | (hs[p + 1] & 0xff);
    }

    private void overflow() {
        if (!overflowReported) {
            overflowReported = true;
            sink.onEvent(LIST_OVERFLOW);
        }
    }

    /** RFC 8446 §4.1.2. */
    private void clientHello(int p, int end) {
        TlsClientHello h = client;
        h.clear();
        if (end - p < 2 + 32 + 1) {
            sink.onEvent(INVALID_HANDSHAKE);
            return;
        }
        h.legacyVersion = u16(p);
        p += 34;
        p += 1 + u8(p); // legacy_session_id
        if (p + 2 > end) {
            sink.onEvent(INVALID_HANDSHAKE);
            return;
        }
        int cl = u16(p);
        p += 2;
        if (p + cl > end || (cl & 1) != 0) {
            sink.onEvent(INVALID_HANDSHAKE);
            return;
        }
        for (int q = p; q < p + cl; q += 2) {
            if (h.cipherCount < TlsClientHello.MAX_CIPHERS) {
                h.ciphers[h.cipherCount++] = u16(q);
            } else {
                overflow();
            }
        }
        p += cl;
        if (p + 1 > end || p + 1 + u8(p) > end) {
            sink.onEvent(INVALID_HANDSHAKE);
            return;
        }
        p += 1 + u8(p); // legacy_compression_methods
        boolean ok = p == end || extensions(p, end, true);
        if (!ok) {
            sink.onEvent(INVALID_HANDSHAKE);
        }
        sink.onClientHello(h);
    }

    /** RFC 8446 §4.1.3 (also the HelloRetryRequest form). */
    private void serverHello(int p, int end) {
        TlsServerHello h = server;
        h.clear();
        if (end - p < 2 + 32 + 1) {
            sink.onEvent(INVALID_HANDSHAKE);
            return;
        }
        h.legacyVersion = u16(p);
        h.helloRetryRequest = java.util.Arrays.equals(hs, p + 2, p + 34, HRR_RANDOM, 0, 32);
        // TLS 1.3 drafts before -22 (version 0x7fxx) have neither session id nor compression method
        boolean draft = (h.legacyVersion >>> 8) == 0x7f;
        p += 34;
        if (!draft) {
            p += 1 + u8(p);
        }
        if (p + (draft ? 2 : 3) > end) {
            sink.onEvent(INVALID_HANDSHAKE);
            return;
        }
        h.cipher = u16(p);
        p += draft ? 2 : 3; // cipher_suite, legacy_compression_method
        boolean ok = p == end || extensions(p, end, false);
        if (!ok) {
            sink.onEvent(INVALID_HANDSHAKE);
        }
        sink.onServerHello(h);
    }

    /** The extensions block (RFC 8446 §4.2); false when a length overruns. */
    private boolean extensions(int p, int end, boolean isClient) {
        if (p + 2 > end) {
            return false;
        }
        int total = u16(p);
        p += 2;
        if (p + total > end) {
            return false;
        }
        end = p + total;
        while (p < end) {
            if (p + 4 > end) {
                return false;
            }
            int type = u16(p);
            int len = u16(p + 2);
            p += 4;
            if (p + len > end) {
                return false;
            }
            if (isClient) {
                TlsClientHello h = client;
                if (h.extensionCount < TlsClientHello.MAX_EXTENSIONS) {
                    h.extensions[h.extensionCount++] = type;
                } else {
                    overflow();
                }
                if (!clientExtension(type, p, p + len)) {
                    return false;
                }
            } else {
                TlsServerHello h = server;
                if (h.extensionCount < TlsClientHello.MAX_EXTENSIONS) {
                    h.extensions[h.extensionCount++] = type;
                } else {
                    overflow();
                }
                if (!serverExtension(type, p, p + len)) {
                    return false;
                }
            }
            p += len;
        }
        return true;
    }

    private boolean clientExtension(int type, int p, int end) {
        TlsClientHello h = client;
        switch (type) {
            case 0 -> { // server_name, RFC 6066 §3
                h.sniExtension = true;
                if (end - p < 2) {
                    return end == p; // empty in a ServerHello-style echo is legal; in a ClientHello it is not used
                }
                int l = u16(p);
                p += 2;
                if (p + l > end) {
                    return false;
                }
                int e = p + l;
                while (p + 3 <= e) {
                    int nt = u8(p);
                    int nl = u16(p + 1);
                    p += 3;
                    if (p + nl > e) {
                        return false;
                    }
                    if (nt == 0 && h.serverName == null) {
                        h.serverName = new String(hs, p, Math.min(nl, TlsClientHello.MAX_NAME),
                                StandardCharsets.ISO_8859_1);
                    }
                    p += nl;
                }
                return true;
            }
            case 10 -> {
                return u16List(p, end, h.groups, 1);
            }
            case 11 -> { // ec_point_formats, RFC 8422 §5.1.2
                if (end - p < 1 || p + 1 + u8(p) > end) {
                    return false;
                }
                int n = u8(p);
                for (int i = 0; i < n; i++) {
                    if (h.pointFormatCount < TlsClientHello.MAX_LIST) {
                        h.pointFormats[h.pointFormatCount++] = u8(p + 1 + i);
                    } else {
                        overflow();
                    }
                }
                return true;
            }
            case 13 -> {
                return u16List(p, end, h.signatureAlgorithms, 2);
            }
            case 16 -> { // ALPN, RFC 7301 §3.1
                if (end - p < 2 || p + 2 + u16(p) > end) {
                    return false;
                }
                int e = p + 2 + u16(p);
                p += 2;
                while (p < e) {
                    int l = u8(p);
                    if (p + 1 + l > e) {
                        return false;
                    }
                    if (h.alpnCount < TlsClientHello.MAX_ALPN) {
                        h.alpn[h.alpnCount++] = new String(hs, p + 1, l, StandardCharsets.ISO_8859_1);
                    } else {
                        overflow();
                    }
                    p += 1 + l;
                }
                return true;
            }
            case 43 -> { // supported_versions, RFC 8446 §4.2.1
                if (end - p < 1 || p + 1 + u8(p) > end || (u8(p) & 1) != 0) {
                    return false;
                }
                int n = u8(p);
                for (int q = p + 1; q < p + 1 + n; q += 2) {
                    if (h.supportedVersionCount < TlsClientHello.MAX_LIST) {
                        h.supportedVersions[h.supportedVersionCount++] = u16(q);
                    } else {
                        overflow();
                    }
                }
                return true;
            }
            default -> {
                return true;
            }
        }
    }

    /** A u16-length-prefixed list of u16 values into {@code dst}; {@code which} 1 groups, 2 signature algorithms. */
    private boolean u16List(int p, int end, int[] dst, int which) {
        if (end - p < 2) {
            return false;
        }
        int l = u16(p);
        if (p + 2 + l > end || (l & 1) != 0) {
            return false;
        }
        TlsClientHello h = client;
        int count = which == 1 ? h.groupCount : h.signatureAlgorithmCount;
        for (int q = p + 2; q < p + 2 + l; q += 2) {
            if (count < dst.length) {
                dst[count++] = u16(q);
            } else {
                overflow();
            }
        }
        if (which == 1) {
            h.groupCount = count;
        } else {
            h.signatureAlgorithmCount = count;
        }
        return true;
    }

    private boolean serverExtension(int type, int p, int end) {
        TlsServerHello h = server;
        if (type == 43) {
            if (end - p != 2) {
                return false;
            }
            h.selectedVersion = u16(p);
        } else if (type == 16) {
            if (end - p < 3 || p + 2 + u16(p) > end || p + 3 + u8(p + 2) > end) {
                return false;
            }
            h.alpn = new String(hs, p + 3, u8(p + 2), StandardCharsets.ISO_8859_1);
        }
        return true;
    }

    /** RFC 5246 §7.4.2: certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>; the first is the sender's. */
    private void certificate(int p, int end) {
        if (end - p < 3) {
            sink.onEvent(INVALID_HANDSHAKE);
            return;
        }
        int total = (u8(p) << 16) | u16(p + 1);
        p += 3;
        if (p + total > end) {
            sink.onEvent(INVALID_HANDSHAKE);
            return;
        }
        if (total == 0) {
            return; // a client without a certificate (RFC 5246 §7.4.6)
        }
        if (total < 3) {
            sink.onEvent(INVALID_HANDSHAKE);
            return;
        }
        int l = (u8(p) << 16) | u16(p + 1);
        if (p + 3 + l > end || l == 0) {
            sink.onEvent(INVALID_HANDSHAKE);
            return;
        }
        sink.onCertificate(hs, p + 3, l);
    }
}
