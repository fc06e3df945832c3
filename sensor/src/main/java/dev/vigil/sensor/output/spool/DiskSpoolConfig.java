package dev.vigil.sensor.output.spool;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of a {@link DiskSpool}: where it lives, how much disk it may take, how records are
 * cut into segment files, and when it forces them to the device.
 *
 * @param directory      the spool's own directory (created if missing; one spool per directory)
 * @param maxBytes       cap on the segment files' total size; an append beyond it is refused
 *                       and counted as an overflow. Up to one segment of already acknowledged
 *                       records may still count against it (a segment is deleted only when
 *                       every record in it is acknowledged)
 * @param segmentBytes   a segment file is closed and a new one started beyond this size
 * @param maxRecordBytes largest record accepted; a larger one is refused and counted
 * @param fsync          when writes and acknowledgements are forced to the device
 */
public record DiskSpoolConfig(Path directory, long maxBytes, long segmentBytes, int maxRecordBytes,
        FsyncPolicy fsync) {
    /** Default cap on total size. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    /** Default segment size: small enough that deleting acknowledged segments frees space often. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    /** Default largest record (an event document is a few KiB; this leaves room for big ones). */
    public static final int DEFAULT_MAX_RECORD_BYTES = 4 << 20;
    /** Smallest segment size accepted (headers and one small record must fit). */
    public static final long MIN_SEGMENT_BYTES = 4096;

    public DiskSpoolConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(fsync, "fsync");
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException("spool segment size must be at least " + MIN_SEGMENT_BYTES + " bytes: "
                    + segmentBytes);
        }
        if (maxBytes < segmentBytes) {
            throw new IllegalArgumentException("spool cap (" + maxBytes + " bytes) must be at least one segment ("
                    + segmentBytes + " bytes)");
        }
        if (maxRecordBytes <= 0 || maxRecordBytes > segmentBytes - DiskSpool.SEGMENT_HEADER_BYTES
                - DiskSpool.RECORD_HEADER_BYTES) {
            throw new IllegalArgumentException("spool max record size must be positive and fit in a segment: "
                    + maxRecordBytes);
        }
    }

    /**
     * A spool in {@code directory} capped at {@code maxBytes}, with segments of
     * min({@value #DEFAULT_SEGMENT_BYTES} bytes, an eighth of the cap) and fsync every second.
     */
    public static DiskSpoolConfig of(Path directory, long maxBytes) {
        long segment = Math.max(MIN_SEGMENT_BYTES, Math.min(DEFAULT_SEGMENT_BYTES, maxBytes / 8));
        int maxRecord = (int) Math.min(DEFAULT_MAX_RECORD_BYTES,
                segment - DiskSpool.SEGMENT_HEADER_BYTES - DiskSpool.RECORD_HEADER_BYTES);
        return new DiskSpoolConfig(directory, maxBytes, segment, maxRecord,
                FsyncPolicy.every(java.time.Duration.ofSeconds(1)));
    }

    public DiskSpoolConfig withFsync(FsyncPolicy policy) {
        return new DiskSpoolConfig(directory, maxBytes, segmentBytes, maxRecordBytes, policy);
    }

    public DiskSpoolConfig withSegmentBytes(long bytes) {
        return new DiskSpoolConfig(directory, maxBytes, bytes,
                (int) Math.min(maxRecordBytes, bytes - DiskSpool.SEGMENT_HEADER_BYTES - DiskSpool.RECORD_HEADER_BYTES),
                fsync);
    }

    public DiskSpoolConfig withMaxRecordBytes(int bytes) {
        return new DiskSpoolConfig(directory, maxBytes, segmentBytes, bytes, fsync);
    }
}
