package dev.vigil.protocol;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Network-byte-order (big-endian) reads with unsigned widening, shared by the flyweights.
 * No bounds checks beyond the buffer's own: callers check the packet's captured length and the
 * layer's declared length first (a reused ring slot holds stale bytes past the packet).
 */
public final class NetworkOrder {
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private NetworkOrder() {
    }

    /** One unsigned byte. */
    public static int uint8(DirectBuffer buffer, int index) {
        return buffer.getByte(index) & 0xFF;
    }

    /** Two bytes, unsigned. */
    public static int uint16(DirectBuffer buffer, int index) {
        return buffer.getShort(index, BE) & 0xFFFF;
    }

    /** Three bytes, unsigned (VXLAN VNI). */
    public static int uint24(DirectBuffer buffer, int index) {
        return (uint16(buffer, index) << 8) | uint8(buffer, index + 2);
    }

    /** Four bytes as a signed int (IPv4 addresses are kept as raw 32-bit values). */
    public static int int32(DirectBuffer buffer, int index) {
        return buffer.getInt(index, BE);
    }

    /** Four bytes, unsigned. */
    public static long uint32(DirectBuffer buffer, int index) {
        return buffer.getInt(index, BE) & 0xFFFF_FFFFL;
    }

    /** Six bytes (a MAC address) in the low 48 bits. */
    public static long uint48(DirectBuffer buffer, int index) {
        return (uint32(buffer, index) << 16) | uint16(buffer, index + 4);
    }

    /** Eight bytes (half of an IPv6 address). */
    public static long int64(DirectBuffer buffer, int index) {
        return buffer.getLong(index, BE);
    }
}
