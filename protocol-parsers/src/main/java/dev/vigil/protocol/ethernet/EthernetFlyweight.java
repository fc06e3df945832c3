package dev.vigil.protocol.ethernet;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * Ethernet II / IEEE 802.3 MAC header (IEEE 802.3-2018 clause 3.2; EtherType values:
 * https://www.iana.org/assignments/ieee-802-numbers). A type field below 0x0600 is an 802.3
 * length, the frame then carries an LLC PDU.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Destination MAC address                      |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                     Source MAC address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      EtherType / Length       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Accessors do not check bounds: the decoder checks {@link #HEADER_LENGTH} against the captured
 * bytes first.
 */
public final class EthernetFlyweight {
    public static final int DESTINATION_OFFSET = 0;
    public static final int SOURCE_OFFSET = 6;
    public static final int ETHER_TYPE_OFFSET = 12;
    public static final int HEADER_LENGTH = 14;
    /** Type values below this are 802.3 lengths. */
    public static final int MIN_ETHER_TYPE = 0x0600;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public EthernetFlyweight wrap(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public int offset() {
        return offset;
    }

    /** Bytes available from the header's first byte. */
    public int length() {
        return length;
    }

    /** Destination MAC in the low 48 bits. */
    public long destination() {
        return NetworkOrder.uint48(buffer, offset + DESTINATION_OFFSET);
    }

    /** Source MAC in the low 48 bits. */
    public long source() {
        return NetworkOrder.uint48(buffer, offset + SOURCE_OFFSET);
    }

    /** EtherType, or the 802.3 length when below {@link #MIN_ETHER_TYPE}. */
    public int etherType() {
        return NetworkOrder.uint16(buffer, offset + ETHER_TYPE_OFFSET);
    }
}
