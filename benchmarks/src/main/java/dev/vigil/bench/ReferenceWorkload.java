package dev.vigil.bench;

import dev.vigil.sensor.capture.CaptureFileException;
import dev.vigil.sensor.capture.CaptureFileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The reference workload of the benchmarks: captures written by
 * {@code ../shared/bench/gen_voip_pcap.py FILE --packets N --seed 1} (the same generator and seed
 * as {@code benchmarks/run-e2e.sh}). Setup code only: it allocates freely.
 */
public final class ReferenceWorkload {
    /** The 2 M-packet file {@code run-e2e.sh} generates (paths are relative to the repository root). */
    public static final String REF_2M = "benchmarks/target/e2e/ref-2000000-s1.pcap";
    /** A 200 k-packet file of the same model (pipeline benchmark). */
    public static final String REF_200K = "benchmarks/target/e2e/ref-200000-s1.pcap";

    private ReferenceWorkload() {
    }

    /** The path, or an exception that says how to generate the file. */
    public static Path require(String path, int packets) {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("reference capture " + p.toAbsolutePath() + " is missing. Run the"
                    + " benchmarks from the repository root, or generate it there with:\n  python3 ../shared/bench/"
                    + "gen_voip_pcap.py " + path + " --packets " + packets + " --seed 1");
        }
        return p;
    }

    /** Counts the packets of a capture (one pass of the reader). */
    public static long countPackets(Path file) throws CaptureFileException {
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            return reader.read((f, i, l, t, b, o, c, w) -> true);
        }
    }

    /**
     * The first {@code max} frames of a capture, copied back to back into one heap buffer (the
     * pipeline's packet slots are heap arrays too), with their offsets and pcap metadata.
     */
    public static final class Frames {
        public final UnsafeBuffer buffer;
        public final int count;
        public final int[] offset;
        public final int[] capturedLength;
        public final int[] originalLength;
        public final int[] linkType;
        public final long[] timestampNanos;

        private Frames(UnsafeBuffer buffer, int count, int[] offset, int[] capturedLength, int[] originalLength,
                       int[] linkType, long[] timestampNanos) {
            this.buffer = buffer;
            this.count = count;
            this.offset = offset;
            this.capturedLength = capturedLength;
            this.originalLength = originalLength;
            this.linkType = linkType;
            this.timestampNanos = timestampNanos;
        }

        public static Frames load(Path file, int max) throws CaptureFileException {
            int[] off = new int[max];
            int[] cap = new int[max];
            int[] orig = new int[max];
            int[] link = new int[max];
            long[] ts = new long[max];
            byte[][] data = {new byte[max * 256]};
            int[] n = {0};
            int[] used = {0};
            try (CaptureFileReader reader = CaptureFileReader.open(file)) {
                reader.read((frame, iface, linkType, time, buffer, offset, captured, original) -> {
                    int i = n[0];
                    if (i == max) {
                        return true;   // the reader walks the rest of the file; nothing is kept
                    }
                    if (used[0] + captured > data[0].length) {
                        data[0] = Arrays.copyOf(data[0], Math.max(data[0].length * 2, used[0] + captured));
                    }
                    buffer.getBytes(offset, data[0], used[0], captured);
                    off[i] = used[0];
                    cap[i] = captured;
                    orig[i] = original;
                    link[i] = linkType;
                    ts[i] = time;
                    used[0] += captured;
                    n[0] = i + 1;
                    return true;
                });
            }
            int count = n[0];
            if (count == 0) {
                throw new IllegalStateException(file + " holds no packet");
            }
            return new Frames(new UnsafeBuffer(Arrays.copyOf(data[0], used[0])), count, Arrays.copyOf(off, count),
                    Arrays.copyOf(cap, count), Arrays.copyOf(orig, count), Arrays.copyOf(link, count),
                    Arrays.copyOf(ts, count));
        }

        public int bytes() {
            return buffer.capacity();
        }
    }
}
