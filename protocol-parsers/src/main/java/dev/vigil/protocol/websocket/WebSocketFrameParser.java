package dev.vigil.protocol.websocket;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.reassembly.StreamListener;
import org.agrona.DirectBuffer;

/**
 * Incremental WebSocket framing (RFC 6455 §5) for one direction of an upgraded TCP connection:
 * fed the stream's bytes in order (it is a {@link StreamListener}, e.g. behind a
 * {@link dev.vigil.protocol.reassembly.TcpReassembler}), it unmasks payloads, joins a fragmented
 * message (a text or binary frame without FIN, then continuation frames) and hands each whole
 * text or binary message to its {@link Sink}. Control frames (close, ping, pong, §5.5) are
 * skipped, also between the fragments of a message.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * | |1|2|3|       |K|             |                               |
 * +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 * |     Extended payload length continued, if payload len == 127  |
 * + - - - - - - - - - - - - - - - +-------------------------------+
 * |                               |Masking-key, if MASK set to 1  |
 * +-------------------------------+-------------------------------+
 * | Masking-key (continued)       |          Payload Data         |
 * +-------------------------------- - - - - - - - - - - - - - - - +
 * </pre>
 *
 * Bounds: a message is kept up to {@code maxMessage} octets ({@link #MESSAGE_TOO_LARGE} beyond,
 * the rest of it is skipped as it streams by); a frame length the framing cannot survive (64-bit
 * length with the top bit set) abandons the direction. A gap inside a payload drops that message
 * and keeps the framing; a gap anywhere else abandons the direction (WebSocket has no resync
 * marker). Payloads compressed by an extension (RSV1, permessage-deflate, RFC 7692) are not
 * decompressed ({@link #COMPRESSED}). Not thread-safe; allocates its message buffer, growing to
 * {@code maxMessage}, and nothing per frame.
 */
public final class WebSocketFrameParser implements StreamListener {
    public static final DecodeEventType INVALID_OPCODE = DecodeEventType.register("websocket.invalid_opcode",
        "WebSocket frame with a reserved opcode (3-7, 0xB-0xF; RFC 6455 §5.2); the frame is skipped",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_CONTINUATION = DecodeEventType.register(
        "websocket.invalid_continuation",
        "WebSocket continuation frame without a fragmented message to continue, or a new text/binary frame "
            + "before the last fragment (RFC 6455 §5.4); the unfinished message is dropped",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_CONTROL_FRAME = DecodeEventType.register(
        "websocket.invalid_control_frame",
        "WebSocket control frame that is fragmented or longer than 125 octets (RFC 6455 §5.5); skipped",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_LENGTH = DecodeEventType.register("websocket.invalid_length",
        "WebSocket 64-bit payload length with the most significant bit set (RFC 6455 §5.2); the rest of the "
            + "direction is not decoded", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INVALID_MASK = DecodeEventType.register("websocket.invalid_mask",
        "WebSocket frame from the client without a masking key, or from the server with one (RFC 6455 §5.1); "
            + "decoded anyway", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType COMPRESSED = DecodeEventType.register("websocket.compressed",
        "WebSocket message with RSV bits set (an extension such as permessage-deflate, RFC 7692); its payload "
            + "is not decompressed, the message is skipped", DecodeEventType.KIND_UNSUPPORTED);
    public static final DecodeEventType MESSAGE_TOO_LARGE = DecodeEventType.register("websocket.message_too_large",
        "WebSocket message longer than the configured cap; skipped", DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType STREAM_GAP = DecodeEventType.register("websocket.stream_gap",
        "Bytes of a WebSocket connection were never captured: inside a payload the message is dropped, "
            + "elsewhere the rest of the direction is not decoded", DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType TRUNCATED_MESSAGE = DecodeEventType.register("websocket.truncated_message",
        "WebSocket connection ended inside a frame or a fragmented message", DecodeEventType.KIND_TRUNCATED);

    public static final int OPCODE_CONTINUATION = 0x0;
    public static final int OPCODE_TEXT = 0x1;
    public static final int OPCODE_BINARY = 0x2;
    public static final int OPCODE_CLOSE = 0x8;
    public static final int OPCODE_PING = 0x9;
    public static final int OPCODE_PONG = 0xA;
    /** Longest control frame payload (RFC 6455 §5.5). */
    public static final int MAX_CONTROL_PAYLOAD = 125;
    /** Longest frame header: 2 + 8 (64-bit length) + 4 (masking key). */
    static final int MAX_HEADER = 14;
    private static final int INITIAL_BUFFER = 2048;

    /** Receives whole messages and decode events. */
    public interface Sink {
        /**
         * A whole text ({@link #OPCODE_TEXT}) or binary ({@link #OPCODE_BINARY}) message, unmasked,
         * in {@code b[off, off+len)}; valid during the call only.
         */
        void onMessage(int opcode, byte[] b, int off, int len);

        void onEvent(DecodeEventType type);
    }

    private final boolean fromClient;
    private final int maxMessage;
    private final byte[] header = new byte[MAX_HEADER];
    private Sink sink;
    private byte[] message = new byte[0];

    private int headerLen;
    /** Payload octets of the current frame still to come; -1 while reading a header. */
    private long remaining;
    private int frameOpcode;
    private boolean frameFin;
    private boolean masked;
    private final byte[] mask = new byte[4];
    private long maskPos;
    /** Opcode of the message being collected (text/binary), -1 when none. */
    private int messageOpcode;
    private int messageLen;
    /** The current message is dropped (too large, compressed, a gap); its frames are still framed. */
    private boolean discard;
    /** The current frame's payload is skipped (control frame, reserved opcode, discarded message). */
    private boolean skipFrame;
    private boolean dead;
    private long messages;

    /**
     * @param fromClient true for the client's direction (its frames must be masked, §5.1)
     * @param maxMessage longest message kept (octets)
     */
    public WebSocketFrameParser(boolean fromClient, int maxMessage) {
        if (maxMessage < 1) {
            throw new IllegalArgumentException("maxMessage >= 1 required");
        }
        this.fromClient = fromClient;
        this.maxMessage = maxMessage;
        reset(null);
    }

    /** Prepares for a new connection. */
    public void reset(Sink sink) {
        this.sink = sink;
        headerLen = 0;
        remaining = -1;
        messageOpcode = -1;
        messageLen = 0;
        discard = false;
        skipFrame = false;
        dead = false;
        messages = 0;
        if (message.length > 16 * 1024) {
            message = new byte[0];
        }
    }

    /** Messages delivered since the last reset. */
    public long messages() {
        return messages;
    }

    /** True once the direction was abandoned (bad length, gap outside a payload). */
    public boolean abandoned() {
        return dead;
    }

    @Override
    public void onData(DirectBuffer buf, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end && !dead) {
            if (remaining < 0) {
                i = header(buf, i, end);
            } else {
                int n = (int) Math.min(remaining, end - i);
                if (!skipFrame && !discard) {
                    collect(buf, i, n);
                }
                i += n;
                remaining -= n;
                maskPos += n;
                if (remaining == 0) {
                    frameDone();
                }
            }
        }
    }

    /** Reads header octets; returns the next offset. When the header is complete, starts the payload. */
    private int header(DirectBuffer buf, int i, int end) {
        while (i < end && headerLen < MAX_HEADER) {
            header[headerLen++] = buf.getByte(i++);
            int need = headerLength();
            if (need > 0 && headerLen == need) {
                startFrame();
                return i;
            }
        }
        return i;
    }

    /** The full header length once the first two octets are there, else 0. */
    private int headerLength() {
        if (headerLen < 2) {
            return 0;
        }
        int len7 = header[1] & 0x7F;
        int ext = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
        return 2 + ext + ((header[1] & 0x80) != 0 ? 4 : 0);
    }

    private void startFrame() {
        int b0 = header[0] & 0xFF;
        int b1 = header[1] & 0xFF;
        frameFin = (b0 & 0x80) != 0;
        boolean rsv = (b0 & 0x70) != 0;
        frameOpcode = b0 & 0x0F;
        masked = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7F;
        int k = 2;
        long len;
        if (len7 == 126) {
            len = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            k = 4;
        } else if (len7 == 127) {
            len = 0;
            for (int j = 2; j < 10; j++) {
                len = (len << 8) | (header[j] & 0xFF);
            }
            k = 10;
            if (len < 0) {
                event(INVALID_LENGTH);
                dead = true;
                return;
            }
        } else {
            len = len7;
        }
        if (masked) {
            System.arraycopy(header, k, mask, 0, 4);
        }
        headerLen = 0;
        remaining = len;
        maskPos = 0;
        skipFrame = false;
        if (masked != fromClient) {
            event(INVALID_MASK);
        }
        if (frameOpcode >= OPCODE_CLOSE) {
            if (frameOpcode > OPCODE_PONG) {
                event(INVALID_OPCODE);
            } else if (!frameFin || len > MAX_CONTROL_PAYLOAD) {
                event(INVALID_CONTROL_FRAME);
            }
            skipFrame = true; // control frames carry no SIP
        } else if (frameOpcode == OPCODE_TEXT || frameOpcode == OPCODE_BINARY) {
            if (messageOpcode >= 0) {
                event(INVALID_CONTINUATION); // the previous message never got its last fragment
            }
            messageOpcode = frameOpcode;
            messageLen = 0;
            discard = false;
            if (rsv) {
                event(COMPRESSED);
                discard = true;
            }
        } else if (frameOpcode == OPCODE_CONTINUATION) {
            if (messageOpcode < 0) {
                event(INVALID_CONTINUATION);
                skipFrame = true;
            }
        } else {
            event(INVALID_OPCODE);
            skipFrame = true;
        }
        if (!skipFrame && !discard && messageLen + len > maxMessage) {
            event(MESSAGE_TOO_LARGE);
            discard = true;
        }
        if (remaining == 0) {
            frameDone();
        }
    }

    private void collect(DirectBuffer buf, int i, int n) {
        ensure(messageLen + n);
        buf.getBytes(i, message, messageLen, n);
        if (masked) {
            for (int j = 0; j < n; j++) {
                message[messageLen + j] ^= mask[(int) ((maskPos + j) & 3)];
            }
        }
        messageLen += n;
    }

    private void ensure(int size) {
        if (message.length >= size) {
            return;
        }
        int n = Math.max(message.length, INITIAL_BUFFER);
        while (n < size) {
            n *= 2;
        }
        byte[] nb = new byte[Math.min(n, maxMessage)];
        System.arraycopy(message, 0, nb, 0, messageLen);
        message = nb;
    }

    private void frameDone() {
        remaining = -1;
        if (skipFrame) {
            skipFrame = false;
            return;
        }
        if (frameFin && messageOpcode >= 0) {
            if (!discard) {
                messages++;
                if (sink != null) {
                    sink.onMessage(messageOpcode, message, 0, messageLen);
                }
            }
            messageOpcode = -1;
            messageLen = 0;
            discard = false;
        }
    }

    @Override
    public void onGap(long missingBytes) {
        if (dead) {
            return;
        }
        event(STREAM_GAP);
        if (remaining > 0 && missingBytes < remaining) {
            remaining -= missingBytes;
            maskPos += missingBytes;
            if (messageOpcode >= 0 && !skipFrame) {
                discard = true; // a hole in the message: framing survives, the message does not
            }
            return;
        }
        dead = true;
    }

    @Override
    public void onFin() {
        finish();
    }

    @Override
    public void onEvent(DecodeEventType type) {
        event(type);
    }

    /** The connection ends: a frame or fragmented message in progress is truncated. */
    public void finish() {
        if (!dead && (headerLen > 0 || remaining >= 0 || messageOpcode >= 0)) {
            event(TRUNCATED_MESSAGE);
        }
        dead = true;
    }

    private void event(DecodeEventType type) {
        if (sink != null) {
            sink.onEvent(type);
        }
    }
}
