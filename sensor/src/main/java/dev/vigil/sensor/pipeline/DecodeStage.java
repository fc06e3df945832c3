package dev.vigil.sensor.pipeline;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import dev.vigil.protocol.PacketDecoder;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.reassembly.IpDefragmenter;
import dev.vigil.sensor.capture.PacketHandler;
import dev.vigil.sensor.flow.FlowTable;
import org.agrona.DirectBuffer;

/**
 * The capture thread's stage: copies each packet once into a ring slot, decodes L2-L4 in place
 * (flyweights, no allocation), rebuilds fragmented IP datagrams, computes the flow hash that
 * picks the worker, and publishes the slot. Single-threaded: one capture source at a time.
 */
final class DecodeStage implements PacketHandler {
    private final RingBuffer<PacketSlot> ring;
    private final PacketDecoder decoder = new PacketDecoder();
    private final IpDefragmenter defrag;
    private final PipelineStats stats;
    private final boolean lossless;
    private InputContext input;
    private long lastExpiry;

    DecodeStage(RingBuffer<PacketSlot> ring, IpDefragmenter defrag, PipelineStats stats, boolean lossless) {
        this.ring = ring;
        this.defrag = defrag;
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
            slot.kind = PacketSlot.KIND_PACKET;
            slot.input = input;
            slot.frame = frameNumber;
            slot.interfaceId = interfaceId;
            slot.timestampNanos = timestampNanos;
            slot.wireLength = originalLength;
            slot.ensureCapacity(capturedLength);
            buffer.getBytes(offset, slot.data(), 0, capturedLength);
            PacketView v = slot.view;
            decoder.decode(slot.buffer, 0, capturedLength, originalLength, linkType, v);
            if (v.fragment) {
                reassemble(slot, v, timestampNanos);
            }
            for (int i = 0; i < v.eventCount; i++) {
                stats.decodeEvent(v.events[i]);
            }
            v.flowHash = v.ipVersion != 0 ? FlowTable.hash(v) : 0;
            if (timestampNanos - lastExpiry > 1_000_000_000L) {
                lastExpiry = timestampNanos;
                defrag.expire(timestampNanos);
            }
        } finally {
            ring.publish(seq);
        }
        return true;
    }

    /**
     * Gives a fragment to the defragmenter; when it completes a datagram, the datagram replaces
     * the fragment in the slot (after the link header) and is decoded again from its IP header.
     * A fragment that completes nothing stays marked {@code fragment} and carries no transport.
     */
    private void reassemble(PacketSlot slot, PacketView v, long now) {
        DirectBuffer whole = defrag.add(v, slot.buffer, now);
        if (whole == null) {
            return;
        }
        int len = defrag.lastLength();
        int l3 = v.l3Offset;
        slot.ensureCapacity(l3 + len);
        whole.getBytes(0, slot.data(), l3, len);
        decoder.decodeIp(slot.buffer, l3, len, v);
        v.capturedLength = l3 + len - v.frameOffset;
        slot.wireLength = Math.max(slot.wireLength, v.capturedLength);
        stats.reassembled.lazySet(stats.reassembled.get() + 1);
    }

    /** Publishes the end-of-input marker every worker acts on. Waits for a slot even live. */
    void endOfInput(InputContext ended) {
        long seq = ring.next();
        PacketSlot slot = ring.get(seq);
        slot.kind = PacketSlot.KIND_END_OF_INPUT;
        slot.input = ended;
        slot.view.reset();
        ring.publish(seq);
    }
}
