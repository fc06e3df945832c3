package dev.vigil.protocol.ipv6;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * The two leading bytes shared by IPv6 extension headers (RFC 8200 section 4): Hop-by-Hop
 * Options (0), Routing (43), Destination Options (60), and Authentication Header (51, RFC 4302
 * section 2, whose length counts 4-byte units minus 2 instead of 8-byte units minus 1).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Hdr Ext Len  |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * .                  header-specific data                         .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv6ExtensionHeaderFlyweight {
    public static final int NEXT_HEADER_OFFSET = 0;
    public static final int LENGTH_OFFSET = 1;
    /** Bytes needed to read the next header and length fields. */
    public static final int MIN_LENGTH = 2;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public Ipv6ExtensionHeaderFlyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    /** Header length in bytes for options and routing headers: (Hdr Ext Len + 1) x 8. */
    public int headerLength() {
        return (NetworkOrder.uint8(buffer, offset + LENGTH_OFFSET) + 1) << 3;
    }

    /** Header length in bytes for an Authentication Header: (Payload Len + 2) x 4. */
    public int authenticationHeaderLength() {
        return (NetworkOrder.uint8(buffer, offset + LENGTH_OFFSET) + 2) << 2;
    }
}
