package dev.vigil.protocol.ipv6;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * IPv6 fixed header (RFC 8200 section 3, https://www.rfc-editor.org/rfc/rfc8200#section-3).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                     Source Address (128 bits)                 +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                  Destination Address (128 bits)               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv6Flyweight {
    public static final int VERSION_CLASS_FLOW_OFFSET = 0;
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    public static final int NEXT_HEADER_OFFSET = 6;
    public static final int HOP_LIMIT_OFFSET = 7;
    public static final int SOURCE_OFFSET = 8;
    public static final int DESTINATION_OFFSET = 24;
    public static final int HEADER_LENGTH = 40;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public Ipv6Flyweight wrap(DirectBuffer buffer, int offset, int length) {
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
        return NetworkOrder.uint8(buffer, offset) >>> 4;
    }

    public int trafficClass() {
        return (NetworkOrder.uint16(buffer, offset) >>> 4) & 0xFF;
    }

    public int flowLabel() {
        return NetworkOrder.int32(buffer, offset) & 0x000F_FFFF;
    }

    public int payloadLength() {
        return NetworkOrder.uint16(buffer, offset + PAYLOAD_LENGTH_OFFSET);
    }

    public int nextHeader() {
        return NetworkOrder.uint8(buffer, offset + NEXT_HEADER_OFFSET);
    }

    public int hopLimit() {
        return NetworkOrder.uint8(buffer, offset + HOP_LIMIT_OFFSET);
    }

    /** High 64 bits of the source address. */
    public long sourceHigh() {
        return NetworkOrder.int64(buffer, offset + SOURCE_OFFSET);
    }

    public long sourceLow() {
        return NetworkOrder.int64(buffer, offset + SOURCE_OFFSET + 8);
    }

    public long destinationHigh() {
        return NetworkOrder.int64(buffer, offset + DESTINATION_OFFSET);
    }

    public long destinationLow() {
        return NetworkOrder.int64(buffer, offset + DESTINATION_OFFSET + 8);
    }
}
