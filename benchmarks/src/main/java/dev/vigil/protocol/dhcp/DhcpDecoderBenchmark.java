package dev.vigil.protocol.dhcp;

import dev.vigil.bench.UdpPayloads;
import java.util.TreeMap;
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
 * {@link DhcpDecoder#decode(org.agrona.DirectBuffer, int, int, boolean)} on real messages: every
 * UDP 67/68 payload of {@code ../shared/corpus/discovery/*.pcap} (the reference workload has no
 * DHCP), one operation = one message, in capture order, wrapping around. Not a hot-path class: it
 * parses through the Kaitai runtime, which allocates per message by design.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DhcpDecoderBenchmark {
    @Param("../shared/corpus/discovery")
    public String corpus;

    private final DhcpDecoder decoder = new DhcpDecoder();
    private UnsafeBuffer buffer;
    private int[] offset;
    private int[] length;
    private boolean[] cut;
    private int count;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        UdpPayloads p = UdpPayloads.extract(UdpPayloads.captures(corpus),
                (v, f) -> isDhcpPort(v.srcPort) || isDhcpPort(v.dstPort), UdpPayloads.IP_CUT);
        buffer = p.buffer;
        offset = p.offset;
        length = p.length;
        cut = p.cut;
        count = p.count;
        TreeMap<String, Integer> kinds = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            DhcpMessage m = decoder.decode(buffer, offset[i], length[i], cut[i]);
            kinds.merge("type " + m.messageType + " status=" + m.status, 1, Integer::sum);
        }
        System.out.println("DHCP corpus: " + count + " messages, " + p.bytes() + " bytes from " + p.files.size()
                + " file(s); " + kinds);
    }

    private static boolean isDhcpPort(int port) {
        return port == 67 || port == 68;
    }

    @Benchmark
    public long decode() {
        int i = next;
        next = i + 1 == count ? 0 : i + 1;
        DhcpMessage m = decoder.decode(buffer, offset[i], length[i], cut[i]);
        return m.status + m.messageType + m.optionCount + m.xid;
    }
}
