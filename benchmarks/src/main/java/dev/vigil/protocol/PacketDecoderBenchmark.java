package dev.vigil.protocol;

import dev.vigil.bench.ReferenceWorkload;
import dev.vigil.bench.ReferenceWorkload.Frames;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
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
 * {@link PacketDecoder#decode} (L2-L4, one reused {@link PacketView}). One operation is one
 * packet; run it in both modes for ns/packet ({@code -bm avgt}) and packets/s ({@code -bm thrpt},
 * the default here).
 *
 * <ul>
 * <li>{@code workload}: the first {@value #BATCH} frames of the reference capture, copied back to
 *     back into one heap {@link UnsafeBuffer} and decoded in file order, {@value #BATCH} per
 *     invocation (VoIP mix: Ethernet/IPv4/UDP RTP, SIP, SNMP, TFTP, ARP, some TCP).</li>
 * <li>{@code vlanIpv4Tcp}: one hand-built Ethernet / 802.1Q / IPv4 / TCP frame.</li>
 * <li>{@code greErspanUdp}: one hand-built ERSPAN type II session: Ethernet / IPv4 / GRE (S) /
 *     ERSPAN II / Ethernet / IPv4 / UDP.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PacketDecoderBenchmark {
    /** Packets decoded per invocation of {@link #workload()}. */
    static final int BATCH = 100_000;

    @Param(ReferenceWorkload.REF_2M)
    public String path;

    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketView view = new PacketView();

    private UnsafeBuffer frames;
    private int[] offset;
    private int[] captured;
    private int[] original;
    private int[] link;
    private int count;

    private UnsafeBuffer vlanTcp;
    private int vlanTcpLength;
    private UnsafeBuffer erspan;
    private int erspanLength;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Frames f = Frames.load(ReferenceWorkload.require(path, 2_000_000), BATCH);
        frames = f.buffer;
        offset = f.offset;
        captured = f.capturedLength;
        original = f.originalLength;
        link = f.linkType;
        count = f.count;

        byte[] a = vlanIpv4TcpFrame();
        vlanTcp = new UnsafeBuffer(a);
        vlanTcpLength = a.length;
        decoder.decode(vlanTcp, 0, a.length, a.length, LinkType.ETHERNET, view);
        expect(view.status == PacketView.STATUS_OK && view.vlanCount == 1 && view.outerVlan() == 100
                && view.ipProtocol == 6 && view.srcPort == 51000 && view.dstPort == 443 && view.tcpFlags == 0x18
                && view.payloadLength == 32, "VLAN/IPv4/TCP frame");

        byte[] b = greErspanFrame();
        erspan = new UnsafeBuffer(b);
        erspanLength = b.length;
        decoder.decode(erspan, 0, b.length, b.length, LinkType.ETHERNET, view);
        expect(view.status == PacketView.STATUS_OK && view.tunnelType == PacketView.TUNNEL_ERSPAN2
                && view.tunnelId == 42 && view.ipProtocol == 17 && view.srcPort == 16384 && view.dstPort == 16386
                && view.payloadLength == 172 && view.outerDstLo == (PacketView.IPV4_MAPPED | 0xC0000263L),
                "GRE/ERSPAN frame");
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what + " did not decode as built");
        }
    }

    /** Decodes {@value #BATCH} packets of the reference workload (wrapping if the file is shorter). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long workload() {
        final PacketDecoder d = decoder;
        final PacketView v = view;
        final UnsafeBuffer b = frames;
        long sink = 0;
        for (int i = 0, k = 0; i < BATCH; i++) {
            sink += d.decode(b, offset[k], captured[k], original[k], link[k], v) + v.l4Offset + v.srcPort;
            if (++k == count) {
                k = 0;
            }
        }
        return sink;
    }

    @Benchmark
    public long vlanIpv4Tcp() {
        decoder.decode(vlanTcp, 0, vlanTcpLength, vlanTcpLength, LinkType.ETHERNET, view);
        return view.status + view.l4Offset + view.srcPort;
    }

    @Benchmark
    public long greErspanUdp() {
        decoder.decode(erspan, 0, erspanLength, erspanLength, LinkType.ETHERNET, view);
        return view.status + view.l4Offset + view.srcPort;
    }

    // ---------------------------------------------------------------- hand-built frames (checksums 0: not verified)

    /** Ethernet / 802.1Q VLAN 100 / IPv4 192.0.2.1 > 192.0.2.2 / TCP 51000 > 443 PSH+ACK / 32 bytes. */
    static byte[] vlanIpv4TcpFrame() {
        Bytes f = new Bytes();
        f.u48(0x00005E005302L).u48(0x00005E005301L)   // destination, source MAC (RFC 7042 documentation)
                .u16(0x8100)                             // TPID 802.1Q
                .u16(100)                                // PCP 0, DEI 0, VLAN 100
                .u16(0x0800);                            // EtherType IPv4
        f.ipv4(6, 20 + 20 + 32, 0xC0000201, 0xC0000202);
        f.u16(51000).u16(443)                            // ports
                .u32(0x01020304L).u32(0x0A0B0C0DL)        // sequence, acknowledgement
                .u8(0x50).u8(0x18)                        // data offset 5 (20 bytes), flags PSH+ACK
                .u16(0x2000).u16(0).u16(0);              // window, checksum, urgent pointer
        f.fill(32);
        return f.bytes();
    }

    /**
     * ERSPAN type II (draft-foschiano-erspan-03 4.2): Ethernet / IPv4 192.0.2.98 > 192.0.2.99 /
     * GRE with sequence number, protocol 0x88BE / ERSPAN II, session 42 / mirrored Ethernet /
     * IPv4 / UDP 16384 > 16386 / 172 bytes (an RTP packet's size).
     */
    static byte[] greErspanFrame() {
        int inner = 14 + 20 + 8 + 172;
        Bytes f = new Bytes();
        f.u48(0x00005E005302L).u48(0x00005E005301L).u16(0x0800);
        f.ipv4(47, 20 + 8 + 8 + inner, 0xC0000262, 0xC0000263);   // outer: switch 192.0.2.98 > collector 192.0.2.99
        f.u16(0x1000).u16(0x88BE).u32(7);          // GRE: S bit, version 0, ERSPAN II; sequence 7
        f.u16(0x1000 | 10)                         // ERSPAN: version 1, original VLAN 10
                .u16(42)                           // COS 0, En 0, T 0, session id 42
                .u32(1);                           // reserved, index 1
        f.u48(0x00005E005304L).u48(0x00005E005303L).u16(0x0800);
        f.ipv4(17, 20 + 8 + 172, 0xC0000201, 0xC0000202);
        f.u16(16384).u16(16386).u16(8 + 172).u16(0);
        f.fill(172);
        return f.bytes();
    }

    /** A big-endian byte builder (setup only). */
    static final class Bytes {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        Bytes u8(int v) {
            out.write(v);
            return this;
        }

        Bytes u16(int v) {
            return u8(v >>> 8).u8(v);
        }

        Bytes u32(long v) {
            return u16((int) (v >>> 16)).u16((int) v);
        }

        Bytes u48(long v) {
            return u16((int) (v >>> 32)).u32(v);
        }

        /** IPv4 header, IHL 5, DF clear, TTL 64, checksum 0. */
        Bytes ipv4(int protocol, int totalLength, int src, int dst) {
            return u8(0x45).u8(0).u16(totalLength).u16(0x1234).u16(0).u8(64).u8(protocol).u16(0)
                    .u32(src & 0xFFFF_FFFFL).u32(dst & 0xFFFF_FFFFL);
        }

        Bytes fill(int n) {
            for (int i = 0; i < n; i++) {
                u8(i);
            }
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
