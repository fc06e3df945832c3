package dev.vigil.protocol.gre;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * GRE header, version 0 (RFC 2784 section 2.1 with the key and sequence number of RFC 2890
 * section 2) and version 1, the enhanced GRE of PPTP (RFC 2637 section 4.1). Optional fields are
 * present in this order when their flag is set.
 *
 * <pre>
 * Version 0:
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |C|R|K|S| Reserved0       | Ver |         Protocol Type         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Checksum (optional)      |       Reserved1 (optional)    |  C (or R, RFC 1701)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Key (optional)                        |  K
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Sequence Number (optional)                    |  S
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Version 1 (PPTP, protocol type 0x880B, K always set):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |C|R|K|S|s|Recur|A| Flags | Ver |         Protocol Type         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Key (HW) Payload Length    |       Key (LW) Call ID        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Sequence Number (Optional)                   |  S
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               Acknowledgment Number (Optional)                |  A
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class GreFlyweight {
    public static final int FLAGS_VERSION_OFFSET = 0;
    public static final int PROTOCOL_TYPE_OFFSET = 2;
    public static final int OPTIONAL_OFFSET = 4;
    public static final int MIN_HEADER_LENGTH = 4;

    public static final int FLAG_CHECKSUM = 0x8000;
    public static final int FLAG_ROUTING = 0x4000;
    public static final int FLAG_KEY = 0x2000;
    public static final int FLAG_SEQUENCE = 0x1000;
    /** Version 1 only: acknowledgment number present. */
    public static final int FLAG_ACK = 0x0080;
    public static final int VERSION_MASK = 0x0007;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public GreFlyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    public int flagsVersion() {
        return NetworkOrder.uint16(buffer, offset + FLAGS_VERSION_OFFSET);
    }

    public int version() {
        return flagsVersion() & VERSION_MASK;
    }

    public int protocolType() {
        return NetworkOrder.uint16(buffer, offset + PROTOCOL_TYPE_OFFSET);
    }

    /** Header length the flags imply: 4 bytes plus 4 per optional field. */
    public static int headerLength(int flagsVersion) {
        if ((flagsVersion & VERSION_MASK) == 1) {
            return 8 + ((flagsVersion & FLAG_SEQUENCE) != 0 ? 4 : 0) + ((flagsVersion & FLAG_ACK) != 0 ? 4 : 0);
        }
        return MIN_HEADER_LENGTH
                + ((flagsVersion & (FLAG_CHECKSUM | FLAG_ROUTING)) != 0 ? 4 : 0)
                + ((flagsVersion & FLAG_KEY) != 0 ? 4 : 0)
                + ((flagsVersion & FLAG_SEQUENCE) != 0 ? 4 : 0);
    }

    /** Offset of the key field relative to the header (valid when K is set). */
    public static int keyOffset(int flagsVersion) {
        return (flagsVersion & VERSION_MASK) == 1 || (flagsVersion & (FLAG_CHECKSUM | FLAG_ROUTING)) == 0
                ? OPTIONAL_OFFSET : OPTIONAL_OFFSET + 4;
    }

    /** Offset of the sequence number relative to the header (valid when S is set). */
    public static int sequenceOffset(int flagsVersion) {
        return keyOffset(flagsVersion) + ((flagsVersion & FLAG_KEY) != 0 ? 4 : 0);
    }

    /** The key (version 0), or payload length and call id (version 1). */
    public long key() {
        return NetworkOrder.uint32(buffer, offset + keyOffset(flagsVersion()));
    }

    public long sequence() {
        return NetworkOrder.uint32(buffer, offset + sequenceOffset(flagsVersion()));
    }

    /** Version 1: the PPTP call id (low half of the key). */
    public int callId() {
        return NetworkOrder.uint16(buffer, offset + OPTIONAL_OFFSET + 2);
    }
}
