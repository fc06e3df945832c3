package dev.vigil.sensor.capture;

import dev.vigil.bench.ReferenceWorkload;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link CaptureFileReader} over the 2 M-packet reference workload (memory-mapped windows, record
 * header walk) with a handler that touches one byte of each packet. One operation is one record:
 * the score is records/s and {@code gc.alloc.rate.norm} is bytes per record (what opening the
 * file and mapping its 64 MiB windows allocates, spread over 2 M records).
 *
 * <p>The file must hold exactly {@value #PACKETS} packets so that the per-record normalisation
 * holds; it is read from the page cache (the first read in setup warms it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CaptureFileReaderBenchmark {
    static final int PACKETS = 2_000_000;

    /** Path of the reference capture, relative to the working directory (run from the repository root). */
    @Param(ReferenceWorkload.REF_2M)
    public String path;

    private Path file;
    private final TouchHandler handler = new TouchHandler();

    /** A no-op handler that reads the first byte of each packet so the walk cannot skip the data. */
    static final class TouchHandler implements PacketHandler {
        long sink;

        @Override
        public boolean onPacket(long frameNumber, int interfaceId, int linkType, long timestampNanos,
                                DirectBuffer buffer, int offset, int capturedLength, int originalLength) {
            sink += buffer.getByte(offset);
            return true;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws CaptureFileException {
        file = ReferenceWorkload.require(path, PACKETS);
        long n = ReferenceWorkload.countPackets(file);
        if (n != PACKETS) {
            throw new IllegalStateException(file + " holds " + n + " packets; this benchmark normalises per record"
                    + " for a file of exactly " + PACKETS);
        }
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long readFile() throws CaptureFileException {
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            long n = reader.read(handler);
            if (n != PACKETS) {
                throw new IllegalStateException("read " + n + " records, expected " + PACKETS);
            }
            return n + handler.sink;
        }
    }
}
