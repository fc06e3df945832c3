package dev.vigil.sensor.pipeline;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.output.EventRecord;

/**
 * Hands finished event documents to the record ring. Offline, a full ring makes the worker wait
 * (a file can be read more slowly; nothing is dropped). Live, the packet path must never wait
 * on outputs: a full ring drops the record and counts it by dataset.
 */
public final class RecordPublisher {
    private final RingBuffer<EventRecord> ring;
    private final PipelineStats stats;

    RecordPublisher(RingBuffer<EventRecord> ring, PipelineStats stats) {
        this.ring = ring;
        this.stats = stats;
    }

    /** Publishes the document the writer just finished. Returns false when it was dropped. */
    public boolean publish(EventWriter writer, String dataset, String id, long timestampNanos,
                           boolean alert, boolean lossless) {
        long seq;
        if (lossless) {
            seq = ring.next();
        } else {
            try {
                seq = ring.tryNext();
            } catch (InsufficientCapacityException e) {
                stats.recordDropped(dataset);
                return false;
            }
        }
        try {
            EventRecord r = ring.get(seq);
            r.dataset = dataset;
            r.id = id;
            r.timestampNanos = timestampNanos;
            r.alert = alert;
            r.setJson(writer.bytes(), 0, writer.length());
        } finally {
            ring.publish(seq);
        }
        stats.eventOut(dataset);
        return true;
    }
}
