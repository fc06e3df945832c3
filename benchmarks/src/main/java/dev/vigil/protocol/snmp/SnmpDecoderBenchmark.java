package dev.vigil.protocol.snmp;

import dev.vigil.bench.ReferenceWorkload;
import dev.vigil.bench.UdpPayloads;
import java.nio.ByteOrder;
import java.util.List;
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
 * {@link SnmpDecoder#decode(org.agrona.DirectBuffer, int, int, boolean)} on real messages, one
 * operation = one message, in capture order, wrapping around. Not a hot-path class: it parses
 * through the Kaitai runtime, which allocates per message by design.
 *
 * <ul>
 * <li>{@code source=reference}: every UDP 161/162 payload of the 2 M-packet reference capture
 *     (v1/v2c GetRequest/GetResponse, community "public").</li>
 * <li>{@code source=corpus}: every UDP 161/162 payload of {@code ../shared/corpus/snmp/*.pcap}
 *     (v1, v2c, v3 incl. encrypted, traps, GetBulk, walks).</li>
 * </ul>
 * The {@code cut} argument follows {@code SnmpApp.cut}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SnmpDecoderBenchmark {
    @Param({"reference", "corpus"})
    public String source;

    @Param(ReferenceWorkload.REF_2M)
    public String path;

    @Param("../shared/corpus/snmp")
    public String corpus;

    private final SnmpDecoder decoder = new SnmpDecoder(new byte[16]);
    private UnsafeBuffer buffer;
    private int[] offset;
    private int[] length;
    private boolean[] cut;
    private int count;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        UdpPayloads p = UdpPayloads.extract(
                "reference".equals(source) ? List.of(ReferenceWorkload.require(path, 2_000_000))
                        : UdpPayloads.captures(corpus),
                (v, f) -> isSnmpPort(v.srcPort) || isSnmpPort(v.dstPort),
                (v, f) -> v.capturedLength < v.originalLength
                        && (f.getShort(v.l4Offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF) - 8 > v.payloadLength);
        buffer = p.buffer;
        offset = p.offset;
        length = p.length;
        cut = p.cut;
        count = p.count;
        TreeMap<String, Integer> kinds = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            SnmpView v = decoder.decode(buffer, offset[i], length[i], cut[i]);
            kinds.merge(v.version() + " " + v.pduType() + " status=" + v.status(), 1, Integer::sum);
        }
        System.out.println("SNMP " + source + ": " + count + " messages, " + p.bytes() + " bytes from "
                + p.files.size() + " file(s); " + kinds);
    }

    private static boolean isSnmpPort(int port) {
        return port == 161 || port == 162;
    }

    @Benchmark
    public long decode() {
        int i = next;
        next = i + 1 == count ? 0 : i + 1;
        SnmpView v = decoder.decode(buffer, offset[i], length[i], cut[i]);
        return v.status() + v.pduTag() + v.requestId();
    }
}
