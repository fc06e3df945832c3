package dev.vigil.protocol.testing;

import static dev.vigil.protocol.testing.Hex.concat;
import static dev.vigil.protocol.testing.Hex.hex;

/**
 * Hand-built headers as commented byte arrays. Lengths and next-layer fields are parameters so
 * frames can be stacked; everything else is fixed and named in the comments. Checksums are 0:
 * the decoder does not verify them.
 */
public final class Frames {
    /** 192.0.2.1 and 192.0.2.2 (RFC 5737 documentation range). */
    public static final int SRC4 = 0xC000_0201;
    public static final int DST4 = 0xC000_0202;
    /** 00:00:5e:00:53:01 and 00:00:5e:00:53:02 (RFC 7042 documentation MACs). */
    public static final long SRC_MAC = 0x00005E005301L;
    public static final long DST_MAC = 0x00005E005302L;

    private Frames() {
    }

    public static String h16(int v) {
        return String.format("%04x", v & 0xFFFF);
    }

    public static String h8(int v) {
        return String.format("%02x", v & 0xFF);
    }

    public static String h32(long v) {
        return String.format("%08x", v & 0xFFFF_FFFFL);
    }

    /** Ethernet II header. */
    public static byte[] eth(int etherType) {
        return hex(
                "00 00 5e 00 53 02",  // destination MAC 00:00:5e:00:53:02
                "00 00 5e 00 53 01",  // source MAC 00:00:5e:00:53:01
                h16(etherType));      // EtherType
    }

    /** One 802.1Q tag after its TPID: priority 0, the VLAN id, then the inner EtherType. */
    public static byte[] tag(int vlanId, int innerType) {
        return hex(
                h16(vlanId & 0x0FFF), // PCP 0, DEI 0, VLAN id
                h16(innerType));      // EtherType of what follows
    }

    /** IPv4 header without options, DF clear, not a fragment, TTL 64, 192.0.2.1 > 192.0.2.2. */
    public static byte[] ipv4(int protocol, int totalLength) {
        return ipv4(protocol, totalLength, 0, SRC4, DST4);
    }

    /** IPv4 header without options; {@code flagsFragment} is the 16-bit flags + offset field. */
    public static byte[] ipv4(int protocol, int totalLength, int flagsFragment, int src, int dst) {
        return hex(
                "45",                 // version 4, IHL 5 (20 bytes)
                "00",                 // TOS
                h16(totalLength),     // total length
                "1234",               // identification 0x1234
                h16(flagsFragment),   // flags (DF 0x4000, MF 0x2000) + fragment offset / 8
                "40",                 // TTL 64
                h8(protocol),         // protocol
                "0000",               // header checksum (not verified)
                h32(src),             // source address
                h32(dst));            // destination address
    }

    /** IPv6 fixed header, hop limit 64, 2001:db8::1 > 2001:db8::2 (RFC 3849). */
    public static byte[] ipv6(int nextHeader, int payloadLength) {
        return hex(
                "60000000",                                // version 6, traffic class 0, flow label 0
                h16(payloadLength),                        // payload length
                h8(nextHeader),                            // next header
                "40",                                      // hop limit 64
                "20010db8 00000000 00000000 00000001",     // source 2001:db8::1
                "20010db8 00000000 00000000 00000002");    // destination 2001:db8::2
    }

    /** UDP header. */
    public static byte[] udp(int sourcePort, int destinationPort, int length) {
        return hex(
                h16(sourcePort),      // source port
                h16(destinationPort), // destination port
                h16(length),          // length (header + data)
                "0000");              // checksum (not verified)
    }

    /** TCP header of 20 bytes, flags PSH|ACK, window 0x2000. */
    public static byte[] tcp(int sourcePort, int destinationPort) {
        return tcp(sourcePort, destinationPort, 5, 0x18);
    }

    /** TCP header, {@code dataOffsetWords} x 4 bytes long (NOP options after the fixed 20). */
    public static byte[] tcp(int sourcePort, int destinationPort, int dataOffsetWords, int flags) {
        byte[] fixed = hex(
                h16(sourcePort),      // source port
                h16(destinationPort), // destination port
                "01020304",           // sequence number 0x01020304
                "0a0b0c0d",           // acknowledgment number 0x0a0b0c0d
                h8(dataOffsetWords << 4), // data offset, reserved
                h8(flags),            // flags
                "2000",               // window 8192
                "0000",               // checksum (not verified)
                "0000");              // urgent pointer
        int options = Math.max(0, dataOffsetWords * 4 - 20);
        byte[] nops = new byte[options];
        java.util.Arrays.fill(nops, (byte) 1); // NOP options
        return concat(fixed, nops);
    }

    /** An Ethernet/IPv4/UDP frame carrying {@code payload} bytes. */
    public static byte[] ethIpv4Udp(int sourcePort, int destinationPort, int payload) {
        return concat(eth(0x0800), ipv4(17, 20 + 8 + payload), udp(sourcePort, destinationPort, 8 + payload),
                Hex.payload(payload));
    }

    /** An Ethernet/IPv4/TCP frame carrying {@code payload} bytes. */
    public static byte[] ethIpv4Tcp(int sourcePort, int destinationPort, int payload) {
        return concat(eth(0x0800), ipv4(6, 20 + 20 + payload), tcp(sourcePort, destinationPort), Hex.payload(payload));
    }

    /** An IPv4/UDP datagram (no link header) carrying {@code payload} bytes. */
    public static byte[] ipv4Udp(int sourcePort, int destinationPort, int payload) {
        return concat(ipv4(17, 20 + 8 + payload), udp(sourcePort, destinationPort, 8 + payload), Hex.payload(payload));
    }

    /** An IPv6/UDP datagram (no link header) carrying {@code payload} bytes. */
    public static byte[] ipv6Udp(int sourcePort, int destinationPort, int payload) {
        return concat(ipv6(17, 8 + payload), udp(sourcePort, destinationPort, 8 + payload), Hex.payload(payload));
    }

    /** SCTP common header (RFC 9260 section 3.1), verification tag 0x0a0b0c0d. */
    public static byte[] sctp(int sourcePort, int destinationPort) {
        return hex(
                h16(sourcePort),      // source port
                h16(destinationPort), // destination port
                "0a0b0c0d",           // verification tag
                "00000000");          // checksum (CRC32c, not verified)
    }

    /**
     * SCTP DATA chunk (RFC 9260 section 3.3.1) carrying {@code data}, TSN 7, stream 1, SSN 2,
     * padded to a multiple of 4 bytes.
     */
    public static byte[] sctpData(int flags, long ppid, byte[] data) {
        int length = 16 + data.length;
        byte[] chunk = concat(hex(
                "00",                 // type 0: DATA
                h8(flags),            // flags: U 0x04, B 0x02, E 0x01
                h16(length),          // chunk length (header + user data, without padding)
                "00000007",           // TSN
                "0001",               // stream identifier
                "0002",               // stream sequence number
                h32(ppid)),           // payload protocol identifier
                data);
        return concat(chunk, new byte[((length + 3) & ~3) - length]);
    }

    /** Any SCTP chunk: type, flags, length (as declared) and {@code value}, no padding added. */
    public static byte[] sctpChunk(int type, int flags, int length, byte[] value) {
        return concat(hex(h8(type), h8(flags), h16(length)), value);
    }

    /** GRE version 0 header with only the protocol type. */
    public static byte[] gre(int protocolType) {
        return hex(
                "0000",               // C R K S, reserved, version 0
                h16(protocolType));   // protocol type
    }
}
