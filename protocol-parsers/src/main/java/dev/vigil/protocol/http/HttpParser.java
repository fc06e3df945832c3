package dev.vigil.protocol.http;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.reassembly.StreamListener;
import org.agrona.DirectBuffer;

/**
 * Incremental HTTP/1.x parser for one direction of a TCP stream (RFC 9112): requests on the
 * client's stream, responses on the server's. Fed in stream order by a
 * {@link dev.vigil.protocol.reassembly.TcpReassembler} (it is a {@link StreamListener}); handles
 * any split of the bytes into segments, pipelined messages, Content-Length and chunked bodies
 * and bodies delimited by the end of the stream.
 *
 * <p>The message head (start line and header fields) is copied once into a fixed buffer of
 * {@code maxHeaderBytes}; the {@link HttpMessageView} points into it. Bodies are framed and
 * counted, never stored. Every bound has a named event; a message that fails carries its
 * failure ({@link HttpMessageView#failure()}) and is still delivered to the {@link Sink}.
 * After a failure that loses the framing (malformed start line, bad length, header block too
 * long, gap) the direction is abandoned: the remaining bytes are ignored.
 *
 * <p>Not thread-safe; allocates only in the constructor.
 */
public final class HttpParser implements StreamListener {

    public static final DecodeEventType INVALID_REQUEST_LINE = DecodeEventType.register("http.invalid_request_line",
        "HTTP request line is not 'method SP request-target SP HTTP/x.y' (RFC 9112 §3); rest of the stream ignored",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_STATUS_LINE = DecodeEventType.register("http.invalid_status_line",
        "HTTP status line is not 'HTTP/x.y SP 3DIGIT [SP reason]' (RFC 9112 §4); rest of the stream ignored",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_HEADER = DecodeEventType.register("http.invalid_header",
        "HTTP header line without a valid 'name:' (RFC 9112 §5); line skipped", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType HEADER_TOO_LONG = DecodeEventType.register("http.header_too_long",
        "HTTP message head (or chunk trailer) longer than the configured cap; partial message, rest of the stream ignored",
        DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TOO_MANY_HEADERS = DecodeEventType.register("http.too_many_headers",
        "More HTTP header fields than the configured cap; the extra fields are framed but not kept",
        DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType INVALID_CONTENT_LENGTH = DecodeEventType.register("http.invalid_content_length",
        "Content-Length not a decimal number, or several different values (RFC 9112 §6.3); rest of the stream ignored",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_TRANSFER_ENCODING = DecodeEventType.register(
        "http.invalid_transfer_encoding",
        "Request Transfer-Encoding whose final coding is not chunked (RFC 9112 §6.3); rest of the stream ignored",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType AMBIGUOUS_LENGTH = DecodeEventType.register("http.ambiguous_length",
        "HTTP message with both Transfer-Encoding and Content-Length (request smuggling pattern, RFC 9112 §6.3); "
            + "Transfer-Encoding used", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_CHUNK = DecodeEventType.register("http.invalid_chunk",
        "HTTP chunk-size line or chunk end malformed or too long (RFC 9112 §7.1); rest of the stream ignored",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType STREAM_GAP = DecodeEventType.register("http.stream_gap",
        "Bytes of the HTTP stream were never captured; message partial, framing lost unless inside a known-length body",
        DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType TRUNCATED_MESSAGE = DecodeEventType.register("http.truncated_message",
        "HTTP stream ended inside a message head or body", DecodeEventType.KIND_TRUNCATED);

    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_HEADERS = 64;
    /** Longest chunk-size line (size and extensions, RFC 9112 §7.1.1). */
    static final int MAX_CHUNK_LINE = 1024;

    /** Receives messages and events. */
    public interface Sink {
        /**
         * The head of a message was parsed; the body is next. A response sink may call
         * {@link HttpParser#noBody()} (reply to HEAD) or {@link HttpParser#tunnel()} (CONNECT 2xx).
         */
        default void onHead(HttpParser parser, HttpMessageView message) {
        }

        /** A message ended, complete or partial (see {@link HttpMessageView#failure()}). */
        void onMessage(HttpMessageView message);

        /** A decode event of this stream (also the failure of a message, when it is one). */
        void onEvent(DecodeEventType type);
    }

    private static final int START = 0;
    private static final int HEAD = 1;
    private static final int BODY_LENGTH = 2;
    private static final int CHUNK_SIZE = 3;
    private static final int CHUNK_DATA = 4;
    private static final int CHUNK_END = 5;
    private static final int TRAILER = 6;
    private static final int BODY_CLOSE = 7;
    private static final int TUNNEL = 8;
    private static final int DEAD = 9;

    private final boolean requests;
    private final int maxHeaderBytes;
    private final int maxHeaders;
    private final byte[] head;
    private final HttpMessageView view;
    private Sink sink;

    private int state;
    private int headLen;
    private int lineStart;
    private boolean firstLine;
    private long remaining;
    private int chunkLineLen;
    private long chunkSize;
    private boolean chunkSizeDigits;
    private boolean chunkSizeDone;
    private boolean chunkBad;
    private boolean sawCr;
    private int trailerBytes;
    private int trailerLineLen;
    private boolean noBody;
    private boolean tunnelAfter;
    private boolean contentLengthSeen;
    private boolean transferEncodingSeen;
    private boolean teChunkedLast;
    private boolean lengthBad;
    private long messages;

    /** A parser with the default caps. */
    public HttpParser(boolean requests) {
        this(requests, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_HEADERS);
    }

    /**
     * @param requests       true for the client's stream (requests), false for responses
     * @param maxHeaderBytes cap of a message head (start line, fields and the empty line)
     * @param maxHeaders     cap of header fields kept per message
     */
    public HttpParser(boolean requests, int maxHeaderBytes, int maxHeaders) {
        if (maxHeaderBytes < 64 || maxHeaders < 1) {
            throw new IllegalArgumentException("maxHeaderBytes >= 64 and maxHeaders >= 1 required");
        }
        this.requests = requests;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxHeaders = maxHeaders;
        this.head = new byte[maxHeaderBytes];
        this.view = new HttpMessageView(maxHeaders);
        this.view.buf = head;
        reset(null);
    }

    /** Prepares for a new stream. */
    public void reset(Sink sink) {
        this.sink = sink;
        state = START;
        messages = 0;
        view.clear(requests);
    }

    /** Messages delivered since the last reset. */
    public long messages() {
        return messages;
    }

    /** True once the stream was abandoned after a framing failure. */
    public boolean abandoned() {
        return state == DEAD;
    }

    /** True after a protocol switch (101, CONNECT): the stream is no longer HTTP. */
    public boolean tunneled() {
        return state == TUNNEL;
    }

    /** From {@link Sink#onHead}: the message being parsed has no body (response to HEAD). */
    public void noBody() {
        noBody = true;
    }

    /** From {@link Sink#onHead}: after this message the stream is a tunnel (CONNECT 2xx). */
    public void tunnel() {
        tunnelAfter = true;
    }

    @Override
    public void onData(DirectBuffer buf, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            switch (state) {
                case START: {
                    byte b = buf.getByte(i);
                    if (b == '\r' || b == '\n') {
                        i++; // RFC 9112 §2.2: empty lines before a request line are ignored
                        continue;
                    }
                    startMessage();
                    break;
                }
                case HEAD:
                    i = head(buf, i, end);
                    break;
                case BODY_LENGTH: {
                    int n = (int) Math.min(remaining, end - i);
                    i += n;
                    remaining -= n;
                    view.bodyBytes += n;
                    if (remaining == 0) {
                        finishMessage(null);
                    }
                    break;
                }
                case CHUNK_SIZE:
                    i = chunkSize(buf, i, end);
                    break;
                case CHUNK_DATA: {
                    int n = (int) Math.min(remaining, end - i);
                    i += n;
                    remaining -= n;
                    view.bodyBytes += n;
                    if (remaining == 0) {
                        state = CHUNK_END;
                        sawCr = false;
                    }
                    break;
                }
                case CHUNK_END: {
                    byte b = buf.getByte(i++);
                    if (b == '\r' && !sawCr) {
                        sawCr = true;
                    } else if (b == '\n') {
                        beginChunkSize();
                    } else {
                        fail(INVALID_CHUNK);
                    }
                    break;
                }
                case TRAILER:
                    i = trailer(buf, i, end);
                    break;
                case BODY_CLOSE:
                    view.bodyBytes += end - i;
                    i = end;
                    break;
                default: // TUNNEL, DEAD
                    return;
            }
        }
    }

    @Override
    public void onGap(long missingBytes) {
        switch (state) {
            case BODY_LENGTH:
            case CHUNK_DATA:
                if (missingBytes < remaining) {
                    remaining -= missingBytes;
                    view.bodyBytes += missingBytes;
                    markGap();
                    return;
                }
                view.bodyBytes += remaining;
                fail(STREAM_GAP);
                return;
            case BODY_CLOSE:
                view.bodyBytes += missingBytes;
                markGap();
                return;
            case START:
                event(STREAM_GAP);
                state = DEAD; // the next bytes start somewhere inside a message
                return;
            case HEAD:
            case CHUNK_SIZE:
            case CHUNK_END:
            case TRAILER:
                fail(STREAM_GAP);
                return;
            default:
                return;
        }
    }

    @Override
    public void onFin() {
        finish();
    }

    /** Events of the reassembler below ({@code tcp.reassembly_gap} ...) go to the sink like the parser's own. */
    @Override
    public void onEvent(DecodeEventType type) {
        event(type);
    }

    /** The stream ends (FIN, or the flow ends): a body delimited by the close completes, anything else is truncated. */
    public void finish() {
        if (state == BODY_CLOSE) {
            finishMessage(null);
            state = DEAD;
        } else if (state != START && state != TUNNEL && state != DEAD) {
            fail(TRUNCATED_MESSAGE);
        }
    }

    // ---------------------------------------------------------------- head

    private void startMessage() {
        view.clear(requests);
        headLen = 0;
        lineStart = 0;
        firstLine = true;
        noBody = false;
        tunnelAfter = false;
        contentLengthSeen = false;
        transferEncodingSeen = false;
        teChunkedLast = false;
        lengthBad = false;
        state = HEAD;
    }

    private int head(DirectBuffer buf, int i, int end) {
        while (i < end) {
            if (headLen == maxHeaderBytes) {
                fail(HEADER_TOO_LONG);
                return end;
            }
            byte b = buf.getByte(i++);
            head[headLen++] = b;
            if (b == '\n') {
                int lineEnd = headLen - 1;
                if (lineEnd > lineStart && head[lineEnd - 1] == '\r') {
                    lineEnd--;
                }
                int ls = lineStart;
                lineStart = headLen;
                if (firstLine) {
                    firstLine = false;
                    if (!(requests ? requestLine(ls, lineEnd) : statusLine(ls, lineEnd))) {
                        fail(requests ? INVALID_REQUEST_LINE : INVALID_STATUS_LINE);
                        return end;
                    }
                } else if (lineEnd == ls) {
                    endOfHead();
                    return i;
                } else {
                    field(ls, lineEnd);
                }
            }
        }
        return i;
    }

    /** method SP request-target SP HTTP-version (RFC 9112 §3). */
    private boolean requestLine(int s, int e) {
        int sp1 = indexOf(s, e, (byte) ' ');
        if (sp1 <= s) {
            return false;
        }
        for (int k = s; k < sp1; k++) {
            if (!tchar(head[k])) {
                return false;
            }
        }
        int sp2 = lastIndexOf(sp1 + 1, e, (byte) ' ');
        if (sp2 <= sp1 + 1) {
            return false;
        }
        for (int k = sp1 + 1; k < sp2; k++) {
            int c = head[k] & 0xFF;
            if (c <= 0x20 || c == 0x7F) {
                return false;
            }
        }
        if (!version(sp2 + 1, e)) {
            return false;
        }
        view.methodOff = s;
        view.methodLen = sp1 - s;
        view.targetOff = sp1 + 1;
        view.targetLen = sp2 - sp1 - 1;
        view.startLineValid = true;
        return true;
    }

    /** HTTP-version SP status-code [SP reason-phrase] (RFC 9112 §4; a missing reason is tolerated). */
    private boolean statusLine(int s, int e) {
        if (e - s < 12 || !version(s, s + 8) || head[s + 8] != ' ') {
            return false;
        }
        int code = 0;
        for (int k = s + 9; k < s + 12; k++) {
            int d = head[k] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            code = code * 10 + d;
        }
        if (e > s + 12 && head[s + 12] != ' ') {
            return false;
        }
        view.status = code;
        view.reasonOff = Math.min(s + 13, e);
        view.reasonLen = e - view.reasonOff;
        view.startLineValid = true;
        return true;
    }

    /** "HTTP/" DIGIT "." DIGIT exactly filling [s, e). */
    private boolean version(int s, int e) {
        if (e - s != 8 || head[s] != 'H' || head[s + 1] != 'T' || head[s + 2] != 'T' || head[s + 3] != 'P'
            || head[s + 4] != '/' || head[s + 6] != '.') {
            return false;
        }
        int ma = head[s + 5] - '0';
        int mi = head[s + 7] - '0';
        if (ma < 0 || ma > 9 || mi < 0 || mi > 9) {
            return false;
        }
        view.versionMajor = ma;
        view.versionMinor = mi;
        return true;
    }

    /** field-name ":" OWS field-value OWS (RFC 9112 §5); no whitespace before the colon. */
    private void field(int s, int e) {
        int colon = indexOf(s, e, (byte) ':');
        if (colon <= s) {
            event(INVALID_HEADER);
            return;
        }
        for (int k = s; k < colon; k++) {
            if (!tchar(head[k])) {
                event(INVALID_HEADER);
                return;
            }
        }
        int vs = colon + 1;
        while (vs < e && (head[vs] == ' ' || head[vs] == '\t')) {
            vs++;
        }
        int ve = e;
        while (ve > vs && (head[ve - 1] == ' ' || head[ve - 1] == '\t')) {
            ve--;
        }
        int nl = colon - s;
        if (nl == 14 && nameIs(s, "content-length")) {
            contentLength(vs, ve);
        } else if (nl == 17 && nameIs(s, "transfer-encoding")) {
            transferEncodingSeen = true;
            teChunkedLast = endsWithChunked(vs, ve);
        }
        if (view.headerCount == maxHeaders) {
            if (!view.tooManyReported) {
                view.tooManyReported = true;
                event(TOO_MANY_HEADERS);
            }
            return;
        }
        int h = view.headerCount++;
        view.nameOff[h] = s;
        view.nameLen[h] = nl;
        view.valueOff[h] = vs;
        view.valueLen[h] = ve - vs;
    }

    private void contentLength(int s, int e) {
        long v = 0;
        if (s == e) {
            lengthBad = true;
            return;
        }
        for (int k = s; k < e; k++) {
            int d = head[k] - '0';
            if (d < 0 || d > 9 || v > (Long.MAX_VALUE - 9) / 10) {
                lengthBad = true;
                return;
            }
            v = v * 10 + d;
        }
        if (contentLengthSeen && v != view.contentLength) {
            lengthBad = true;
        }
        contentLengthSeen = true;
        view.contentLength = v;
    }

    /** The last transfer coding of the list is "chunked" (RFC 9112 §6.3 item 4). */
    private boolean endsWithChunked(int s, int e) {
        int k = e;
        while (k > s && (head[k - 1] == ' ' || head[k - 1] == '\t')) {
            k--;
        }
        return k - s >= 7 && nameIs(k - 7, "chunked") && (k - 7 == s || head[k - 8] == ',' || head[k - 8] == ' '
            || head[k - 8] == '\t');
    }

    /** Decides the body length (RFC 9112 §6.3) once the empty line ends the head. */
    private void endOfHead() {
        if (transferEncodingSeen && contentLengthSeen) {
            event(AMBIGUOUS_LENGTH);
        }
        if (!transferEncodingSeen && lengthBad) {
            fail(INVALID_CONTENT_LENGTH);
            return;
        }
        if (transferEncodingSeen && !teChunkedLast && requests) {
            fail(INVALID_TRANSFER_ENCODING);
            return;
        }
        if (sink != null) {
            sink.onHead(this, view);
        }
        int st = view.status;
        if (!requests && (noBody || (st >= 100 && st < 200) || st == 204 || st == 304)) {
            finishMessage(null);
            if (st == 101) {
                state = TUNNEL;
            }
            return;
        }
        if (transferEncodingSeen) {
            if (teChunkedLast) {
                view.chunked = true;
                beginChunkSize();
            } else {
                state = BODY_CLOSE;
            }
        } else if (contentLengthSeen) {
            remaining = view.contentLength;
            if (remaining == 0) {
                finishMessage(null);
            } else {
                state = BODY_LENGTH;
            }
        } else if (requests) {
            finishMessage(null);
        } else {
            state = BODY_CLOSE;
        }
    }

    // ---------------------------------------------------------------- chunked body (RFC 9112 §7.1)

    private void beginChunkSize() {
        state = CHUNK_SIZE;
        chunkLineLen = 0;
        chunkSize = 0;
        chunkSizeDigits = false;
        chunkSizeDone = false;
        chunkBad = false;
    }

    private int chunkSize(DirectBuffer buf, int i, int end) {
        while (i < end) {
            byte b = buf.getByte(i++);
            if (b == '\n') {
                if (chunkBad || !chunkSizeDigits) {
                    fail(INVALID_CHUNK);
                    return end;
                }
                if (chunkSize == 0) {
                    state = TRAILER;
                    trailerBytes = 0;
                    trailerLineLen = 0;
                } else {
                    remaining = chunkSize;
                    state = CHUNK_DATA;
                }
                return i;
            }
            if (++chunkLineLen > MAX_CHUNK_LINE) {
                fail(INVALID_CHUNK);
                return end;
            }
            if (chunkSizeDone) {
                continue; // chunk extensions and the CR are skipped
            }
            int d = hex(b);
            if (d >= 0) {
                if (chunkSize > (Long.MAX_VALUE >>> 4)) {
                    chunkBad = true;
                }
                chunkSize = (chunkSize << 4) | d;
                chunkSizeDigits = true;
            } else if (b == ';' || b == ' ' || b == '\t' || b == '\r') {
                chunkSizeDone = true;
            } else {
                chunkBad = true;
                chunkSizeDone = true;
            }
        }
        return i;
    }

    private int trailer(DirectBuffer buf, int i, int end) {
        while (i < end) {
            byte b = buf.getByte(i++);
            if (++trailerBytes > maxHeaderBytes) {
                fail(HEADER_TOO_LONG);
                return end;
            }
            if (b == '\n') {
                if (trailerLineLen == 0) {
                    finishMessage(null);
                    return i;
                }
                trailerLineLen = 0;
            } else if (b != '\r') {
                trailerLineLen++;
            }
        }
        return i;
    }

    // ---------------------------------------------------------------- message end

    private void markGap() {
        if (view.failure == null) {
            view.failure = STREAM_GAP;
            event(STREAM_GAP);
        }
    }

    private void finishMessage(DecodeEventType failure) {
        if (failure != null) {
            view.failure = failure;
        }
        view.complete = view.failure == null;
        messages++;
        if (sink != null) {
            sink.onMessage(view);
        }
        state = tunnelAfter ? TUNNEL : START;
    }

    /** The message ends with a failure; the rest of the direction is ignored. */
    private void fail(DecodeEventType type) {
        event(type);
        view.failure = type;
        view.complete = false;
        messages++;
        if (sink != null) {
            sink.onMessage(view);
        }
        state = DEAD;
    }

    private void event(DecodeEventType type) {
        if (sink != null) {
            sink.onEvent(type);
        }
    }

    // ---------------------------------------------------------------- bytes

    private int indexOf(int s, int e, byte c) {
        for (int k = s; k < e; k++) {
            if (head[k] == c) {
                return k;
            }
        }
        return -1;
    }

    private int lastIndexOf(int s, int e, byte c) {
        for (int k = e - 1; k >= s; k--) {
            if (head[k] == c) {
                return k;
            }
        }
        return -1;
    }

    private boolean nameIs(int s, String lower) {
        for (int k = 0; k < lower.length(); k++) {
            int c = head[s + k] & 0xFF;
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 §5.6.2 tchar. */
    static boolean tchar(byte b) {
        int c = b & 0xFF;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        switch (c) {
            case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '.':
            case '^': case '_': case '`': case '|': case '~':
                return true;
            default:
                return false;
        }
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
