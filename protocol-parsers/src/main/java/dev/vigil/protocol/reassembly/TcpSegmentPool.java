package dev.vigil.protocol.reassembly;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fixed-size pages shared by the {@link TcpReassembler}s of one worker thread (not thread-safe):
 * the bounded memory that out-of-order TCP data lives in.
 *
 * <p>At most {@link TcpReassemblyConfig#poolBytes()} bytes. Pages are carved from 1 MiB chunks
 * (or one page when pages are larger) allocated on first need and never released, so the pool
 * stops allocating once it has grown to its working size. A page is identified by an int id.
 */
public final class TcpSegmentPool {
    private static final int CHUNK_BYTES = 1024 * 1024;

    private final int pageSize;
    private final int maxPages;
    private final int pagesPerChunk;
    private final UnsafeBuffer[] chunkBuffers;
    private final int[] free;
    private int freeCount;
    private int createdPages;

    public TcpSegmentPool(TcpReassemblyConfig config) {
        this.pageSize = config.pageSize();
        this.maxPages = config.poolBytes() / pageSize;
        this.pagesPerChunk = Math.max(1, CHUNK_BYTES / pageSize);
        this.chunkBuffers = new UnsafeBuffer[(maxPages + pagesPerChunk - 1) / pagesPerChunk];
        this.free = new int[maxPages];
    }

    public int pageSize() {
        return pageSize;
    }

    public int maxPages() {
        return maxPages;
    }

    /** Pages that can still be acquired (free ones plus those not created yet). */
    public int available() {
        return freeCount + (maxPages - createdPages);
    }

    /** Pages currently held by reassemblers. */
    public int inUse() {
        return createdPages - freeCount;
    }

    /** Acquires a page, or returns -1 when the pool is exhausted. */
    public int acquire() {
        if (freeCount == 0) {
            if (createdPages == maxPages) {
                return -1;
            }
            int chunk = createdPages / pagesPerChunk;
            int pages = Math.min(pagesPerChunk, maxPages - createdPages);
            chunkBuffers[chunk] = new UnsafeBuffer(new byte[pages * pageSize]);
            for (int i = pages - 1; i >= 0; i--) {
                free[freeCount++] = createdPages + i;
            }
            createdPages += pages;
        }
        return free[--freeCount];
    }

    public void release(int page) {
        free[freeCount++] = page;
    }

    /** The buffer holding a page; the page starts at {@link #offset(int)}. */
    public UnsafeBuffer buffer(int page) {
        return chunkBuffers[page / pagesPerChunk];
    }

    public int offset(int page) {
        return (page % pagesPerChunk) * pageSize;
    }
}
