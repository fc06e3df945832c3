package dev.vigil.protocol.tftp;

import dev.vigil.protocol.DecodeEventType;

/**
 * One decoded TFTP message (the payload of one UDP datagram), filled by
 * {@link TftpKaitaiAdapter#parse}. Reusable: {@link #reset()} clears it for the next datagram.
 *
 * <p>RFC 1350 section 5, options RFC 2347 (blksize RFC 2348, timeout and tsize RFC 2349,
 * windowsize RFC 7440):
 * <pre>
 *   RRQ/WRQ | 01/02 | filename | 0 | mode | 0 | [ option | 0 | value | 0 ]... |
 *   DATA    | 03 | block (2) | data, 0..blksize bytes |
 *   ACK     | 04 | block (2) |
 *   ERROR   | 05 | error code (2) | message | 0 |
 *   OACK    | 06 | [ option | 0 | value | 0 ]... |
 * </pre>
 * A partial message keeps what was read and carries its failure: {@link #status()} and the
 * decode events in {@link #event(int)}. Strings are only the fields that leave the process
 * (filename, mode, options, error message); each is capped (see {@link TftpKaitaiAdapter}).
 */
public final class TftpMessage {
    public static final int RRQ = 1;
    public static final int WRQ = 2;
    public static final int DATA = 3;
    public static final int ACK = 4;
    public static final int ERROR = 5;
    public static final int OACK = 6;

    public static final int STATUS_OK = 0;
    /** The datagram ends before a field the opcode requires. */
    public static final int STATUS_TRUNCATED = 1;
    /** The bytes contradict the protocol (unknown opcode, string without NUL, option without value). */
    public static final int STATUS_MALFORMED = 2;

    /** Decode events one message records at most (there are fewer distinct keys than this). */
    public static final int MAX_EVENTS = 8;

    private static final String[] OPCODE_NAMES = {null, "RRQ", "WRQ", "DATA", "ACK", "ERROR", "OACK"};

    int status;
    int opcode;
    int block;
    int dataLength;
    int errorCode;
    String filename;
    /** Length in bytes of the filename on the wire, before the cap (without the NUL). */
    int filenameBytes;
    String mode;
    String errorMessage;
    final String[] optionNames = new String[TftpKaitaiAdapter.MAX_OPTIONS];
    final String[] optionValues = new String[TftpKaitaiAdapter.MAX_OPTIONS];
    int optionCount;
    int blksize;
    int timeout;
    long tsize;
    int windowsize;
    private final DecodeEventType[] events = new DecodeEventType[MAX_EVENTS];
    private int eventCount;

    public TftpMessage() {
        reset();
    }

    /** Clears every field for the next datagram. */
    public TftpMessage reset() {
        status = STATUS_OK;
        opcode = -1;
        block = -1;
        dataLength = -1;
        errorCode = -1;
        filename = null;
        filenameBytes = 0;
        mode = null;
        errorMessage = null;
        for (int i = 0; i < optionCount; i++) {
            optionNames[i] = null;
            optionValues[i] = null;
        }
        optionCount = 0;
        blksize = -1;
        timeout = -1;
        tsize = -1;
        windowsize = -1;
        for (int i = 0; i < eventCount; i++) {
            events[i] = null;
        }
        eventCount = 0;
        return this;
    }

    /** Records a decode event once per message and raises the status (malformed outranks truncated). */
    void fail(int newStatus, DecodeEventType type) {
        if (newStatus > status) {
            status = newStatus;
        }
        event(type);
    }

    /** Records a decode event (once per message) without changing the status: caps that were hit. */
    void event(DecodeEventType type) {
        for (int i = 0; i < eventCount; i++) {
            if (events[i] == type) {
                return;
            }
        }
        if (eventCount < MAX_EVENTS) {
            events[eventCount++] = type;
        }
    }

    /** {@link #STATUS_OK}, {@link #STATUS_TRUNCATED} or {@link #STATUS_MALFORMED}. */
    public int status() {
        return status;
    }

    /** "truncated", "malformed", or null when the message is well formed. */
    public String statusName() {
        return status == STATUS_TRUNCATED ? "truncated" : status == STATUS_MALFORMED ? "malformed" : null;
    }

    /** The opcode (unknown values included), or -1 when the datagram is shorter than two bytes. */
    public int opcode() {
        return opcode;
    }

    /** RRQ, WRQ, DATA, ACK, ERROR, OACK, the decimal value of an unknown opcode, or null when there is none. */
    public String opcodeName() {
        return opcodeName(opcode);
    }

    public static String opcodeName(int opcode) {
        if (opcode < 0) {
            return null;
        }
        return opcode < OPCODE_NAMES.length && OPCODE_NAMES[opcode] != null ? OPCODE_NAMES[opcode]
                : Integer.toString(opcode);
    }

    /** True for RRQ and WRQ. */
    public boolean isRequest() {
        return opcode == RRQ || opcode == WRQ;
    }

    /** True for the six opcodes of RFC 1350 and RFC 2347. */
    public boolean knownOpcode() {
        return opcode >= RRQ && opcode <= OACK;
    }

    /** Block number of DATA and ACK (0..65535), else -1 (also when cut off). */
    public int block() {
        return block;
    }

    /** Data bytes of a DATA message (captured), else -1. */
    public int dataLength() {
        return dataLength;
    }

    /** Error code of an ERROR message, else -1. */
    public int errorCode() {
        return errorCode;
    }

    /** Error message of an ERROR message (capped), null when absent. */
    public String errorMessage() {
        return errorMessage;
    }

    /**
     * Filename of a request, capped at {@link TftpKaitaiAdapter#MAX_FILENAME_BYTES} bytes; null
     * when absent. Attacker-controlled text: display it, never build a path from it.
     */
    public String filename() {
        return filename;
    }

    /** Length of the filename on the wire in bytes (before the cap). */
    public int filenameBytes() {
        return filenameBytes;
    }

    /** Transfer mode of a request as sent (netascii, octet, mail, any case), null when absent. */
    public String mode() {
        return mode;
    }

    /** Options of a request or OACK kept (at most {@link TftpKaitaiAdapter#MAX_OPTIONS}). */
    public int optionCount() {
        return optionCount;
    }

    public String optionName(int i) {
        return optionNames[i];
    }

    /** The option's value, or null when the datagram ended after its name. */
    public String optionValue(int i) {
        return optionValues[i];
    }

    /** The value of an option by name (case-insensitive, RFC 2347), or null. */
    public String option(String name) {
        for (int i = 0; i < optionCount; i++) {
            if (name.equalsIgnoreCase(optionNames[i])) {
                return optionValues[i];
            }
        }
        return null;
    }

    /** A valid {@code blksize} option (8..65464, RFC 2348), else -1. */
    public int blksize() {
        return blksize;
    }

    /** A valid {@code timeout} option in seconds (1..255, RFC 2349), else -1. */
    public int timeout() {
        return timeout;
    }

    /** A valid {@code tsize} option in bytes (RFC 2349), else -1. */
    public long tsize() {
        return tsize;
    }

    /** A valid {@code windowsize} option (1..65535, RFC 7440), else -1. */
    public int windowsize() {
        return windowsize;
    }

    public int eventCount() {
        return eventCount;
    }

    public DecodeEventType event(int i) {
        return events[i];
    }

    /** True when this message recorded a decode event of the type. */
    public boolean has(DecodeEventType type) {
        for (int i = 0; i < eventCount; i++) {
            if (events[i] == type) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TftpMessage{").append(opcodeName());
        if (block >= 0) {
            sb.append(" block=").append(block);
        }
        if (filename != null) {
            sb.append(" filename=").append(filename);
        }
        if (mode != null) {
            sb.append(" mode=").append(mode);
        }
        if (errorCode >= 0) {
            sb.append(" error=").append(errorCode).append(' ').append(errorMessage);
        }
        for (int i = 0; i < optionCount; i++) {
            sb.append(' ').append(optionNames[i]).append('=').append(optionValues[i]);
        }
        for (int i = 0; i < eventCount; i++) {
            sb.append(" !").append(events[i].key());
        }
        return sb.append('}').toString();
    }
}
