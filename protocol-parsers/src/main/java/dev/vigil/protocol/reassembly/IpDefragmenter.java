package dev.vigil.protocol.reassembly;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.PacketView;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded IPv4 and IPv6 fragment reassembly, one instance per worker thread (not thread-safe).
 *
 * <h2>Standards</h2>
 * <ul>
 *   <li>IPv4: RFC 791 §2.3 (Fragmentation) and §3.2 (the reassembly procedure) (buffer id = source,
 *       destination, protocol, identification; offsets in 8-octet units; every fragment but
 *       the last carries a multiple of 8 octets; the header of the fragment with offset 0 is
 *       the header of the datagram). RFC 815 hole accounting is done over the kept fragment
 *       extents.</li>
 *   <li>IPv6: RFC 8200 §4.5 "Fragment Header" (key = source, destination, identification;
 *       the Unfragmentable Part and the Next Header come from the first fragment; a non-last
 *       fragment whose length is not a multiple of 8 is discarded; a fragment that would make
 *       the Payload Length exceed 65,535 is discarded; exact duplicates may be dropped),
 *       RFC 5722 §4 (overlapping fragments: reassembly is abandoned and every fragment
 *       received for the datagram discarded, silently) and RFC 6946 §4 (an atomic fragment,
 *       offset 0 and M = 0, is processed on its own, never mixed with a reassembly in
 *       progress).</li>
 * </ul>
 *
 * <h2>Overlap policy</h2>
 * An exact duplicate (same offset, same length, same bytes) is dropped silently and counted
 * (RFC 8200 §4.5 allows it for IPv6; we treat IPv4 alike: networks duplicate packets).
 * Any other overlap:
 * <ul>
 *   <li>IPv6: {@code ipv6.frag_overlap}, the datagram is dropped (RFC 5722 §4). Our addition:
 *       its key stays in the table as a tombstone until its timeout, so that its remaining
 *       fragments are swallowed instead of starting a reassembly that can only time out.
 *       Every other "datagram dropped" outcome below uses the same tombstone.</li>
 *   <li>IPv4: {@code ipv4.frag_overlap} and <b>first wins</b>: bytes already held are kept,
 *       only the new bytes of the later fragment are used. RFC 791 leaves the choice open
 *       (its sample procedure lets later data overwrite); end hosts differ (J. Novak,
 *       "Target-Based Fragmentation Reassembly", Sourcefire, 2005), so no policy matches
 *       every target. Like Suricata's {@code IPV4_FRAG_OVERLAP}, the event fires for any
 *       overlap that is not an exact duplicate, whether or not the bytes differ. The event
 *       is the point: an analyst sees that the datagram was ambiguous.</li>
 * </ul>
 * A fragment that contradicts the end set by the last fragment (a second last fragment with
 * another end, data past the end) is discarded with {@code ipv4.frag_invalid} /
 * {@code ipv6.frag_invalid}; the end first seen wins as well.
 *
 * <h2>Events</h2>
 * Events caused by the fragment being added are recorded on its {@link PacketView}
 * ({@link PacketView#addEvent}); the caller counts them like any decode event. Timeouts are
 * not caused by a packet: they go to the {@link DefragListener} given to the constructor
 * (may be null) and to {@link #datagramsTimedOut()}. Counters are cumulative, never reset.
 *
 * <h2>Memory</h2>
 * The datagram table (hash chains, age list, fragment extents, first-fragment headers, block
 * maps) is allocated in the constructor. Fragment data is copied into fixed-size blocks of a
 * pool bounded by {@link DefragConfig#maxBufferedBytes()}; the pool grows in chunks up to that
 * bound on demand and never shrinks, so after warm-up {@link #add} allocates nothing. The
 * buffer returned by {@link #add} is one reused buffer, valid until the next call.
 *
 * <h2>Time</h2>
 * Packet time ({@code nowNanos}) drives timeouts, measured from a datagram's first fragment
 * (like Linux's {@code ipfrag_time}). Time that goes backwards is treated as "no time passed".
 */
public final class IpDefragmenter {

    // ---------------------------------------------------------------- decode events
    public static final DecodeEventType IPV4_FRAG_OVERLAP = DecodeEventType.register("ipv4.frag_overlap",
        "IPv4 fragment overlaps data already received (not an exact duplicate); the bytes first received are kept",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType IPV6_FRAG_OVERLAP = DecodeEventType.register("ipv6.frag_overlap",
        "IPv6 fragment overlaps another; datagram discarded (RFC 5722)", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType IPV4_FRAG_TIMEOUT = DecodeEventType.register("ipv4.frag_timeout",
        "IPv4 datagram not complete within the reassembly timeout; discarded", DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType IPV6_FRAG_TIMEOUT = DecodeEventType.register("ipv6.frag_timeout",
        "IPv6 datagram not complete within the reassembly timeout; discarded", DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType IPV4_FRAG_TOO_LARGE = DecodeEventType.register("ipv4.frag_too_large",
        "IPv4 fragment would make the datagram exceed 65535 bytes or the configured maximum; datagram discarded",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType IPV6_FRAG_TOO_LARGE = DecodeEventType.register("ipv6.frag_too_large",
        "IPv6 fragment would make the payload length exceed 65535 bytes or the configured maximum; datagram discarded",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType IPV4_FRAG_INVALID = DecodeEventType.register("ipv4.frag_invalid",
        "IPv4 fragment discarded: non-last fragment length not a multiple of 8, empty, bad header or past the datagram end",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType IPV6_FRAG_INVALID = DecodeEventType.register("ipv6.frag_invalid",
        "IPv6 fragment discarded: non-last fragment length not a multiple of 8, empty, bad header chain or past the datagram end",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType IPV6_FRAG_HEADER_TOO_LONG = DecodeEventType.register("ipv6.frag_header_too_long",
        "IPv6 unfragmentable part longer than the configured maximum header length; datagram discarded",
        DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType IP_FRAG_TABLE_FULL = DecodeEventType.register("ip.frag_table_full",
        "Fragment table full (maximum datagrams in progress); new datagram not reassembled",
        DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType IP_FRAG_MEMORY_FULL = DecodeEventType.register("ip.frag_memory_full",
        "Fragment memory full (maximum buffered bytes); datagram discarded", DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType IP_FRAG_TOO_MANY = DecodeEventType.register("ip.frag_too_many",
        "Datagram has more fragments than the configured maximum; datagram discarded", DecodeEventType.KIND_OVERFLOW);

    // ---------------------------------------------------------------- constants
    private static final int FREE = 0;
    private static final int ACTIVE = 1;
    /** Dropped datagram kept as a tombstone until its timeout; its later fragments are swallowed. */
    private static final int DEAD = 2;
    private static final int NONE = -1;

    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV4_MAX_HEADER = 60;
    private static final int IPV6_HEADER = 40;
    /** RFC 791: the offset field has 13 bits of 8-octet units. */
    private static final int MAX_FRAGMENT_OFFSET = 8191 * 8;
    private static final int IP_MAX_LENGTH = 65_535;
    private static final int NH_HOP_BY_HOP = 0;
    private static final int NH_ROUTING = 43;
    private static final int NH_FRAGMENT = 44;
    private static final int NH_DEST_OPTIONS = 60;
    private static final int CHUNK_BYTES = 256 * 1024;

    // ---------------------------------------------------------------- configuration
    private final DefragConfig config;
    private final DefragListener listener;
    private final long timeoutNanos;
    private final int maxDatagrams;
    private final int maxFragments;
    private final int blockSize;
    private final int blocksPerDatagram;
    private final int maxHeaderLength;
    /** Largest reassembled IPv4 total length. */
    private final int ipv4Limit;
    /** Largest reassembled IPv6 payload length (bytes after the fixed 40-byte header). */
    private final int ipv6Limit;

    // ---------------------------------------------------------------- datagram table (struct of arrays, index = slot)
    private final long seed;
    private final int[] buckets;
    private final int bucketMask;
    private final int[] chainNext;
    private final int[] slotHash;
    private final int[] state;
    private final int[] keyVersion;
    private final int[] keyProtocol;
    private final int[] keyContext;
    private final long[] keySrcHi;
    private final long[] keySrcLo;
    private final long[] keyDstHi;
    private final long[] keyDstLo;
    private final long[] keyId;
    private final long[] created;
    private final int[] agePrev;
    private final int[] ageNext;
    private int ageHead = NONE;
    private int ageTail = NONE;
    private final int[] freeSlots;
    private int freeSlotCount;
    private int activeCount;

    /** Fragment extents per slot, sorted by start: [slot * maxFragments + i]. */
    private final int[] fragStart;
    private final int[] fragEnd;
    private final int[] fragCount;
    /** Data end from the last fragment (MF = 0), or -1 while unknown. */
    private final int[] totalEnd;
    /** Largest data end seen so far. */
    private final int[] maxEnd;
    /** Header of the first fragment (IPv4 header, IPv6 unfragmentable part); length 0 until seen. */
    private final byte[] headers;
    private final int[] headerLength;
    /** IPv6: offset in the header of the Next Header byte to patch, and the value from the Fragment header. */
    private final int[] nextHeaderField;
    private final int[] nextHeaderValue;
    /** Data block of each blockSize-aligned piece of a datagram: [slot * blocksPerDatagram + i], -1 when none. */
    private final int[] blockMap;

    // ---------------------------------------------------------------- data block pool
    private final int maxBlocks;
    private final int blocksPerChunk;
    private final byte[][] chunks;
    private int createdBlocks;
    private final int[] freeBlocks;
    private int freeBlockCount;

    // ---------------------------------------------------------------- output
    private final byte[] outBytes;
    private final UnsafeBuffer out;
    private int lastLength;

    // ---------------------------------------------------------------- the fragment being added (parse results)
    private int pVersion;
    private int pHeaderLength;
    private int pDataStart;
    private int pDataLength;
    private int pOffset;
    private boolean pMore;
    private long pId;
    private int pProtocol;
    private int pNextHeaderField;
    private int pNextHeaderValue;

    private long clock = Long.MIN_VALUE;

    // ---------------------------------------------------------------- counters
    private long fragmentsSeen;
    private long datagramsReassembled;
    private long atomicFragments;
    private long notFragments;
    private long fragmentsDuplicate;
    private long fragmentsOverlapping;
    private long fragmentsInvalid;
    private long fragmentsTruncated;
    private long fragmentsDiscarded;
    private long datagramsTimedOut;
    private long droppedTableFull;
    private long droppedMemoryFull;
    private long droppedTooMany;
    private long droppedTooLarge;
    private long droppedOverlap;
    private long droppedHeaderTooLong;

    /** A defragmenter with {@link DefragConfig#defaults()} and no listener. */
    public IpDefragmenter() {
        this(DefragConfig.defaults(), null);
    }

    /**
     * @param config   limits
     * @param listener receives timeout events; may be null (then only {@link #datagramsTimedOut()} counts them)
     */
    public IpDefragmenter(DefragConfig config, DefragListener listener) {
        this.config = config;
        this.listener = listener;
        this.timeoutNanos = config.timeoutNanos();
        this.maxDatagrams = config.maxDatagrams();
        this.maxFragments = config.maxFragmentsPerDatagram();
        this.blockSize = config.blockSize();
        this.maxHeaderLength = config.maxHeaderLength();
        this.ipv4Limit = Math.min(config.maxDatagramSize(), IP_MAX_LENGTH);
        this.ipv6Limit = Math.min(config.maxDatagramSize(), IP_MAX_LENGTH);
        int maxDataEnd = Math.max(ipv4Limit - IPV4_MIN_HEADER, ipv6Limit);
        this.blocksPerDatagram = (maxDataEnd + blockSize - 1) / blockSize;

        this.seed = ThreadLocalRandom.current().nextLong();
        int buckets = Integer.highestOneBit(Math.max(2, maxDatagrams * 2 - 1)) << 1;
        this.buckets = new int[buckets];
        this.bucketMask = buckets - 1;
        java.util.Arrays.fill(this.buckets, NONE);
        int n = maxDatagrams;
        this.chainNext = new int[n];
        this.slotHash = new int[n];
        this.state = new int[n];
        this.keyVersion = new int[n];
        this.keyProtocol = new int[n];
        this.keyContext = new int[n];
        this.keySrcHi = new long[n];
        this.keySrcLo = new long[n];
        this.keyDstHi = new long[n];
        this.keyDstLo = new long[n];
        this.keyId = new long[n];
        this.created = new long[n];
        this.agePrev = new int[n];
        this.ageNext = new int[n];
        this.freeSlots = new int[n];
        for (int i = 0; i < n; i++) {
            freeSlots[i] = n - 1 - i;
        }
        this.freeSlotCount = n;
        this.fragStart = new int[n * maxFragments];
        this.fragEnd = new int[n * maxFragments];
        this.fragCount = new int[n];
        this.totalEnd = new int[n];
        this.maxEnd = new int[n];
        this.headers = new byte[n * maxHeaderLength];
        this.headerLength = new int[n];
        this.nextHeaderField = new int[n];
        this.nextHeaderValue = new int[n];
        this.blockMap = new int[n * blocksPerDatagram];
        java.util.Arrays.fill(blockMap, NONE);

        this.maxBlocks = config.maxBufferedBytes() / blockSize;
        this.blocksPerChunk = Math.max(1, CHUNK_BYTES / blockSize);
        this.chunks = new byte[(maxBlocks + blocksPerChunk - 1) / blocksPerChunk][];
        this.freeBlocks = new int[maxBlocks];

        this.outBytes = new byte[maxHeaderLength + maxDataEnd + IPV4_MIN_HEADER];
        this.out = new UnsafeBuffer(outBytes);
    }

    public DefragConfig config() {
        return config;
    }

    /**
     * The default reassembly context of a packet: its outer and inner VLAN ids, so that the
     * same addresses on two VLANs are never mixed (RFC 791/8200 keys assume one network).
     */
    public static int contextOf(PacketView v) {
        int n = Math.min(v.vlanCount, PacketView.MAX_VLANS);
        int outer = n > 0 ? (v.vlanIds[0] & 0xFFF) + 1 : 0;
        int inner = n > 1 ? (v.vlanIds[1] & 0xFFF) + 1 : 0;
        return outer | (inner << 13);
    }

    /** {@link #add(PacketView, DirectBuffer, int, long)} with {@link #contextOf(PacketView)}. */
    public DirectBuffer add(PacketView v, DirectBuffer packetBuf, long nowNanos) {
        return add(v, packetBuf, contextOf(v), nowNanos);
    }

    /**
     * Adds one fragment.
     *
     * <p>Uses from the view: {@code ipVersion}, {@code l3Offset}, {@code l3Length} (captured
     * bytes from the IP header on), the addresses, and for IPv4 {@code ipHeaderLength},
     * {@code fragmentOffset} (bytes), {@code moreFragments}, {@code fragmentId},
     * {@code ipProtocol}. From the buffer: the IPv4 total length, and for IPv6 the extension
     * header chain up to the Fragment header (offset, M flag and identification are read
     * there). Every read is checked against {@code l3Length} and the declared IP length.
     *
     * @param v         the decoded fragment (events caused by it are added to it)
     * @param packetBuf the buffer the view was decoded from
     * @param context   caller's extra key (VLAN ids, interface, tunnel id)
     * @param nowNanos  packet time
     * @return the complete datagram from offset 0 (length {@link #lastLength()}), valid until
     *     the next call, or null when the datagram is not complete or the fragment was discarded
     */
    public DirectBuffer add(PacketView v, DirectBuffer packetBuf, int context, long nowNanos) {
        fragmentsSeen++;
        lastLength = 0;
        advance(nowNanos);
        if (!parse(v, packetBuf)) {
            return null;
        }
        final boolean v4 = pVersion == 4;
        if (!v4 && pOffset == 0 && !pMore) {
            return atomicFragment(v, packetBuf);
        }
        if (v4 && pOffset == 0 && !pMore) {
            notFragments++;
            return null;
        }
        if (pMore && (pDataLength == 0 || (pDataLength & 7) != 0)) {
            // RFC 791 §2.3 / RFC 8200 §4.5: all fragments but the last carry a multiple of 8 octets
            invalid(v, v4);
            return null;
        }
        final int end = pOffset + pDataLength;
        final long srcHi = v.srcHi;
        final long srcLo = v.srcLo;
        final long dstHi = v.dstHi;
        final long dstLo = v.dstLo;
        final int protocol = v4 ? pProtocol : -1;
        final int hash = hash(pVersion, srcHi, srcLo, dstHi, dstLo, pId, protocol, context);
        int slot = find(hash, pVersion, srcHi, srcLo, dstHi, dstLo, pId, protocol, context);
        if (slot != NONE && state[slot] == DEAD) {
            fragmentsDiscarded++;
            return null;
        }

        // RFC 791 (ping of death) / RFC 8200 §4.5: reassembled length must fit 16 bits and our cap
        boolean tooLarge = v4
            ? pHeaderLength + end > ipv4Limit
            : pHeaderLength - IPV6_HEADER + end > ipv6Limit;
        if (tooLarge) {
            v.addEvent(v4 ? IPV4_FRAG_TOO_LARGE : IPV6_FRAG_TOO_LARGE);
            droppedTooLarge++;
            if (slot == NONE) {
                // a tombstone swallows the rest of the attack datagram (if a slot is free)
                slot = allocate(hash, pVersion, srcHi, srcLo, dstHi, dstLo, pId, protocol, context);
            }
            if (slot != NONE) {
                kill(slot);
            }
            return null;
        }

        if (slot == NONE) {
            slot = allocate(hash, pVersion, srcHi, srcLo, dstHi, dstLo, pId, protocol, context);
            if (slot == NONE) {
                v.addEvent(IP_FRAG_TABLE_FULL);
                droppedTableFull++;
                return null;
            }
        }

        // the end is fixed by the first last fragment; contradictions are discarded
        final int knownEnd = totalEnd[slot];
        if (knownEnd >= 0 ? (end > knownEnd || (!pMore && end != knownEnd)) : (!pMore && maxEnd[slot] > end)) {
            invalid(v, v4);
            return null;
        }

        // overlap analysis over the kept extents
        final int base = slot * maxFragments;
        final int count = fragCount[slot];
        boolean overlap = false;
        int exact = NONE;
        if (pDataLength > 0) {
            for (int i = 0; i < count; i++) {
                int s = fragStart[base + i];
                int e = fragEnd[base + i];
                if (s >= end) {
                    break;
                }
                if (e > pOffset) {
                    overlap = true;
                    if (s == pOffset && e == end) {
                        exact = i;
                    }
                }
            }
        }
        if (overlap) {
            if (exact != NONE && sameBytes(slot, packetBuf, pDataStart, pOffset, pDataLength)) {
                fragmentsDuplicate++;
                return null;
            }
            if (!v4) {
                // RFC 5722 §4: discard the datagram and every later fragment of it
                v.addEvent(IPV6_FRAG_OVERLAP);
                droppedOverlap++;
                kill(slot);
                return null;
            }
            v.addEvent(IPV4_FRAG_OVERLAP);
            fragmentsOverlapping++;
        }

        if (pDataLength > 0 && count >= maxFragments) {
            v.addEvent(IP_FRAG_TOO_MANY);
            droppedTooMany++;
            kill(slot);
            return null;
        }

        if (pOffset == 0 && headerLength[slot] == 0) {
            if (pHeaderLength > maxHeaderLength) {
                v.addEvent(IPV6_FRAG_HEADER_TOO_LONG);
                droppedHeaderTooLong++;
                kill(slot);
                return null;
            }
        }

        if (pDataLength > 0) {
            int needed = missingBlocks(slot, pOffset, end);
            if (needed > freeBlockCount + (maxBlocks - createdBlocks)) {
                v.addEvent(IP_FRAG_MEMORY_FULL);
                droppedMemoryFull++;
                kill(slot);
                return null;
            }
            storeNewBytes(slot, packetBuf, pDataStart, pOffset, end);
            insertExtent(slot, pOffset, end);
        }
        if (end > maxEnd[slot]) {
            maxEnd[slot] = end;
        }
        if (!pMore) {
            totalEnd[slot] = end;
        }
        if (pOffset == 0 && headerLength[slot] == 0) {
            int hl = pHeaderLength;
            packetBuf.getBytes(v.l3Offset, headers, slot * maxHeaderLength, hl);
            headerLength[slot] = hl;
            nextHeaderField[slot] = pNextHeaderField;
            nextHeaderValue[slot] = pNextHeaderValue;
        }

        if (totalEnd[slot] >= 0 && headerLength[slot] > 0 && covered(slot)) {
            return assemble(v, slot);
        }
        return null;
    }

    /** Length of the datagram returned by the last {@link #add} that returned non-null, else 0. */
    public int lastLength() {
        return lastLength;
    }

    /**
     * Drops every datagram whose first fragment is at least the timeout older than
     * {@code nowNanos}, reporting {@code ipv4.frag_timeout} / {@code ipv6.frag_timeout} for the
     * incomplete ones to the listener. Call periodically (e.g. once per second of packet time);
     * {@link #add} also expires what is due.
     */
    public void expire(long nowNanos) {
        advance(nowNanos);
    }

    /** Datagrams in the table (in progress and tombstones). */
    public int datagramsInProgress() {
        return activeCount;
    }

    /** Bytes of data blocks held by datagrams in progress. */
    public long bufferedBytes() {
        return (long) (createdBlocks - freeBlockCount) * blockSize;
    }

    // ---------------------------------------------------------------- counters
    public long fragmentsSeen() {
        return fragmentsSeen;
    }

    public long datagramsReassembled() {
        return datagramsReassembled;
    }

    /** IPv6 atomic fragments (RFC 6946) returned as they are, without the Fragment header. */
    public long atomicFragments() {
        return atomicFragments;
    }

    /** Packets given to {@link #add} that were not fragments (IPv4 offset 0 and MF 0, IPv6 without Fragment header). */
    public long notFragments() {
        return notFragments;
    }

    /** Exact duplicates dropped silently. */
    public long fragmentsDuplicate() {
        return fragmentsDuplicate;
    }

    /** IPv4 fragments that overlapped (first-wins applied). */
    public long fragmentsOverlapping() {
        return fragmentsOverlapping;
    }

    public long fragmentsInvalid() {
        return fragmentsInvalid;
    }

    /** Fragments whose declared length exceeds what was captured (the decoder reports the truncation). */
    public long fragmentsTruncated() {
        return fragmentsTruncated;
    }

    /** Fragments of datagrams already dropped (tombstones). */
    public long fragmentsDiscarded() {
        return fragmentsDiscarded;
    }

    public long datagramsTimedOut() {
        return datagramsTimedOut;
    }

    public long droppedTableFull() {
        return droppedTableFull;
    }

    public long droppedMemoryFull() {
        return droppedMemoryFull;
    }

    public long droppedTooMany() {
        return droppedTooMany;
    }

    public long droppedTooLarge() {
        return droppedTooLarge;
    }

    /** IPv6 datagrams dropped for overlapping fragments (RFC 5722). */
    public long droppedOverlap() {
        return droppedOverlap;
    }

    public long droppedHeaderTooLong() {
        return droppedHeaderTooLong;
    }

    // ================================================================ parsing

    /** Fills the p* fields; false when the fragment cannot be used (counted, event when malformed). */
    private boolean parse(PacketView v, DirectBuffer buf) {
        final int version = v.ipVersion;
        final int l3 = v.l3Offset;
        final int captured = v.l3Length;
        if ((version != 4 && version != 6) || buf == null || l3 < 0 || captured <= 0
            || (long) l3 + captured > buf.capacity()) {
            // not an IP packet the decoder vouched for: nothing to reassemble
            notFragments++;
            return false;
        }
        pVersion = version;
        if (version == 4) {
            int hl = v.ipHeaderLength;
            if (captured < IPV4_MIN_HEADER || hl < IPV4_MIN_HEADER || hl > IPV4_MAX_HEADER) {
                invalid(v, true);
                return false;
            }
            int total = buf.getShort(l3 + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (total < hl) {
                invalid(v, true);
                return false;
            }
            if (total > captured) {
                fragmentsTruncated++;
                return false;
            }
            int offset = v.fragmentOffset;
            if (offset < 0 || offset > MAX_FRAGMENT_OFFSET || (offset & 7) != 0) {
                invalid(v, true);
                return false;
            }
            pHeaderLength = hl;
            pDataStart = l3 + hl;
            pDataLength = total - hl;
            pOffset = offset;
            pMore = v.moreFragments;
            pId = v.fragmentId & 0xFFFFL;
            pProtocol = v.ipProtocol & 0xFF;
            pNextHeaderField = 0;
            pNextHeaderValue = 0;
            return true;
        }
        // IPv6: walk the unfragmentable extension headers to the Fragment header (RFC 8200 §4.5)
        if (captured < IPV6_HEADER) {
            fragmentsTruncated++;
            return false;
        }
        int payloadLength = buf.getShort(l3 + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (payloadLength == 0) {
            // jumbogram or empty: the Fragment header cannot be used with a jumbo payload (RFC 2675 §3)
            invalid(v, false);
            return false;
        }
        int total = IPV6_HEADER + payloadLength;
        if (total > captured) {
            fragmentsTruncated++;
            return false;
        }
        final int end = l3 + total;
        int nh = buf.getByte(l3 + 6) & 0xFF;
        int nhField = 6;
        int pos = l3 + IPV6_HEADER;
        while (nh == NH_HOP_BY_HOP || nh == NH_ROUTING || nh == NH_DEST_OPTIONS) {
            if (pos + 8 > end) {
                invalid(v, false);
                return false;
            }
            int len = ((buf.getByte(pos + 1) & 0xFF) + 1) * 8;
            nhField = pos - l3;
            nh = buf.getByte(pos) & 0xFF;
            pos += len;
            if (pos > end) {
                invalid(v, false);
                return false;
            }
        }
        if (nh != NH_FRAGMENT) {
            notFragments++;
            return false;
        }
        if (pos + 8 > end) {
            invalid(v, false);
            return false;
        }
        int offsetAndFlags = buf.getShort(pos + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        pHeaderLength = pos - l3;
        pNextHeaderField = nhField;
        pNextHeaderValue = buf.getByte(pos) & 0xFF;
        pOffset = offsetAndFlags & 0xFFF8;
        pMore = (offsetAndFlags & 1) != 0;
        pId = buf.getInt(pos + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
        pProtocol = pNextHeaderValue;
        pDataStart = pos + 8;
        pDataLength = end - pDataStart;
        return true;
    }

    private void invalid(PacketView v, boolean v4) {
        v.addEvent(v4 ? IPV4_FRAG_INVALID : IPV6_FRAG_INVALID);
        fragmentsInvalid++;
    }

    /** RFC 6946 §4: an atomic fragment is reassembled on its own: drop the Fragment header. */
    private DirectBuffer atomicFragment(PacketView v, DirectBuffer buf) {
        if (pHeaderLength > maxHeaderLength) {
            v.addEvent(IPV6_FRAG_HEADER_TOO_LONG);
            droppedHeaderTooLong++;
            return null;
        }
        if (pHeaderLength - IPV6_HEADER + pDataLength > ipv6Limit) {
            v.addEvent(IPV6_FRAG_TOO_LARGE);
            droppedTooLarge++;
            return null;
        }
        int hl = pHeaderLength;
        buf.getBytes(v.l3Offset, outBytes, 0, hl);
        buf.getBytes(pDataStart, outBytes, hl, pDataLength);
        outBytes[pNextHeaderField] = (byte) pNextHeaderValue;
        int payload = hl - IPV6_HEADER + pDataLength;
        out.putShort(4, (short) payload, ByteOrder.BIG_ENDIAN);
        atomicFragments++;
        lastLength = hl + pDataLength;
        return out;
    }

    // ================================================================ table

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private int hash(int version, long srcHi, long srcLo, long dstHi, long dstLo, long id, int protocol, int context) {
        long h = seed;
        h = mix(h ^ srcHi);
        h = mix(h ^ srcLo);
        h = mix(h ^ dstHi);
        h = mix(h ^ dstLo);
        h = mix(h ^ (id << 16) ^ ((long) (protocol & 0x1FF) << 4) ^ version ^ ((long) context << 48));
        return (int) (h ^ (h >>> 32));
    }

    private int find(int hash, int version, long srcHi, long srcLo, long dstHi, long dstLo, long id, int protocol,
                     int context) {
        for (int s = buckets[hash & bucketMask]; s != NONE; s = chainNext[s]) {
            if (slotHash[s] == hash && keyId[s] == id && keySrcLo[s] == srcLo && keyDstLo[s] == dstLo
                && keySrcHi[s] == srcHi && keyDstHi[s] == dstHi && keyVersion[s] == version
                && keyProtocol[s] == protocol && keyContext[s] == context) {
                return s;
            }
        }
        return NONE;
    }

    private int allocate(int hash, int version, long srcHi, long srcLo, long dstHi, long dstLo, long id,
                         int protocol, int context) {
        if (freeSlotCount == 0) {
            return NONE;
        }
        int s = freeSlots[--freeSlotCount];
        state[s] = ACTIVE;
        slotHash[s] = hash;
        keyVersion[s] = version;
        keySrcHi[s] = srcHi;
        keySrcLo[s] = srcLo;
        keyDstHi[s] = dstHi;
        keyDstLo[s] = dstLo;
        keyId[s] = id;
        keyProtocol[s] = protocol;
        keyContext[s] = context;
        created[s] = clock;
        fragCount[s] = 0;
        totalEnd[s] = -1;
        maxEnd[s] = 0;
        headerLength[s] = 0;
        int b = hash & bucketMask;
        chainNext[s] = buckets[b];
        buckets[b] = s;
        // age list: append at the tail (creation times are non-decreasing, see advance)
        agePrev[s] = ageTail;
        ageNext[s] = NONE;
        if (ageTail != NONE) {
            ageNext[ageTail] = s;
        } else {
            ageHead = s;
        }
        ageTail = s;
        activeCount++;
        return s;
    }

    /** Drops a datagram's data but keeps its key as a tombstone until it times out. */
    private void kill(int s) {
        releaseBlocks(s);
        fragCount[s] = 0;
        state[s] = DEAD;
    }

    private void free(int s) {
        releaseBlocks(s);
        int b = slotHash[s] & bucketMask;
        int prev = NONE;
        for (int c = buckets[b]; c != NONE; prev = c, c = chainNext[c]) {
            if (c == s) {
                if (prev == NONE) {
                    buckets[b] = chainNext[s];
                } else {
                    chainNext[prev] = chainNext[s];
                }
                break;
            }
        }
        int p = agePrev[s];
        int n = ageNext[s];
        if (p != NONE) {
            ageNext[p] = n;
        } else {
            ageHead = n;
        }
        if (n != NONE) {
            agePrev[n] = p;
        } else {
            ageTail = p;
        }
        state[s] = FREE;
        freeSlots[freeSlotCount++] = s;
        activeCount--;
    }

    private void advance(long nowNanos) {
        if (nowNanos > clock) {
            clock = nowNanos;
        }
        while (ageHead != NONE && clock - created[ageHead] >= timeoutNanos) {
            int s = ageHead;
            if (state[s] == ACTIVE) {
                datagramsTimedOut++;
                if (listener != null) {
                    listener.onEvent(keyVersion[s] == 4 ? IPV4_FRAG_TIMEOUT : IPV6_FRAG_TIMEOUT, keyVersion[s],
                        keySrcHi[s], keySrcLo[s], keyDstHi[s], keyDstLo[s], keyId[s], keyProtocol[s], keyContext[s]);
                }
            }
            free(s);
        }
    }

    // ================================================================ data blocks

    private void releaseBlocks(int s) {
        int base = s * blocksPerDatagram;
        int n = Math.min(blocksPerDatagram, (maxEnd[s] + blockSize - 1) / blockSize);
        for (int i = 0; i < n; i++) {
            int b = blockMap[base + i];
            if (b != NONE) {
                freeBlocks[freeBlockCount++] = b;
                blockMap[base + i] = NONE;
            }
        }
    }

    private int missingBlocks(int s, int from, int to) {
        int base = s * blocksPerDatagram;
        int missing = 0;
        for (int i = from / blockSize, last = (to - 1) / blockSize; i <= last; i++) {
            if (blockMap[base + i] == NONE) {
                missing++;
            }
        }
        return missing;
    }

    private int acquireBlock() {
        if (freeBlockCount == 0) {
            // grow by one chunk (warm-up only: chunks are never released)
            int chunk = createdBlocks / blocksPerChunk;
            int blocks = Math.min(blocksPerChunk, maxBlocks - createdBlocks);
            chunks[chunk] = new byte[blocks * blockSize];
            for (int i = blocks - 1; i >= 0; i--) {
                freeBlocks[freeBlockCount++] = createdBlocks + i;
            }
            createdBlocks += blocks;
        }
        return freeBlocks[--freeBlockCount];
    }

    /** Copies the bytes of [from, to) not yet covered by a kept extent (first wins). */
    private void storeNewBytes(int s, DirectBuffer src, int srcStart, int from, int to) {
        int base = s * maxFragments;
        int cursor = from;
        for (int i = 0, n = fragCount[s]; i < n && cursor < to; i++) {
            int es = fragStart[base + i];
            int ee = fragEnd[base + i];
            if (es >= to) {
                break;
            }
            if (ee <= cursor) {
                continue;
            }
            if (es > cursor) {
                copyIn(s, src, srcStart + (cursor - from), cursor, es);
            }
            cursor = Math.max(cursor, ee);
        }
        if (cursor < to) {
            copyIn(s, src, srcStart + (cursor - from), cursor, to);
        }
    }

    private void copyIn(int s, DirectBuffer src, int srcIndex, int from, int to) {
        int mapBase = s * blocksPerDatagram;
        int pos = from;
        while (pos < to) {
            int bi = pos / blockSize;
            int inBlock = pos - bi * blockSize;
            int n = Math.min(to - pos, blockSize - inBlock);
            int block = blockMap[mapBase + bi];
            if (block == NONE) {
                block = acquireBlock();
                blockMap[mapBase + bi] = block;
            }
            src.getBytes(srcIndex, chunks[block / blocksPerChunk], (block % blocksPerChunk) * blockSize + inBlock, n);
            srcIndex += n;
            pos += n;
        }
    }

    private boolean sameBytes(int s, DirectBuffer src, int srcIndex, int from, int length) {
        int mapBase = s * blocksPerDatagram;
        for (int i = 0; i < length; i++) {
            int pos = from + i;
            int bi = pos / blockSize;
            int block = blockMap[mapBase + bi];
            byte held = chunks[block / blocksPerChunk][(block % blocksPerChunk) * blockSize + pos - bi * blockSize];
            if (held != src.getByte(srcIndex + i)) {
                return false;
            }
        }
        return true;
    }

    private void insertExtent(int s, int start, int end) {
        int base = s * maxFragments;
        int n = fragCount[s];
        int i = n;
        while (i > 0 && fragStart[base + i - 1] > start) {
            fragStart[base + i] = fragStart[base + i - 1];
            fragEnd[base + i] = fragEnd[base + i - 1];
            i--;
        }
        fragStart[base + i] = start;
        fragEnd[base + i] = end;
        fragCount[s] = n + 1;
    }

    /** RFC 815-style check: the sorted extents leave no hole in [0, totalEnd). */
    private boolean covered(int s) {
        int base = s * maxFragments;
        int cursor = 0;
        for (int i = 0, n = fragCount[s]; i < n; i++) {
            if (fragStart[base + i] > cursor) {
                return false;
            }
            cursor = Math.max(cursor, fragEnd[base + i]);
        }
        return cursor >= totalEnd[s];
    }

    private DirectBuffer assemble(PacketView v, int s) {
        final boolean v4 = keyVersion[s] == 4;
        final int hl = headerLength[s];
        final int end = totalEnd[s];
        if (v4 ? hl + end > ipv4Limit : hl - IPV6_HEADER + end > ipv6Limit) {
            // the first fragment's header is longer than the others assumed
            v.addEvent(v4 ? IPV4_FRAG_TOO_LARGE : IPV6_FRAG_TOO_LARGE);
            droppedTooLarge++;
            kill(s);
            return null;
        }
        System.arraycopy(headers, s * maxHeaderLength, outBytes, 0, hl);
        int mapBase = s * blocksPerDatagram;
        for (int pos = 0; pos < end; pos += blockSize) {
            int block = blockMap[mapBase + pos / blockSize];
            System.arraycopy(chunks[block / blocksPerChunk], (block % blocksPerChunk) * blockSize,
                outBytes, hl + pos, Math.min(blockSize, end - pos));
        }
        int length = hl + end;
        if (v4) {
            out.putShort(2, (short) length, ByteOrder.BIG_ENDIAN);
            // keep the reserved and DF bits, clear MF and the offset
            int flags = out.getShort(6, ByteOrder.BIG_ENDIAN) & 0xC000;
            out.putShort(6, (short) flags, ByteOrder.BIG_ENDIAN);
            out.putShort(10, (short) 0, ByteOrder.BIG_ENDIAN);
            out.putShort(10, (short) ipv4Checksum(hl), ByteOrder.BIG_ENDIAN);
        } else {
            outBytes[nextHeaderField[s]] = (byte) nextHeaderValue[s];
            out.putShort(4, (short) (length - IPV6_HEADER), ByteOrder.BIG_ENDIAN);
        }
        free(s);
        datagramsReassembled++;
        lastLength = length;
        return out;
    }

    private int ipv4Checksum(int headerLength) {
        int sum = 0;
        for (int i = 0; i < headerLength; i += 2) {
            sum += ((outBytes[i] & 0xFF) << 8) | (outBytes[i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }
}
