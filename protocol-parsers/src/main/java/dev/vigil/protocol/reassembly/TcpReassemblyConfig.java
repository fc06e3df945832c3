package dev.vigil.protocol.reassembly;

/**
 * Limits of {@link TcpReassembler} (per flow direction) and of the shared {@link TcpSegmentPool}.
 * Immutable; build with {@link #builder()} or take {@link #defaults()}.
 */
public final class TcpReassemblyConfig {
    /**
     * Out-of-order bytes held per direction: data more than this far beyond the next expected
     * byte forces a gap skip ({@code tcp.reassembly_overflow}, then {@code tcp.reassembly_gap}).
     */
    public static final int DEFAULT_MAX_BUFFERED_BYTES = 256 * 1024;
    /** Disjoint buffered byte ranges (holes + 1) per direction; more is {@code tcp.reassembly_overflow}. */
    public static final int DEFAULT_MAX_BUFFERED_RANGES = 64;
    /**
     * Segments accepted while the oldest gap stays open before it is given up
     * ({@code tcp.reassembly_gap}): the "gap older than a bound" rule, in packets because the
     * reassembler has no clock.
     */
    public static final int DEFAULT_MAX_GAP_SEGMENTS = 1024;
    /** Page size of the shared pool; divides {@link #maxBufferedBytes()}. */
    public static final int DEFAULT_PAGE_SIZE = 4096;
    /** Bytes of the shared pool over all directions using it; exhausted is {@code tcp.reassembly_overflow}. */
    public static final int DEFAULT_POOL_BYTES = 64 * 1024 * 1024;
    /**
     * Delivered bytes kept per direction to compare retransmissions with
     * ({@code tcp.overlap_mismatch} on already delivered data). 0 = off: only data still
     * buffered out of order is compared. Costs one copy of every delivered byte when on.
     */
    public static final int DEFAULT_HISTORY_BYTES = 0;

    private static final TcpReassemblyConfig DEFAULTS = builder().build();

    private final int maxBufferedBytes;
    private final int maxBufferedRanges;
    private final int maxGapSegments;
    private final int pageSize;
    private final int poolBytes;
    private final int historyBytes;

    private TcpReassemblyConfig(Builder b) {
        this.maxBufferedBytes = b.maxBufferedBytes;
        this.maxBufferedRanges = b.maxBufferedRanges;
        this.maxGapSegments = b.maxGapSegments;
        this.pageSize = b.pageSize;
        this.poolBytes = b.poolBytes;
        this.historyBytes = b.historyBytes;
    }

    public static TcpReassemblyConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
            .maxBufferedBytes(maxBufferedBytes)
            .maxBufferedRanges(maxBufferedRanges)
            .maxGapSegments(maxGapSegments)
            .pageSize(pageSize)
            .poolBytes(poolBytes)
            .historyBytes(historyBytes);
    }

    public int maxBufferedBytes() {
        return maxBufferedBytes;
    }

    public int maxBufferedRanges() {
        return maxBufferedRanges;
    }

    public int maxGapSegments() {
        return maxGapSegments;
    }

    public int pageSize() {
        return pageSize;
    }

    public int poolBytes() {
        return poolBytes;
    }

    public int historyBytes() {
        return historyBytes;
    }

    @Override
    public String toString() {
        return "TcpReassemblyConfig{maxBufferedBytes=" + maxBufferedBytes
            + ", maxBufferedRanges=" + maxBufferedRanges
            + ", maxGapSegments=" + maxGapSegments
            + ", pageSize=" + pageSize
            + ", poolBytes=" + poolBytes
            + ", historyBytes=" + historyBytes + '}';
    }

    /** Mutable builder; {@link #build()} validates (configuration is a boundary: it throws). */
    public static final class Builder {
        private int maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
        private int maxBufferedRanges = DEFAULT_MAX_BUFFERED_RANGES;
        private int maxGapSegments = DEFAULT_MAX_GAP_SEGMENTS;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private int poolBytes = DEFAULT_POOL_BYTES;
        private int historyBytes = DEFAULT_HISTORY_BYTES;

        private Builder() {
        }

        public Builder maxBufferedBytes(int v) {
            this.maxBufferedBytes = v;
            return this;
        }

        public Builder maxBufferedRanges(int v) {
            this.maxBufferedRanges = v;
            return this;
        }

        public Builder maxGapSegments(int v) {
            this.maxGapSegments = v;
            return this;
        }

        public Builder pageSize(int v) {
            this.pageSize = v;
            return this;
        }

        public Builder poolBytes(int v) {
            this.poolBytes = v;
            return this;
        }

        public Builder historyBytes(int v) {
            this.historyBytes = v;
            return this;
        }

        /** @throws IllegalArgumentException when a limit is out of range */
        public TcpReassemblyConfig build() {
            require(pageSize >= 64 && pageSize <= (1 << 20), "pageSize must be in [64, 2^20]");
            require(maxBufferedBytes >= pageSize && maxBufferedBytes <= (1 << 30),
                "maxBufferedBytes must be in [pageSize, 2^30]");
            require(maxBufferedBytes % pageSize == 0, "maxBufferedBytes must be a multiple of pageSize");
            require(maxBufferedRanges >= 1 && maxBufferedRanges <= 65_536, "maxBufferedRanges must be in [1, 65536]");
            require(maxGapSegments >= 1, "maxGapSegments must be >= 1");
            require(poolBytes >= pageSize, "poolBytes must be >= pageSize");
            require(historyBytes >= 0 && historyBytes <= (1 << 24), "historyBytes must be in [0, 2^24]");
            return new TcpReassemblyConfig(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
