package dev.vigil.protocol;

/**
 * Codes of the layers {@link PacketDecoder} walks through. Each protocol decoder returns the
 * code of the next layer (and leaves its offset and declared end in {@link DecodeContext}), or
 * {@link #NONE} when decoding stops. Plain ints: the decoder's loop is a switch, no objects.
 */
public final class Layer {
    public static final int NONE = 0;
    public static final int ETHERNET = 1;
    public static final int VLAN = 2;
    public static final int SLL = 3;
    public static final int SLL2 = 4;
    public static final int NULL_LOOPBACK = 5;
    public static final int LOOP = 6;
    /** IP, version from the first nibble (raw links, ERSPAN III, reassembled datagrams). */
    public static final int IP = 7;
    public static final int IPV4 = 8;
    public static final int IPV6 = 9;
    public static final int ARP = 10;
    public static final int UDP = 11;
    public static final int TCP = 12;
    public static final int ICMP = 13;
    public static final int ICMPV6 = 14;
    public static final int IGMP = 15;
    public static final int GRE = 16;
    public static final int ERSPAN2 = 17;
    public static final int ERSPAN3 = 18;
    public static final int VXLAN = 19;
    public static final int PPP = 20;
    public static final int PPPOE = 21;
    public static final int SCTP = 22;

    private Layer() {
    }
}
