package dev.vigil.protocol.loopback;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * BSD loopback encapsulation (LINKTYPE_NULL 0 and LINKTYPE_LOOP 108,
 * https://www.tcpdump.org/linktypes/LINKTYPE_NULL.html): a 4-byte address family, in the byte
 * order of the host that wrote the capture for NULL, in network byte order for LOOP.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Address family (AF_INET = 2 ...)              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class LoopbackFlyweight {
    public static final int FAMILY_OFFSET = 0;
    public static final int HEADER_LENGTH = 4;
    public static final int AF_INET = 2;
    /** AF_INET6 differs by OS: NetBSD/OpenBSD 24, FreeBSD 28, macOS 30. */
    public static final int AF_INET6_BSD = 24;
    public static final int AF_INET6_FREEBSD = 28;
    public static final int AF_INET6_DARWIN = 30;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public LoopbackFlyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    /** The family in network byte order (LOOP). */
    public int familyBigEndian() {
        return buffer.getInt(offset + FAMILY_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** The family in little-endian order (NULL written on x86, ARM ...). */
    public int familyLittleEndian() {
        return buffer.getInt(offset + FAMILY_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** The family for NULL, whose byte order is the writer's: the order in which it is a known family. */
    public int familyAnyOrder() {
        final int le = familyLittleEndian();
        return isKnown(le) ? le : familyBigEndian();
    }

    public static boolean isKnown(int family) {
        return family == AF_INET || family == AF_INET6_BSD || family == AF_INET6_FREEBSD || family == AF_INET6_DARWIN;
    }
}
