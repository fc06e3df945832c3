package dev.vigil.protocol.ntp;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * NTP packet header (RFC 5905 section 7.3, https://www.rfc-editor.org/rfc/rfc5905; the same
 * 48 bytes in versions 1 to 4, RFC 1059/1119/1305). Extension fields and the MAC that may follow
 * are not read. Modes 6 (control, RFC 1305 appendix B / RFC 9327) and 7 (private, ntpd's
 * ntpdc) have their own short headers; {@link #controlOpcode()} etc. read those.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |LI | VN  |Mode |    Stratum    |     Poll      |   Precision   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Root Delay                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Root Dispersion                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Reference ID                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Reference Timestamp (64)                  |
 * |                     Origin Timestamp (64)                     |
 * |                     Receive Timestamp (64)                    |
 * |                     Transmit Timestamp (64)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Mode 6 (control):                      Mode 7 (private, ntpd):
 * |LI|VN|6|R|E|M| Opcode| Sequence (16) |  |R|M| VN |7|A| Sequence | Impl. | Req. code |
 * | Status (16)   | Association ID (16) |  | Err | Nitems (12)  | MBZ | Item size (12) |
 * | Offset (16)   | Count (16)          |
 * </pre>
 * Timestamps are 32.32 fixed point seconds since 1900-01-01 (RFC 5905 section 6).
 */
public final class NtpFlyweight {
    public static final int FLAGS_OFFSET = 0;
    public static final int STRATUM_OFFSET = 1;
    public static final int POLL_OFFSET = 2;
    public static final int PRECISION_OFFSET = 3;
    public static final int ROOT_DELAY_OFFSET = 4;
    public static final int ROOT_DISPERSION_OFFSET = 8;
    public static final int REFERENCE_ID_OFFSET = 12;
    public static final int REFERENCE_TIMESTAMP_OFFSET = 16;
    public static final int ORIGIN_TIMESTAMP_OFFSET = 24;
    public static final int RECEIVE_TIMESTAMP_OFFSET = 32;
    public static final int TRANSMIT_TIMESTAMP_OFFSET = 40;
    /** The header of modes 0 to 5. */
    public static final int HEADER_LENGTH = 48;
    /** The mode 6 control message header. */
    public static final int CONTROL_HEADER_LENGTH = 12;
    /** The mode 7 private (ntpd) request header. */
    public static final int PRIVATE_HEADER_LENGTH = 8;

    public static final int MODE_RESERVED = 0;
    public static final int MODE_SYMMETRIC_ACTIVE = 1;
    public static final int MODE_SYMMETRIC_PASSIVE = 2;
    public static final int MODE_CLIENT = 3;
    public static final int MODE_SERVER = 4;
    public static final int MODE_BROADCAST = 5;
    public static final int MODE_CONTROL = 6;
    public static final int MODE_PRIVATE = 7;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public NtpFlyweight wrap(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** Leap indicator: 0 no warning, 1 last minute has 61 s, 2 has 59 s, 3 unsynchronised. */
    public int leap() {
        return NetworkOrder.uint8(buffer, offset + FLAGS_OFFSET) >>> 6;
    }

    public int version() {
        return (NetworkOrder.uint8(buffer, offset + FLAGS_OFFSET) >>> 3) & 0x7;
    }

    public int mode() {
        return NetworkOrder.uint8(buffer, offset + FLAGS_OFFSET) & 0x7;
    }

    public int stratum() {
        return NetworkOrder.uint8(buffer, offset + STRATUM_OFFSET);
    }

    /** Poll interval, log2 seconds (signed). */
    public int poll() {
        return buffer.getByte(offset + POLL_OFFSET);
    }

    /** Clock precision, log2 seconds (signed). */
    public int precision() {
        return buffer.getByte(offset + PRECISION_OFFSET);
    }

    /** Root delay, 16.16 fixed point seconds (signed in RFC 5905). */
    public int rootDelay() {
        return NetworkOrder.int32(buffer, offset + ROOT_DELAY_OFFSET);
    }

    /** Root dispersion, unsigned 16.16 fixed point seconds. */
    public long rootDispersion() {
        return NetworkOrder.uint32(buffer, offset + ROOT_DISPERSION_OFFSET);
    }

    public int referenceId() {
        return NetworkOrder.int32(buffer, offset + REFERENCE_ID_OFFSET);
    }

    /** One byte of the reference id, 0 to 3. */
    public int referenceIdByte(int i) {
        return NetworkOrder.uint8(buffer, offset + REFERENCE_ID_OFFSET + i);
    }

    /** The raw 64-bit timestamps (seconds in the high 32 bits, fraction in the low 32). */
    public long referenceTimestamp() {
        return NetworkOrder.int64(buffer, offset + REFERENCE_TIMESTAMP_OFFSET);
    }

    public long originTimestamp() {
        return NetworkOrder.int64(buffer, offset + ORIGIN_TIMESTAMP_OFFSET);
    }

    public long receiveTimestamp() {
        return NetworkOrder.int64(buffer, offset + RECEIVE_TIMESTAMP_OFFSET);
    }

    public long transmitTimestamp() {
        return NetworkOrder.int64(buffer, offset + TRANSMIT_TIMESTAMP_OFFSET);
    }

    // ---------------------------------------------------------------- mode 6 (control)

    /** Mode 6: true for a response (R bit). */
    public boolean controlResponse() {
        return (NetworkOrder.uint8(buffer, offset + 1) & 0x80) != 0;
    }

    /** Mode 6: true when the error bit is set. */
    public boolean controlError() {
        return (NetworkOrder.uint8(buffer, offset + 1) & 0x40) != 0;
    }

    /** Mode 6: opcode (1 read status, 2 read variables, ...). */
    public int controlOpcode() {
        return NetworkOrder.uint8(buffer, offset + 1) & 0x1F;
    }

    public int controlSequence() {
        return NetworkOrder.uint16(buffer, offset + 2);
    }

    public int controlAssociationId() {
        return NetworkOrder.uint16(buffer, offset + 6);
    }

    public int controlCount() {
        return NetworkOrder.uint16(buffer, offset + 10);
    }

    // ---------------------------------------------------------------- mode 7 (private, ntpd)

    /** Mode 7: true for a response (R bit, the first bit of the packet). */
    public boolean privateResponse() {
        return (NetworkOrder.uint8(buffer, offset) & 0x80) != 0;
    }

    /** Mode 7: implementation number (0 universal, 2 XNTPD old, 3 XNTPD). */
    public int privateImplementation() {
        return NetworkOrder.uint8(buffer, offset + 2);
    }

    /** Mode 7: request code (42 MON_GETLIST_1, the "monlist" used for amplification). */
    public int privateRequestCode() {
        return NetworkOrder.uint8(buffer, offset + 3);
    }

    /** Mode 7: number of data items. */
    public int privateItems() {
        return NetworkOrder.uint16(buffer, offset + 4) & 0x0FFF;
    }
}
