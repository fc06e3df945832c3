package dev.vigil.sensor.capture;

import dev.vigil.protocol.pcapng.PcapngFormatException;
import dev.vigil.protocol.pcapng.PcapngHeaderView;
import dev.vigil.protocol.pcapng.PcapngKaitaiAdapter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a pcap or pcapng capture file through memory-mapped windows and hands every packet to a
 * {@link PacketHandler}, without copying and without allocating per packet: the handler gets an
 * Agrona {@link UnsafeBuffer} wrapped on the current mapping and the packet's offset in it.
 *
 * <p>Formats, detected from the magic number (the file name does not matter):
 * <ul>
 * <li>pcap, https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap (magic {@code a1b2c3d4} for
 *     microsecond, {@code a1b23c4d} for nanosecond timestamps, in either byte order):
 * <pre>
 *  file header (24)                         record header (16), then caplen bytes of data
 *  0 | magic                          |     0 | timestamp seconds          |
 *  4 | major (2)    | minor (2)       |     4 | microseconds / nanoseconds |
 *  8 | reserved1 (thiszone)           |     8 | captured length            |
 * 12 | reserved2 (sigfigs)            |    12 | original length            |
 * 16 | snaplen                        |
 * 20 | FCS | reserved | link type (16)|
 * </pre></li>
 * <li>pcapng, https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng (section header magic
 *     {@code 0a0d0d0a}); every block is {@code | type | total length | body | total length |}:
 *     Section Header Blocks (each section has its own byte order), Interface Description Blocks
 *     (link type, snap length, {@code if_tsresol}, {@code if_tsoffset}; parsed through
 *     {@link PcapngKaitaiAdapter}), Enhanced Packet Blocks, Simple Packet Blocks, the obsolete
 *     Packet Block (type 2), Interface Statistics Blocks ({@code isb_ifrecv}/{@code isb_ifdrop}
 *     kept in {@link InterfaceInfo}); all other blocks are skipped.</li>
 * </ul>
 *
 * <p>A Simple Packet Block has no timestamp: its packet gets the time of the packet before it
 * (0 when it is the first), so that time never jumps back to 1970 in the middle of a file.
 *
 * <p>Damage ends the read with a {@link CaptureFileException} naming the file and the byte offset
 * where the bad record or block starts, after every packet before it has been delivered. Records
 * cut by the snap length ({@code caplen < origlen}) are normal and counted in
 * {@link #truncatedRecords()}. A captured length above {@value #MAX_CAPTURED_LENGTH} bytes is
 * treated as damage (libpcap's limit for the link types we decode).
 *
 * <p>Not thread-safe: open, read and close on one thread. {@link #position()},
 * {@link #packets()} and {@link #size()} may be read from any thread (progress reporting);
 * position and packets are published every {@value #PUBLISH_INTERVAL} records and at the end.
 */
public final class CaptureFileReader implements AutoCloseable {
    /** Largest captured length accepted in one record (libpcap's MAXIMUM_SNAPLEN). */
    public static final int MAX_CAPTURED_LENGTH = 262_144;
    /** Default mapping window; windows slide forward and old ones are unmapped. */
    static final int DEFAULT_WINDOW_SIZE = 64 << 20;
    /** Largest SHB or IDB (they are copied for the Kaitai parser) and largest mapped block prefix. */
    static final int MAX_HEADER_BLOCK = 16 << 20;
    private static final int PUBLISH_INTERVAL = 4096;
    /**
     * Distances ahead of the current record that the walk touches. The next record's header
     * depends on this record's length (a serial chain of loads); touching lines ahead starts
     * those cache misses early. Measured on the reference workload here: 10 M -> 40 M records/s.
     */
    private static final int PREFETCH_NEAR = 128;
    private static final int PREFETCH_FAR = 512;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final byte[] EMPTY = new byte[0];

    private static final int PCAP_MAGIC_MICROS = 0xA1B2C3D4;
    private static final int PCAP_MAGIC_NANOS = 0xA1B23C4D;
    private static final int PCAP_MAGIC_KUZNETZOV = 0xA1B2CD34;
    private static final int PCAP_FILE_HEADER = 24;
    private static final int PCAP_RECORD_HEADER = 16;
    /** Bits 16-25 of the pcap link type field are reserved (draft-ietf-opsawg-pcap section 4). */
    private static final int PCAP_LINKTYPE_RESERVED = 0x03FF0000;

    private static final int BT_SHB = 0x0A0D0D0A;
    private static final int BT_IDB = 1;
    private static final int BT_PB = 2;
    private static final int BT_SPB = 3;
    private static final int BT_ISB = 5;
    private static final int BT_EPB = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int MIN_BLOCK = 12;
    private static final int SHB_MIN = 28;
    private static final int IDB_MIN = 20;
    private static final int EPB_MIN = 32;
    private static final int SPB_MIN = 16;
    private static final int ISB_MIN = 24;
    private static final int ISB_IFRECV = 4;
    private static final int ISB_IFDROP = 5;

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final int windowSize;
    private final boolean pcapng;
    private final String format;
    private final UnsafeBuffer buffer = new UnsafeBuffer(EMPTY);
    private final ByteBuffer scratch = ByteBuffer.allocate(8);
    private final List<InterfaceInfo> interfaceList = new ArrayList<>();
    private final List<InterfaceInfo> interfaceView = Collections.unmodifiableList(interfaceList);

    private MappedByteBuffer mapping;
    private long windowStart;
    private long windowEnd;
    /** Last valid index of the current window (bound for the prefetch touches). */
    private int windowLast;
    /** Sink for the prefetch touches, so the JIT keeps them. */
    @SuppressWarnings("unused")
    private int prefetchSink;
    private boolean closed;

    /** Byte order of the pcap file or of the current pcapng section. */
    private ByteOrder order = ByteOrder.BIG_ENDIAN;
    private boolean pcapNanos;
    private int pcapLinkType;
    private InterfaceInfo[] interfaceArray = new InterfaceInfo[4];
    private int section = -1;
    private int sectionBase;
    private int sectionCount;
    /** Timestamp of the last timestamped packet: Simple Packet Blocks carry none. */
    private long lastTimestamp;

    /** Next byte to read; the start of the damaged record after a failure. */
    private long pos;
    private long frame;
    private long truncated;
    private long handlerDrops;
    private volatile long publishedPosition;
    private volatile long publishedPackets;

    private CaptureFileReader(Path file, FileChannel channel, long size, int windowSize, boolean pcapng) {
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.windowSize = windowSize;
        this.pcapng = pcapng;
        this.format = pcapng ? "pcapng" : "pcap";
    }

    /**
     * Opens a capture file and validates its header (pcap file header, or pcapng section header
     * and the interface descriptions that follow it).
     *
     * @throws CaptureFileException when the file cannot be opened, is empty, has an unknown magic
     *                              number, a truncated or invalid header
     */
    public static CaptureFileReader open(Path file) throws CaptureFileException {
        return open(file, DEFAULT_WINDOW_SIZE);
    }

    /** Same as {@link #open(Path)} with a given mapping window (tests use small ones). */
    static CaptureFileReader open(Path file, int windowSize) throws CaptureFileException {
        if (windowSize < 4096) {
            throw new IllegalArgumentException("window size below 4096: " + windowSize);
        }
        FileChannel channel;
        long size;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            size = channel.size();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new CaptureFileException(file, 0, "cannot open: " + describe(e), e);
        }
        CaptureFileReader reader = null;
        try {
            if (size == 0) {
                throw new CaptureFileException(file, 0, "empty file");
            }
            if (size < 4) {
                throw new CaptureFileException(file, 0, "file of " + size + " bytes is too short for a magic number");
            }
            int magic = readMagic(channel, file);
            boolean pcapng = magic == BT_SHB;
            reader = new CaptureFileReader(file, channel, size, windowSize, pcapng);
            if (pcapng) {
                reader.openPcapng();
            } else {
                reader.openPcap(magic);
            }
            return reader;
        } catch (CaptureFileException | RuntimeException | Error e) {
            if (reader != null) {
                reader.close();
            } else {
                closeQuietly(channel);
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------------------- public API

    /**
     * Delivers every remaining packet to the handler, in file order.
     *
     * @return the number of packets delivered by this call
     * @throws CaptureFileException at the first damaged record or block, after delivering the
     *                              packets before it; calling again repeats the exception
     */
    public long read(PacketHandler handler) throws CaptureFileException {
        if (closed) {
            throw new IllegalStateException("reader closed: " + file);
        }
        long before = frame;
        if (pcapng) {
            walkPcapng(handler, false);
        } else {
            walkPcap(handler);
        }
        return frame - before;
    }

    /** Bytes consumed so far (for progress); readable from any thread. */
    public long position() {
        return publishedPosition;
    }

    /** File size in bytes. */
    public long size() {
        return size;
    }

    /** "pcap" or "pcapng" (the detected format, not the file name's extension). */
    public String format() {
        return format;
    }

    /** True for pcap files with nanosecond timestamps (magic a1b23c4d). */
    public boolean nanosecondPcap() {
        return pcapNanos;
    }

    /**
     * Interfaces seen so far: the one interface of a pcap file; for pcapng those of the first
     * section after {@link #open}, all of them after {@link #read}.
     */
    public List<InterfaceInfo> interfaces() {
        return interfaceView;
    }

    /** Packets delivered so far; readable from any thread (published every few thousand packets). */
    public long packets() {
        return publishedPackets;
    }

    /** Records whose captured length is below the original length (snap length cuts). */
    public long truncatedRecords() {
        return truncated;
    }

    /** Packets for which the handler returned false. */
    public long handlerDrops() {
        return handlerDrops;
    }

    /** Unmaps the current window and closes the file. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        unmap();
        closeQuietly(channel);
    }

    // ------------------------------------------------------------------------------- pcap

    private void openPcap(int magic) throws CaptureFileException {
        switch (magic) {
            case PCAP_MAGIC_MICROS:
                order = ByteOrder.BIG_ENDIAN;
                break;
            case PCAP_MAGIC_NANOS:
                order = ByteOrder.BIG_ENDIAN;
                pcapNanos = true;
                break;
            default:
                if (Integer.reverseBytes(magic) == PCAP_MAGIC_MICROS) {
                    order = ByteOrder.LITTLE_ENDIAN;
                } else if (Integer.reverseBytes(magic) == PCAP_MAGIC_NANOS) {
                    order = ByteOrder.LITTLE_ENDIAN;
                    pcapNanos = true;
                } else if (magic == PCAP_MAGIC_KUZNETZOV || Integer.reverseBytes(magic) == PCAP_MAGIC_KUZNETZOV) {
                    throw fail(0, "modified (Kuznetzov) pcap format is not supported");
                } else {
                    throw fail(0, String.format("unknown magic number 0x%08x: not a pcap or pcapng file", magic));
                }
        }
        if (size < PCAP_FILE_HEADER) {
            throw fail(0, "file header truncated (" + size + " of " + PCAP_FILE_HEADER + " bytes)");
        }
        slide(0, PCAP_FILE_HEADER);
        int major = buffer.getShort(4, order) & 0xFFFF;
        int minor = buffer.getShort(6, order) & 0xFFFF;
        if (major != 2) {
            throw fail(4, "unsupported pcap version " + major + "." + minor + " (expected 2.x)");
        }
        long snaplen = buffer.getInt(16, order) & 0xFFFFFFFFL;
        int linkField = buffer.getInt(20, order);
        if ((linkField & PCAP_LINKTYPE_RESERVED) != 0) {
            throw fail(20, String.format("link type field 0x%08x has reserved bits set", linkField));
        }
        pcapLinkType = linkField & 0xFFFF;
        addInterface(new InterfaceInfo(0, 0, 0, pcapLinkType, snaplen, null, pcapNanos ? 9 : 6, 0));
        section = 0;
        sectionCount = 1;
        advance(PCAP_FILE_HEADER);
    }

    private void walkPcap(PacketHandler handler) throws CaptureFileException {
        final UnsafeBuffer buf = buffer;
        final ByteOrder order = this.order;
        final long size = this.size;
        final long fracScale = pcapNanos ? 1 : 1000;
        final int linkType = pcapLinkType;
        long pos = this.pos;
        long frame = this.frame;
        long truncated = this.truncated;
        long drops = this.handlerDrops;
        int publish = PUBLISH_INTERVAL;
        int touched = 0;
        try {
            while (pos < size) {
                long remaining = size - pos;
                if (remaining < PCAP_RECORD_HEADER) {
                    throw fail(pos, "record header truncated (" + remaining + " of " + PCAP_RECORD_HEADER + " bytes)");
                }
                if (pos + PCAP_RECORD_HEADER > windowEnd) {
                    slide(pos, PCAP_RECORD_HEADER);
                }
                int off = (int) (pos - windowStart);
                touched += buf.getByte(Math.min(off + PREFETCH_NEAR, windowLast))
                        + buf.getByte(Math.min(off + PREFETCH_FAR, windowLast));
                long seconds = buf.getInt(off, order) & 0xFFFFFFFFL;
                long fraction = buf.getInt(off + 4, order) & 0xFFFFFFFFL;
                long caplen = buf.getInt(off + 8, order) & 0xFFFFFFFFL;
                long origlen = buf.getInt(off + 12, order) & 0xFFFFFFFFL;
                if (caplen > MAX_CAPTURED_LENGTH) {
                    throw fail(pos, "captured length " + caplen + " exceeds the limit of " + MAX_CAPTURED_LENGTH + " bytes");
                }
                long end = pos + PCAP_RECORD_HEADER + caplen;
                if (end > size) {
                    throw fail(pos, "record data truncated (" + (remaining - PCAP_RECORD_HEADER) + " of " + caplen + " bytes)");
                }
                if (end > windowEnd) {
                    slide(pos, PCAP_RECORD_HEADER + caplen);
                    off = (int) (pos - windowStart);
                }
                if (caplen < origlen) {
                    truncated++;
                }
                frame++;
                pos = end;   // consumed even if the handler throws
                if (!handler.onPacket(frame, 0, linkType, seconds * NANOS_PER_SECOND + fraction * fracScale,
                        buf, off + PCAP_RECORD_HEADER, (int) caplen, clampInt(origlen))) {
                    drops++;
                }
                if (--publish == 0) {
                    publish = PUBLISH_INTERVAL;
                    publishedPosition = pos;
                    publishedPackets = frame;
                }
            }
        } finally {
            prefetchSink += touched;
            this.pos = pos;
            this.frame = frame;
            this.truncated = truncated;
            this.handlerDrops = drops;
            publishedPosition = pos;
            publishedPackets = frame;
        }
    }

    // ------------------------------------------------------------------------------- pcapng

    private void openPcapng() throws CaptureFileException {
        // the first section header and the interface descriptions right after it
        walkPcapng(null, true);
    }

    /**
     * Walks pcapng blocks from {@link #pos}. With {@code headersOnly} it stops before the first
     * block after the first section header that is not an interface description.
     */
    private void walkPcapng(PacketHandler handler, boolean headersOnly) throws CaptureFileException {
        final UnsafeBuffer buf = buffer;
        final long size = this.size;
        long pos = this.pos;
        long frame = this.frame;
        long truncated = this.truncated;
        long drops = this.handlerDrops;
        int publish = PUBLISH_INTERVAL;
        int touched = 0;
        try {
            while (pos < size) {
                long remaining = size - pos;
                if (remaining < MIN_BLOCK) {
                    throw fail(pos, "block header truncated (" + remaining + " of at least " + MIN_BLOCK + " bytes)");
                }
                if (pos + MIN_BLOCK > windowEnd) {
                    slide(pos, MIN_BLOCK);
                }
                int off = (int) (pos - windowStart);
                touched += buf.getByte(Math.min(off + PREFETCH_NEAR, windowLast))
                        + buf.getByte(Math.min(off + PREFETCH_FAR, windowLast));
                final ByteOrder order = this.order;
                // the SHB type reads the same in both byte orders
                int type = buf.getInt(off, order);
                if (type == BT_SHB) {
                    if (headersOnly && section >= 0) {
                        break;
                    }
                    pos += sectionHeader(pos, remaining);
                    continue;
                }
                if (section < 0) {
                    throw fail(pos, String.format("first block has type 0x%08x, not a section header",
                            buf.getInt(off, ByteOrder.BIG_ENDIAN)));
                }
                if (headersOnly && type != BT_IDB) {
                    break;
                }
                long length = buf.getInt(off + 4, order) & 0xFFFFFFFFL;
                checkBlockLength(pos, type, length, remaining);
                // map the block (or, for a block larger than that, its first MAX_HEADER_BLOCK bytes)
                long mapped = Math.min(length, MAX_HEADER_BLOCK);
                if (pos + mapped > windowEnd) {
                    slide(pos, mapped);
                    off = (int) (pos - windowStart);
                }
                long trailer = length <= mapped
                        ? buf.getInt(off + (int) length - 4, order) & 0xFFFFFFFFL
                        : readUnsignedInt(pos + length - 4);
                if (trailer != length) {
                    throw fail(pos, "block total length " + length + " does not match the trailing length " + trailer);
                }
                final long next = pos + length;
                switch (type) {
                    case BT_EPB:
                    case BT_PB: {
                        if (length < EPB_MIN) {
                            throw fail(pos, blockName(type) + " of " + length + " bytes is shorter than the minimum of " + EPB_MIN);
                        }
                        long id = type == BT_EPB
                                ? buf.getInt(off + 8, order) & 0xFFFFFFFFL
                                : buf.getShort(off + 8, order) & 0xFFFF;
                        if (id >= sectionCount) {
                            throw fail(pos, blockName(type) + " refers to interface " + id + " but the section declares "
                                    + sectionCount);
                        }
                        long ticks = ((buf.getInt(off + 12, order) & 0xFFFFFFFFL) << 32)
                                | (buf.getInt(off + 16, order) & 0xFFFFFFFFL);
                        long caplen = buf.getInt(off + 20, order) & 0xFFFFFFFFL;
                        long origlen = buf.getInt(off + 24, order) & 0xFFFFFFFFL;
                        if (caplen > MAX_CAPTURED_LENGTH) {
                            throw fail(pos, "captured length " + caplen + " exceeds the limit of " + MAX_CAPTURED_LENGTH + " bytes");
                        }
                        if (caplen > length - EPB_MIN) {
                            throw fail(pos, "captured length " + caplen + " exceeds the " + blockName(type) + " of "
                                    + length + " bytes");
                        }
                        InterfaceInfo iface = interfaceArray[sectionBase + (int) id];
                        long timestamp = iface.toNanos(ticks);
                        lastTimestamp = timestamp;
                        if (caplen < origlen) {
                            truncated++;
                        }
                        frame++;
                        pos = next;   // consumed even if the handler throws
                        if (handler != null && !handler.onPacket(frame, iface.index(), iface.linkType(), timestamp,
                                buf, off + 28, (int) caplen, clampInt(origlen))) {
                            drops++;
                        }
                        break;
                    }
                    case BT_SPB: {
                        if (length < SPB_MIN) {
                            throw fail(pos, "SPB of " + length + " bytes is shorter than the minimum of " + SPB_MIN);
                        }
                        if (sectionCount == 0) {
                            throw fail(pos, "SPB but the section declares no interface");
                        }
                        InterfaceInfo iface = interfaceArray[sectionBase];
                        long origlen = buf.getInt(off + 8, order) & 0xFFFFFFFFL;
                        // captured = min(original, snap length, what the block holds), section 4.4
                        long caplen = Math.min(origlen, length - SPB_MIN);
                        if (iface.snapLength() > 0) {
                            caplen = Math.min(caplen, iface.snapLength());
                        }
                        if (caplen > MAX_CAPTURED_LENGTH) {
                            throw fail(pos, "captured length " + caplen + " exceeds the limit of " + MAX_CAPTURED_LENGTH + " bytes");
                        }
                        if (caplen < origlen) {
                            truncated++;
                        }
                        frame++;
                        pos = next;
                        if (handler != null && !handler.onPacket(frame, iface.index(), iface.linkType(), lastTimestamp,
                                buf, off + 12, (int) caplen, clampInt(origlen))) {
                            drops++;
                        }
                        break;
                    }
                    case BT_IDB:
                        interfaceDescription(pos, off, length);
                        break;
                    case BT_ISB:
                        interfaceStatistics(off, (int) mapped);
                        break;
                    default:
                        // NRB, DSB, custom, unknown: skipped
                        break;
                }
                pos = next;
                if (--publish == 0) {
                    publish = PUBLISH_INTERVAL;
                    publishedPosition = pos;
                    publishedPackets = frame;
                }
            }
        } finally {
            prefetchSink += touched;
            this.pos = pos;
            this.frame = frame;
            this.truncated = truncated;
            this.handlerDrops = drops;
            publishedPosition = pos;
            publishedPackets = frame;
        }
    }

    private void checkBlockLength(long pos, int type, long length, long remaining) throws CaptureFileException {
        if (length < MIN_BLOCK) {
            throw fail(pos, blockName(type) + " block total length " + length + " is below the minimum of " + MIN_BLOCK);
        }
        if ((length & 3) != 0) {
            throw fail(pos, blockName(type) + " block total length " + length + " is not a multiple of 4");
        }
        if (length > remaining) {
            throw fail(pos, blockName(type) + " block of " + length + " bytes runs past the end of the file ("
                    + remaining + " bytes left)");
        }
    }

    /** Parses the section header at pos, starts a new section; returns its length. */
    private long sectionHeader(long pos, long remaining) throws CaptureFileException {
        if (remaining < SHB_MIN) {
            throw fail(pos, "section header truncated (" + remaining + " of at least " + SHB_MIN + " bytes)");
        }
        if (pos + SHB_MIN > windowEnd) {
            slide(pos, SHB_MIN);
        }
        int off = (int) (pos - windowStart);
        int magic = buffer.getInt(off + 8, ByteOrder.BIG_ENDIAN);
        ByteOrder sectionOrder;
        if (magic == BYTE_ORDER_MAGIC) {
            sectionOrder = ByteOrder.BIG_ENDIAN;
        } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            sectionOrder = ByteOrder.LITTLE_ENDIAN;
        } else {
            throw fail(pos + 8, String.format("section header byte-order magic 0x%08x is neither 1a2b3c4d nor 4d3c2b1a", magic));
        }
        long length = buffer.getInt(off + 4, sectionOrder) & 0xFFFFFFFFL;
        checkBlockLength(pos, BT_SHB, length, remaining);
        if (length < SHB_MIN) {
            throw fail(pos, "SHB of " + length + " bytes is shorter than the minimum of " + SHB_MIN);
        }
        if (length > MAX_HEADER_BLOCK) {
            throw fail(pos, "SHB of " + length + " bytes exceeds the limit of " + MAX_HEADER_BLOCK);
        }
        if (pos + length > windowEnd) {
            slide(pos, length);
            off = (int) (pos - windowStart);
        }
        long trailer = buffer.getInt(off + (int) length - 4, sectionOrder) & 0xFFFFFFFFL;
        if (trailer != length) {
            throw fail(pos, "block total length " + length + " does not match the trailing length " + trailer);
        }
        byte[] body = new byte[(int) length - 12];
        buffer.getBytes(off + 8, body);
        PcapngHeaderView view;
        try {
            view = PcapngKaitaiAdapter.parse(body, PcapngHeaderView.TYPE_SHB, sectionOrder == ByteOrder.BIG_ENDIAN);
        } catch (PcapngFormatException e) {
            throw new CaptureFileException(file, pos, e.getMessage(), e);
        }
        if (view.majorVersion() != 1) {
            throw fail(pos + 12, "unsupported pcapng version " + view.majorVersion() + "." + view.minorVersion()
                    + " (expected 1.x)");
        }
        order = sectionOrder;
        section++;
        sectionBase = interfaceList.size();
        sectionCount = 0;
        return length;
    }

    private void interfaceDescription(long pos, int off, long length) throws CaptureFileException {
        if (length < IDB_MIN) {
            throw fail(pos, "IDB of " + length + " bytes is shorter than the minimum of " + IDB_MIN);
        }
        if (length > MAX_HEADER_BLOCK) {
            throw fail(pos, "IDB of " + length + " bytes exceeds the limit of " + MAX_HEADER_BLOCK);
        }
        byte[] body = new byte[(int) length - 12];
        buffer.getBytes(off + 8, body);
        PcapngHeaderView view;
        try {
            view = PcapngKaitaiAdapter.parse(body, PcapngHeaderView.TYPE_IDB, order == ByteOrder.BIG_ENDIAN);
        } catch (PcapngFormatException e) {
            throw new CaptureFileException(file, pos, e.getMessage(), e);
        }
        addInterface(new InterfaceInfo(interfaceList.size(), section, sectionCount, view.linkType(), view.snapLength(),
                view.interfaceName(), view.tsresol(), view.tsoffsetSeconds()));
        sectionCount++;
    }

    /** Keeps isb_ifrecv / isb_ifdrop; a malformed statistics block is ignored (it carries no packets). */
    private void interfaceStatistics(int off, int mapped) {
        if (mapped < ISB_MIN) {
            return;
        }
        long id = buffer.getInt(off + 8, order) & 0xFFFFFFFFL;
        if (id >= sectionCount) {
            return;
        }
        long received = -1;
        long dropped = -1;
        int end = off + mapped - 4;
        int o = off + 20;
        while (o + 4 <= end) {
            int code = buffer.getShort(o, order) & 0xFFFF;
            int len = buffer.getShort(o + 2, order) & 0xFFFF;
            if (code == 0 || o + 4 + len > end) {
                break;
            }
            if (len == 8 && (code == ISB_IFRECV || code == ISB_IFDROP)) {
                long value = buffer.getLong(o + 4, order);
                if (code == ISB_IFRECV) {
                    received = value;
                } else {
                    dropped = value;
                }
            }
            o += 4 + ((len + 3) & ~3);
        }
        interfaceArray[sectionBase + (int) id].statistics(received, dropped);
    }

    private void addInterface(InterfaceInfo info) {
        if (interfaceList.size() == interfaceArray.length) {
            interfaceArray = Arrays.copyOf(interfaceArray, interfaceArray.length * 2);
        }
        interfaceArray[interfaceList.size()] = info;
        interfaceList.add(info);
    }

    private static String blockName(int type) {
        switch (type) {
            case BT_SHB: return "SHB";
            case BT_IDB: return "IDB";
            case BT_PB: return "packet block";
            case BT_SPB: return "SPB";
            case 4: return "NRB";
            case BT_ISB: return "ISB";
            case BT_EPB: return "EPB";
            default: return String.format("block type 0x%08x", type);
        }
    }

    // ------------------------------------------------------------------------------- mapping

    /** Maps a window starting at {@code from} holding at least {@code need} bytes (need <= size - from). */
    private void slide(long from, long need) throws CaptureFileException {
        long length = Math.min(Math.max(windowSize, need), size - from);
        unmap();
        try {
            mapping = channel.map(FileChannel.MapMode.READ_ONLY, from, length);
        } catch (IOException | RuntimeException e) {
            throw new CaptureFileException(file, from, "cannot map " + length + " bytes: " + describe(e), e);
        }
        buffer.wrap(mapping);
        windowStart = from;
        windowEnd = from + length;
        windowLast = (int) length - 1;
    }

    private void unmap() {
        MappedByteBuffer old = mapping;
        if (old != null) {
            mapping = null;
            buffer.wrap(EMPTY);
            windowStart = 0;
            windowEnd = 0;
            windowLast = 0;
            IoUtil.unmap(old);
        }
    }

    /** Reads 4 bytes outside the window (trailer of a block larger than a window). */
    private long readUnsignedInt(long at) throws CaptureFileException {
        scratch.clear().limit(4);
        try {
            while (scratch.hasRemaining()) {
                if (channel.read(scratch, at + scratch.position()) < 0) {
                    throw fail(at, "unexpected end of file");
                }
            }
        } catch (IOException e) {
            throw new CaptureFileException(file, at, "read error: " + describe(e), e);
        }
        return scratch.order(order).getInt(0) & 0xFFFFFFFFL;
    }

    private static int readMagic(FileChannel channel, Path file) throws CaptureFileException {
        ByteBuffer b = ByteBuffer.allocate(4);
        try {
            while (b.hasRemaining()) {
                if (channel.read(b, b.position()) < 0) {
                    throw new CaptureFileException(file, 0, "unexpected end of file in the magic number");
                }
            }
        } catch (IOException e) {
            throw new CaptureFileException(file, 0, "read error: " + describe(e), e);
        }
        return b.getInt(0);
    }

    private void advance(long bytes) {
        pos += bytes;
        publishedPosition = pos;
    }

    private CaptureFileException fail(long offset, String reason) {
        return new CaptureFileException(file, offset, reason);
    }

    private static int clampInt(long v) {
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing useful to do: the file was only read
        }
    }
}
