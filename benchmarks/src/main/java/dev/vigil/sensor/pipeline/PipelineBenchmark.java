package dev.vigil.sensor.pipeline;

import dev.vigil.bench.ReferenceWorkload;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.event.Observer;
import dev.vigil.sensor.output.EventRecord;
import dev.vigil.sensor.output.OutputAgent;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * The whole offline pipeline, {@link OfflineAnalysis#run}, on a {@value #PACKETS}-packet file of
 * the reference workload: mapped reader, decode stage, packet ring, one worker with its flow
 * table (the default configuration; no application decoders are registered in this build),
 * record ring and one output agent that drops every record. Single shot: each invocation is a
 * complete run, JVM warm across invocations. One operation is one packet, so the score is
 * time per packet; packets/s = 1e9 / (ns/op).
 *
 * <p>The pipeline starts its worker and output threads in each run and they end with it: on
 * Java 17 {@code -prof gc} sums the allocation of live threads only, so its
 * {@code gc.alloc.rate.norm} misses what those threads allocated.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PipelineBenchmark {
    static final int PACKETS = 200_000;

    @Param(ReferenceWorkload.REF_200K)
    public String path;

    private List<Path> files;
    private final Observer observer = new Observer("vigil-bench", "bench", null);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path file = ReferenceWorkload.require(path, PACKETS);
        long n = ReferenceWorkload.countPackets(file);
        if (n != PACKETS) {
            throw new IllegalStateException(file + " holds " + n + " packets; this benchmark normalises per packet"
                    + " for a file of exactly " + PACKETS);
        }
        files = List.of(file);
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long analyze() {
        NullOutput out = new NullOutput();
        OfflineAnalysis.Result r = OfflineAnalysis.run(files, PipelineConfig.DEFAULT, observer, new AppRegistry(),
                List.of(out), null);
        if (!r.ok() || r.stats().packets() != PACKETS) {
            throw new IllegalStateException("analysis failed: " + r.errors() + ", packets " + r.stats().packets());
        }
        return out.records;
    }

    /** Accepts every record and keeps nothing. */
    static final class NullOutput implements OutputAgent {
        volatile long records;
        private long count;

        @Override
        public String name() {
            return "null";
        }

        @Override
        public void onRecord(EventRecord record, boolean endOfBatch) {
            count++;
        }

        @Override
        public void close() {
            records = count;
        }

        @Override
        public long delivered() {
            return count;
        }

        @Override
        public long failed() {
            return 0;
        }
    }
}
