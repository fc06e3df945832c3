package dev.vigil.protocol.udp;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * UDP header (RFC 768, https://www.rfc-editor.org/rfc/rfc768).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Length             |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class UdpFlyweight {
    public static final int SOURCE_PORT_OFFSET = 0;
    public static final int DESTINATION_PORT_OFFSET = 2;
    public static final int LENGTH_OFFSET = 4;
    public static final int CHECKSUM_OFFSET = 6;
    public static final int HEADER_LENGTH = 8;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public UdpFlyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    public int sourcePort() {
        return NetworkOrder.uint16(buffer, offset + SOURCE_PORT_OFFSET);
    }

    public int destinationPort() {
        return NetworkOrder.uint16(buffer, offset + DESTINATION_PORT_OFFSET);
    }

    /** The UDP length field: header plus data, in bytes. */
    public int udpLength() {
        return NetworkOrder.uint16(buffer, offset + LENGTH_OFFSET);
    }

    public int checksum() {
        return NetworkOrder.uint16(buffer, offset + CHECKSUM_OFFSET);
    }
}
