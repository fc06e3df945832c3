package dev.vigil.protocol.erspan;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * ERSPAN type II header, after a GRE header with protocol type 0x88BE and the sequence bit set
 * (draft-foschiano-erspan-03 section 4.2, https://datatracker.ietf.org/doc/html/draft-foschiano-erspan-03).
 * The mirrored Ethernet frame follows.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Ver  |          VLAN         | COS | En|T|    Session ID     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Reserved         |                  Index                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class ErspanType2Flyweight {
    public static final int VERSION_VLAN_OFFSET = 0;
    public static final int SESSION_OFFSET = 2;
    public static final int INDEX_OFFSET = 4;
    public static final int HEADER_LENGTH = 8;
    /** The version field value of type II. */
    public static final int VERSION = 1;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public ErspanType2Flyweight wrap(DirectBuffer buffer, int offset, int length) {
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
        return NetworkOrder.uint8(buffer, offset + VERSION_VLAN_OFFSET) >>> 4;
    }

    /** The original frame's VLAN. */
    public int vlan() {
        return NetworkOrder.uint16(buffer, offset + VERSION_VLAN_OFFSET) & 0x0FFF;
    }

    public int cos() {
        return NetworkOrder.uint8(buffer, offset + SESSION_OFFSET) >>> 5;
    }

    public int sessionId() {
        return NetworkOrder.uint16(buffer, offset + SESSION_OFFSET) & 0x03FF;
    }

    public int index() {
        return NetworkOrder.int32(buffer, offset + INDEX_OFFSET) & 0x000F_FFFF;
    }
}
