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

    public RecordPublisher(RingBuffer<EventRecord> ring, PipelineStats stats) {
        this.ring = ring;
        this.stats = stats;
    }

    /** Publishes the document the writer just finished. Returns false when it was dropped. */
    public boolean publish(EventWriter writer, String dataset, String id, long timestampNanos,
                           boolean alert, boolean lossless) {
        return publish(writer.bytes(), writer.length(), dataset, id, timestampNanos, alert, false, false, lossless,
                true);
    }

    /** Publishes an internal document: seen by the detect stage, never by the outputs. */
    public boolean publishInternal(EventWriter writer, String dataset, long timestampNanos, boolean lossless) {
        return publish(writer.bytes(), writer.length(), dataset, null, timestampNanos, false, false, true, lossless,
                false);
    }

    /** Passes a record on to the next ring (the detect stage forwarding to the outputs). */
    public boolean forward(EventRecord r, boolean lossless) {
        return publish(r.json(), r.length(), r.dataset, r.id, r.timestampNanos, r.alert, r.upsert, false, lossless,
                false);
    }

    /** Publishes a document an analyzer wrote (findings, assets). */
    public boolean publish(EventWriter writer, String dataset, String id, long timestampNanos, boolean alert,
                           boolean upsert, boolean lossless) {
        return publish(writer.bytes(), writer.length(), dataset, id, timestampNanos, alert, upsert, false, lossless,
                true);
    }

    private boolean publish(byte[] json, int length, String dataset, String id, long timestampNanos, boolean alert,
                            boolean upsert, boolean internal, boolean lossless, boolean count) {
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
            r.upsert = upsert;
            r.internal = internal;
            r.setJson(json, 0, length);
        } finally {
            ring.publish(seq);
        }
        if (count) {
            stats.eventOut(dataset);
        }
        return true;
    }
}
