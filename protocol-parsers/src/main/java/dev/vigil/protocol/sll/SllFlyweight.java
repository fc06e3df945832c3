package dev.vigil.protocol.sll;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * Linux "cooked" capture header v1 (LINKTYPE_LINUX_SLL 113,
 * https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Packet type          |        ARPHRD type            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Link-layer address length    |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |        Link-layer address (8 bytes, first "length" used)      |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |        Protocol type          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class SllFlyweight {
    public static final int PACKET_TYPE_OFFSET = 0;
    public static final int ARPHRD_TYPE_OFFSET = 2;
    public static final int ADDRESS_LENGTH_OFFSET = 4;
    public static final int ADDRESS_OFFSET = 6;
    public static final int PROTOCOL_OFFSET = 14;
    public static final int HEADER_LENGTH = 16;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public SllFlyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    /** 0 to us, 1 broadcast, 2 multicast, 3 to someone else, 4 sent by us. */
    public int packetType() {
        return NetworkOrder.uint16(buffer, offset + PACKET_TYPE_OFFSET);
    }

    /** Linux ARPHRD_ device type (1 Ethernet, 772 loopback, 778 IP GRE, 824 netlink ...). */
    public int arphrdType() {
        return NetworkOrder.uint16(buffer, offset + ARPHRD_TYPE_OFFSET);
    }

    public int addressLength() {
        return NetworkOrder.uint16(buffer, offset + ADDRESS_LENGTH_OFFSET);
    }

    /** The first six address bytes (a MAC when {@link #addressLength()} is 6). */
    public long address48() {
        return NetworkOrder.uint48(buffer, offset + ADDRESS_OFFSET);
    }

    /** EtherType, or a Linux special value below 0x0600 (1 802.3, 4 802.2 LLC ...). */
    public int protocol() {
        return NetworkOrder.uint16(buffer, offset + PROTOCOL_OFFSET);
    }
}
