package dev.vigil.sensor.output;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One serialised event on its way from a worker to the outputs: a preallocated slot of the
 * record ring, reused. The JSON is a complete document (one object, no trailing newline);
 * outputs copy what they keep beyond {@link OutputAgent#onRecord}.
 */
public final class EventRecord {
    /** {@code event.dataset}, e.g. {@code vigil.flow}; one of a small set of interned constants. */
    public String dataset;
    /** Deterministic document id: the same input gives the same id, so re-delivery never duplicates. */
    public String id;
    /** {@code @timestamp} of the event in nanoseconds since the epoch. */
    public long timestampNanos;
    /** True for {@code event.kind: alert} (findings). */
    public boolean alert;
    /**
     * True for a document that replaces an earlier one of the same id (an asset's own document):
     * indexed with {@code index}, not {@code create}.
     */
    public boolean upsert;
    /**
     * True for a document meant for the detect stage only (a flow's start, the end of an input):
     * never forwarded to the outputs.
     */
    public boolean internal;
    private byte[] json = new byte[1024];
    private int length;

    public byte[] json() {
        return json;
    }

    public int length() {
        return length;
    }

    /** Copies the document into this slot, growing its buffer only when a larger document arrives. */
    public void setJson(byte[] src, int offset, int len) {
        if (json.length < len) {
            json = Arrays.copyOf(json, Math.max(len, json.length * 2));
        }
        System.arraycopy(src, offset, json, 0, len);
        length = len;
    }

    /** The document as a string (tests and logs only: allocates). */
    public String jsonString() {
        return new String(json, 0, length, StandardCharsets.UTF_8);
    }

    /** The document's bytes as a new array (allocates). */
    public byte[] jsonCopy() {
        return Arrays.copyOf(json, length);
    }
}
