package dev.vigil.protocol.erspan;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * ERSPAN type III header, after a GRE header with protocol type 0x22EB
 * (draft-foschiano-erspan-03 section 4.3). When O is set an 8-byte platform-specific subheader
 * follows; then the mirrored frame, Ethernet (FT 0) or IP (FT 2).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Ver  |          VLAN         | COS |BSO|T|     Session ID    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Timestamp                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             SGT               |P|    FT   |   Hw ID   |D|Gra|O|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Platform Specific SubHeader (8 bytes, when O)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class ErspanType3Flyweight {
    public static final int VERSION_VLAN_OFFSET = 0;
    public static final int SESSION_OFFSET = 2;
    public static final int TIMESTAMP_OFFSET = 4;
    public static final int SGT_OFFSET = 8;
    public static final int FLAGS_OFFSET = 10;
    public static final int HEADER_LENGTH = 12;
    public static final int PLATFORM_SUBHEADER_LENGTH = 8;
    /** The version field value of type III. */
    public static final int VERSION = 2;
    public static final int FRAME_ETHERNET = 0;
    public static final int FRAME_IP = 2;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public ErspanType3Flyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    public int vlan() {
        return NetworkOrder.uint16(buffer, offset + VERSION_VLAN_OFFSET) & 0x0FFF;
    }

    public int sessionId() {
        return NetworkOrder.uint16(buffer, offset + SESSION_OFFSET) & 0x03FF;
    }

    public long timestamp() {
        return NetworkOrder.uint32(buffer, offset + TIMESTAMP_OFFSET);
    }

    public int securityGroupTag() {
        return NetworkOrder.uint16(buffer, offset + SGT_OFFSET);
    }

    /** Frame type: 0 Ethernet, 2 IP. */
    public int frameType() {
        return (NetworkOrder.uint8(buffer, offset + FLAGS_OFFSET) >>> 2) & 0x1F;
    }

    public int hardwareId() {
        return (NetworkOrder.uint16(buffer, offset + FLAGS_OFFSET) >>> 4) & 0x3F;
    }

    /** True when the platform-specific subheader follows. */
    public boolean hasPlatformSubheader() {
        return (NetworkOrder.uint8(buffer, offset + FLAGS_OFFSET + 1) & 0x01) != 0;
    }

    /** Header length including the optional platform-specific subheader. */
    public int headerLength() {
        return hasPlatformSubheader() ? HEADER_LENGTH + PLATFORM_SUBHEADER_LENGTH : HEADER_LENGTH;
    }
}
