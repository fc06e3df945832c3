package dev.vigil.sensor.app.rtp;

import dev.vigil.bench.ReferenceWorkload;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.sip.SipApp;
import dev.vigil.sensor.event.Observer;
import dev.vigil.sensor.output.EventRecord;
import dev.vigil.sensor.output.OutputAgent;
import dev.vigil.sensor.pipeline.OfflineAnalysis;
import dev.vigil.sensor.pipeline.PipelineConfig;
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
 * What the RTP decoder costs the whole offline pipeline on the reference workload (93 % RTP):
 * {@link OfflineAnalysis#run} on the 200 k-packet file with no application decoder (the L2-L4
 * baseline), with RTP alone, SIP alone, and SIP + RTP, each a single shot per invocation with a
 * warm JVM; one operation is one packet (ns/op = ns per packet). The project's bar: SIP + RTP
 * within 20 % of the baseline. The output agent drops every record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RtpAppBenchmark {
    static final int PACKETS = 200_000;

    @Param(ReferenceWorkload.REF_200K)
    public String path;

    @Param({"none", "rtp", "sip", "sip+rtp"})
    public String decoders;

    private List<Path> files;
    private final Observer observer = new Observer("vigil-bench", "bench", null);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        files = List.of(ReferenceWorkload.require(path, PACKETS));
    }

    private AppRegistry registry() {
        AppRegistry r = new AppRegistry();
        if (decoders.contains("sip")) {
            r.register(SipApp::new);
        }
        if (decoders.contains("rtp")) {
            r.register(RtpApp::new);
        }
        return r;
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long analyze() {
        Discard out = new Discard();
        OfflineAnalysis.Result r = OfflineAnalysis.run(files, PipelineConfig.DEFAULT, observer, registry(),
                List.of(out), null);
        if (!r.ok() || r.stats().packets() != PACKETS) {
            throw new IllegalStateException("analysis failed: " + r.errors() + ", packets " + r.stats().packets());
        }
        return out.records;
    }

    /** Accepts every record and keeps nothing. */
    static final class Discard implements OutputAgent {
        volatile long records;
        private long count;

        @Override
        public String name() {
            return "discard";
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
