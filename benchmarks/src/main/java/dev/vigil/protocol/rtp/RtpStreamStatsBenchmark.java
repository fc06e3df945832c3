package dev.vigil.protocol.rtp;

import dev.vigil.protocol.PacketDecoder;
import dev.vigil.protocol.PacketView;
import dev.vigil.sensor.capture.CaptureFileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-packet RTP work on the reference workload (the 200 k-packet file of
 * {@code ../shared/bench/gen_voip_pcap.py}, seed 1: 184 757 RTP packets in 614 streams, G.711,
 * loss and jitter): {@link #packet} is one RTP packet = demultiplex, {@link RtpFlyweight#check},
 * and {@link RtpStreamStats#update} of its stream (streams found in setup, so the op measures the
 * statistics, not a lookup), in capture order with capture timestamps; after the last packet all
 * streams restart. {@link #rtcp} is one RTCP compound of the workload (SR/RR + SDES) walked with
 * its report blocks read. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} must be 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RtpStreamStatsBenchmark {
    @Param("benchmarks/target/e2e/ref-200000-s1.pcap")
    public String path;

    private final RtpFlyweight rtp = new RtpFlyweight();
    private final RtcpParser rtcpParser = new RtcpParser();
    private UnsafeBuffer buffer;
    private int[] offset;
    private int[] length;
    private long[] time;
    private int[] stream;
    private RtpStreamStats[] streams;
    private int count;
    private int next;
    private UnsafeBuffer rtcpBuffer;
    private int[] rtcpOffset;
    private int[] rtcpLength;
    private int rtcpCount;
    private int rtcpNext;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(path + " not found: run from the repository root after "
                    + "python3 ../shared/bench/gen_voip_pcap.py " + path + " --packets 200000 --seed 1");
        }
        PacketDecoder decoder = new PacketDecoder();
        PacketView v = new PacketView();
        List<byte[]> packets = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        List<byte[]> compounds = new ArrayList<>();
        Map<String, Integer> keys = new HashMap<>();
        try (CaptureFileReader r = CaptureFileReader.open(file)) {
            r.read((frame, iface, link, ts, buf, off, cap, orig) -> {
                decoder.decode(buf, off, cap, orig, link, v);
                if (v.ipProtocol != 17 || v.payloadLength < 2 || v.srcPort < 1024 || v.dstPort < 1024
                        || v.dstPort == 5001 || v.dstPort == 5002 || v.srcPort == 5060 || v.dstPort == 5060) {
                    return true;
                }
                byte[] p = new byte[v.payloadLength];
                buf.getBytes(v.payloadOffset, p);
                int kind = RtpFlyweight.demux(p[0] & 0xFF, p[1] & 0xFF);
                if (kind == RtpFlyweight.KIND_RTCP) {
                    compounds.add(p);
                } else if (kind == RtpFlyweight.KIND_RTP && p.length > 12) {
                    long ssrc = new RtpFlyweight().wrap(new UnsafeBuffer(p), 0, p.length).ssrc();
                    String key = v.srcHi + "/" + v.srcLo + ":" + v.srcPort + ">" + v.dstHi + "/" + v.dstLo + ":"
                            + v.dstPort + "#" + ssrc;
                    ids.add(keys.computeIfAbsent(key, k -> keys.size()));
                    packets.add(p);
                    times.add(ts);
                }
                return true;
            });
        }
        count = packets.size();
        int total = packets.stream().mapToInt(p -> p.length).sum();
        buffer = new UnsafeBuffer(new byte[total]);
        offset = new int[count];
        length = new int[count];
        time = new long[count];
        stream = new int[count];
        int at = 0;
        for (int i = 0; i < count; i++) {
            byte[] p = packets.get(i);
            buffer.putBytes(at, p);
            offset[i] = at;
            length[i] = p.length;
            time[i] = times.get(i);
            stream[i] = ids.get(i);
            at += p.length;
        }
        streams = new RtpStreamStats[keys.size()];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = new RtpStreamStats().reset(i, 0);
        }
        rtcpCount = compounds.size();
        int rtcpTotal = compounds.stream().mapToInt(p -> p.length).sum();
        rtcpBuffer = new UnsafeBuffer(new byte[Math.max(1, rtcpTotal)]);
        rtcpOffset = new int[rtcpCount];
        rtcpLength = new int[rtcpCount];
        at = 0;
        for (int i = 0; i < rtcpCount; i++) {
            rtcpBuffer.putBytes(at, compounds.get(i));
            rtcpOffset[i] = at;
            rtcpLength[i] = compounds.get(i).length;
            at += rtcpLength[i];
        }
        System.out.println("RTP workload: " + count + " packets in " + streams.length + " streams, " + rtcpCount
                + " RTCP compounds, from " + path);
    }

    @Benchmark
    public long packet() {
        int i = next;
        if (i == 0) {
            for (RtpStreamStats s : streams) {
                s.reset(s.ssrc(), 0);
            }
        }
        next = i + 1 == count ? 0 : i + 1;
        int off = offset[i];
        int len = length[i];
        if (RtpFlyweight.demux(buffer.getByte(off) & 0xFF, buffer.getByte(off + 1) & 0xFF) != RtpFlyweight.KIND_RTP) {
            return -1;
        }
        RtpFlyweight r = rtp.wrap(buffer, off, len);
        if (r.check(len) != RtpFlyweight.OK) {
            return -2;
        }
        RtpStreamStats s = streams[stream[i]];
        s.update(r, time[i], i, len - r.headerLength() - r.paddingCount(len), 8000, false, true);
        return s.packets();
    }

    @Benchmark
    public long rtcp() {
        int i = rtcpNext;
        rtcpNext = i + 1 == rtcpCount ? 0 : i + 1;
        long sum = 0;
        if (rtcpParser.wrap(rtcpBuffer, rtcpOffset[i], rtcpLength[i], rtcpLength[i]) != RtcpParser.STATUS_MALFORMED) {
            while (rtcpParser.next()) {
                sum += rtcpParser.senderSsrc();
                for (int k = 0; k < rtcpParser.reportCount(); k++) {
                    sum += rtcpParser.reportCumulativeLost(k) + rtcpParser.reportJitter(k);
                }
                sum += rtcpParser.chunkCount();
            }
        }
        return sum;
    }
}
