package dev.vigil.protocol.sctp;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * SCTP common header (RFC 9260 section 3.1, https://www.rfc-editor.org/rfc/rfc9260#section-3.1).
 * Chunks follow it ({@link SctpChunkFlyweight}).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Source Port Number        |     Destination Port Number   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Verification Tag                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Checksum                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class SctpFlyweight {
    public static final int SOURCE_PORT_OFFSET = 0;
    public static final int DESTINATION_PORT_OFFSET = 2;
    public static final int VERIFICATION_TAG_OFFSET = 4;
    public static final int CHECKSUM_OFFSET = 8;
    public static final int HEADER_LENGTH = 12;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public SctpFlyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    public long verificationTag() {
        return NetworkOrder.uint32(buffer, offset + VERIFICATION_TAG_OFFSET);
    }

    /** CRC32c over the packet (RFC 9260 Appendix A); not verified by the decoder. */
    public long checksum() {
        return NetworkOrder.uint32(buffer, offset + CHECKSUM_OFFSET);
    }
}
