package dev.vigil.sensor.http;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How much a monotonic counter grew over the last window (e.g. kernel drops in the last
 * minute), from samples taken whenever it is asked. A health check warns about what is
 * happening now, not about a drop burst of last week that a cumulative counter still shows.
 */
public final class RecentIncrease {
    /** Samples kept: enough for a window sampled every few seconds. */
    private static final int MAX_SAMPLES = 64;

    private final long windowNanos;
    private final long minSpacingNanos;
    private final Deque<long[]> samples = new ArrayDeque<>();

    /** @param windowNanos how far back the increase is measured */
    public RecentIncrease(long windowNanos) {
        this.windowNanos = windowNanos;
        this.minSpacingNanos = Math.max(1, windowNanos / (MAX_SAMPLES / 2));
    }

    /** Records {@code value} at {@code nowNanos} and returns its growth since about one window ago. */
    public synchronized long update(long nowNanos, long value) {
        long[] last = samples.peekLast();
        if (last == null || nowNanos - last[0] >= minSpacingNanos) {
            samples.addLast(new long[] {nowNanos, value});
            if (samples.size() > MAX_SAMPLES) {
                samples.removeFirst();
            }
        }
        // keep one sample at or before the window's start as the baseline
        while (samples.size() > 1) {
            long[] first = samples.removeFirst();
            long[] second = samples.peekFirst();
            if (nowNanos - second[0] < windowNanos) {
                samples.addFirst(first);
                break;
            }
        }
        long[] baseline = samples.peekFirst();
        return Math.max(0, value - baseline[1]);
    }
}
