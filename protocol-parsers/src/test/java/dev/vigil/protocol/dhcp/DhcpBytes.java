package dev.vigil.protocol.dhcp;

import static dev.vigil.protocol.testing.Hex.concat;
import static dev.vigil.protocol.testing.Hex.hex;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Hand-built DHCP messages as commented byte arrays (RFC 2131 section 2 layout). The client is
 * 00:13:cb:11:22:33 (the Zenitel OUI), the server 192.0.2.1, the offered address 192.0.2.50
 * (RFC 5737 documentation range).
 */
final class DhcpBytes {
    /** The magic cookie 99.130.83.99 (RFC 2131 section 3). */
    static final String COOKIE = "63 82 53 63";
    static final long CLIENT_MAC = 0x0013CB112233L;

    private DhcpBytes() {
    }

    /** A BOOTREQUEST header: op 1, Ethernet, no addresses yet, empty sname and file. */
    static byte[] request() {
        return header("01", "06", "00000000", "00000000", new byte[64], new byte[128]);
    }

    /** A BOOTREPLY header offering 192.0.2.50 from next server 192.0.2.1, with sname and file areas given. */
    static byte[] reply(byte[] sname, byte[] file) {
        return header("02", "06", "c0000232", "00000000", sname, file);
    }

    /** The 236-byte fixed header; sname must be 64 bytes and file 128. */
    static byte[] header(String op, String hlen, String yiaddr, String giaddr, byte[] sname, byte[] file) {
        if (sname.length != 64 || file.length != 128) {
            throw new IllegalArgumentException("sname is 64 bytes, file 128");
        }
        return concat(hex(
                op,                   // op: 01 BOOTREQUEST, 02 BOOTREPLY
                "01",                 // htype 1 (Ethernet)
                hlen,                 // hlen (6 for Ethernet)
                "00",                 // hops 0
                "24593b3e",           // xid 0x24593b3e
                "0000",               // secs 0
                "8000",               // flags: broadcast bit
                "00000000",           // ciaddr 0.0.0.0
                yiaddr,               // yiaddr (your address)
                op.equals("02") ? "c0000201" : "00000000", // siaddr: next server 192.0.2.1 in replies
                giaddr,               // giaddr (relay agent)
                "0013cb112233",       // chaddr: client MAC 00:13:cb:11:22:33 ...
                "00000000000000000000"), // ... and 10 bytes of chaddr padding
                sname,                // sname, 64 bytes
                file);                // file, 128 bytes
    }

    /** A field of {@code size} bytes holding the given hex (options) or nothing, NUL-padded. */
    static byte[] area(int size, String... hexParts) {
        return Arrays.copyOf(hex(hexParts), size);
    }

    /** A field of {@code size} bytes holding text, NUL-padded. */
    static byte[] text(int size, String s) {
        return Arrays.copyOf(s.getBytes(StandardCharsets.US_ASCII), size);
    }

    /** A DHCPDISCOVER with the options a small embedded client sends. */
    static byte[] discover() {
        return concat(request(), hex(
                COOKIE,
                "35 01 01",                       // 53 message type, len 1: DISCOVER
                "3d 07 01 0013cb112233",          // 61 client id, len 7: htype 1 + MAC
                "32 04 c0000232",                 // 50 requested IP 192.0.2.50
                "0c 0b 696e746572636f6d2d3031",   // 12 host name, len 11: "intercom-01"
                "3c 0c 756468637020312e33362e31", // 60 vendor class, len 12: "udhcp 1.36.1"
                "37 05 01 03 06 0c 2a",           // 55 parameter list: 1, 3, 6, 12, 42
                "ff",                             // End
                "00 00 00 00"));                  // padding after End
    }

    /** A DHCPACK with the usual server options. */
    static byte[] ack() {
        return concat(reply(new byte[64], new byte[128]), hex(
                COOKIE,
                "35 01 05",                       // 53 message type: ACK
                "36 04 c0000201",                 // 54 server id 192.0.2.1
                "33 04 00000e10",                 // 51 lease time 3600 s
                "01 04 ffffff00",                 // 1 subnet mask 255.255.255.0
                "03 04 c0000201",                 // 3 router 192.0.2.1
                "06 08 c0000201 c0000202",        // 6 DNS 192.0.2.1, 192.0.2.2
                "2a 04 c000027b",                 // 42 NTP server 192.0.2.123
                "07 04 c0000207",                 // 7 log server 192.0.2.7
                "0f 0b 6578616d706c652e636f6d",   // 15 domain name, len 11: "example.com"
                "42 09 3139322e302e322e39",       // 66 TFTP server name, len 9: "192.0.2.9"
                "43 08 73746e2e636f6e66",         // 67 bootfile name, len 8: "stn.conf"
                "ff"));                           // End
    }
}
