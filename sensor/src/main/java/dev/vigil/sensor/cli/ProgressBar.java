package dev.vigil.sensor.cli;

import dev.vigil.sensor.pipeline.OfflineAnalysis;

import java.io.PrintWriter;
import java.nio.file.Path;

/** One status line on a terminal, rewritten in place, for files large enough to wait for. */
final class ProgressBar implements OfflineAnalysis.Progress {
    private static final long MIN_SIZE = 32L << 20;
    private final PrintWriter err;
    private String name;
    private long size;
    private long startNanos;
    private boolean shown;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void file(Path file, long size) {
        this.name = file.getFileName().toString();
        this.size = size;
        this.startNanos = System.nanoTime();
    }

    @Override
    public synchronized void position(long bytesRead, long packets) {
        if (size < MIN_SIZE) {
            return;
        }
        double secs = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        int pct = (int) (100.0 * bytesRead / Math.max(1, size));
        err.printf("\r%-40.40s %3d%%  %,d packets  %.2f Mpkt/s  %.0f MB/s   ", name, pct, packets,
                packets / secs / 1e6, bytesRead / secs / 1e6);
        err.flush();
        shown = true;
    }

    @Override
    public synchronized void done() {
        if (shown) {
            err.print("\r" + " ".repeat(100) + "\r");
            err.flush();
        }
    }
}
