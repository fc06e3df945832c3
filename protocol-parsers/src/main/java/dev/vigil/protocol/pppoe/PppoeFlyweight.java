package dev.vigil.protocol.pppoe;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * PPPoE session stage header (RFC 2516 section 4, EtherType 0x8864); a PPP protocol field and
 * its payload follow, {@code length} bytes in all.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  VER  | TYPE  |      CODE     |          SESSION_ID           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            LENGTH             |           payload             ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class PppoeFlyweight {
    public static final int VERSION_TYPE_OFFSET = 0;
    public static final int CODE_OFFSET = 1;
    public static final int SESSION_ID_OFFSET = 2;
    public static final int LENGTH_OFFSET = 4;
    public static final int HEADER_LENGTH = 6;
    /** Version 1, type 1. */
    public static final int VERSION_TYPE = 0x11;
    /** Session data carries code 0. */
    public static final int CODE_SESSION_DATA = 0x00;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public PppoeFlyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    public int versionType() {
        return NetworkOrder.uint8(buffer, offset + VERSION_TYPE_OFFSET);
    }

    public int code() {
        return NetworkOrder.uint8(buffer, offset + CODE_OFFSET);
    }

    public int sessionId() {
        return NetworkOrder.uint16(buffer, offset + SESSION_ID_OFFSET);
    }

    /** Length of the PPP payload after this header. */
    public int payloadLength() {
        return NetworkOrder.uint16(buffer, offset + LENGTH_OFFSET);
    }
}
