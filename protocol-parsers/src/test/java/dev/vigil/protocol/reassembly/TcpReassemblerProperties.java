package dev.vigil.protocol.reassembly;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TcpReassemblerProperties {
    private static final long MASK = 0xFFFF_FFFFL;

    @Provide
    Arbitrary<byte[]> streams() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(20_000);
    }

    /** ISNs biased to the 2^32 wrap. */
    @Provide
    Arbitrary<Long> isns() {
        return Arbitraries.oneOf(
            Arbitraries.longs().between(0, MASK),
            Arbitraries.longs().between(MASK - 25_000, MASK));
    }

    /** [start, end) pieces: a segmentation, some duplicated, some re-segmented overlaps, shuffled. */
    private static List<int[]> segments(int length, Random rnd, boolean shuffle) {
        List<int[]> segs = new ArrayList<>();
        int maxSeg = 1 + rnd.nextInt(1500);
        for (int pos = 0; pos < length; ) {
            int n = Math.min(length - pos, 1 + rnd.nextInt(maxSeg));
            segs.add(new int[] {pos, pos + n});
            pos += n;
        }
        int extras = rnd.nextInt(segs.size() + 1);
        for (int i = 0; i < extras; i++) {
            if (rnd.nextBoolean()) {
                segs.add(segs.get(rnd.nextInt(segs.size())).clone()); // retransmission
            } else {
                int s = rnd.nextInt(length);
                int e = Math.min(length, s + 1 + rnd.nextInt(2 * maxSeg));
                segs.add(new int[] {s, e});                          // overlapping re-segmentation
            }
        }
        if (shuffle) {
            Collections.shuffle(segs, rnd);
        }
        return segs;
    }

    private static void feed(TcpReassembler r, long isn, byte[] stream, List<int[]> segs, StreamCollector out) {
        // the payload sits inside a bigger packet buffer, as it would in a capture slot
        UnsafeBuffer packet = new UnsafeBuffer(new byte[stream.length + 100]);
        for (int[] s : segs) {
            int len = s[1] - s[0];
            packet.putBytes(60, stream, s[0], len);
            int flags = 0x10 | (s[1] == stream.length ? TcpReassembler.FLAG_FIN : 0);
            r.onSegment((isn + 1 + s[0]) & MASK, flags, packet, 60, len, out);
        }
    }

    @Property(tries = 300)
    void withinCapsEveryByteIsDeliveredOnceInOrder(@ForAll("streams") byte[] stream, @ForAll("isns") long isn,
                                                   @ForAll long seed, @ForAll boolean synSegment) {
        Random rnd = new Random(seed);
        TcpReassemblyConfig cfg = TcpReassemblyConfig.builder()
            .maxBufferedRanges(4096).maxGapSegments(Integer.MAX_VALUE).pageSize(1024).build();
        TcpReassembler r = new TcpReassembler(cfg, new TcpSegmentPool(cfg));
        StreamCollector out = new StreamCollector();
        out.original = stream;
        if (synSegment) {
            r.reset();
            r.onSegment(isn, TcpReassembler.FLAG_SYN, null, 0, 0, out);
        } else {
            r.reset(isn);
        }
        feed(r, isn, stream, segments(stream.length, rnd, true), out);
        assertThat(out.bytes()).isEqualTo(stream);
        assertThat(out.fin).isTrue();
        assertThat(out.events).isEmpty();
        assertThat(r.heldPages()).isZero();
        r.flush(out);
        assertThat(out.bytes()).isEqualTo(stream);
        assertThat(out.finCalls).isEqualTo(1);
        assertThat(r.nextSeq()).isEqualTo((isn + 1 + stream.length) & MASK);
    }

    @Property(tries = 300)
    void withTinyCapsBytesAreNeverRepeatedOrMisplaced(@ForAll("streams") byte[] stream, @ForAll("isns") long isn,
                                                      @ForAll long seed,
                                                      @ForAll @IntRange(min = 1, max = 8) int windowPages,
                                                      @ForAll @IntRange(min = 1, max = 8) int maxRanges,
                                                      @ForAll @IntRange(min = 1, max = 40) int maxGapSegments,
                                                      @ForAll @IntRange(min = 1, max = 12) int poolPages,
                                                      @ForAll @IntRange(min = 0, max = 300) int historyBytes) {
        Random rnd = new Random(seed);
        TcpReassemblyConfig cfg = TcpReassemblyConfig.builder()
            .pageSize(64).maxBufferedBytes(64 * windowPages).maxBufferedRanges(maxRanges)
            .maxGapSegments(maxGapSegments).poolBytes(64 * poolPages).historyBytes(historyBytes).build();
        TcpSegmentPool pool = new TcpSegmentPool(cfg);
        TcpReassembler r = new TcpReassembler(cfg, pool);
        StreamCollector out = new StreamCollector();
        out.original = stream;
        r.reset(isn);
        feed(r, isn, stream, segments(stream.length, rnd, true), out);
        r.flush(out);
        assertThat(out.mispositioned).as("delivered bytes at their stream position").isZero();
        assertThat(out.position).isEqualTo(stream.length);
        assertThat(r.bytesDelivered() + r.gapBytes()).isEqualTo(stream.length);
        assertThat(out.events).doesNotContain("tcp.overlap_mismatch");
        assertThat(out.fin).isTrue();
        assertThat(pool.inUse()).isZero();
    }

    @Property(tries = 500)
    void arbitraryInputNeverThrows(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int ops) {
        Random rnd = new Random(seed);
        TcpReassemblyConfig cfg = TcpReassemblyConfig.builder()
            .pageSize(64).maxBufferedBytes(64 * (1 + rnd.nextInt(4))).maxBufferedRanges(1 + rnd.nextInt(4))
            .maxGapSegments(1 + rnd.nextInt(10)).poolBytes(64 * (1 + rnd.nextInt(6)))
            .historyBytes(rnd.nextInt(100)).build();
        TcpSegmentPool pool = new TcpSegmentPool(cfg);
        TcpReassembler a = new TcpReassembler(cfg, pool);
        TcpReassembler b = new TcpReassembler(cfg, pool);
        StreamCollector out = new StreamCollector();
        byte[] bytes = new byte[rnd.nextInt(700)];
        rnd.nextBytes(bytes);
        UnsafeBuffer buf = new UnsafeBuffer(bytes);
        long base = rnd.nextLong();
        for (int i = 0; i < ops; i++) {
            TcpReassembler r = rnd.nextBoolean() ? a : b;
            int what = rnd.nextInt(20);
            if (what == 0) {
                r.flush(out);
            } else if (what == 1) {
                if (rnd.nextBoolean()) {
                    r.reset();
                } else {
                    r.reset(rnd.nextLong());
                }
            } else {
                long seq = rnd.nextInt(4) == 0 ? rnd.nextLong() : base + rnd.nextInt(2000) - 500;
                int offset = rnd.nextInt(10) == 0 ? rnd.nextInt() : rnd.nextInt(bytes.length + 1);
                int length = rnd.nextInt(10) == 0 ? rnd.nextInt() : rnd.nextInt(bytes.length + 1);
                r.onSegment(seq, rnd.nextInt(256), buf, offset, length, out);
            }
            assertThat(a.bufferedBytes()).isLessThanOrEqualTo(cfg.maxBufferedBytes());
            assertThat(pool.inUse()).isEqualTo(a.heldPages() + b.heldPages());
        }
    }
}
