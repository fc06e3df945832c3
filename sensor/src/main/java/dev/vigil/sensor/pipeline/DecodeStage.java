package dev.vigil.sensor.pipeline;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import dev.vigil.sensor.capture.PacketHandler;
import org.agrona.DirectBuffer;

/**
 * The capture thread's stage: copies each packet once into a ring slot and publishes it. With
 * several workers it also decodes L2-L4 here, because the flow hash picks the worker; with one
 * worker the worker decodes (see {@link L2L4Stage}). Single-threaded: one capture source at a time.
 */
final class DecodeStage implements PacketHandler {
    private final RingBuffer<PacketSlot> ring;
    private final L2L4Stage l2l4;
    private final PipelineStats stats;
    private final boolean lossless;
    private InputContext input;

    /**
     * @param l2l4 the decoding stage to run here, or null when the worker decodes
     */
    DecodeStage(RingBuffer<PacketSlot> ring, L2L4Stage l2l4, PipelineStats stats, boolean lossless) {
        this.ring = ring;
        this.l2l4 = l2l4;
        this.stats = stats;
        this.lossless = lossless;
    }

    void input(InputContext input) {
        this.input = input;
    }

    @Override
    public boolean onPacket(long frameNumber, int interfaceId, int linkType, long timestampNanos,
                            DirectBuffer buffer, int offset, int capturedLength, int originalLength) {
        stats.packets.lazySet(stats.packets.get() + 1);
        stats.bytes.lazySet(stats.bytes.get() + originalLength);
        long seq;
        if (lossless) {
            seq = ring.next();
        } else {
            try {
                seq = ring.tryNext();
            } catch (InsufficientCapacityException e) {
                stats.packetRingDrops.lazySet(stats.packetRingDrops.get() + 1);
                return false;
            }
        }
        PacketSlot slot = ring.get(seq);
        try {
            slot.setPacket(input, frameNumber, interfaceId, linkType, timestampNanos, capturedLength, originalLength);
            slot.ensureCapacity(capturedLength);
            buffer.getBytes(offset, slot.data(), 0, capturedLength);
            slot.decoded = l2l4 != null;
            if (slot.decoded) {
                l2l4.decode(slot);
            }
        } finally {
            ring.publish(seq);
        }
        return true;
    }

    /** Publishes the end-of-input marker every worker acts on. Waits for a slot even live. */
    void endOfInput(InputContext ended) {
        long seq = ring.next();
        PacketSlot slot = ring.get(seq);
        slot.setEndOfInput(ended);
        ring.publish(seq);
    }
}
