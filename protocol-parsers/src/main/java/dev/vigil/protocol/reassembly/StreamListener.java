package dev.vigil.protocol.reassembly;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;

/**
 * Receives one direction of a TCP stream from {@link TcpReassembler}, in order, each byte at
 * most once. Called on the reassembler's thread; buffers passed in are only valid during the
 * call (they are the packet's buffer or a pool page that is reused right after).
 */
public interface StreamListener {
    /** The next {@code length} bytes of the stream. */
    void onData(DirectBuffer buf, int offset, int length);

    /** {@code missingBytes} bytes of the stream were never seen and are skipped; data continues after them. */
    void onGap(long missingBytes);

    /** The FIN was reached: every byte before it was delivered or reported as a gap. Called at most once. */
    default void onFin() {
    }

    /**
     * A decode event of the stream ({@code tcp.overlap_mismatch}, {@code tcp.reassembly_gap},
     * {@code tcp.reassembly_overflow}); the reassembler also counts them.
     */
    default void onEvent(DecodeEventType type) {
    }
}
