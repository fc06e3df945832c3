package dev.vigil.sensor.detect;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Something that judges or remembers what the workers saw: the asset inventory, the finding
 * engine. It runs on the single detect stage thread (see {@link DetectStage}), after the packet
 * path and before the outputs, and sees every event document the workers wrote, including the
 * internal ones that are never indexed ({@code vigil.flow} with {@code event.action: start} at a
 * flow's first packet). What it writes goes to every output, after the document that caused it.
 */
public interface DocumentAnalyzer {
    /** Short name for logs and metrics. */
    String name();

    /** One event document as the sensor writes it (nested ECS objects). */
    void onDocument(JsonNode event, DocumentSink out);

    /**
     * Time passed: event time of the input (offline) or wall-clock time (live, also when no
     * packet arrives). Called about once per second of that time.
     */
    default void onTick(long nowNanos, DocumentSink out) {
    }

    /** Every worker finished an input (a capture file): emit what waits for the end. */
    default void onEndOfInput(DocumentSink out) {
    }

    /** Shutdown: persist state. */
    default void close() {
    }
}
