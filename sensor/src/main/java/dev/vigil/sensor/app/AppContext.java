package dev.vigil.sensor.app;

import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.flow.FlowTable;
import dev.vigil.sensor.pipeline.InputContext;

/** What a worker offers its application decoders: the flow table and a way to emit events. */
public interface AppContext {
    FlowTable flows();

    /** The writer for the next document; call {@link #emit} after writing it. */
    EventWriter writer();

    /** A deterministic id for a document of this input (see {@code EventIds}). */
    String eventId(String dataset, long sequence, long discriminator, String extra);

    /**
     * Starts a document with the common header, then the caller writes its fields through
     * {@link #writer()} and calls {@link #emit}.
     */
    void begin(String dataset, long timestampNanos, long sequence, String id);

    /** Publishes the document begun with {@link #begin}. */
    void emit(String dataset, String id, long timestampNanos);

    /** Counts a decode event of an app decoder (and writes a rate-limited {@code vigil.decode} document). */
    void decodeEvent(dev.vigil.protocol.DecodeEventType type, long timestampNanos, long sequence);

    InputContext input();
}
