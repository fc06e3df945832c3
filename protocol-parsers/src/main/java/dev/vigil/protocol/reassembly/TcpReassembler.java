package dev.vigil.protocol.reassembly;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * In-order reassembly of one direction of a TCP connection for an application decoder.
 * Instances are reused from a pool the caller owns ({@link #reset(long)}, {@link #reset()});
 * all instances of a worker share one {@link TcpSegmentPool}. Not thread-safe.
 *
 * <h2>Sequence space (RFC 9293 §3.4)</h2>
 * Sequence numbers are 32-bit and compared modulo 2^32: a segment's position is its signed
 * 32-bit distance from the next expected sequence number, turned into a 64-bit stream offset
 * (bytes since the start), so wraparound needs no special case. A SYN occupies one sequence
 * number before the first data byte (RFC 9293 §3.4: ISN + 1); a FIN occupies the one after
 * the last data byte. Without a SYN (capture started mid-stream, or {@link #reset()}), the
 * first segment's sequence number is the start.
 *
 * <h2>Delivery</h2>
 * Bytes reach {@link StreamListener#onData} in stream order, each at most once, as soon as
 * they are contiguous. A segment at the next expected sequence number is passed on from the
 * packet's own buffer (zero copy); only out-of-order data is copied, into pool pages.
 *
 * <h2>Overlap policy: first wins</h2>
 * For every byte, the first copy seen is the one delivered; later copies (retransmissions,
 * partial overlaps) are dropped and counted. Later copies are compared with what is still
 * held (buffered out-of-order bytes, and the last {@link TcpReassemblyConfig#historyBytes()}
 * delivered bytes when that is on); different bytes raise {@code tcp.overlap_mismatch}
 * (Suricata: {@code stream.reassembly_overlap_different_data}), at most once per segment.
 * End hosts differ in which copy they keep (J. Novak and S. Sturges, "Target-Based TCP
 * Stream Reassembly", Sourcefire, 2007), so no single policy is right for every target; first
 * wins is what a receiver that already accepted the bytes does, and the event is what tells
 * an analyst the stream was ambiguous. A FIN is accepted only if no data was seen beyond it;
 * data after an accepted FIN is dropped.
 *
 * <h2>Bounds</h2>
 * Out-of-order data is held in a window of {@link TcpReassemblyConfig#maxBufferedBytes()}
 * after the next expected byte, in at most {@link TcpReassemblyConfig#maxBufferedRanges()}
 * disjoint ranges, in pages of the shared pool. A segment that does not fit (beyond the
 * window, too many ranges, pool exhausted) is {@code tcp.reassembly_overflow}: the oldest
 * gap is skipped ({@link StreamListener#onGap}, {@code tcp.reassembly_gap}) and the data after
 * it delivered, until the segment fits or is itself next. A gap that stays open during
 * {@link TcpReassemblyConfig#maxGapSegments()} further calls of {@link #onSegment} is skipped
 * the same way ({@code tcp.reassembly_gap} only). {@link #flush} skips all remaining gaps.
 *
 * <p>Events go to {@link StreamListener#onEvent} and to this instance's counters (cleared by
 * {@code reset}: read them before reusing an instance). RST is not interpreted: the caller
 * ends the flow and calls {@link #flush}.
 *
 * <p>Memory: the per-instance arrays are allocated in the constructor; pool pages are taken
 * and returned as data is buffered and delivered. Nothing is allocated per segment.
 */
public final class TcpReassembler {

    public static final DecodeEventType TCP_OVERLAP_MISMATCH = DecodeEventType.register("tcp.overlap_mismatch",
        "Retransmitted or overlapping TCP data differs from the data first seen; first data kept",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType TCP_REASSEMBLY_GAP = DecodeEventType.register("tcp.reassembly_gap",
        "TCP stream bytes never seen were skipped; the application decoder continues after a gap",
        DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType TCP_REASSEMBLY_OVERFLOW = DecodeEventType.register("tcp.reassembly_overflow",
        "TCP out-of-order data exceeded the per-direction window, range limit or shared pool; a gap was skipped",
        DecodeEventType.KIND_OVERFLOW);

    /** TCP flag bits as in {@code PacketView.tcpFlags}. */
    public static final int FLAG_FIN = 0x01;
    public static final int FLAG_SYN = 0x02;

    private static final long SEQ_MASK = 0xFFFF_FFFFL;
    private static final int NONE = -1;

    private final TcpSegmentPool pool;
    private final int window;
    private final int pageSize;
    private final int pagesPerWindow;
    private final int maxRanges;
    private final int maxGapSegments;

    /** Pool page of each page of the window ring (stream offset q lives at ring index q % window), -1 when none. */
    private final int[] pages;
    private final boolean[] pageNeeded;
    private int heldPages;
    /** Buffered stream ranges [start, end), sorted, disjoint and not adjacent, all after {@link #next}. */
    private final long[] rangeStart;
    private final long[] rangeEnd;
    private int rangeCount;

    private final byte[] history;
    private final int historySize;
    /** Delivered bytes held in {@link #history}: stream offsets [next - historyFill, next). */
    private int historyFill;

    private boolean started;
    /** Sequence number of stream offset 0. */
    private long baseSeq;
    /** Stream offset of the next byte to deliver. */
    private long next;
    private long finOffset;
    private boolean finReported;
    private int gapAge;

    // the segment being processed: stream offset q is at sBuf[sIndex + (q - sStart)]
    private DirectBuffer sBuf;
    private int sIndex;
    private long sStart;

    // counters (per stream; cleared by reset)
    private long segments;
    private long invalidSegments;
    private long bytesDelivered;
    private long bytesDuplicate;
    private long bytesAfterFin;
    private long finsIgnored;
    private long gaps;
    private long gapBytes;
    private long overflows;
    private long overlapMismatches;

    public TcpReassembler(TcpReassemblyConfig config, TcpSegmentPool pool) {
        if (pool.pageSize() != config.pageSize()) {
            throw new IllegalArgumentException("pool page size " + pool.pageSize() + " != config page size "
                + config.pageSize());
        }
        this.pool = pool;
        this.window = config.maxBufferedBytes();
        this.pageSize = config.pageSize();
        this.pagesPerWindow = window / pageSize;
        this.maxRanges = config.maxBufferedRanges();
        this.maxGapSegments = config.maxGapSegments();
        this.pages = new int[pagesPerWindow];
        java.util.Arrays.fill(pages, NONE);
        this.pageNeeded = new boolean[pagesPerWindow];
        this.rangeStart = new long[maxRanges];
        this.rangeEnd = new long[maxRanges];
        this.historySize = config.historyBytes();
        this.history = historySize > 0 ? new byte[historySize] : null;
        reset();
    }

    /** Prepares for a new stream whose SYN carried {@code isn}: the first data byte is {@code isn + 1}. */
    public void reset(long isn) {
        reset();
        started = true;
        baseSeq = (isn + 1) & SEQ_MASK;
    }

    /** Prepares for a new stream whose start is unknown: the first segment seen is the start. */
    public void reset() {
        releaseAllPages();
        rangeCount = 0;
        historyFill = 0;
        started = false;
        baseSeq = 0;
        next = 0;
        finOffset = -1;
        finReported = false;
        gapAge = 0;
        sBuf = null;
        segments = 0;
        invalidSegments = 0;
        bytesDelivered = 0;
        bytesDuplicate = 0;
        bytesAfterFin = 0;
        finsIgnored = 0;
        gaps = 0;
        gapBytes = 0;
        overflows = 0;
        overlapMismatches = 0;
    }

    /**
     * Processes one segment of this direction.
     *
     * @param seq    the TCP sequence number (low 32 bits are used)
     * @param flags  TCP flags (SYN and FIN are used)
     * @param buf    buffer holding the payload
     * @param offset payload offset in {@code buf}
     * @param length payload length (0 for a bare SYN, FIN or ACK)
     * @param out    receives the data that became contiguous, gaps and events
     */
    public void onSegment(long seq, int flags, DirectBuffer buf, int offset, int length, StreamListener out) {
        segments++;
        if (length < 0 || offset < 0 || (length > 0 && (buf == null || (long) offset + length > buf.capacity()))) {
            invalidSegments++;
            return;
        }
        long dataSeq = seq & SEQ_MASK;
        if ((flags & FLAG_SYN) != 0) {
            dataSeq = (dataSeq + 1) & SEQ_MASK;
        }
        if (!started) {
            started = true;
            baseSeq = dataSeq;
            next = 0;
        }
        final long nextBefore = next;
        // signed 32-bit distance from the next expected sequence number: wraparound-safe
        long a = next + (int) (dataSeq - ((baseSeq + next) & SEQ_MASK));
        long b = a + length;
        if ((flags & FLAG_FIN) != 0) {
            noteFin(b);
        }
        if (finOffset >= 0 && b > finOffset) {
            long cut = Math.max(a, finOffset);
            bytesAfterFin += b - cut;
            b = cut;
        }
        if (b > a) {
            sBuf = buf;
            sIndex = offset;
            sStart = a;
            boolean mismatch = false;
            if (a < next) {
                // already delivered: a retransmission; compare with what is retained
                long oldEnd = Math.min(b, next);
                bytesDuplicate += oldEnd - a;
                mismatch = historySize > 0 && !sameAsHistory(a, oldEnd);
                a = oldEnd;
            }
            if (b > a && rangeCount > 0 && !sameAsBuffered(a, b)) {
                mismatch = true;
            }
            if (mismatch) {
                mismatch(out);
            }
            if (b > a) {
                if (a == next) {
                    deliverInOrder(a, b, out);
                } else {
                    bufferOrSkip(a, b, out);
                }
            }
            sBuf = null;
        }
        if (rangeCount == 0 || next != nextBefore) {
            gapAge = 0;
        } else if (++gapAge > maxGapSegments) {
            gapAge = 0;
            skipHeadGap(out);
        }
        checkFin(out);
    }

    /**
     * At the end of the flow: delivers everything buffered, reporting each gap before the data
     * after it, and a gap up to the FIN if one was seen. The instance stays usable.
     */
    public void flush(StreamListener out) {
        while (rangeCount > 0) {
            gap(rangeStart[0] - next, out);
            deliverHeadRange(out);
        }
        releasePages();
        if (finOffset >= 0 && next < finOffset) {
            gap(finOffset - next, out);
        }
        gapAge = 0;
        checkFin(out);
    }

    // ---------------------------------------------------------------- state

    /** True once a SYN, {@link #reset(long)} or a first segment fixed the start. */
    public boolean isStarted() {
        return started;
    }

    /** True once the FIN was reached ({@link StreamListener#onFin} was called). */
    public boolean isFinished() {
        return finReported;
    }

    /** The next expected sequence number (32 bits). */
    public long nextSeq() {
        return (baseSeq + next) & SEQ_MASK;
    }

    /** Bytes of the stream delivered or skipped so far. */
    public long streamOffset() {
        return next;
    }

    /** Out-of-order bytes currently held. */
    public long bufferedBytes() {
        long n = 0;
        for (int i = 0; i < rangeCount; i++) {
            n += rangeEnd[i] - rangeStart[i];
        }
        return n;
    }

    /** Pool pages currently held by this instance. */
    public int heldPages() {
        return heldPages;
    }

    // ---------------------------------------------------------------- counters

    public long segments() {
        return segments;
    }

    /** Segments with an impossible offset or length for their buffer (ignored). */
    public long invalidSegments() {
        return invalidSegments;
    }

    public long bytesDelivered() {
        return bytesDelivered;
    }

    /** Bytes received again (retransmissions, overlaps) and dropped. */
    public long bytesDuplicate() {
        return bytesDuplicate;
    }

    /** Bytes after an accepted FIN, dropped. */
    public long bytesAfterFin() {
        return bytesAfterFin;
    }

    /** FINs ignored because data had been seen beyond them. */
    public long finsIgnored() {
        return finsIgnored;
    }

    public long gaps() {
        return gaps;
    }

    public long gapBytes() {
        return gapBytes;
    }

    public long overflows() {
        return overflows;
    }

    public long overlapMismatches() {
        return overlapMismatches;
    }

    // ---------------------------------------------------------------- delivery

    private void noteFin(long finAt) {
        if (finOffset >= 0) {
            return;
        }
        long lastSeen = rangeCount > 0 ? rangeEnd[rangeCount - 1] : next;
        if (finAt >= lastSeen) {
            finOffset = finAt;
        } else {
            finsIgnored++;
        }
    }

    private void checkFin(StreamListener out) {
        if (finOffset >= 0 && !finReported && next >= finOffset) {
            finReported = true;
            out.onFin();
        }
    }

    private void mismatch(StreamListener out) {
        overlapMismatches++;
        out.onEvent(TCP_OVERLAP_MISMATCH);
    }

    private void gap(long missing, StreamListener out) {
        gaps++;
        gapBytes += missing;
        next += missing;
        historyFill = 0;
        out.onEvent(TCP_REASSEMBLY_GAP);
        out.onGap(missing);
    }

    private void emit(DirectBuffer buf, int index, int length, StreamListener out) {
        if (historySize > 0) {
            remember(buf, index, length);
        }
        next += length;
        bytesDelivered += length;
        out.onData(buf, index, length);
    }

    /** Delivers the segment's [a, b) (a == next) interleaved with buffered ranges it reaches (buffered bytes win). */
    private void deliverInOrder(long a, long b, StreamListener out) {
        long pos = a;
        while (pos < b) {
            if (rangeCount == 0 || rangeStart[0] >= b) {
                emit(sBuf, sIndex + (int) (pos - sStart), (int) (b - pos), out);
                break;
            }
            long rs = rangeStart[0];
            if (rs > pos) {
                emit(sBuf, sIndex + (int) (pos - sStart), (int) (rs - pos), out);
            }
            deliverHeadRange(out);
            pos = next;
        }
        while (rangeCount > 0 && rangeStart[0] == next) {
            deliverHeadRange(out);
        }
        releasePages();
    }

    /** Delivers the first buffered range; {@link #next} must equal its start. */
    private void deliverHeadRange(StreamListener out) {
        final long end = rangeEnd[0];
        rangeCount--;
        System.arraycopy(rangeStart, 1, rangeStart, 0, rangeCount);
        System.arraycopy(rangeEnd, 1, rangeEnd, 0, rangeCount);
        while (next < end) {
            int idx = (int) (next % window);
            int p = idx / pageSize;
            int in = idx - p * pageSize;
            int n = (int) Math.min(end - next, pageSize - in);
            int page = pages[p];
            emit(pool.buffer(page), pool.offset(page) + in, n, out);
        }
    }

    /** Skips the gap before the first buffered range and delivers what is contiguous after it. */
    private void skipHeadGap(StreamListener out) {
        gap(rangeStart[0] - next, out);
        deliverHeadRange(out);
        while (rangeCount > 0 && rangeStart[0] == next) {
            deliverHeadRange(out);
        }
        releasePages();
    }

    /** The segment's [a, b) starts after next: buffer it, or make room by skipping gaps. */
    private void bufferOrSkip(long a, long b, StreamListener out) {
        if (!canBuffer(a, b)) {
            overflows++;
            out.onEvent(TCP_REASSEMBLY_OVERFLOW);
            while (true) {
                if (rangeCount == 0 || a < rangeStart[0]) {
                    // this segment is the oldest data we have: skip to it
                    gap(a - next, out);
                    deliverInOrder(a, b, out);
                    return;
                }
                skipHeadGap(out);
                if (next >= b) {
                    return;
                }
                if (next > a) {
                    a = next;
                }
                if (a == next) {
                    deliverInOrder(a, b, out);
                    return;
                }
                if (canBuffer(a, b)) {
                    break;
                }
            }
        }
        storeNewBytes(a, b);
        mergeRange(a, b);
    }

    private boolean canBuffer(long a, long b) {
        if (b - next > window) {
            return false;
        }
        if (rangeCount >= maxRanges && !touchesRange(a, b)) {
            return false;
        }
        return missingPages(a, b) <= pool.available();
    }

    private boolean touchesRange(long a, long b) {
        for (int i = 0; i < rangeCount; i++) {
            if (rangeStart[i] <= b && rangeEnd[i] >= a) {
                return true;
            }
        }
        return false;
    }

    /** Pages [a, b) would need that are not held (may count the wrap page twice: conservative). */
    private int missingPages(long a, long b) {
        int missing = 0;
        long q = a;
        while (q < b) {
            int idx = (int) (q % window);
            int p = idx / pageSize;
            if (pages[p] == NONE) {
                missing++;
            }
            q += pageSize - (idx - p * pageSize);
        }
        return missing;
    }

    /** Copies the bytes of [a, b) not already buffered (first wins). */
    private void storeNewBytes(long a, long b) {
        long cursor = a;
        for (int i = 0; i < rangeCount && cursor < b; i++) {
            long rs = rangeStart[i];
            long re = rangeEnd[i];
            if (rs >= b) {
                break;
            }
            if (re <= cursor) {
                continue;
            }
            if (rs > cursor) {
                ringWrite(cursor, rs);
            }
            cursor = Math.max(cursor, re);
        }
        if (cursor < b) {
            ringWrite(cursor, b);
        }
    }

    private void ringWrite(long from, long to) {
        long q = from;
        while (q < to) {
            int idx = (int) (q % window);
            int p = idx / pageSize;
            int in = idx - p * pageSize;
            int n = (int) Math.min(to - q, pageSize - in);
            int page = pages[p];
            if (page == NONE) {
                page = pool.acquire(); // canBuffer checked that enough pages are available
                pages[p] = page;
                heldPages++;
            }
            sBuf.getBytes(sIndex + (int) (q - sStart), pool.buffer(page), pool.offset(page) + in, n);
            q += n;
        }
    }

    /** Adds [a, b) to the sorted range list, merging ranges it overlaps or touches. */
    private void mergeRange(long a, long b) {
        int i = 0;
        while (i < rangeCount && rangeEnd[i] < a) {
            i++;
        }
        int j = i;
        while (j < rangeCount && rangeStart[j] <= b) {
            j++;
        }
        if (i == j) {
            System.arraycopy(rangeStart, i, rangeStart, i + 1, rangeCount - i);
            System.arraycopy(rangeEnd, i, rangeEnd, i + 1, rangeCount - i);
            rangeStart[i] = a;
            rangeEnd[i] = b;
            rangeCount++;
            return;
        }
        long end = Math.max(b, rangeEnd[j - 1]);
        rangeStart[i] = Math.min(a, rangeStart[i]);
        rangeEnd[i] = end;
        int removed = j - i - 1;
        if (removed > 0) {
            System.arraycopy(rangeStart, j, rangeStart, i + 1, rangeCount - j);
            System.arraycopy(rangeEnd, j, rangeEnd, i + 1, rangeCount - j);
            rangeCount -= removed;
        }
    }

    /** Compares the segment's [a, b) with the buffered bytes it overlaps; counts the overlap as duplicate. */
    private boolean sameAsBuffered(long a, long b) {
        boolean same = true;
        for (int i = 0; i < rangeCount; i++) {
            long from = Math.max(a, rangeStart[i]);
            long to = Math.min(b, rangeEnd[i]);
            if (rangeStart[i] >= b) {
                break;
            }
            if (from >= to) {
                continue;
            }
            bytesDuplicate += to - from;
            if (same && !ringEquals(from, to)) {
                same = false;
            }
        }
        return same;
    }

    private boolean ringEquals(long from, long to) {
        long q = from;
        while (q < to) {
            int idx = (int) (q % window);
            int p = idx / pageSize;
            int in = idx - p * pageSize;
            int n = (int) Math.min(to - q, pageSize - in);
            UnsafeBuffer pb = pool.buffer(pages[p]);
            int po = pool.offset(pages[p]) + in;
            int si = sIndex + (int) (q - sStart);
            for (int k = 0; k < n; k++) {
                if (pb.getByte(po + k) != sBuf.getByte(si + k)) {
                    return false;
                }
            }
            q += n;
        }
        return true;
    }

    private void remember(DirectBuffer buf, int index, int length) {
        long streamOffset = next;
        int n = length;
        if (n > historySize) {
            index += n - historySize;
            streamOffset += n - historySize;
            n = historySize;
        }
        int pos = (int) (streamOffset % historySize);
        int first = Math.min(n, historySize - pos);
        buf.getBytes(index, history, pos, first);
        if (first < n) {
            buf.getBytes(index + first, history, 0, n - first);
        }
        historyFill = (int) Math.min(historySize, (long) historyFill + length);
    }

    /** Compares the segment's already delivered bytes [from, to) with the retained history. */
    private boolean sameAsHistory(long from, long to) {
        long q = Math.max(from, next - historyFill);
        for (; q < to; q++) {
            if (history[(int) (q % historySize)] != sBuf.getByte(sIndex + (int) (q - sStart))) {
                return false;
            }
        }
        return true;
    }

    private void releasePages() {
        if (heldPages == 0) {
            return;
        }
        if (rangeCount == 0) {
            releaseAllPages();
            return;
        }
        java.util.Arrays.fill(pageNeeded, false);
        for (int i = 0; i < rangeCount; i++) {
            long q = rangeStart[i];
            long end = rangeEnd[i];
            while (q < end) {
                int idx = (int) (q % window);
                int p = idx / pageSize;
                pageNeeded[p] = true;
                q += pageSize - (idx - p * pageSize);
            }
        }
        for (int p = 0; p < pagesPerWindow; p++) {
            if (pages[p] != NONE && !pageNeeded[p]) {
                pool.release(pages[p]);
                pages[p] = NONE;
                heldPages--;
            }
        }
    }

    private void releaseAllPages() {
        if (heldPages == 0) {
            return;
        }
        for (int p = 0; p < pagesPerWindow; p++) {
            if (pages[p] != NONE) {
                pool.release(pages[p]);
                pages[p] = NONE;
            }
        }
        heldPages = 0;
    }
}
