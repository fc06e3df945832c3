package dev.vigil.sensor.output;

/**
 * An output (NDJSON file, Elasticsearch, ...). Each agent runs on its own thread and sees every
 * record in order; it must never make the packet path wait: slow I/O is batched, and what the
 * agent cannot deliver is counted.
 */
public interface OutputAgent extends AutoCloseable {
    /** Short lower-case name for logs and metrics tags, e.g. {@code ndjson}, {@code elasticsearch}. */
    String name();

    /** Called once, on the agent's thread, before the first record. */
    default void start() throws Exception {
    }

    /**
     * One record. {@code endOfBatch} is true when no further record is waiting right now: the
     * agent's chance to flush.
     */
    void onRecord(EventRecord record, boolean endOfBatch) throws Exception;

    /** Flushes everything accepted so far and releases resources; called once at shutdown. */
    @Override
    void close() throws Exception;

    /** Records delivered (written, indexed, or already present). */
    long delivered();

    /** Records that could not be delivered and were given up, with reasons in the agent's log and metrics. */
    long failed();
}
