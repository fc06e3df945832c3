package dev.vigil.sensor.output.spool;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable FIFO of byte records on disk between one producer thread and one consumer thread:
 * what an output accepted survives a receiver outage and a restart of the sensor, and is
 * delivered again until the consumer acknowledges it (at least once; outputs make redelivery
 * harmless with deterministic ids and idempotency keys).
 *
 * <p>Layout of the directory:
 * <pre>
 *   00000000000000000000.seg   segment files, named by the spool position of their first record
 *   00000000000001048592.seg   (positions are byte offsets in one logical stream that never goes back)
 *   cursor                     the acknowledged position, two alternating checksummed slots
 *   lock                       held while open: one spool per directory
 *
 *   segment = magic "VGSP" (4) | version (4) | base position (8) | record*
 *   record  = length (4, big-endian) | CRC32C over length and data (4) | data (length)
 *   cursor slot (32 bytes, slot = generation &amp; 1)
 *           = magic (4) | generation (8) | position (8) | CRC32C of the previous 20 bytes (4) | 0 (4)
 * </pre>
 * Records are only ever appended; a segment file is deleted once every record in it is
 * acknowledged. The cursor is rewritten in place, alternating between two slots, so a torn
 * write leaves the other slot valid; on open the valid slot with the higher generation wins.
 *
 * <p>Crash recovery ({@code kill -9}, power loss): on open the unacknowledged records are read
 * once and checked; at the first record whose length or checksum is wrong (a torn write) the
 * segment is truncated there with a warning and counted in {@link #truncatedBytes()}. Nothing
 * here throws for damaged content; the consumer skips a record that turns out damaged later
 * (the rest of its segment) and counts it in {@link #corruptRecords()}.
 *
 * <p>Bounds: {@link DiskSpoolConfig#maxBytes()} caps the segment files' total size; an append
 * beyond it returns {@link Append#FULL} and is counted ({@link #overflowRecords()}), so the
 * caller can count the drop by reason and raise a finding. When everything is acknowledged the
 * producer starts a fresh segment so that the old one can be deleted, so the spool can never
 * stay full of acknowledged records.
 *
 * <p>Threads: {@link #append} and {@link #flush} belong to one producer thread; {@link #poll},
 * {@link #ack} and {@link #rewind} to one consumer thread. {@link #close()} is called once,
 * after both have stopped using the spool (a consumer waiting in {@code poll} is woken and gets
 * null). Counters may be read from any thread.
 *
 * <p>Why hand-written: Chronicle Queue needs JVM module flags and brings far more than a
 * queue; Tape and BigQueue are unmaintained and have no per-record checksum; this class is one
 * file with the recovery rules above, tested by crash simulation and properties.
 */
public final class DiskSpool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiskSpool.class);

    /** Bytes before the first record of a segment: magic, version, base position. */
    public static final int SEGMENT_HEADER_BYTES = 16;
    /** Bytes before each record's data: length and CRC32C. */
    public static final int RECORD_HEADER_BYTES = 8;

    private static final int MAGIC = 0x56475350; // "VGSP"
    private static final int VERSION = 1;
    private static final int CURSOR_MAGIC = 0x56474355; // "VGCU"
    private static final int CURSOR_SLOT_BYTES = 32;
    private static final String CURSOR_FILE = "cursor";
    private static final String LOCK_FILE = "lock";
    private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{20})\\.seg");
    /** Full warnings of one kind before they are only counted (and summarised every {@value} thousand). */
    private static final int WARN_FIRST = 5;

    /** Outcome of {@link #append}. */
    public enum Append {
        /** Written (and forced when the fsync policy says so). */
        APPENDED,
        /** Refused: the spool is at its size cap. Counted in {@link #overflowRecords()}. */
        FULL,
        /** Refused: larger than {@link DiskSpoolConfig#maxRecordBytes()}. Counted in {@link #tooLargeRecords()}. */
        TOO_LARGE,
        /** Refused: the disk write failed (e.g. no space left); logged and counted in {@link #ioErrors()}. */
        IO_ERROR
    }

    private final DiskSpoolConfig config;
    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock fileLock;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    // guarded by lock
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private long diskBytes;
    private long ackPos;
    private long ackedRecords;
    private long writtenRecords;
    private boolean closed;
    private boolean wakeup;
    /** Position after the last complete record; written under lock, read without it by the consumer's fast path. */
    private volatile long writePos;

    // producer thread
    private Segment writeSegment;
    private FileChannel writeChannel;
    private ByteBuffer writeBuf = ByteBuffer.allocate(64 * 1024);
    private final CRC32C writeCrc = new CRC32C();
    private long lastWriteForce = System.nanoTime();

    // consumer thread
    private long readPos;
    private long readSeq;
    private Segment readSegment;
    private FileChannel readChannel;
    private final ByteBuffer readHeader = ByteBuffer.allocate(RECORD_HEADER_BYTES);
    private final CRC32C readCrc = new CRC32C();
    private final FileChannel cursorChannel;
    private long cursorGeneration;
    private long lastCursorForce = System.nanoTime();

    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong overflowRecords = new AtomicLong();
    private final AtomicLong overflowBytes = new AtomicLong();
    private final AtomicLong tooLarge = new AtomicLong();
    private final AtomicLong ioErrors = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private long truncatedBytes;
    private final long recoveredRecords;

    private DiskSpool(DiskSpoolConfig config) throws IOException {
        this.config = config;
        this.dir = config.directory();
        Files.createDirectories(dir);
        lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock fl;
        try {
            fl = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            fl = null;
        }
        if (fl == null) {
            lockChannel.close();
            throw new IOException("spool directory " + dir + " is in use by another spool");
        }
        fileLock = fl;
        FileChannel cursor = null;
        try {
            cursor = FileChannel.open(dir.resolve(CURSOR_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            cursorChannel = cursor;
            recoveredRecords = recover();
        } catch (IOException | RuntimeException e) {
            if (cursor != null) {
                cursor.close();
            }
            if (writeChannel != null) {
                writeChannel.close();
            }
            fl.release();
            lockChannel.close();
            throw e;
        }
    }

    /**
     * Opens the spool in {@code config.directory()}, creating it if needed, and recovers from
     * a previous crash (see the class comment).
     *
     * @throws IOException if the directory cannot be used or another spool holds it
     */
    public static DiskSpool open(DiskSpoolConfig config) throws IOException {
        return new DiskSpool(config);
    }

    // ---------------------------------------------------------------- recovery

    /** Reads the cursor and the segments, truncates a torn tail; returns the unacknowledged record count. */
    private long recover() throws IOException {
        long cursorPos = readCursor();
        TreeMap<Long, Path> found = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = SEGMENT_NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    found.put(Long.parseLong(m.group(1)), p);
                }
            }
        }
        List<Segment> list = new ArrayList<>();
        for (var e : found.entrySet()) {
            Segment s = checkHeader(e.getKey(), e.getValue(), e.getKey().equals(found.lastKey()));
            if (s != null) {
                list.add(s);
            }
        }
        if (list.isEmpty()) {
            list.add(createSegment(Math.max(0, cursorPos)));
        }
        long first = list.get(0).base;
        long ack = cursorPos < first ? first : cursorPos;
        long pending = 0;
        for (Segment s : list) {
            long end = s.base + s.length;
            if (end <= ack && s != list.get(list.size() - 1)) {
                continue; // fully acknowledged: deleted below
            }
            long from = Math.max(0, Math.min(ack - s.base, s.length));
            pending += scan(s, from);
        }
        Segment last = list.get(list.size() - 1);
        long end = last.base + last.length;
        if (ack > end) {
            LOG.warn("spool {}: acknowledged position {} is past the end of the records ({}), the cursor "
                    + "outlived lost writes; continuing from the end", dir, ack, end);
            ack = end;
        }
        List<Segment> dead;
        lock.lock();
        try {
            segments.addAll(list);
            for (Segment s : list) {
                diskBytes += SEGMENT_HEADER_BYTES + s.length;
            }
            ackPos = ack;
            writePos = end;
            writtenRecords = pending;
            dead = removeAckedSegments();
        } finally {
            lock.unlock();
        }
        deleteFiles(dead);
        readPos = ack;
        writeSegment = last;
        writeChannel = FileChannel.open(last.path, StandardOpenOption.WRITE, StandardOpenOption.READ);
        if (cursorPos != ack) {
            writeCursor(ack, true);
        }
        if (pending > 0 || truncatedBytes > 0) {
            LOG.info("spool {}: {} unacknowledged record(s) ({} bytes) to deliver again{}", dir, pending,
                    end - ack, truncatedBytes > 0 ? ", " + truncatedBytes + " damaged byte(s) truncated" : "");
        }
        return pending;
    }

    /** The segment's header checked; a damaged header on the last one is rewritten, elsewhere the file is set aside. */
    private Segment checkHeader(long base, Path path, boolean last) throws IOException {
        long size = Files.size(path);
        boolean ok = false;
        if (size >= SEGMENT_HEADER_BYTES) {
            ByteBuffer h = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                readFully(ch, h, 0);
            }
            ok = h.getInt(0) == MAGIC && h.getInt(4) == VERSION && h.getLong(8) == base;
        }
        if (ok) {
            return new Segment(base, path, size - SEGMENT_HEADER_BYTES);
        }
        if (last && size < SEGMENT_HEADER_BYTES) {
            // crashed while creating it: start it again
            if (size > 0) {
                warnTruncated(path, size);
            }
            Files.delete(path);
            return createSegment(base);
        }
        Path aside = path.resolveSibling(path.getFileName() + ".damaged");
        LOG.warn("spool {}: {} has no valid segment header ({} bytes), moved aside to {}; its records are lost",
                dir, path.getFileName(), size, aside.getFileName());
        truncatedBytes += size;
        Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
        return null;
    }

    /**
     * Walks the records of {@code s} from logical offset {@code from}; truncates the file at the
     * first damaged one. Returns the number of valid records.
     */
    private long scan(Segment s, long from) throws IOException {
        long count = 0;
        long off = from;
        ByteBuffer h = ByteBuffer.allocate(RECORD_HEADER_BYTES);
        ByteBuffer data = ByteBuffer.allocate(0);
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            while (off < s.length) {
                if (s.length - off < RECORD_HEADER_BYTES) {
                    break;
                }
                h.clear();
                readFully(ch, h, SEGMENT_HEADER_BYTES + off);
                int len = h.getInt(0);
                if (len < 0 || len > config.maxRecordBytes() || len > s.length - off - RECORD_HEADER_BYTES) {
                    break;
                }
                if (data.capacity() < len) {
                    data = ByteBuffer.allocate(Math.max(len, data.capacity() * 2));
                }
                data.clear().limit(len);
                readFully(ch, data, SEGMENT_HEADER_BYTES + off + RECORD_HEADER_BYTES);
                if (checksum(crc, h.array(), data.array(), 0, len) != h.getInt(4)) {
                    break;
                }
                off += RECORD_HEADER_BYTES + len;
                count++;
            }
            if (off < s.length) {
                warnTruncated(s.path, s.length - off);
                ch.truncate(SEGMENT_HEADER_BYTES + off);
                if (!config.fsync().isNever()) {
                    ch.force(true);
                }
                s.length = off;
            }
        }
        return count;
    }

    private void warnTruncated(Path path, long bytes) {
        truncatedBytes += bytes;
        LOG.warn("spool {}: {} ends in {} byte(s) of a damaged or partly written record (a crash during a write?); "
                + "truncated", dir, path.getFileName(), bytes);
    }

    private Segment createSegment(long base) throws IOException {
        Path path = dir.resolve(String.format("%020d.seg", base));
        ByteBuffer h = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        h.putInt(MAGIC).putInt(VERSION).putLong(base).flip();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (h.hasRemaining()) {
                ch.write(h);
            }
            if (!config.fsync().isNever()) {
                ch.force(true);
            }
        }
        if (!config.fsync().isNever()) {
            forceDirectory();
        }
        return new Segment(base, path, 0);
    }

    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the file's own force still happened
        }
    }

    // ---------------------------------------------------------------- producer

    /** Appends a whole array; see {@link #append(byte[], int, int)}. */
    public Append append(byte[] data) {
        return append(data, 0, data.length);
    }

    /**
     * Appends one record (copied). Never blocks on the consumer and never throws for a full
     * spool or a failing disk: the outcome says what happened and the counters count it.
     *
     * @throws IllegalStateException if the spool is closed
     */
    public Append append(byte[] data, int offset, int length) {
        if (closed) {
            throw new IllegalStateException("spool " + dir + " is closed");
        }
        if (length > config.maxRecordBytes()) {
            long n = tooLarge.incrementAndGet();
            if (n <= WARN_FIRST) {
                LOG.warn("spool {}: record of {} bytes refused, larger than the limit of {} bytes", dir, length,
                        config.maxRecordBytes());
            }
            return Append.TOO_LARGE;
        }
        long need = RECORD_HEADER_BYTES + (long) length;
        try {
            boolean roll = writeSegment.length > 0
                    && SEGMENT_HEADER_BYTES + writeSegment.length + need > config.segmentBytes();
            if (!fits(need + (roll ? SEGMENT_HEADER_BYTES : 0))) {
                if (writeSegment.length > 0 && allAcknowledged()) {
                    roll = true; // a fresh segment lets every acknowledged one go
                } else {
                    return overflow(length);
                }
            }
            if (roll) {
                roll();
                if (!fits(need)) {
                    return overflow(length);
                }
            }
            write(data, offset, length);
        } catch (IOException e) {
            long n = ioErrors.incrementAndGet();
            if (n <= WARN_FIRST || n % 1000 == 0) {
                LOG.warn("spool {}: write failed ({} failures so far): {}", dir, n, e.toString());
            }
            return Append.IO_ERROR;
        }
        return Append.APPENDED;
    }

    private Append overflow(int length) {
        long n = overflowRecords.incrementAndGet();
        overflowBytes.addAndGet(length);
        if (n <= WARN_FIRST || n % 10_000 == 0) {
            LOG.warn("spool {}: full at its cap of {} bytes, {} record(s) refused so far", dir, config.maxBytes(), n);
        }
        return Append.FULL;
    }

    private void write(byte[] data, int offset, int length) throws IOException {
        int total = RECORD_HEADER_BYTES + length;
        if (writeBuf.capacity() < total) {
            writeBuf = ByteBuffer.allocate(Math.max(total, writeBuf.capacity() * 2));
        }
        ByteBuffer b = writeBuf.clear();
        b.putInt(length).putInt(0).put(data, offset, length);
        b.putInt(4, checksum(writeCrc, b.array(), b.array(), RECORD_HEADER_BYTES, length));
        b.flip();
        long filePos = SEGMENT_HEADER_BYTES + writeSegment.length;
        try {
            while (b.hasRemaining()) {
                filePos += writeChannel.write(b, filePos);
            }
        } catch (IOException e) {
            // leave no partial record behind for the consumer or the next open
            try {
                writeChannel.truncate(SEGMENT_HEADER_BYTES + writeSegment.length);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        lock.lock();
        try {
            writeSegment.length += total;
            diskBytes += total;
            writtenRecords++;
            writePos = writeSegment.base + writeSegment.length;
            written.signal();
        } finally {
            lock.unlock();
        }
        appended.incrementAndGet();
        long now = System.nanoTime();
        if (config.fsync().due(lastWriteForce, now)) {
            writeChannel.force(false);
            lastWriteForce = now;
        }
    }

    /**
     * Forces appended records to the device if the fsync interval has passed (producer thread;
     * output agents call it at the end of each batch).
     */
    public void flush() {
        long now = System.nanoTime();
        if (!closed && !config.fsync().isNever() && config.fsync().due(lastWriteForce, now)) {
            try {
                writeChannel.force(false);
                lastWriteForce = now;
            } catch (IOException e) {
                ioErrors.incrementAndGet();
                LOG.warn("spool {}: fsync failed: {}", dir, e.toString());
            }
        }
    }

    private boolean fits(long bytes) {
        lock.lock();
        try {
            return diskBytes + bytes <= config.maxBytes();
        } finally {
            lock.unlock();
        }
    }

    private boolean allAcknowledged() {
        lock.lock();
        try {
            return ackPos >= writePos;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the write segment and starts the next at the current write position. */
    private void roll() throws IOException {
        if (!config.fsync().isNever()) {
            writeChannel.force(false);
            lastWriteForce = System.nanoTime();
        }
        Segment next = createSegment(writePos);
        FileChannel ch = FileChannel.open(next.path, StandardOpenOption.WRITE, StandardOpenOption.READ);
        writeChannel.close();
        writeChannel = ch;
        writeSegment = next;
        List<Segment> dead;
        lock.lock();
        try {
            segments.addLast(next);
            diskBytes += SEGMENT_HEADER_BYTES;
            dead = removeAckedSegments();
        } finally {
            lock.unlock();
        }
        deleteFiles(dead);
    }

    // ---------------------------------------------------------------- consumer

    /**
     * The next record not yet read, waiting up to {@code timeout} for one. Returns null on
     * timeout or once the spool is closed. A damaged record (found only after a power loss or
     * a disk error) is skipped with the rest of its segment and counted in {@link #corruptRecords()}.
     *
     * @throws IOException if a segment cannot be read
     */
    public SpoolRecord poll(long timeout, TimeUnit unit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            Segment seg;
            long limit;
            lock.lock();
            try {
                while (readPos >= writePos) {
                    long left = deadline - System.nanoTime();
                    if (closed || wakeup || left <= 0) {
                        wakeup = false;
                        return null;
                    }
                    written.awaitNanos(left);
                }
                if (closed) {
                    return null;
                }
                seg = segmentFor(readPos);
                limit = seg == segments.peekLast() ? writePos : seg.base + seg.length;
                if (readPos >= limit) {
                    readPos = nextBase(seg);
                    continue;
                }
            } finally {
                lock.unlock();
            }
            SpoolRecord r = readAt(seg, limit);
            if (r != null) {
                return r;
            }
        }
    }

    /**
     * Makes a consumer waiting in {@link #poll(long, TimeUnit)} for records return null now (or
     * the next wait return at once): how an owner stops its consumer thread without interrupting
     * it (an interrupt would close the spool's file channels).
     */
    public void wakeup() {
        lock.lock();
        try {
            wakeup = true;
            written.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Non-blocking {@link #poll(long, TimeUnit)}: the next record if one is there. */
    public SpoolRecord poll() throws IOException {
        try {
            return poll(0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private SpoolRecord readAt(Segment seg, long limit) throws IOException {
        if (readSegment != seg) {
            if (readChannel != null) {
                readChannel.close();
            }
            readChannel = FileChannel.open(seg.path, StandardOpenOption.READ);
            readSegment = seg;
        }
        long filePos = SEGMENT_HEADER_BYTES + (readPos - seg.base);
        readHeader.clear();
        readFully(readChannel, readHeader, filePos);
        int len = readHeader.getInt(0);
        if (len < 0 || len > config.maxRecordBytes() || readPos + RECORD_HEADER_BYTES + len > limit) {
            skipDamaged(seg, limit, "length " + len);
            return null;
        }
        byte[] data = new byte[len];
        readFully(readChannel, ByteBuffer.wrap(data), filePos + RECORD_HEADER_BYTES);
        if (checksum(readCrc, readHeader.array(), data, 0, len) != readHeader.getInt(4)) {
            skipDamaged(seg, limit, "checksum");
            return null;
        }
        readPos += RECORD_HEADER_BYTES + len;
        readSeq++;
        return new SpoolRecord(data, readPos, readSeq);
    }

    private void skipDamaged(Segment seg, long limit, String what) {
        long n = corrupt.incrementAndGet();
        if (n <= WARN_FIRST || n % 1000 == 0) {
            LOG.warn("spool {}: damaged record at position {} in {} (bad {}), skipping {} byte(s) to the end of what "
                    + "is written there ({} damaged so far)", dir, readPos, seg.path.getFileName(), what,
                    limit - readPos, n);
        }
        readPos = limit;
    }

    /**
     * Acknowledges {@code record} and every record read before it: they are never delivered
     * again, and segments holding only acknowledged records are deleted.
     */
    public void ack(SpoolRecord record) throws IOException {
        ack(record.end(), record.sequence());
    }

    private void ack(long pos, long seq) throws IOException {
        List<Segment> dead;
        lock.lock();
        try {
            if (pos <= ackPos) {
                return;
            }
            ackPos = pos;
            ackedRecords = seq;
            dead = removeAckedSegments();
        } finally {
            lock.unlock();
        }
        writeCursor(pos, false);
        deleteFiles(dead);
    }

    /** Goes back to the first unacknowledged record: the next poll reads it again. */
    public void rewind() {
        lock.lock();
        try {
            readPos = ackPos;
            readSeq = ackedRecords;
        } finally {
            lock.unlock();
        }
    }

    private void writeCursor(long pos, boolean force) throws IOException {
        long gen = ++cursorGeneration;
        ByteBuffer b = ByteBuffer.allocate(CURSOR_SLOT_BYTES);
        b.putInt(CURSOR_MAGIC).putLong(gen).putLong(pos);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 20);
        b.putInt((int) crc.getValue()).putInt(0).clear(); // the whole slot
        long at = (gen & 1) * CURSOR_SLOT_BYTES;
        while (b.hasRemaining()) {
            at += cursorChannel.write(b, at);
        }
        long now = System.nanoTime();
        if (force && !config.fsync().isNever() || config.fsync().due(lastCursorForce, now)) {
            cursorChannel.force(false);
            lastCursorForce = now;
        }
    }

    /** The acknowledged position from the better cursor slot, or -1 when neither is valid. */
    private long readCursor() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(2 * CURSOR_SLOT_BYTES);
        Path path = dir.resolve(CURSOR_FILE);
        long size = Files.size(path);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                // read what is there
            }
        }
        long bestGen = -1;
        long pos = -1;
        CRC32C crc = new CRC32C();
        for (int slot = 0; slot < 2; slot++) {
            int o = slot * CURSOR_SLOT_BYTES;
            if (b.position() < o + CURSOR_SLOT_BYTES || b.getInt(o) != CURSOR_MAGIC) {
                continue;
            }
            crc.reset();
            crc.update(b.array(), o, 20);
            if ((int) crc.getValue() == b.getInt(o + 20) && b.getLong(o + 4) > bestGen && b.getLong(o + 12) >= 0) {
                bestGen = b.getLong(o + 4);
                pos = b.getLong(o + 12);
            }
        }
        if (pos < 0 && size > 0) {
            LOG.warn("spool {}: cursor file damaged, every record still in the spool will be delivered again", dir);
        }
        cursorGeneration = Math.max(0, bestGen);
        return pos;
    }

    // ---------------------------------------------------------------- shared helpers

    /** The segment holding {@code pos}: the last one whose base is not after it. Under lock. */
    private Segment segmentFor(long pos) {
        Segment found = segments.peekFirst();
        for (Segment s : segments) {
            if (s.base > pos) {
                break;
            }
            found = s;
        }
        return found;
    }

    /** Base of the segment after {@code seg}, or the write position if there is none. Under lock. */
    private long nextBase(Segment seg) {
        boolean after = false;
        for (Segment s : segments) {
            if (after) {
                return s.base;
            }
            after = s == seg;
        }
        return writePos;
    }

    /** Removes (under lock) the segments before the write segment whose records are all acknowledged. */
    private List<Segment> removeAckedSegments() {
        List<Segment> dead = null;
        while (segments.size() > 1) {
            Segment s = segments.peekFirst();
            if (s.base + s.length > ackPos) {
                break;
            }
            segments.removeFirst();
            diskBytes -= SEGMENT_HEADER_BYTES + s.length;
            if (dead == null) {
                dead = new ArrayList<>();
            }
            dead.add(s);
        }
        return dead == null ? List.of() : dead;
    }

    private void deleteFiles(List<Segment> dead) {
        for (Segment s : dead) {
            try {
                Files.delete(s.path);
            } catch (NoSuchFileException e) {
                // already gone
            } catch (IOException e) {
                LOG.warn("spool {}: cannot delete acknowledged segment {}: {}", dir, s.path.getFileName(), e.toString());
            }
        }
    }

    /** CRC32C over the 4 length bytes of {@code header} and the record's data. */
    private static int checksum(CRC32C crc, byte[] header, byte[] data, int offset, int length) {
        crc.reset();
        crc.update(header, 0, 4);
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new EOFException("unexpected end of spool file at " + p);
            }
            p += n;
        }
    }

    // ---------------------------------------------------------------- lifecycle and counters

    /** Forces what is written (unless the policy is never), releases the files and the directory lock. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            written.signalAll();
        } finally {
            lock.unlock();
        }
        IOException first = null;
        for (FileChannel ch : new FileChannel[] {writeChannel, cursorChannel}) {
            try {
                if (!config.fsync().isNever()) {
                    ch.force(false);
                }
                ch.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        try {
            if (readChannel != null) {
                readChannel.close();
            }
            fileLock.release();
            lockChannel.close();
        } catch (IOException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }

    public DiskSpoolConfig config() {
        return config;
    }

    /** Records appended and not yet acknowledged (those recovered at open included). */
    public long pendingRecords() {
        lock.lock();
        try {
            return writtenRecords - ackedRecords;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of records (headers included) appended and not yet acknowledged. */
    public long pendingBytes() {
        lock.lock();
        try {
            return writePos - ackPos;
        } finally {
            lock.unlock();
        }
    }

    /** Total size of the segment files, what {@link DiskSpoolConfig#maxBytes()} caps. */
    public long diskBytes() {
        lock.lock();
        try {
            return diskBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Segment files in the spool now. */
    public int segmentCount() {
        lock.lock();
        try {
            return segments.size();
        } finally {
            lock.unlock();
        }
    }

    /** Records appended since open. */
    public long appendedRecords() {
        return appended.get();
    }

    /** Unacknowledged records found when the spool was opened. */
    public long recoveredRecords() {
        return recoveredRecords;
    }

    /** Appends refused because the spool was at its cap. */
    public long overflowRecords() {
        return overflowRecords.get();
    }

    /** Data bytes of the appends refused for the cap. */
    public long overflowBytes() {
        return overflowBytes.get();
    }

    /** Appends refused for being larger than the record limit. */
    public long tooLargeRecords() {
        return tooLarge.get();
    }

    /** Failed writes or forces. */
    public long ioErrors() {
        return ioErrors.get();
    }

    /** Damaged records skipped by the consumer (each skip takes the rest of its segment). */
    public long corruptRecords() {
        return corrupt.get();
    }

    /** Bytes of torn or damaged records cut off when the spool was opened. */
    public long truncatedBytes() {
        return truncatedBytes;
    }

    @Override
    public String toString() {
        return "DiskSpool{" + dir + ", pending=" + pendingRecords() + ", diskBytes=" + diskBytes() + "/"
                + config.maxBytes() + ", fsync=" + config.fsync() + '}';
    }

    /** A segment file; {@code length} counts the record bytes after the header. */
    private static final class Segment {
        final long base;
        final Path path;
        long length; // written by the producer under lock (and during recovery)

        Segment(long base, Path path, long length) {
            this.base = base;
            this.path = path;
            this.length = length;
        }
    }
}
