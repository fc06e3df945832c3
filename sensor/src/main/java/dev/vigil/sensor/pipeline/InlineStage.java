package dev.vigil.sensor.pipeline;

import dev.vigil.sensor.capture.PacketHandler;
import org.agrona.DirectBuffer;

/**
 * Offline analysis with one worker: the reading thread runs the worker itself, packet by packet,
 * through one reused slot that points into the reader's memory map (no copy). A file cannot drop packets and has no capture thread to decouple
 * from, so the packet ring would only add a hand-over between cores: every packet's bytes and
 * decoded view would cross from one core's cache to the other's (measured: the ring costs more
 * than decoding and flow tracking together). Records still go through the record ring to the
 * output threads, so slow outputs never run on this thread.
 */
final class InlineStage implements PacketHandler {
    private final Worker worker;
    private final PipelineStats stats;
    private final PacketSlot slot = new PacketSlot();
    private InputContext input;
    private long sequence;

    InlineStage(Worker worker, PipelineStats stats) {
        this.worker = worker;
        this.stats = stats;
    }

    void input(InputContext input) {
        this.input = input;
    }

    @Override
    public boolean onPacket(long frameNumber, int interfaceId, int linkType, long timestampNanos,
                            DirectBuffer buffer, int offset, int capturedLength, int originalLength) {
        stats.packets.lazySet(stats.packets.get() + 1);
        stats.bytes.lazySet(stats.bytes.get() + originalLength);
        PacketSlot s = slot;
        s.setPacket(input, frameNumber, interfaceId, linkType, timestampNanos, capturedLength, originalLength);
        // zero copy: decode straight from the reader's memory map, on this thread, during this call
        s.wrapExternal(buffer, offset, capturedLength);
        worker.onEvent(s, ++sequence, true);
        return true;
    }

    void endOfInput(InputContext ended) {
        slot.setEndOfInput(ended);
        worker.onEvent(slot, ++sequence, true);
    }
}
