package dev.vigil.protocol.ipv4;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * IPv4 header (RFC 791 section 3.1, https://www.rfc-editor.org/rfc/rfc791#section-3.1).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Flags: bit 0 reserved, bit 1 DF, bit 2 MF; the fragment offset counts 8-byte units.
 */
public final class Ipv4Flyweight {
    public static final int VERSION_IHL_OFFSET = 0;
    public static final int TOS_OFFSET = 1;
    public static final int TOTAL_LENGTH_OFFSET = 2;
    public static final int IDENTIFICATION_OFFSET = 4;
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    public static final int TTL_OFFSET = 8;
    public static final int PROTOCOL_OFFSET = 9;
    public static final int CHECKSUM_OFFSET = 10;
    public static final int SOURCE_OFFSET = 12;
    public static final int DESTINATION_OFFSET = 16;
    public static final int OPTIONS_OFFSET = 20;
    public static final int MIN_HEADER_LENGTH = 20;
    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public Ipv4Flyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    public int version() {
        return NetworkOrder.uint8(buffer, offset + VERSION_IHL_OFFSET) >>> 4;
    }

    /** Header length in bytes (IHL x 4). */
    public int headerLength() {
        return (NetworkOrder.uint8(buffer, offset + VERSION_IHL_OFFSET) & 0x0F) << 2;
    }

    public int tos() {
        return NetworkOrder.uint8(buffer, offset + TOS_OFFSET);
    }

    public int totalLength() {
        return NetworkOrder.uint16(buffer, offset + TOTAL_LENGTH_OFFSET);
    }

    public int identification() {
        return NetworkOrder.uint16(buffer, offset + IDENTIFICATION_OFFSET);
    }

    /** Flags and fragment offset as one 16-bit field. */
    public int flagsFragment() {
        return NetworkOrder.uint16(buffer, offset + FLAGS_FRAGMENT_OFFSET);
    }

    public boolean dontFragment() {
        return (flagsFragment() & FLAG_DF) != 0;
    }

    public boolean moreFragments() {
        return (flagsFragment() & FLAG_MF) != 0;
    }

    /** Fragment offset in bytes. */
    public int fragmentOffset() {
        return (flagsFragment() & FRAGMENT_OFFSET_MASK) << 3;
    }

    public int ttl() {
        return NetworkOrder.uint8(buffer, offset + TTL_OFFSET);
    }

    public int protocol() {
        return NetworkOrder.uint8(buffer, offset + PROTOCOL_OFFSET);
    }

    public int checksum() {
        return NetworkOrder.uint16(buffer, offset + CHECKSUM_OFFSET);
    }

    /** Source address as a raw 32-bit value (a.b.c.d = a << 24 | ...). */
    public int source() {
        return NetworkOrder.int32(buffer, offset + SOURCE_OFFSET);
    }

    public int destination() {
        return NetworkOrder.int32(buffer, offset + DESTINATION_OFFSET);
    }

    /** The byte at {@code index} of the header (options walk). */
    public int byteAt(int index) {
        return NetworkOrder.uint8(buffer, offset + index);
    }
}
