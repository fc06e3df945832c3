package dev.vigil.sensor.detect;

import dev.vigil.sensor.event.EventWriter;

/** Where a {@link DocumentAnalyzer} writes its documents (findings, asset documents). */
public interface DocumentSink {
    /** The writer for the next document: {@code writer().begin(...)}, fields, {@code finish()}, then {@link #emit}. */
    EventWriter writer();

    /**
     * Publishes the document just written and finished with {@link #writer()}.
     *
     * @param alert  {@code event.kind: alert} (findings; webhooks take these)
     * @param upsert the document replaces an earlier one with the same id (the asset's own
     *               document) instead of being created once
     */
    void emit(String dataset, String id, long timestampNanos, boolean alert, boolean upsert);

    /** The name of the input being analysed (a file name or an interface), for {@code vigil.input}. */
    String inputName();
}
