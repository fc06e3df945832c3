package dev.vigil.protocol.reassembly;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static dev.vigil.protocol.reassembly.TcpReassembler.FLAG_FIN;
import static dev.vigil.protocol.reassembly.TcpReassembler.FLAG_SYN;
import static org.assertj.core.api.Assertions.assertThat;

class TcpReassemblerTest {
    private static final int ACK = 0x10;

    private final StreamCollector out = new StreamCollector();

    private static TcpReassembler reassembler(TcpReassemblyConfig config) {
        return new TcpReassembler(config, new TcpSegmentPool(config));
    }

    private static TcpReassembler reassembler() {
        return reassembler(TcpReassemblyConfig.defaults());
    }

    /** A segment payload inside a larger packet buffer (14 + 20 + 20 header bytes before it). */
    private static UnsafeBuffer packet(String payload) {
        byte[] p = payload.getBytes(StandardCharsets.ISO_8859_1);
        byte[] b = new byte[54 + p.length + 4];
        java.util.Arrays.fill(b, (byte) '#');
        System.arraycopy(p, 0, b, 54, p.length);
        return new UnsafeBuffer(b);
    }

    private void seg(TcpReassembler r, long seq, String payload) {
        seg(r, seq, ACK, payload);
    }

    private void seg(TcpReassembler r, long seq, int flags, String payload) {
        UnsafeBuffer b = packet(payload);
        r.onSegment(seq, flags, b, 54, payload.length(), out);
    }

    @Test
    void inOrderIsZeroCopy() {
        TcpReassembler r = reassembler();
        r.reset(1000);
        UnsafeBuffer p = packet("hello");
        r.onSegment(1001, ACK, p, 54, 5, out);
        assertThat(out.text()).isEqualTo("hello");
        assertThat(out.buffers).hasSize(1);
        assertThat(out.buffers.get(0)).isSameAs(p);
        seg(r, 1006, " world");
        assertThat(out.text()).isEqualTo("hello world");
        assertThat(r.nextSeq()).isEqualTo(1012);
        assertThat(r.heldPages()).isZero();
        assertThat(out.events).isEmpty();
    }

    @Test
    void synSetsTheStartAndCarriesData() {
        TcpReassembler r = reassembler();
        r.reset();
        seg(r, 5000, FLAG_SYN, "");          // SYN: data starts at 5001
        seg(r, 5006, "world");                // out of order
        seg(r, 5001, "hello");
        assertThat(out.text()).isEqualTo("helloworld");
        // SYN retransmitted: nothing new
        seg(r, 5000, FLAG_SYN, "");
        assertThat(out.text()).isEqualTo("helloworld");
        // data on a SYN (TCP Fast Open) starts after the SYN's sequence number
        TcpReassembler t = reassembler();
        StreamCollector o = new StreamCollector();
        UnsafeBuffer p = packet("tfo");
        t.onSegment(7, FLAG_SYN, p, 54, 3, o);
        t.onSegment(11, ACK, packet("!"), 54, 1, o);
        assertThat(o.text()).isEqualTo("tfo!");
    }

    @Test
    void midStreamStartsAtFirstSegment() {
        TcpReassembler r = reassembler();
        r.reset();
        seg(r, 123456, "middle");
        seg(r, 123462, " end");
        seg(r, 123450, "start ");            // before the start: old, ignored
        assertThat(out.text()).isEqualTo("middle end");
        assertThat(r.bytesDuplicate()).isEqualTo(6);
    }

    @Test
    void outOfOrderIsDeliveredWhenContiguous() {
        TcpReassembler r = reassembler();
        r.reset(0);
        seg(r, 11, "cccc");
        seg(r, 6, "bbbbb");
        assertThat(out.text()).isEmpty();
        assertThat(r.bufferedBytes()).isEqualTo(9);
        assertThat(r.heldPages()).isEqualTo(1);
        seg(r, 1, "aaaaa");
        assertThat(out.trace).containsExactly("aaaaa", "bbbbbcccc");
        assertThat(r.bufferedBytes()).isZero();
        assertThat(r.heldPages()).isZero();
    }

    @Test
    void retransmissionIsDeliveredOnce() {
        TcpReassembler r = reassembler();
        r.reset(0);
        seg(r, 1, "abcdef");
        seg(r, 1, "abcdef");
        seg(r, 4, "defghi");                 // partial overlap with delivered bytes
        assertThat(out.text()).isEqualTo("abcdefghi");
        assertThat(r.bytesDuplicate()).isEqualTo(9);
        assertThat(out.events).isEmpty();
    }

    @Test
    void overlapWithSameBufferedDataIsQuiet() {
        TcpReassembler r = reassembler();
        r.reset(0);
        seg(r, 5, "efgh");
        seg(r, 3, "cdefghij");               // covers the buffered bytes with the same data
        seg(r, 1, "abcd");                   // overlaps the buffered "cd..."
        assertThat(out.text()).isEqualTo("abcdefghij");
        assertThat(out.events).isEmpty();
    }

    /** tcp.overlap_mismatch: a later copy differs from buffered bytes; the first copy wins. */
    @Test
    void overlapWithDifferentBufferedData() {
        TcpReassembler r = reassembler();
        r.reset(0);
        seg(r, 5, "EFGH");
        seg(r, 3, "cdXXXXij");
        assertThat(out.events).containsExactly("tcp.overlap_mismatch");
        seg(r, 1, "ab");
        assertThat(out.text()).isEqualTo("abcdEFGHij");
        assertThat(r.overlapMismatches()).isEqualTo(1);
    }

    @Test
    void inOrderSegmentReachingDifferentBufferedDataKeepsBuffered() {
        TcpReassembler r = reassembler();
        r.reset(0);
        seg(r, 4, "DEF");
        seg(r, 1, "abcxyzg");
        assertThat(out.events).containsExactly("tcp.overlap_mismatch");
        assertThat(out.text()).isEqualTo("abcDEFg");
        assertThat(out.trace).containsExactly("abc", "DEF", "g");
    }

    /** Retransmitted delivered bytes are compared only when history is on (off by default: zero copy). */
    @Test
    void retransmissionOfDeliveredBytesComparedWithHistory() {
        TcpReassemblyConfig cfg = TcpReassemblyConfig.builder().historyBytes(8).build();
        TcpReassembler r = reassembler(cfg);
        r.reset(0);
        seg(r, 1, "0123456789abcdef");
        seg(r, 1, "01234567");                // older than the history: not compared
        assertThat(out.events).isEmpty();
        seg(r, 11, "abcdef");                  // same
        assertThat(out.events).isEmpty();
        seg(r, 13, "cXef!!");                  // differs in the history, new bytes after it
        assertThat(out.events).containsExactly("tcp.overlap_mismatch");
        assertThat(out.text()).isEqualTo("0123456789abcdef!!");

        TcpReassembler noHistory = reassembler();
        StreamCollector o = new StreamCollector();
        noHistory.reset(0);
        noHistory.onSegment(1, ACK, packet("abc"), 54, 3, o);
        noHistory.onSegment(1, ACK, packet("xyz"), 54, 3, o);
        assertThat(o.events).isEmpty();
        assertThat(o.text()).isEqualTo("abc");
    }

    @Test
    void sequenceWraparound() {
        TcpReassembler r = reassembler();
        r.reset(0xFFFF_FFF9L);                 // first data byte 0xFFFFFFFA
        seg(r, 0x0000_0000L, "ghij");          // after the wrap, out of order
        seg(r, 0xFFFF_FFFAL, "abcd");
        assertThat(out.text()).isEqualTo("abcd");
        seg(r, 0xFFFF_FFFEL, "ef");            // ends exactly at 2^32: fills the gap
        assertThat(out.text()).isEqualTo("abcdefghij");
        assertThat(r.nextSeq()).isEqualTo(4);
        seg(r, 0xFFFF_FFFFL, "fgh");           // spans the wrap, all old
        seg(r, 0xFFFF_FFFCL, "cdef");          // retransmission from before the wrap
        assertThat(out.text()).isEqualTo("abcdefghij");
        seg(r, 4, FLAG_FIN, "k");
        assertThat(out.text()).isEqualTo("abcdefghijk");
        assertThat(out.fin).isTrue();
        assertThat(r.nextSeq()).isEqualTo(5);
    }

    /** tcp.reassembly_gap: a gap that stays open for maxGapSegments segments is skipped. */
    @Test
    void oldGapIsSkipped() {
        TcpReassemblyConfig cfg = TcpReassemblyConfig.builder().maxGapSegments(3).build();
        TcpReassembler r = reassembler(cfg);
        r.reset(0);
        seg(r, 1, "aa");
        seg(r, 5, "cc");                        // 3..5 missing
        seg(r, 7, "dd");
        seg(r, 9, "ee");
        assertThat(out.trace).containsExactly("aa");
        seg(r, 11, "ff");                       // the 4th segment with the gap open
        assertThat(out.trace).containsExactly("aa", "gap:2", "ccddeeff");
        assertThat(out.events).containsExactly("tcp.reassembly_gap");
        assertThat(r.gaps()).isEqualTo(1);
        assertThat(r.gapBytes()).isEqualTo(2);
        seg(r, 3, "bb");                        // the late retransmission is old now
        assertThat(out.text()).isEqualTo("aaccddeeff");
    }

    /** tcp.reassembly_overflow: data beyond the window forces the oldest gap to be skipped. */
    @Test
    void windowOverflowSkipsGap() {
        TcpReassemblyConfig cfg = TcpReassemblyConfig.builder().pageSize(64).maxBufferedBytes(128).build();
        TcpReassembler r = reassembler(cfg);
        r.reset(0);
        String x = "x".repeat(60);
        seg(r, 11, x);                            // offsets 10..70 buffered
        seg(r, 71, "y".repeat(50));               // 70..120, still inside 0..128
        assertThat(out.trace).isEmpty();
        seg(r, 121, "z".repeat(20));              // 120..140: beyond the window
        assertThat(out.events).containsExactly("tcp.reassembly_overflow", "tcp.reassembly_gap");
        assertThat(out.trace).containsExactly("gap:10", x.substring(0, 54), x.substring(54) + "y".repeat(50),
            "z".repeat(20));
        assertThat(r.overflows()).isEqualTo(1);
        assertThat(r.heldPages()).isZero();
    }

    @Test
    void segmentLargerThanWindowIsDeliveredAfterGap() {
        TcpReassemblyConfig cfg = TcpReassemblyConfig.builder().pageSize(64).maxBufferedBytes(64).build();
        TcpReassembler r = reassembler(cfg);
        r.reset(0);
        seg(r, 11, "q".repeat(100));
        assertThat(out.trace).containsExactly("gap:10", "q".repeat(100));
        assertThat(out.events).containsExactly("tcp.reassembly_overflow", "tcp.reassembly_gap");
        // in order, any size is fine
        seg(r, 111, "r".repeat(1000));
        assertThat(out.events).hasSize(2);
    }

    @Test
    void overflowDeliversEarlierSegmentFirst() {
        TcpReassemblyConfig cfg = TcpReassemblyConfig.builder().maxBufferedRanges(1).build();
        TcpReassembler r = reassembler(cfg);
        r.reset(0);
        seg(r, 21, "late");
        seg(r, 11, "mid");                       // a second range: over the limit, and earlier
        assertThat(out.trace).containsExactly("gap:10", "mid");
        assertThat(out.events).containsExactly("tcp.reassembly_overflow", "tcp.reassembly_gap");
        seg(r, 14, "1234567");                   // fills to "late"
        assertThat(out.text()).isEqualTo("mid1234567late");
    }

    @Test
    void sharedPoolExhaustionOverflows() {
        TcpReassemblyConfig cfg = TcpReassemblyConfig.builder().pageSize(64).maxBufferedBytes(256).poolBytes(128).build();
        TcpSegmentPool pool = new TcpSegmentPool(cfg);
        TcpReassembler a = new TcpReassembler(cfg, pool);
        TcpReassembler b = new TcpReassembler(cfg, pool);
        StreamCollector outB = new StreamCollector();
        a.reset(0);
        b.reset(0);
        a.onSegment(2, ACK, packet("a".repeat(100)), 54, 100, out);  // 1..101: two pages
        assertThat(pool.available()).isZero();
        b.onSegment(2, ACK, packet("bbbb"), 54, 4, outB);
        assertThat(outB.events).containsExactly("tcp.reassembly_overflow", "tcp.reassembly_gap");
        assertThat(outB.trace).containsExactly("gap:1", "bbbb");
        a.reset();
        assertThat(pool.available()).isEqualTo(2);
    }

    @Test
    void flushReportsGapsThenData() {
        TcpReassembler r = reassembler();
        r.reset(0);
        seg(r, 1, "aa");
        seg(r, 5, "cc");
        seg(r, 9, FLAG_FIN, "ee");               // FIN at 10
        r.flush(out);
        assertThat(out.trace).containsExactly("aa", "gap:2", "cc", "gap:2", "ee", "fin");
        assertThat(out.events).containsExactly("tcp.reassembly_gap", "tcp.reassembly_gap");
        assertThat(r.heldPages()).isZero();
    }

    @Test
    void flushReportsGapUpToFin() {
        TcpReassembler r = reassembler();
        r.reset(0);
        seg(r, 1, "aa");
        seg(r, 8, FLAG_FIN, "");
        r.flush(out);
        assertThat(out.trace).containsExactly("aa", "gap:5", "fin");
    }

    @Test
    void finIsReportedOnceAndLaterDataDropped() {
        TcpReassembler r = reassembler();
        r.reset(0);
        seg(r, 4, FLAG_FIN, "def");              // FIN out of order
        assertThat(out.fin).isFalse();
        seg(r, 1, "abc");
        assertThat(out.trace).containsExactly("abc", "def", "fin");
        seg(r, 7, "ghi");                         // after the FIN
        seg(r, 4, FLAG_FIN, "def");
        r.flush(out);
        assertThat(out.finCalls).isEqualTo(1);
        assertThat(out.text()).isEqualTo("abcdef");
        assertThat(r.bytesAfterFin()).isEqualTo(3);
        assertThat(r.isFinished()).isTrue();
    }

    @Test
    void finBeforeDataAlreadySeenIsIgnored() {
        TcpReassembler r = reassembler();
        r.reset(0);
        seg(r, 5, "efgh");
        seg(r, 1, FLAG_FIN, "ab");               // FIN at 3, but data up to 9 was seen
        seg(r, 3, "cd");
        assertThat(out.text()).isEqualTo("abcdefgh");
        assertThat(r.finsIgnored()).isEqualTo(1);
        assertThat(out.fin).isFalse();
    }

    @Test
    void invalidArgumentsAreIgnored() {
        TcpReassembler r = reassembler();
        r.reset(0);
        UnsafeBuffer b = new UnsafeBuffer(new byte[10]);
        r.onSegment(1, ACK, b, 5, 10, out);
        r.onSegment(1, ACK, b, -1, 2, out);
        r.onSegment(1, ACK, b, 0, -2, out);
        r.onSegment(1, ACK, null, 0, 2, out);
        assertThat(r.invalidSegments()).isEqualTo(4);
        assertThat(out.trace).isEmpty();
    }

    @Test
    void worksOverDirectBuffers() {
        TcpReassembler r = reassembler();
        r.reset(0);
        UnsafeBuffer d1 = new UnsafeBuffer(ByteBuffer.allocateDirect(8));
        d1.putStringWithoutLengthAscii(0, "world!!!");
        UnsafeBuffer d2 = new UnsafeBuffer(ByteBuffer.allocateDirect(8));
        d2.putStringWithoutLengthAscii(0, "hello ");
        r.onSegment(7, ACK, d1, 0, 6, out);
        r.onSegment(1, ACK, d2, 0, 6, out);
        assertThat(out.text()).isEqualTo("hello world!");
    }

    @Test
    void resetReturnsPagesAndCounters() {
        TcpReassemblyConfig cfg = TcpReassemblyConfig.defaults();
        TcpSegmentPool pool = new TcpSegmentPool(cfg);
        TcpReassembler r = new TcpReassembler(cfg, pool);
        r.reset(0);
        r.onSegment(5000, ACK, packet("z".repeat(10)), 54, 10, out);
        assertThat(pool.inUse()).isEqualTo(1);
        r.reset(99);
        assertThat(pool.inUse()).isZero();
        assertThat(r.segments()).isZero();
        assertThat(r.nextSeq()).isEqualTo(100);
    }
}
