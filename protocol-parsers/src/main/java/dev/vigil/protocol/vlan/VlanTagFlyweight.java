package dev.vigil.protocol.vlan;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * One IEEE 802.1Q tag after its TPID (0x8100 C-tag, 0x88A8 S-tag of 802.1ad, 0x9100 old QinQ):
 * the tag control information and the EtherType of what follows (IEEE 802.1Q-2018 clause 9.6).
 * The flyweight starts after the TPID, which the previous header's type field holds.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | PCP |D|        VLAN ID        |      EtherType / Length       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class VlanTagFlyweight {
    public static final int TCI_OFFSET = 0;
    public static final int ETHER_TYPE_OFFSET = 2;
    public static final int LENGTH = 4;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public VlanTagFlyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    /** Tag control information: priority, drop eligible, VLAN id. */
    public int tci() {
        return NetworkOrder.uint16(buffer, offset + TCI_OFFSET);
    }

    public int priority() {
        return tci() >>> 13;
    }

    public boolean dropEligible() {
        return (tci() & 0x1000) != 0;
    }

    public int vlanId() {
        return tci() & 0x0FFF;
    }

    public int etherType() {
        return NetworkOrder.uint16(buffer, offset + ETHER_TYPE_OFFSET);
    }
}
