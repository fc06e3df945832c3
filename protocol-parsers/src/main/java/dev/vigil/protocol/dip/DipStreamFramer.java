package dev.vigil.protocol.dip;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.reassembly.StreamListener;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Cuts one direction of a DIP stream (TCP 50001), or one UDP 5001 datagram, into messages.
 *
 * <h2>Framing rule (an assumption to be confirmed)</h2>
 * The vendor facts say a DIP message is text of at most 500 bytes but not how messages are
 * delimited on TCP. The demo capture carries one message per TCP segment with no terminator
 * (PSH set, no CR, LF or NUL). The rule implemented here is the most defensible one that fits
 * both that and the text-protocol habit of line terminators:
 * <ol>
 *   <li>CR, LF and NUL are terminators: as soon as one is seen in a direction, that direction
 *       is framed by terminators from then on. Bytes are buffered across segments until the
 *       next terminator, so a message split over segments and several messages in one segment
 *       both come out whole. Empty lines (CR LF, doubled terminators) are skipped.</li>
 *   <li>Until a terminator has been seen, each block of bytes the {@code TcpReassembler}
 *       delivers is one message: for in-order traffic that is exactly one TCP segment (segment
 *       boundary = message boundary).</li>
 * </ol>
 * Known limits of rule 2: a message that a sender splits over several segments comes out as
 * several messages, and when the reassembler releases buffered out-of-order data, contiguous
 * segments delivered together come out as one message. Both need the real framing to fix.
 *
 * <h2>Bounds and gaps</h2>
 * At most {@link DipParser#MAX_MESSAGE_LENGTH} bytes of a buffered message are kept; its full
 * length is passed on, so the parser reports {@code dip.message_too_long}. When the stream has
 * a gap, a buffered partial message is passed on marked incomplete and, in terminator mode,
 * the bytes up to the next terminator are dropped (their message's start was never seen).
 * Nothing is allocated after construction. Not thread-safe.
 */
public final class DipStreamFramer implements StreamListener {

    /** Receives whole messages and the reassembler's stream events. */
    public interface Sink {
        /**
         * One message. {@code buffer} is valid only during the call.
         *
         * @param length        bytes at hand, at most the message length
         * @param messageLength the message's full length (more than {@code length} when capped)
         * @param incomplete    the message was cut short by a gap in the stream
         */
        void onMessage(DirectBuffer buffer, int offset, int length, int messageLength, boolean incomplete);

        /** A decode event of the TCP stream ({@code tcp.reassembly_gap} ...). */
        default void onStreamEvent(DecodeEventType type) {
        }
    }

    private final byte[] partial = new byte[DipParser.MAX_MESSAGE_LENGTH];
    private final UnsafeBuffer partialBuffer = new UnsafeBuffer(partial);
    private Sink sink;
    /** Bytes of the buffered message at hand (at most the cap). */
    private int partialLength;
    /** Bytes of the buffered message so far (may exceed the cap). */
    private int partialTotal;
    private boolean terminated;
    private boolean resync;
    private long messages;
    private long bytesSkipped;

    public DipStreamFramer() {
    }

    /** Prepares for a new stream (or datagram) whose messages go to {@code sink}. */
    public DipStreamFramer reset(Sink sink) {
        this.sink = sink;
        partialLength = 0;
        partialTotal = 0;
        terminated = false;
        resync = false;
        messages = 0;
        bytesSkipped = 0;
        return this;
    }

    /** True once a terminator was seen: the stream is framed by terminators. */
    public boolean terminatorMode() {
        return terminated;
    }

    /** Messages passed on since the last reset. */
    public long messages() {
        return messages;
    }

    /** Bytes dropped after gaps because their message's start was never seen. */
    public long bytesSkipped() {
        return bytesSkipped;
    }

    /** Bytes of a message waiting for its terminator. */
    public int pendingBytes() {
        return partialTotal;
    }

    /** CR, LF or NUL: the terminators this framer accepts. */
    public static boolean isTerminator(int b) {
        return b == '\n' || b == '\r' || b == 0;
    }

    /** Index of the first terminator in {@code [from, end)}, or -1. */
    public static int indexOfTerminator(DirectBuffer buffer, int from, int end) {
        for (int p = from; p < end; p++) {
            if (isTerminator(buffer.getByte(p))) {
                return p;
            }
        }
        return -1;
    }

    @Override
    public void onData(DirectBuffer buffer, int offset, int length) {
        if (length <= 0) {
            return;
        }
        final int end = offset + length;
        if (!terminated) {
            if (indexOfTerminator(buffer, offset, end) < 0) {
                emit(buffer, offset, length, length, false); // rule 2: the block is the message
                return;
            }
            terminated = true;
        }
        int p = offset;
        while (p < end) {
            int t = indexOfTerminator(buffer, p, end);
            if (resync) {
                bytesSkipped += (t < 0 ? end : t) - p;
                if (t < 0) {
                    return;
                }
                resync = false;
                p = t + 1;
                continue;
            }
            if (t < 0) {
                append(buffer, p, end - p);
                return;
            }
            if (partialTotal == 0) {
                if (t > p) {
                    emit(buffer, p, t - p, t - p, false);
                }
            } else {
                append(buffer, p, t - p);
                emitPartial(false);
            }
            p = t + 1;
        }
    }

    @Override
    public void onGap(long missingBytes) {
        if (partialTotal > 0) {
            emitPartial(true);
        }
        if (terminated) {
            resync = true;
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

    /** End of the stream or datagram: a message still waiting for its terminator is passed on as it is. */
    public void flush() {
        if (partialTotal > 0) {
            emitPartial(false);
        }
        resync = false;
    }

    private void append(DirectBuffer buffer, int from, int n) {
        int keep = Math.min(n, partial.length - partialLength);
        if (keep > 0) {
            buffer.getBytes(from, partial, partialLength, keep);
            partialLength += keep;
        }
        partialTotal = (int) Math.min(Integer.MAX_VALUE, (long) partialTotal + n);
    }

    private void emitPartial(boolean incomplete) {
        int len = partialLength;
        int total = partialTotal;
        partialLength = 0;
        partialTotal = 0;
        emit(partialBuffer, 0, len, total, incomplete);
    }

    private void emit(DirectBuffer buffer, int offset, int length, int messageLength, boolean incomplete) {
        messages++;
        if (sink != null) {
            sink.onMessage(buffer, offset, length, messageLength, incomplete);
        }
    }
}
