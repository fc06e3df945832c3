package dev.vigil.protocol.pcapng;

/**
 * A pcapng Section Header Block or Interface Description Block body that cannot be parsed:
 * too short for its fixed fields, an option running past the body, a wrong byte-order magic, or
 * an option value of the wrong size. The message is one line without file or offset; the reader
 * that found the block adds both.
 */
public final class PcapngFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public PcapngFormatException(String message) {
        super(message);
    }

    public PcapngFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
