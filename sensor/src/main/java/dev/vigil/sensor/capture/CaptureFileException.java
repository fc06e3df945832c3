package dev.vigil.sensor.capture;

import java.nio.file.Path;

/**
 * A capture file that cannot be read (further). The message names the file and the byte offset
 * of the damage, in one line, e.g. {@code capture.pcap: at byte 24: record header truncated
 * (8 of 16 bytes)}. Packets before the damage have been delivered when this is thrown.
 */
public final class CaptureFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;
    private final String reason;

    public CaptureFileException(Path file, long offset, String reason) {
        this(file, offset, reason, null);
    }

    public CaptureFileException(Path file, long offset, String reason, Throwable cause) {
        super(file + ": at byte " + offset + ": " + reason, cause);
        this.file = file;
        this.offset = offset;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    /** Byte offset in the file where the problem starts. */
    public long offset() {
        return offset;
    }

    /** The problem without file and offset. */
    public String reason() {
        return reason;
    }
}
