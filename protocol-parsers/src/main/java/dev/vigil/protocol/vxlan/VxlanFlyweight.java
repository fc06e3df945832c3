package dev.vigil.protocol.vxlan;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * VXLAN header (RFC 7348 section 5, https://www.rfc-editor.org/rfc/rfc7348#section-5), carried
 * in UDP to port 4789; an Ethernet frame follows.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |R|R|R|R|I|R|R|R|            Reserved                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                VXLAN Network Identifier (VNI) |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class VxlanFlyweight {
    public static final int FLAGS_OFFSET = 0;
    public static final int VNI_OFFSET = 4;
    public static final int HEADER_LENGTH = 8;
    /** The I flag: the VNI is valid (RFC 7348: must be set). */
    public static final int FLAG_VNI = 0x08;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public VxlanFlyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    public int flags() {
        return NetworkOrder.uint8(buffer, offset + FLAGS_OFFSET);
    }

    public int vni() {
        return NetworkOrder.uint24(buffer, offset + VNI_OFFSET);
    }
}
