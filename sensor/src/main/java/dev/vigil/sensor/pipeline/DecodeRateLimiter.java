package dev.vigil.sensor.pipeline;

/**
 * Token bucket per decode event type, on packet time: a burst of documents per key, then a
 * steady rate. Counting is never limited, only the documents; the next admitted document says
 * how many were suppressed before it. A flood of one malformation cannot flood Elasticsearch.
 */
final class DecodeRateLimiter {
    private final double burst;
    private final double perNano;
    private double[] tokens = new double[64];
    private long[] last = new long[64];
    private long[] suppressed = new long[64];
    private boolean[] seen = new boolean[64];

    DecodeRateLimiter(int burst, double perSecond) {
        this.burst = burst;
        this.perNano = perSecond / 1e9;
    }

    /** Returns -1 when the document is suppressed, else the number suppressed since the last one. */
    long admit(int typeId, long nowNanos) {
        if (typeId >= tokens.length) {
            grow(typeId + 1);
        }
        if (!seen[typeId]) {
            seen[typeId] = true;
            tokens[typeId] = burst;
            last[typeId] = nowNanos;
        }
        long dt = nowNanos - last[typeId];
        if (dt > 0) {
            tokens[typeId] = Math.min(burst, tokens[typeId] + dt * perNano);
            last[typeId] = nowNanos;
        }
        if (tokens[typeId] < 1.0) {
            suppressed[typeId]++;
            return -1;
        }
        tokens[typeId] -= 1.0;
        long s = suppressed[typeId];
        suppressed[typeId] = 0;
        return s;
    }

    private void grow(int n) {
        int size = Math.max(n, tokens.length * 2);
        tokens = java.util.Arrays.copyOf(tokens, size);
        last = java.util.Arrays.copyOf(last, size);
        suppressed = java.util.Arrays.copyOf(suppressed, size);
        seen = java.util.Arrays.copyOf(seen, size);
    }
}
