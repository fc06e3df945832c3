package dev.vigil.sensor.flow;

import dev.vigil.bench.ReferenceWorkload;
import dev.vigil.bench.ReferenceWorkload.Frames;
import dev.vigil.protocol.PacketDecoder;
import dev.vigil.protocol.PacketView;
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
 * {@link FlowTable#update} as the worker calls it, with the default limits ({@link FlowConfig#DEFAULT}),
 * on the IP packets among the first {@value #FRAMES} frames of the reference workload (about
 * 99.4 k packets in 1.4 k flows; non-IP frames and unreassembled fragments are left out, as the
 * worker leaves them out). One operation is one packet, {@value #BATCH} per invocation, replayed
 * in file order.
 *
 * <ul>
 * <li>{@code update}: the packets are decoded in setup and the fields the table reads are kept
 *     in columns (primitive arrays); each operation copies one packet's fields into one reused
 *     {@link PacketView} (a few ns) and calls {@code update}. Not an array of 100 k decoded
 *     views: those take ~35 MB, more than the L3 cache, and replaying them measured ~40 ns of
 *     cache misses per packet on top of the table itself.</li>
 * <li>{@code decodeAndUpdate}: each packet is decoded again from the frame bytes into one view,
 *     hashed, then counted: the capture thread's decode plus the worker's flow step.</li>
 * </ul>
 *
 * Packet time keeps moving forward across replays (each pass is shifted by the capture's span),
 * so flows age like in a long capture: the active timeout ends and restarts them (those
 * listener calls are part of the measurement; the listener counts them).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FlowTableBenchmark {
    static final int FRAMES = 100_000;
    static final int BATCH = 100_000;

    @Param(ReferenceWorkload.REF_2M)
    public String path;

    private FlowTable table;
    private final CountingListener listener = new CountingListener();

    // pre-decoded IP packets, as columns of the fields FlowTable.update reads
    private int packets;
    private long[] srcHi;
    private long[] srcLo;
    private long[] dstHi;
    private long[] dstLo;
    private int[] ports;        // src << 16 | dst
    private int[] protoVersion; // ipProtocol << 8 | ipVersion
    private int[] tcpFlags;
    private int[] vlans;        // vlanCount << 24 | outer VLAN << 12 | inner VLAN (VLAN ids are 12 bits)
    private int[] flowHash;
    private long[] srcMac;
    private long[] dstMac;
    private boolean[] hasMac;
    private long[] time;
    private long[] frame;
    private int[] wire;

    // raw frames, for decodeAndUpdate
    private Frames raw;
    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketView view = new PacketView();

    private long span;
    private int cursor;
    private long shift;

    static final class CountingListener implements FlowTable.Listener {
        long ended;

        @Override
        public void onFlowEnd(FlowTable table, int flow, int reason) {
            ended++;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        raw = Frames.load(ReferenceWorkload.require(path, 2_000_000), FRAMES);
        int max = raw.count;
        srcHi = new long[max];
        srcLo = new long[max];
        dstHi = new long[max];
        dstLo = new long[max];
        ports = new int[max];
        protoVersion = new int[max];
        tcpFlags = new int[max];
        vlans = new int[max];
        flowHash = new int[max];
        srcMac = new long[max];
        dstMac = new long[max];
        hasMac = new boolean[max];
        time = new long[max];
        frame = new long[max];
        wire = new int[max];
        PacketView v = new PacketView();
        int n = 0;
        for (int i = 0; i < raw.count; i++) {
            decoder.decode(raw.buffer, raw.offset[i], raw.capturedLength[i], raw.originalLength[i], raw.linkType[i], v);
            if (v.ipVersion == 0 || v.fragment) {
                continue;
            }
            srcHi[n] = v.srcHi;
            srcLo[n] = v.srcLo;
            dstHi[n] = v.dstHi;
            dstLo[n] = v.dstLo;
            ports[n] = v.srcPort << 16 | v.dstPort;
            protoVersion[n] = v.ipProtocol << 8 | v.ipVersion;
            tcpFlags[n] = v.tcpFlags;
            vlans[n] = Math.min(v.vlanCount, 2) << 24 | (v.outerVlan() & 0xFFF) << 12 | (v.innerVlan() & 0xFFF);
            flowHash[n] = FlowTable.hash(v);
            srcMac[n] = v.srcMac;
            dstMac[n] = v.dstMac;
            hasMac[n] = v.hasMac;
            time[n] = raw.timestampNanos[i];
            frame[n] = i + 1;
            wire[n] = raw.originalLength[i];
            n++;
        }
        if (n == 0) {
            throw new IllegalStateException(path + ": no IP packet among the first " + FRAMES + " frames");
        }
        packets = n;
        span = raw.timestampNanos[raw.count - 1] - raw.timestampNanos[0] + 20_000_000L;
        table = new FlowTable(FlowConfig.DEFAULT);
        // the copy into one view must give the table what the decoder gave it
        view.reset();
        load(view, 0);
        v.reset();
        decoder.decode(raw.buffer, raw.offset[0], raw.capturedLength[0], raw.originalLength[0], raw.linkType[0], v);
        if (v.ipVersion != 0 && (FlowTable.hash(view) != FlowTable.hash(v) || view.outerVlan() != v.outerVlan())) {
            throw new IllegalStateException("column copy of the first packet differs from its decoded view");
        }
    }

    /** Puts packet {@code k}'s flow fields into the view (what the decoder and decode stage set). */
    private void load(PacketView v, int k) {
        v.ipVersion = protoVersion[k] & 0xFF;
        v.ipProtocol = protoVersion[k] >>> 8;
        v.srcHi = srcHi[k];
        v.srcLo = srcLo[k];
        v.dstHi = dstHi[k];
        v.dstLo = dstLo[k];
        v.srcPort = ports[k] >>> 16;
        v.dstPort = ports[k] & 0xFFFF;
        v.tcpFlags = tcpFlags[k];
        int vl = vlans[k];
        v.vlanCount = vl >>> 24;
        v.vlanIds[0] = vl >>> 12 & 0xFFF;
        v.vlanIds[1] = vl & 0xFFF;
        v.flowHash = flowHash[k];
        v.srcMac = srcMac[k];
        v.dstMac = dstMac[k];
        v.hasMac = hasMac[k];
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long update() {
        final FlowTable t = table;
        final PacketView v = view;
        final CountingListener l = listener;
        int k = cursor;
        long s = shift;
        long sink = 0;
        for (int i = 0; i < BATCH; i++) {
            load(v, k);
            sink += t.update(v, time[k] + s, frame[k], wire[k], l);
            if (++k == packets) {
                k = 0;
                s += span;
            }
        }
        cursor = k;
        shift = s;
        return sink + l.ended;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long decodeAndUpdate() {
        final FlowTable t = table;
        final Frames f = raw;
        final PacketDecoder d = decoder;
        final PacketView v = view;
        final CountingListener l = listener;
        int k = cursor;
        long s = shift;
        long sink = 0;
        for (int i = 0; i < BATCH; i++) {
            d.decode(f.buffer, f.offset[k], f.capturedLength[k], f.originalLength[k], f.linkType[k], v);
            if (v.ipVersion != 0 && !v.fragment) {
                v.flowHash = FlowTable.hash(v);
                sink += t.update(v, f.timestampNanos[k] + s, k + 1, f.originalLength[k], l);
            }
            if (++k == f.count) {
                k = 0;
                s += span;
            }
        }
        cursor = k;
        shift = s;
        return sink + l.ended;
    }
}
