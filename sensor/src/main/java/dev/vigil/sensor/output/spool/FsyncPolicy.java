package dev.vigil.sensor.output.spool;

import java.time.Duration;
import java.util.Objects;

/**
 * When {@link DiskSpool} forces its writes to the storage device. Any policy survives a crash
 * of the process ({@code kill -9}): written bytes sit in the kernel's page cache. The policy
 * decides what a power cut or a kernel panic may take: nothing ({@link #always()}), about the
 * last interval ({@link #every(Duration)}), or whatever the kernel had not written back yet
 * ({@link #never()}, typically up to 30 s on Linux).
 *
 * <p>With an interval the check runs on each append, flush and acknowledgement, so the last
 * records before a quiet period are forced at the next {@link DiskSpool#flush()} (output
 * agents flush at the end of each batch) or at close.
 */
public final class FsyncPolicy {
    private static final FsyncPolicy ALWAYS = new FsyncPolicy(0);
    private static final FsyncPolicy NEVER = new FsyncPolicy(-1);

    /** 0: every record; positive: at most this many nanoseconds between forces; -1: never. */
    private final long intervalNanos;

    private FsyncPolicy(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** Force after every record and every acknowledgement (slowest, nothing acknowledged is lost). */
    public static FsyncPolicy always() {
        return ALWAYS;
    }

    /** Force when the last force is older than {@code interval}. */
    public static FsyncPolicy every(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("fsync interval must be positive: " + interval);
        }
        return new FsyncPolicy(interval.toNanos());
    }

    /** Leave write-back to the kernel. */
    public static FsyncPolicy never() {
        return NEVER;
    }

    /**
     * Parses {@code always}, {@code never} or an interval such as {@code 200ms}, {@code 1s}.
     *
     * @throws IllegalArgumentException with the accepted forms
     */
    public static FsyncPolicy parse(String text) {
        String s = Objects.requireNonNull(text, "fsync policy").trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("always")) {
            return always();
        }
        if (s.equals("never")) {
            return never();
        }
        try {
            if (s.endsWith("ms")) {
                return every(Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2))));
            }
            if (s.endsWith("s")) {
                return every(Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1))));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("fsync policy must be always, never or an interval like 200ms or 1s: '"
                + text + "'");
    }

    boolean isAlways() {
        return intervalNanos == 0;
    }

    boolean isNever() {
        return intervalNanos < 0;
    }

    /** Whether a force is due when the last one happened at {@code lastForceNanos}. */
    boolean due(long lastForceNanos, long nowNanos) {
        return intervalNanos == 0 || intervalNanos > 0 && nowNanos - lastForceNanos >= intervalNanos;
    }

    @Override
    public String toString() {
        return intervalNanos == 0 ? "always" : intervalNanos < 0 ? "never" : Duration.ofNanos(intervalNanos).toString();
    }
}
