package dev.vigil.protocol.sip;

import dev.vigil.bench.UdpPayloads;
import java.util.concurrent.TimeUnit;
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
 * {@link SipParser#parseDatagram} plus the From/Via flyweights on real messages: every UDP
 * 5060/5062 payload of {@code ../shared/corpus/sip/*}, one operation = one datagram, in capture
 * order, wrapping around. Hot path: run with {@code -prof gc}, expect ~0 B/op (the app copies the
 * payload once into its own array, as here in setup).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SipParserBenchmark {
    @Param("../shared/corpus/sip")
    public String corpus;

    private final SipParser parser = new SipParser();
    private final SipMessageView view = parser.newView();
    private final SipNameAddr addr = new SipNameAddr();
    private final SipVia via = new SipVia();
    private byte[] bytes;
    private int[] offset;
    private int[] length;
    private int count;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        UdpPayloads p = UdpPayloads.extract(UdpPayloads.captures(corpus),
                (v, f) -> isSipPort(v.srcPort) || isSipPort(v.dstPort), UdpPayloads.IP_CUT);
        bytes = new byte[p.buffer.capacity()];
        p.buffer.getBytes(0, bytes);
        offset = p.offset;
        length = p.length;
        count = p.count;
        int valid = 0;
        for (int i = 0; i < count; i++) {
            if (parser.parseDatagram(bytes, offset[i], length[i], view)) {
                valid++;
            }
        }
        System.out.println("SIP corpus: " + count + " datagrams (" + valid + " messages), " + p.bytes() + " bytes");
    }

    private static boolean isSipPort(int port) {
        return port == 5060 || port == 5062;
    }

    @Benchmark
    public long parse() {
        int i = next;
        next = i + 1 == count ? 0 : i + 1;
        int off = offset[i];
        int len = length[i];
        int k = SipParser.skipKeepAlive(bytes, off, len);
        if (!parser.parseDatagram(bytes, off + k, len - k, view)) {
            return -1;
        }
        long r = view.cseq() + view.headerCount();
        int h = view.header(SipHeaders.FROM);
        if (h >= 0 && addr.wrap(bytes, view.valueOffset(h), view.valueOffset(h) + view.valueLength(h))) {
            r++;
        }
        h = view.header(SipHeaders.VIA);
        if (h >= 0 && via.wrap(bytes, view.valueOffset(h), view.valueOffset(h) + view.valueLength(h))) {
            r++;
        }
        return r;
    }
}
