package dev.vigil.sensor.pipeline;

import dev.vigil.protocol.PacketDecoder;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.reassembly.DefragConfig;
import dev.vigil.protocol.reassembly.IpDefragmenter;
import dev.vigil.sensor.flow.FlowTable;
import org.agrona.DirectBuffer;

/**
 * L2-L4 decoding of a slot's packet in place: flyweight decoders (no allocation), fragment
 * reassembly, decode-event counting and the flow hash. Single-threaded; the pipeline runs it on
 * the capture thread when several workers need the hash to pick their shard, and on the worker
 * itself when there is one (then each core does half the work and the decoded view never leaves
 * the core that reads it).
 */
final class L2L4Stage {
    private static final long SECOND = 1_000_000_000L;

    private final PacketDecoder decoder = new PacketDecoder();
    private final IpDefragmenter defrag;
    private final PipelineStats stats;
    private long lastExpiry;

    L2L4Stage(PipelineStats stats) {
        this.stats = stats;
        this.defrag = new IpDefragmenter(DefragConfig.defaults(),
                (type, ipVersion, srcHi, srcLo, dstHi, dstLo, fragmentId, protocol, context) ->
                        stats.decodeEvent(type.id()));
    }

    void decode(PacketSlot slot) {
        PacketView v = slot.view;
        long ts = slot.timestampNanos;
        decoder.decode(slot.buffer, 0, slot.capturedLength, slot.wireLength, slot.linkType, v);
        if (v.fragment) {
            reassemble(slot, v, ts);
        }
        for (int i = 0; i < v.eventCount; i++) {
            stats.decodeEvent(v.events[i]);
        }
        v.flowHash = v.ipVersion != 0 ? FlowTable.hash(v) : 0;
        if (ts - lastExpiry > SECOND) {
            lastExpiry = ts;
            defrag.expire(ts);
        }
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
        slot.own(l3, l3 + len);
        whole.getBytes(0, slot.data(), l3, len);
        decoder.decodeIp(slot.buffer, l3, len, v);
        v.capturedLength = l3 + len - v.frameOffset;
        slot.wireLength = Math.max(slot.wireLength, v.capturedLength);
        stats.reassembled.lazySet(stats.reassembled.get() + 1);
    }
}
