package dev.vigil.protocol.dns;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.reassembly.StreamListener;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Splits one direction of a DNS-over-TCP stream into messages: each is preceded by a two-byte
 * length (RFC 1035 section 4.2.2, RFC 7766 section 8). Bytes arrive from the TCP reassembler in
 * order; a message is handed to the {@link Sink} once complete, from a buffer that grows up to
 * the 65535-byte maximum. A gap in the stream loses the framing: the partial message is
 * reported as {@link #INCOMPLETE} and the direction is given up ({@link #failed()}).
 */
public final class DnsTcpFramer implements StreamListener {
    public static final DecodeEventType INCOMPLETE = DecodeEventType.register("dns.tcp_incomplete",
            "A DNS-over-TCP message cut by a gap in the stream or by the end of the flow.",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType EMPTY_MESSAGE = DecodeEventType.register("dns.tcp_empty_message",
            "A DNS-over-TCP length prefix of zero.", DecodeEventType.KIND_MALFORMED);

    /** Receives complete messages (without their length prefix) and stream events. */
    public interface Sink {
        void onMessage(DirectBuffer buffer, int offset, int length);

        void onEvent(DecodeEventType type);
    }

    private static final int INITIAL = 512;
    private byte[] bytes = new byte[INITIAL];
    private final UnsafeBuffer view = new UnsafeBuffer(bytes);
    private Sink sink;
    private int prefixHave;
    private int expected;
    private int have;
    private boolean failed;

    public DnsTcpFramer reset(Sink sink) {
        this.sink = sink;
        prefixHave = 0;
        expected = 0;
        have = 0;
        failed = false;
        return this;
    }

    public boolean failed() {
        return failed;
    }

    @Override
    public void onData(DirectBuffer buf, int offset, int length) {
        int p = offset;
        int end = offset + length;
        while (p < end && !failed) {
            if (prefixHave < 2) {
                expected = (expected << 8) | (buf.getByte(p++) & 0xFF);
                if (++prefixHave == 2) {
                    if (expected == 0) {
                        sink.onEvent(EMPTY_MESSAGE);
                        prefixHave = 0;
                        continue;
                    }
                    if (bytes.length < expected) {
                        bytes = new byte[Math.max(expected, Math.min(65535, bytes.length * 2))];
                        view.wrap(bytes);
                    }
                    have = 0;
                }
                continue;
            }
            int n = Math.min(expected - have, end - p);
            buf.getBytes(p, bytes, have, n);
            have += n;
            p += n;
            if (have == expected) {
                sink.onMessage(view, 0, expected);
                prefixHave = 0;
                expected = 0;
                have = 0;
            }
        }
    }

    @Override
    public void onGap(long missingBytes) {
        if (failed) {
            return;
        }
        sink.onEvent(INCOMPLETE);
        failed = true;
    }

    /** The flow ends: a partial message is reported. */
    public void flush() {
        if (!failed && prefixHave > 0) {
            sink.onEvent(INCOMPLETE);
        }
        prefixHave = 0;
        expected = 0;
        have = 0;
    }
}
