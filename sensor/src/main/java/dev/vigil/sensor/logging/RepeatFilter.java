package dev.vigil.sensor.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rate-limits repeats of the same log message: per logger and message pattern (the format
 * string, whatever its arguments), the first {@code burst} lines of each window pass; the rest
 * are counted, and when the window closes one line says {@code repeated N more times in the last
 * S s: <pattern>}. A sensor that sees the same malformed packet a million times must not write
 * a million log lines, and the operator must still learn that it happened and how often.
 *
 * <p>A logback {@link TurboFilter}: it runs before the event is built, so a suppressed line
 * costs a map lookup. At most {@link #MAX_TRACKED} patterns are tracked at once; beyond that,
 * new patterns pass unfiltered (counted by {@link #untracked()}) rather than being lost.
 */
public final class RepeatFilter extends TurboFilter {
    /** Patterns tracked at once. */
    public static final int MAX_TRACKED = 1024;
    /** Marks the filter's own summary lines, which it never filters. */
    public static final Marker SUMMARY = MarkerFactory.getMarker("VIGIL_REPEAT_SUMMARY");

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong untracked = new AtomicLong();
    private int burst = 5;
    private long windowMillis = 60_000;
    private ScheduledExecutorService timer;

    private static final class Entry {
        final Logger logger;
        final String pattern;
        Level level;
        long windowStart;
        int passed;
        long suppressed;
        long lastSeen;

        Entry(Logger logger, String pattern) {
            this.logger = logger;
            this.pattern = pattern;
        }
    }

    /** Lines of one pattern that pass per window (default 5). */
    public void setBurst(int burst) {
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1");
        }
        this.burst = burst;
    }

    /** Window length in milliseconds (default 60000). */
    public void setWindowMillis(long windowMillis) {
        if (windowMillis < 10) {
            throw new IllegalArgumentException("window must be at least 10 ms");
        }
        this.windowMillis = windowMillis;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-log-repeats");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::flush, windowMillis, windowMillis, TimeUnit.MILLISECONDS);
        super.start();
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        super.stop();
        flush();
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        if (format == null || !isStarted() || marker == SUMMARY
                || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            return FilterReply.NEUTRAL;
        }
        String key = logger.getName() + '\u0000' + format;
        Entry e = entries.get(key);
        if (e == null) {
            if (entries.size() >= MAX_TRACKED) {
                untracked.incrementAndGet();
                return FilterReply.NEUTRAL;
            }
            e = entries.computeIfAbsent(key, k -> new Entry(logger, format));
        }
        long now = System.currentTimeMillis();
        synchronized (e) {
            e.lastSeen = now;
            if (now - e.windowStart >= windowMillis && e.suppressed == 0) {
                e.windowStart = now;
                e.passed = 0;
            }
            if (e.passed < burst) {
                e.passed++;
                return FilterReply.NEUTRAL;
            }
            e.suppressed++;
            if (e.level == null || level.isGreaterOrEqual(e.level)) {
                e.level = level;
            }
            return FilterReply.DENY;
        }
    }

    /** Writes the summaries of suppressed lines and starts new windows; drops patterns idle for two windows. */
    public void flush() {
        long now = System.currentTimeMillis();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            long suppressed;
            Level level;
            long seconds;
            synchronized (e) {
                suppressed = e.suppressed;
                level = e.level;
                seconds = Math.max(1, (now - e.windowStart + 500) / 1000);
                e.suppressed = 0;
                e.level = null;
                e.windowStart = now;
                e.passed = 0;
                if (suppressed == 0 && now - e.lastSeen > 2 * windowMillis) {
                    it.remove();
                }
            }
            if (suppressed > 0) {
                e.logger.atLevel(org.slf4j.event.Level.intToLevel(Level.toLocationAwareLoggerInteger(level)))
                        .addMarker(SUMMARY)
                        .log("repeated {} more times in the last {} s: {}", suppressed, seconds, e.pattern);
            }
        }
    }

    /** Log calls that passed unfiltered because {@link #MAX_TRACKED} patterns were already tracked. */
    public long untracked() {
        return untracked.get();
    }
}
