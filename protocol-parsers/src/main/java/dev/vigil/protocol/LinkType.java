package dev.vigil.protocol;

/**
 * Link-layer header types (LINKTYPE_* values of the tcpdump.org registry,
 * https://www.tcpdump.org/linktypes.html) that the L2 decoder understands.
 */
public final class LinkType {
    /** BSD loopback: 4-byte address family in the writer's byte order. */
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** Raw IP (version from the first nibble); 101 is LINKTYPE_RAW, 12/14 are DLT_RAW on some systems. */
    public static final int RAW = 101;
    public static final int RAW_DLT12 = 12;
    public static final int RAW_DLT14 = 14;
    /** OpenBSD loopback: 4-byte address family, network byte order. */
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    /** True when the decoder can decode frames of this link type. */
    public static boolean isSupported(int linkType) {
        switch (linkType) {
            case NULL: case ETHERNET: case RAW: case RAW_DLT12: case RAW_DLT14: case LOOP:
            case LINUX_SLL: case IPV4: case IPV6: case LINUX_SLL2:
                return true;
            default:
                return false;
        }
    }

    /** A short lower-case name for messages and metrics tags. */
    public static String name(int linkType) {
        switch (linkType) {
            case NULL: return "null";
            case ETHERNET: return "ethernet";
            case RAW: case RAW_DLT12: case RAW_DLT14: return "raw";
            case LOOP: return "loop";
            case LINUX_SLL: return "linux_sll";
            case IPV4: return "ipv4";
            case IPV6: return "ipv6";
            case LINUX_SLL2: return "linux_sll2";
            default: return "linktype_" + linkType;
        }
    }
}
