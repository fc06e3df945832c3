package dev.vigil.protocol.ipv6;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * IPv6 Fragment header (RFC 8200 section 4.5).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Identification                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv6FragmentFlyweight {
    public static final int NEXT_HEADER_OFFSET = 0;
    public static final int OFFSET_FLAGS_OFFSET = 2;
    public static final int IDENTIFICATION_OFFSET = 4;
    public static final int LENGTH = 8;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public Ipv6FragmentFlyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    public int nextHeader() {
        return NetworkOrder.uint8(buffer, offset + NEXT_HEADER_OFFSET);
    }

    /** Fragment offset in bytes. */
    public int fragmentOffset() {
        return NetworkOrder.uint16(buffer, offset + OFFSET_FLAGS_OFFSET) & 0xFFF8;
    }

    public boolean moreFragments() {
        return (NetworkOrder.uint8(buffer, offset + OFFSET_FLAGS_OFFSET + 1) & 0x01) != 0;
    }

    public long identification() {
        return NetworkOrder.uint32(buffer, offset + IDENTIFICATION_OFFSET);
    }
}
