package dev.vigil.protocol.dip;

import dev.vigil.protocol.PacketDecoder;
import dev.vigil.protocol.PacketView;
import dev.vigil.sensor.capture.CaptureFileReader;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link DipParser#parse} on the DIP messages of the bundled demo capture (station and server
 * text messages on TCP 50001, one per segment there, and the server's UDP 5001 multicast), one
 * operation = one message, in capture order, wrapping around. No public capture has DIP, and
 * the reference workload's UDP 5001 payloads are random bytes, so the demo is the real input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DipParserBenchmark {
    @Param("sensor/src/main/resources/demo/intercom-site.pcap")
    public String path;

    private final DipParser parser = new DipParser();
    private UnsafeBuffer buffer;
    private int[] offset;
    private int[] length;
    private int count;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(path + " not found: run from the repository root");
        }
        PacketDecoder decoder = new PacketDecoder();
        PacketView v = new PacketView();
        List<byte[]> messages = new ArrayList<>();
        try (CaptureFileReader r = CaptureFileReader.open(file)) {
            r.read((frame, iface, link, ts, buf, off, cap, orig) -> {
                decoder.decode(buf, off, cap, orig, link, v);
                boolean dip = (v.ipProtocol == 6 && (v.srcPort == 50001 || v.dstPort == 50001))
                        || (v.ipProtocol == 17 && v.dstPort == 5001);
                if (dip && v.payloadLength > 0) {
                    byte[] m = new byte[v.payloadLength];
                    buf.getBytes(v.payloadOffset, m);
                    messages.add(m);
                }
                return true;
            });
        }
        if (messages.isEmpty()) {
            throw new IllegalStateException("no DIP messages in " + path);
        }
        int total = messages.stream().mapToInt(m -> m.length).sum();
        buffer = new UnsafeBuffer(new byte[total]);
        offset = new int[messages.size()];
        length = new int[messages.size()];
        int p = 0;
        for (int i = 0; i < messages.size(); i++) {
            buffer.putBytes(p, messages.get(i));
            offset[i] = p;
            length[i] = messages.get(i).length;
            p += length[i];
        }
        count = messages.size();
    }

    @Benchmark
    public int parse() {
        int i = next;
        next = i + 1 == count ? 0 : i + 1;
        DipView m = parser.parse(buffer, offset[i], length[i]);
        return m.messageLength();
    }
}
