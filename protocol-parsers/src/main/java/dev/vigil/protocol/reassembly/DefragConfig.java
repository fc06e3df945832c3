package dev.vigil.protocol.reassembly;

import java.util.concurrent.TimeUnit;

/**
 * Limits of one {@link IpDefragmenter}. Immutable; build with {@link #builder()} or take
 * {@link #defaults()}. Every limit has an overflow decode event (see {@link IpDefragmenter}).
 *
 * <p>All memory is sized from these values when the defragmenter is built (tables) or grown
 * once up to them (fragment data blocks), so nothing is allocated per fragment after warm-up.
 */
public final class DefragConfig {
    /** Datagrams being reassembled at once; more is {@code ip.frag_table_full}. */
    public static final int DEFAULT_MAX_DATAGRAMS = 1024;
    /** Fragment data buffered over all datagrams, in bytes; more is {@code ip.frag_memory_full}. */
    public static final int DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
    /** Largest reassembled datagram: IPv4 total length, IPv6 payload length (RFC 791, RFC 8200 §4.5). */
    public static final int DEFAULT_MAX_DATAGRAM_SIZE = 65_535;
    /** A datagram not complete this long after its first fragment is dropped ({@code ipv4/ipv6.frag_timeout}). */
    public static final long DEFAULT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Fragments kept per datagram; more is {@code ip.frag_too_many}. */
    public static final int DEFAULT_MAX_FRAGMENTS = 128;
    /** Allocation unit of the shared fragment data pool, in bytes. */
    public static final int DEFAULT_BLOCK_SIZE = 1024;
    /** Longest header kept for the rebuilt datagram: IPv4 header with options, IPv6 unfragmentable part. */
    public static final int DEFAULT_MAX_HEADER_LENGTH = 256;

    private static final DefragConfig DEFAULTS = builder().build();

    private final int maxDatagrams;
    private final int maxBufferedBytes;
    private final int maxDatagramSize;
    private final long timeoutNanos;
    private final int maxFragmentsPerDatagram;
    private final int blockSize;
    private final int maxHeaderLength;

    private DefragConfig(Builder b) {
        this.maxDatagrams = b.maxDatagrams;
        this.maxBufferedBytes = b.maxBufferedBytes;
        this.maxDatagramSize = b.maxDatagramSize;
        this.timeoutNanos = b.timeoutNanos;
        this.maxFragmentsPerDatagram = b.maxFragmentsPerDatagram;
        this.blockSize = b.blockSize;
        this.maxHeaderLength = b.maxHeaderLength;
    }

    public static DefragConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration's values. */
    public Builder toBuilder() {
        return new Builder()
            .maxDatagrams(maxDatagrams)
            .maxBufferedBytes(maxBufferedBytes)
            .maxDatagramSize(maxDatagramSize)
            .timeoutNanos(timeoutNanos)
            .maxFragmentsPerDatagram(maxFragmentsPerDatagram)
            .blockSize(blockSize)
            .maxHeaderLength(maxHeaderLength);
    }

    public int maxDatagrams() {
        return maxDatagrams;
    }

    public int maxBufferedBytes() {
        return maxBufferedBytes;
    }

    public int maxDatagramSize() {
        return maxDatagramSize;
    }

    public long timeoutNanos() {
        return timeoutNanos;
    }

    public int maxFragmentsPerDatagram() {
        return maxFragmentsPerDatagram;
    }

    public int blockSize() {
        return blockSize;
    }

    public int maxHeaderLength() {
        return maxHeaderLength;
    }

    @Override
    public String toString() {
        return "DefragConfig{maxDatagrams=" + maxDatagrams
            + ", maxBufferedBytes=" + maxBufferedBytes
            + ", maxDatagramSize=" + maxDatagramSize
            + ", timeoutNanos=" + timeoutNanos
            + ", maxFragmentsPerDatagram=" + maxFragmentsPerDatagram
            + ", blockSize=" + blockSize
            + ", maxHeaderLength=" + maxHeaderLength + '}';
    }

    /** Mutable builder; {@link #build()} validates (configuration is a boundary: it throws). */
    public static final class Builder {
        private int maxDatagrams = DEFAULT_MAX_DATAGRAMS;
        private int maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
        private int maxDatagramSize = DEFAULT_MAX_DATAGRAM_SIZE;
        private long timeoutNanos = DEFAULT_TIMEOUT_NANOS;
        private int maxFragmentsPerDatagram = DEFAULT_MAX_FRAGMENTS;
        private int blockSize = DEFAULT_BLOCK_SIZE;
        private int maxHeaderLength = DEFAULT_MAX_HEADER_LENGTH;

        private Builder() {
        }

        public Builder maxDatagrams(int v) {
            this.maxDatagrams = v;
            return this;
        }

        public Builder maxBufferedBytes(int v) {
            this.maxBufferedBytes = v;
            return this;
        }

        public Builder maxDatagramSize(int v) {
            this.maxDatagramSize = v;
            return this;
        }

        public Builder timeoutNanos(long v) {
            this.timeoutNanos = v;
            return this;
        }

        public Builder maxFragmentsPerDatagram(int v) {
            this.maxFragmentsPerDatagram = v;
            return this;
        }

        public Builder blockSize(int v) {
            this.blockSize = v;
            return this;
        }

        public Builder maxHeaderLength(int v) {
            this.maxHeaderLength = v;
            return this;
        }

        /** @throws IllegalArgumentException when a limit is out of range */
        public DefragConfig build() {
            require(maxDatagrams >= 1 && maxDatagrams <= (1 << 20), "maxDatagrams must be in [1, 2^20]");
            require(blockSize >= 64 && blockSize <= 65_536, "blockSize must be in [64, 65536]");
            require(maxBufferedBytes >= blockSize, "maxBufferedBytes must be >= blockSize");
            require(maxDatagramSize >= 68 && maxDatagramSize <= 65_535,
                "maxDatagramSize must be in [68, 65535] (RFC 791 minimum, 16-bit length field)");
            require(timeoutNanos > 0, "timeoutNanos must be > 0");
            require(maxFragmentsPerDatagram >= 2 && maxFragmentsPerDatagram <= 8192,
                "maxFragmentsPerDatagram must be in [2, 8192]");
            require(maxHeaderLength >= 60 && maxHeaderLength <= 4096,
                "maxHeaderLength must be in [60, 4096] (an IPv4 header with options is up to 60 bytes)");
            return new DefragConfig(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
