package dev.vigil.protocol.sll;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * Linux "cooked" capture header v2 (LINKTYPE_LINUX_SLL2 276,
 * https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Protocol type          |       Reserved (MBZ)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Interface index                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         ARPHRD type           |  Packet type  | Addr. length  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Link-layer address (8 bytes, first "length" used)    |
 * +                                                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Sll2Flyweight {
    public static final int PROTOCOL_OFFSET = 0;
    public static final int INTERFACE_INDEX_OFFSET = 4;
    public static final int ARPHRD_TYPE_OFFSET = 8;
    public static final int PACKET_TYPE_OFFSET = 10;
    public static final int ADDRESS_LENGTH_OFFSET = 11;
    public static final int ADDRESS_OFFSET = 12;
    public static final int HEADER_LENGTH = 20;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public Sll2Flyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    public int protocol() {
        return NetworkOrder.uint16(buffer, offset + PROTOCOL_OFFSET);
    }

    public long interfaceIndex() {
        return NetworkOrder.uint32(buffer, offset + INTERFACE_INDEX_OFFSET);
    }

    public int arphrdType() {
        return NetworkOrder.uint16(buffer, offset + ARPHRD_TYPE_OFFSET);
    }

    public int packetType() {
        return NetworkOrder.uint8(buffer, offset + PACKET_TYPE_OFFSET);
    }

    public int addressLength() {
        return NetworkOrder.uint8(buffer, offset + ADDRESS_LENGTH_OFFSET);
    }

    public long address48() {
        return NetworkOrder.uint48(buffer, offset + ADDRESS_OFFSET);
    }
}
