package dev.vigil.protocol.arp;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * ARP (RFC 826, https://www.rfc-editor.org/rfc/rfc826). The fixed part is generic; the address
 * accessors assume the Ethernet/IPv4 layout (hardware length 6, protocol length 4), which the
 * decoder checks first.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Hardware type         |         Protocol type         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  HW addr len  | Proto addr len|            Opcode             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Sender hardware address (6)                    |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |  Sender protocol address (4)  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                Target hardware address (6)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Target protocol address (4)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class ArpFlyweight {
    public static final int HARDWARE_TYPE_OFFSET = 0;
    public static final int PROTOCOL_TYPE_OFFSET = 2;
    public static final int HARDWARE_LENGTH_OFFSET = 4;
    public static final int PROTOCOL_LENGTH_OFFSET = 5;
    public static final int OPCODE_OFFSET = 6;
    public static final int SENDER_MAC_OFFSET = 8;
    public static final int SENDER_IP_OFFSET = 14;
    public static final int TARGET_MAC_OFFSET = 18;
    public static final int TARGET_IP_OFFSET = 24;
    public static final int FIXED_LENGTH = 8;
    /** Length of an Ethernet/IPv4 ARP message. */
    public static final int ETHERNET_IPV4_LENGTH = 28;

    public static final int HARDWARE_ETHERNET = 1;
    /** IEEE 802 networks (RFC 1042), same 6-byte MAC layout. */
    public static final int HARDWARE_IEEE802 = 6;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public ArpFlyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    public int hardwareType() {
        return NetworkOrder.uint16(buffer, offset + HARDWARE_TYPE_OFFSET);
    }

    public int protocolType() {
        return NetworkOrder.uint16(buffer, offset + PROTOCOL_TYPE_OFFSET);
    }

    public int hardwareLength() {
        return NetworkOrder.uint8(buffer, offset + HARDWARE_LENGTH_OFFSET);
    }

    public int protocolLength() {
        return NetworkOrder.uint8(buffer, offset + PROTOCOL_LENGTH_OFFSET);
    }

    public int opcode() {
        return NetworkOrder.uint16(buffer, offset + OPCODE_OFFSET);
    }

    public long senderMac() {
        return NetworkOrder.uint48(buffer, offset + SENDER_MAC_OFFSET);
    }

    public int senderIp() {
        return NetworkOrder.int32(buffer, offset + SENDER_IP_OFFSET);
    }

    public long targetMac() {
        return NetworkOrder.uint48(buffer, offset + TARGET_MAC_OFFSET);
    }

    public int targetIp() {
        return NetworkOrder.int32(buffer, offset + TARGET_IP_OFFSET);
    }
}
