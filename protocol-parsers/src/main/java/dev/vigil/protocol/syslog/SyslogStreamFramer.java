package dev.vigil.protocol.syslog;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.reassembly.StreamListener;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Cuts the sender-to-collector direction of a syslog TCP connection into messages, RFC 6587
 * (https://www.rfc-editor.org/rfc/rfc6587) §3.4:
 * <pre>
 *   octet counting   (§3.4.1):  MSG-LEN SP SYSLOG-MSG     ; MSG-LEN = NONZERO-DIGIT *DIGIT
 *   non-transparent  (§3.4.2):  SYSLOG-MSG TRAILER         ; TRAILER = LF (NUL also accepted)
 * </pre>
 * The method is chosen per frame by its first byte, as the RFC's receivers do: a digit means
 * octet counting, {@code <} means non-transparent framing (senders may mix them). Any other
 * first byte is {@link #BAD_FRAMING}: the stream is not syslog (TCP 514 is also RSH's port) and
 * the rest of the direction is ignored.
 *
 * <p>Bounds: a frame keeps at most {@code maxFrame} bytes; a longer one is passed on with its
 * first bytes and full length ({@link #FRAME_TOO_LONG}) and the rest skipped. A MSG-LEN of more
 * than 9 digits is bad framing. Gaps: inside an octet-counted frame whose end is known, the
 * frame is passed on incomplete and the framer stays in step; otherwise the partial frame is
 * passed on incomplete and, for non-transparent framing, bytes up to the next LF are dropped.
 * Nothing is allocated after construction. Not thread-safe.
 */
public final class SyslogStreamFramer implements StreamListener {
    public static final int DEFAULT_MAX_FRAME = 8192;
    public static final int FRAMING_OCTET_COUNTING = 1;
    public static final int FRAMING_NON_TRANSPARENT = 2;

    public static final DecodeEventType BAD_FRAMING = DecodeEventType.register("syslog.bad_framing",
            "A syslog TCP stream whose frame starts neither with an octet count nor with '<' (RFC 6587); the rest "
                    + "of the direction is ignored.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType FRAME_TOO_LONG = DecodeEventType.register("syslog.frame_too_long",
            "A syslog TCP frame longer than the configured maximum; only its start is decoded.",
            DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType INCOMPLETE = DecodeEventType.register("syslog.incomplete",
            "A syslog TCP frame cut short by a gap in the stream (bytes never captured).",
            DecodeEventType.KIND_TRUNCATED);

    /** Receives whole frames, framing errors and the reassembler's stream events. */
    public interface Sink {
        /**
         * One syslog message; {@code buffer} is valid only during the call.
         *
         * @param messageLength the frame's full length (more than {@code length} when capped)
         * @param framing       {@link #FRAMING_OCTET_COUNTING} or {@link #FRAMING_NON_TRANSPARENT}
         * @param incomplete    cut short by a gap or by the end of the stream
         */
        void onMessage(DirectBuffer buffer, int offset, int length, int messageLength, int framing,
                       boolean incomplete);

        /** {@link #BAD_FRAMING}: called once, then the direction is ignored. */
        void onFramingError(DecodeEventType type);

        default void onStreamEvent(DecodeEventType type) {
        }
    }

    private static final int IDLE = 0;
    private static final int COUNT = 1;      // reading MSG-LEN digits
    private static final int OCTETS = 2;     // reading an octet-counted frame
    private static final int LINE = 3;       // reading a non-transparent frame
    private static final int SKIP_LINE = 4;  // dropping bytes up to the next trailer
    private static final int DEAD = 5;       // not syslog: ignore everything

    private final byte[] frame;
    private final UnsafeBuffer frameBuffer;
    private Sink sink;
    private int state;
    private int held;          // bytes of the frame held (at most frame.length)
    private long frameTotal;   // bytes of the frame so far
    private long declared;     // MSG-LEN of an octet-counted frame
    private int countDigits;
    private boolean holed;     // a gap fell inside the current octet-counted frame
    private long frames;

    public SyslogStreamFramer() {
        this(DEFAULT_MAX_FRAME);
    }

    /** @param maxFrame bytes kept per frame, in [480, 1 MiB] (RFC 5424 §6.1: receivers handle at least 480) */
    public SyslogStreamFramer(int maxFrame) {
        if (maxFrame < 480 || maxFrame > (1 << 20)) {
            throw new IllegalArgumentException("maxFrame must be in [480, 1048576]: " + maxFrame);
        }
        this.frame = new byte[maxFrame];
        this.frameBuffer = new UnsafeBuffer(frame);
    }

    public SyslogStreamFramer reset(Sink sink) {
        this.sink = sink;
        state = IDLE;
        held = 0;
        frameTotal = 0;
        declared = 0;
        countDigits = 0;
        holed = false;
        frames = 0;
        return this;
    }

    /** True once the stream was found not to be syslog. */
    public boolean failed() {
        return state == DEAD;
    }

    public long frames() {
        return frames;
    }

    @Override
    public void onData(DirectBuffer buffer, int offset, int length) {
        final int end = offset + length;
        int p = offset;
        while (p < end && state != DEAD) {
            switch (state) {
                case IDLE: {
                    byte c = buffer.getByte(p);
                    if (c >= '1' && c <= '9') {
                        state = COUNT;
                        declared = 0;
                        countDigits = 0;
                    } else if (c == '<') {
                        state = LINE;
                        held = 0;
                        frameTotal = 0;
                    } else if (c == '\n' || c == '\r' || c == 0) {
                        p++; // stray trailer between frames
                    } else {
                        fail();
                    }
                    break;
                }
                case COUNT: {
                    byte c = buffer.getByte(p++);
                    if (c >= '0' && c <= '9' && countDigits < 9) {
                        declared = declared * 10 + (c - '0');
                        countDigits++;
                    } else if (c == ' ' && countDigits > 0) {
                        state = OCTETS;
                        held = 0;
                        frameTotal = 0;
                    } else {
                        fail();
                    }
                    break;
                }
                case OCTETS: {
                    int n = (int) Math.min(end - p, declared - frameTotal);
                    hold(buffer, p, n);
                    p += n;
                    if (frameTotal == declared) {
                        emit(FRAMING_OCTET_COUNTING, false);
                    }
                    break;
                }
                case LINE: {
                    int t = p;
                    while (t < end && buffer.getByte(t) != '\n' && buffer.getByte(t) != 0) {
                        t++;
                    }
                    hold(buffer, p, t - p);
                    p = t;
                    if (t < end) {
                        p++; // the trailer
                        emit(FRAMING_NON_TRANSPARENT, false);
                    }
                    break;
                }
                case SKIP_LINE: {
                    byte c = buffer.getByte(p++);
                    if (c == '\n' || c == 0) {
                        state = IDLE;
                    }
                    break;
                }
                default:
                    return;
            }
        }
    }

    @Override
    public void onGap(long missingBytes) {
        if (state == OCTETS && missingBytes < declared - frameTotal) {
            // the frame's end is known: count the missing bytes and stay in step
            frameTotal += missingBytes;
            holed = true;
            return;
        }
        if (state == OCTETS) {
            long rest = missingBytes - (declared - frameTotal);
            frameTotal = declared;
            emit(FRAMING_OCTET_COUNTING, true);
            if (rest > 0) {
                state = SKIP_LINE; // the gap went past the frame: the next frame's start is unknown
            }
            return;
        }
        if (state == LINE) {
            frameTotal += missingBytes;
            emit(FRAMING_NON_TRANSPARENT, true);
            state = SKIP_LINE;
        } else if (state == COUNT || state == IDLE) {
            state = SKIP_LINE;
        }
    }

    @Override
    public void onFin() {
        flush();
    }

    @Override
    public void onEvent(DecodeEventType type) {
        if (sink != null) {
            sink.onStreamEvent(type);
        }
    }

    /** End of the stream: a frame in progress is passed on (incomplete when octet-counted and short). */
    public void flush() {
        if (state == OCTETS && frameTotal > 0) {
            emit(FRAMING_OCTET_COUNTING, true);
        } else if (state == LINE && frameTotal > 0) {
            emit(FRAMING_NON_TRANSPARENT, false); // RFC 6587: the last frame may lack its trailer
        }
        if (state != DEAD) {
            state = IDLE;
        }
    }

    private void hold(DirectBuffer buffer, int from, int n) {
        int keep = Math.min(n, frame.length - held);
        if (keep > 0) {
            buffer.getBytes(from, frame, held, keep);
            held += keep;
        }
        frameTotal += n;
    }

    private void emit(int framing, boolean incomplete) {
        int len = held;
        int total = (int) Math.min(Integer.MAX_VALUE, frameTotal);
        boolean cut = incomplete || holed;
        held = 0;
        frameTotal = 0;
        holed = false;
        state = IDLE;
        frames++;
        if (sink != null) {
            sink.onMessage(frameBuffer, 0, len, total, framing, cut);
        }
    }

    private void fail() {
        state = DEAD;
        if (sink != null) {
            sink.onFramingError(BAD_FRAMING);
        }
    }
}
