package dev.vigil.protocol.icmp;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * The header shared by ICMP (RFC 792, https://www.rfc-editor.org/rfc/rfc792) and ICMPv6
 * (RFC 4443 section 2.1): type, code, checksum and 4 message-specific bytes, which every message
 * type has (identifier and sequence of echo, unused word of errors, MTU of Packet Too Big ...).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Rest of header                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class IcmpFlyweight {
    public static final int TYPE_OFFSET = 0;
    public static final int CODE_OFFSET = 1;
    public static final int CHECKSUM_OFFSET = 2;
    public static final int REST_OFFSET = 4;
    public static final int HEADER_LENGTH = 8;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public IcmpFlyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    public int type() {
        return NetworkOrder.uint8(buffer, offset + TYPE_OFFSET);
    }

    public int code() {
        return NetworkOrder.uint8(buffer, offset + CODE_OFFSET);
    }

    public int checksum() {
        return NetworkOrder.uint16(buffer, offset + CHECKSUM_OFFSET);
    }

    /** The 4 message-specific bytes after the checksum. */
    public long restOfHeader() {
        return NetworkOrder.uint32(buffer, offset + REST_OFFSET);
    }
}
