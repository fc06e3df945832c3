package dev.vigil.sensor.pipeline;

import dev.vigil.protocol.DecodeEventType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pipeline's counters: what came in, what was decoded, what was dropped and why, and what
 * went out. Hot counters have a single writer and are published with ordered writes
 * ({@code lazySet}), so readers on other threads (progress, metrics, summary) see recent values
 * without the packet path paying for atomics.
 */
public final class PipelineStats {
    /** Upper bound on registered decode event types. */
    public static final int MAX_DECODE_TYPES = 1024;

    final AtomicLong packets = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong packetRingDrops = new AtomicLong();
    final AtomicLong reassembled = new AtomicLong();
    private final AtomicLongArray decodeEvents = new AtomicLongArray(MAX_DECODE_TYPES);
    private final AtomicLong decodeEventDocsSuppressed = new AtomicLong();
    private final Map<String, LongAdder> eventsByDataset = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> recordDropsByDataset = new ConcurrentHashMap<>();
    final AtomicLong flowsEvicted = new AtomicLong();
    final AtomicLong flowsCreated = new AtomicLong();
    final AtomicLong flowsActive = new AtomicLong();

    /** Counts one decode event of a type (any thread). */
    public void decodeEvent(int typeId) {
        if (typeId < MAX_DECODE_TYPES) {
            decodeEvents.incrementAndGet(typeId);
        }
    }

    void decodeEventDocSuppressed() {
        decodeEventDocsSuppressed.incrementAndGet();
    }

    /** Counts an event document handed to the outputs. */
    public void eventOut(String dataset) {
        eventsByDataset.computeIfAbsent(dataset, k -> new LongAdder()).increment();
    }

    /** Counts an event document that could not enter the record ring (live mode, ring full). */
    public void recordDropped(String dataset) {
        recordDropsByDataset.computeIfAbsent(dataset, k -> new LongAdder()).increment();
    }

    public long packets() {
        return packets.get();
    }

    public long bytes() {
        return bytes.get();
    }

    /** Packets the capture thread could not place in the ring (live mode only). */
    public long packetRingDrops() {
        return packetRingDrops.get();
    }

    /** IP datagrams rebuilt from fragments. */
    public long reassembled() {
        return reassembled.get();
    }

    public long flowsEvicted() {
        return flowsEvicted.get();
    }

    public long flowsCreated() {
        return flowsCreated.get();
    }

    /** Flows currently tracked (sum over workers). */
    public long flowsActive() {
        return flowsActive.get();
    }

    public long decodeEventDocsSuppressed() {
        return decodeEventDocsSuppressed.get();
    }

    /** Decode event counts by key, non-zero only, sorted by key. */
    public Map<String, Long> decodeEvents() {
        Map<String, Long> m = new TreeMap<>();
        int n = Math.min(DecodeEventType.count(), MAX_DECODE_TYPES);
        for (int i = 0; i < n; i++) {
            long c = decodeEvents.get(i);
            if (c > 0) {
                m.put(DecodeEventType.byId(i).key(), c);
            }
        }
        return m;
    }

    public long decodeEventsTotal() {
        long t = 0;
        for (long v : decodeEvents().values()) {
            t += v;
        }
        return t;
    }

    /** Event documents produced, by dataset, sorted. */
    public Map<String, Long> eventsByDataset() {
        Map<String, Long> m = new TreeMap<>();
        eventsByDataset.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public long eventsTotal() {
        return eventsByDataset.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<String, Long> recordDropsByDataset() {
        Map<String, Long> m = new TreeMap<>();
        recordDropsByDataset.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Every drop, by reason: nothing is lost without a number here. */
    public Map<String, Long> drops() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("packet_ring_full", packetRingDrops());
        m.put("flow_table_full", flowsEvicted());
        long rec = recordDropsByDataset().values().stream().mapToLong(Long::longValue).sum();
        m.put("record_ring_full", rec);
        m.put("decode_event_docs_rate_limited", decodeEventDocsSuppressed());
        return m;
    }
}
