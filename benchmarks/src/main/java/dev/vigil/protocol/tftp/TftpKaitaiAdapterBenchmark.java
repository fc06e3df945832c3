package dev.vigil.protocol.tftp;

import dev.vigil.bench.ReferenceWorkload;
import dev.vigil.bench.UdpPayloads;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * {@link TftpKaitaiAdapter#parse(org.agrona.DirectBuffer, int, int, TftpMessage)} on real
 * datagrams, one operation = one datagram, in capture order, wrapping around, into one reused
 * {@link TftpMessage}. Not a hot-path class: it parses through the Kaitai runtime, which
 * allocates per message by design.
 *
 * <p>TFTP's data moves on ephemeral ports (RFC 1350 section 4), so setup follows transfers as
 * the application does, simplified: a datagram to port 69 makes its source a client endpoint,
 * and any datagram from or to a client endpoint is TFTP.
 * <ul>
 * <li>{@code source=reference}: the TFTP datagrams of the 2 M-packet reference capture (RRQ for a
 *     .cfg file, DATA/ACK in 512-byte blocks).</li>
 * <li>{@code source=corpus}: those of {@code ../shared/corpus/tftp/*.pcap}.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TftpKaitaiAdapterBenchmark {
    @Param({"reference", "corpus"})
    public String source;

    @Param(ReferenceWorkload.REF_2M)
    public String path;

    @Param("../shared/corpus/tftp")
    public String corpus;

    private final TftpKaitaiAdapter adapter = new TftpKaitaiAdapter();
    private final TftpMessage message = new TftpMessage();
    private UnsafeBuffer buffer;
    private int[] offset;
    private int[] length;
    private int count;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Set<String> clients = new HashSet<>();
        UdpPayloads p = UdpPayloads.extract(
                "reference".equals(source) ? List.of(ReferenceWorkload.require(path, 2_000_000))
                        : UdpPayloads.captures(corpus),
                (v, f) -> {
                    String src = v.srcHi + "/" + v.srcLo + "/" + v.srcPort;
                    if (v.dstPort == 69) {
                        clients.add(src);
                        return true;
                    }
                    return clients.contains(src) || clients.contains(v.dstHi + "/" + v.dstLo + "/" + v.dstPort);
                },
                UdpPayloads.IP_CUT);
        buffer = p.buffer;
        offset = p.offset;
        length = p.length;
        count = p.count;
        TreeMap<String, Integer> kinds = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            TftpMessage m = adapter.parse(buffer, offset[i], length[i], message);
            kinds.merge("opcode " + m.opcode() + " status=" + m.status(), 1, Integer::sum);
        }
        System.out.println("TFTP " + source + ": " + count + " datagrams, " + p.bytes() + " bytes from "
                + p.files.size() + " file(s), " + clients.size() + " client endpoints; " + kinds);
    }

    @Benchmark
    public long parse() {
        int i = next;
        next = i + 1 == count ? 0 : i + 1;
        TftpMessage m = adapter.parse(buffer, offset[i], length[i], message);
        return m.status() + m.opcode() + m.block() + m.dataLength();
    }
}
