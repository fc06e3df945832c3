package dev.vigil.protocol.reassembly;

import dev.vigil.protocol.PacketView;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Builds IPv4 / IPv6 fragments as a capture would hold them (a 14-byte link header before the
 * IP header, stale bytes after the packet) and fills a {@link PacketView} the way the
 * L2-L4 decoder does, so the defragmenter is tested without the decoder.
 */
final class Fragments {
    /** Bytes before the IP header (an Ethernet header). */
    static final int L2 = 14;
    /** Stale bytes after the packet in the slot (must never be read as data). */
    static final int TRAILER = 6;
    static final byte STALE = (byte) 0xEE;

    static final int SRC4 = 0xC0A80001; // 192.168.0.1
    static final int DST4 = 0xC0A80002; // 192.168.0.2
    static final long SRC6_HI = 0x2001_0db8_0000_0000L;
    static final long SRC6_LO = 0x0000_0000_0000_0001L;
    static final long DST6_HI = 0x2001_0db8_0000_0000L;
    static final long DST6_LO = 0x0000_0000_0000_0002L;
    static final int UDP = 17;

    private Fragments() {
    }

    /** A fragment: its buffer and the view describing it. */
    static final class Frag {
        final UnsafeBuffer buf;
        final PacketView view;

        Frag(UnsafeBuffer buf, PacketView view) {
            this.buf = buf;
            this.view = view;
        }

        /** A fresh view (events cleared) over the same bytes, for feeding a fragment twice. */
        Frag copy() {
            PacketView v = new PacketView().reset();
            copyView(view, v);
            return new Frag(buf, v);
        }

        boolean hasEvent(dev.vigil.protocol.DecodeEventType t) {
            for (int i = 0; i < view.eventCount; i++) {
                if (view.events[i] == t.id()) {
                    return true;
                }
            }
            return false;
        }
    }

    static void copyView(PacketView from, PacketView to) {
        to.reset();
        to.ipVersion = from.ipVersion;
        to.l3Offset = from.l3Offset;
        to.l3Length = from.l3Length;
        to.srcHi = from.srcHi;
        to.srcLo = from.srcLo;
        to.dstHi = from.dstHi;
        to.dstLo = from.dstLo;
        to.ipProtocol = from.ipProtocol;
        to.ipHeaderLength = from.ipHeaderLength;
        to.ipTotalLength = from.ipTotalLength;
        to.fragment = from.fragment;
        to.fragmentOffset = from.fragmentOffset;
        to.moreFragments = from.moreFragments;
        to.fragmentId = from.fragmentId;
        to.vlanCount = from.vlanCount;
        System.arraycopy(from.vlanIds, 0, to.vlanIds, 0, PacketView.MAX_VLANS);
    }

    // ================================================================ IPv4

    /** IPv4 header bytes (with NOP options up to {@code headerLength}) for the given fields. */
    static byte[] ipv4Header(int headerLength, int totalLength, int id, int flagsOffset, int protocol, int src, int dst) {
        byte[] h = new byte[headerLength];
        UnsafeBuffer b = new UnsafeBuffer(h);
        b.putByte(0, (byte) (0x40 | (headerLength / 4)));
        b.putByte(1, (byte) 0);
        b.putShort(2, (short) totalLength, ByteOrder.BIG_ENDIAN);
        b.putShort(4, (short) id, ByteOrder.BIG_ENDIAN);
        b.putShort(6, (short) flagsOffset, ByteOrder.BIG_ENDIAN);
        b.putByte(8, (byte) 64);
        b.putByte(9, (byte) protocol);
        b.putInt(12, src, ByteOrder.BIG_ENDIAN);
        b.putInt(16, dst, ByteOrder.BIG_ENDIAN);
        for (int i = 20; i < headerLength; i++) {
            h[i] = 1; // NOP option
        }
        b.putShort(10, (short) checksum(h, headerLength), ByteOrder.BIG_ENDIAN);
        return h;
    }

    static int checksum(byte[] h, int length) {
        int sum = 0;
        for (int i = 0; i < length; i += 2) {
            sum += ((h[i] & 0xFF) << 8) | (h[i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    /** The unfragmented datagram the fragments of {@code data} must reassemble to. */
    static byte[] ipv4Datagram(int id, int protocol, byte[] data, int headerLength) {
        byte[] h = ipv4Header(headerLength, headerLength + data.length, id, 0, protocol, SRC4, DST4);
        byte[] d = Arrays.copyOf(h, headerLength + data.length);
        System.arraycopy(data, 0, d, headerLength, data.length);
        return d;
    }

    static Frag ipv4(int id, int offset, boolean more, byte[] data, int from, int length) {
        return ipv4(id, UDP, offset, more, data, from, length, 20);
    }

    /** IPv4 fragment carrying data[from, from + length) at fragment offset {@code offset} bytes. */
    static Frag ipv4(int id, int protocol, int offset, boolean more, byte[] data, int from, int length,
                     int headerLength) {
        int total = headerLength + length;
        int flagsOffset = (more ? 0x2000 : 0) | ((offset / 8) & 0x1FFF);
        byte[] h = ipv4Header(headerLength, total, id, flagsOffset, protocol, SRC4, DST4);
        byte[] bytes = new byte[L2 + total + TRAILER];
        Arrays.fill(bytes, STALE);
        System.arraycopy(h, 0, bytes, L2, headerLength);
        System.arraycopy(data, from, bytes, L2 + headerLength, length);
        PacketView v = new PacketView().reset();
        v.ipVersion = 4;
        v.etherType = 0x0800;
        v.l3Offset = L2;
        v.l3Length = total + TRAILER; // Ethernet padding is captured too
        v.setIpv4(SRC4, DST4);
        v.ipProtocol = protocol;
        v.ipHeaderLength = headerLength;
        v.ipTotalLength = total;
        v.fragment = true;
        v.fragmentOffset = offset;
        v.moreFragments = more;
        v.fragmentId = id;
        return new Frag(new UnsafeBuffer(bytes), v);
    }

    // ================================================================ IPv6

    /**
     * The unfragmentable extension headers used by {@link #ipv6}: {@code extLength} bytes of
     * Hop-by-Hop (PadN) headers, or none when 0 (multiple of 8).
     */
    private static byte[] hopByHop(int extLength, int nextHeader) {
        byte[] e = new byte[extLength];
        if (extLength > 0) {
            e[0] = (byte) nextHeader;
            e[1] = (byte) (extLength / 8 - 1);
            e[2] = 1; // PadN
            e[3] = (byte) (extLength - 4);
        }
        return e;
    }

    private static void ipv6Fixed(UnsafeBuffer b, int at, int payloadLength, int nextHeader) {
        b.putInt(at, 0x6000_0000, ByteOrder.BIG_ENDIAN);
        b.putShort(at + 4, (short) payloadLength, ByteOrder.BIG_ENDIAN);
        b.putByte(at + 6, (byte) nextHeader);
        b.putByte(at + 7, (byte) 64);
        b.putLong(at + 8, SRC6_HI, ByteOrder.BIG_ENDIAN);
        b.putLong(at + 16, SRC6_LO, ByteOrder.BIG_ENDIAN);
        b.putLong(at + 24, DST6_HI, ByteOrder.BIG_ENDIAN);
        b.putLong(at + 32, DST6_LO, ByteOrder.BIG_ENDIAN);
    }

    /** The reassembled IPv6 packet: fixed header, unfragmentable part, data; no Fragment header. */
    static byte[] ipv6Datagram(int nextHeader, byte[] data, int extLength) {
        byte[] d = new byte[40 + extLength + data.length];
        UnsafeBuffer b = new UnsafeBuffer(d);
        ipv6Fixed(b, 0, extLength + data.length, extLength > 0 ? 0 : nextHeader);
        System.arraycopy(hopByHop(extLength, nextHeader), 0, d, 40, extLength);
        System.arraycopy(data, 0, d, 40 + extLength, data.length);
        return d;
    }

    static Frag ipv6(long id, int offset, boolean more, byte[] data, int from, int length) {
        return ipv6(id, UDP, offset, more, data, from, length, 0);
    }

    /** IPv6 fragment: fixed header, {@code extLength} bytes of Hop-by-Hop, Fragment header, data. */
    static Frag ipv6(long id, int nextHeader, int offset, boolean more, byte[] data, int from, int length,
                     int extLength) {
        int payload = extLength + 8 + length;
        int total = 40 + payload;
        byte[] bytes = new byte[L2 + total + TRAILER];
        Arrays.fill(bytes, STALE);
        UnsafeBuffer b = new UnsafeBuffer(bytes);
        ipv6Fixed(b, L2, payload, extLength > 0 ? 0 : 44);
        System.arraycopy(hopByHop(extLength, 44), 0, bytes, L2 + 40, extLength);
        int fh = L2 + 40 + extLength;
        b.putByte(fh, (byte) nextHeader);
        b.putByte(fh + 1, (byte) 0);
        b.putShort(fh + 2, (short) ((offset & 0xFFF8) | (more ? 1 : 0)), ByteOrder.BIG_ENDIAN);
        b.putInt(fh + 4, (int) id, ByteOrder.BIG_ENDIAN);
        System.arraycopy(data, from, bytes, fh + 8, length);
        PacketView v = new PacketView().reset();
        v.ipVersion = 6;
        v.etherType = 0x86DD;
        v.l3Offset = L2;
        v.l3Length = total + TRAILER;
        v.srcHi = SRC6_HI;
        v.srcLo = SRC6_LO;
        v.dstHi = DST6_HI;
        v.dstLo = DST6_LO;
        v.ipProtocol = nextHeader;
        v.ipHeaderLength = 40 + extLength + 8;
        v.ipTotalLength = total;
        v.fragment = true;
        v.fragmentOffset = offset;
        v.moreFragments = more;
        v.fragmentId = id;
        return new Frag(b, v);
    }

    static byte[] bytes(int length, int seed) {
        byte[] d = new byte[length];
        java.util.Random r = new java.util.Random(seed);
        r.nextBytes(d);
        return d;
    }
}
