package dev.vigil.sensor.pipeline;

import dev.vigil.sensor.flow.FlowConfig;

/**
 * Sizes and limits of the pipeline. Every bound is named here and reported when it is hit.
 *
 * @param packetRingSize         slots of the packet ring (power of two)
 * @param recordRingSize         slots of the record ring between workers and outputs (power of two)
 * @param workers                worker threads, each owning a shard of the flow table
 * @param flow                   flow table limits and timeouts (per worker)
 * @param decodeEventsBurst      decode events of one key written as documents before rate limiting
 * @param decodeEventsPerSecond  further decode event documents per key and second of packet time
 * @param namespace              data stream namespace written in {@code data_stream.namespace}
 */
public record PipelineConfig(int packetRingSize, int recordRingSize, int workers, FlowConfig flow,
                             int decodeEventsBurst, double decodeEventsPerSecond, String namespace) {

    public static final PipelineConfig DEFAULT =
            new PipelineConfig(16_384, 8_192, 1, FlowConfig.DEFAULT, 100, 1.0, "default");

    public PipelineConfig {
        if (Integer.bitCount(packetRingSize) != 1 || Integer.bitCount(recordRingSize) != 1) {
            throw new IllegalArgumentException("ring sizes must be powers of two: packets=" + packetRingSize
                    + " records=" + recordRingSize);
        }
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("workers must be 1..64, got " + workers);
        }
        if (!namespace.matches("[a-z0-9_]{1,100}")) {
            throw new IllegalArgumentException("namespace must be lower case letters, digits or _: " + namespace);
        }
    }

    public PipelineConfig withWorkers(int n) {
        return new PipelineConfig(packetRingSize, recordRingSize, n, flow, decodeEventsBurst,
                decodeEventsPerSecond, namespace);
    }

    public PipelineConfig withNamespace(String ns) {
        return new PipelineConfig(packetRingSize, recordRingSize, workers, flow, decodeEventsBurst,
                decodeEventsPerSecond, ns);
    }

    public PipelineConfig withFlow(FlowConfig f) {
        return new PipelineConfig(packetRingSize, recordRingSize, workers, f, decodeEventsBurst,
                decodeEventsPerSecond, namespace);
    }
}
