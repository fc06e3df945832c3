package dev.vigil.protocol.ppp;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * PPP encapsulation (RFC 1661 section 2, HDLC-like framing of RFC 1662 section 3.1 without flag
 * and FCS), as carried by PPTP's GRE and PPPoE. Address and control (0xFF 0x03) may be omitted
 * (ACFC), and the protocol field may be one byte (PFC, RFC 1661 section 6.5): a protocol byte
 * with its low bit set ends the field.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Address 0xFF  | Control 0x03  |        Protocol (1 or 2)      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class PppFlyweight {
    public static final int ADDRESS = 0xFF;
    public static final int CONTROL = 0x03;
    public static final int PROTOCOL_IPV4 = 0x0021;
    public static final int PROTOCOL_IPV6 = 0x0057;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public PppFlyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    public int byteAt(int index) {
        return NetworkOrder.uint8(buffer, offset + index);
    }

    public int uint16At(int index) {
        return NetworkOrder.uint16(buffer, offset + index);
    }

    /** True when the first two bytes are the HDLC address and control (needs 2 bytes). */
    public boolean hasAddressControl() {
        return byteAt(0) == ADDRESS && byteAt(1) == CONTROL;
    }
}
