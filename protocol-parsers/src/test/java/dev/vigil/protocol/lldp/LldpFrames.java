package dev.vigil.protocol.lldp;

import static dev.vigil.protocol.testing.Hex.concat;
import static dev.vigil.protocol.testing.Hex.hex;

import java.nio.charset.StandardCharsets;

/**
 * Hand-built LLDPDUs (IEEE 802.1AB-2016 clause 8) as commented byte arrays. A TLV header is a
 * 7-bit type and a 9-bit length: {@code (type << 9) | length}, written big-endian.
 */
final class LldpFrames {
    private LldpFrames() {
    }

    /** Any TLV: the 2-byte header from type and the value's length, then the value. */
    static byte[] tlv(int type, byte[] value) {
        int header = (type << 9) | value.length;
        return concat(new byte[] {(byte) (header >>> 8), (byte) header}, value);
    }

    /** A TLV header with a length that does not match what follows (malformed frames). */
    static byte[] header(int type, int length) {
        int header = (type << 9) | (length & 0x1FF);
        return new byte[] {(byte) (header >>> 8), (byte) header};
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Chassis ID, subtype 4 (MAC address) 00:13:CB:00:00:01 (a Zenitel OUI). */
    static byte[] chassisMac() {
        return tlv(1, hex("04", "00 13 cb 00 00 01"));
    }

    /** Port ID, subtype 5 (interface name) "eth0". */
    static byte[] portName() {
        return tlv(2, concat(hex("05"), ascii("eth0")));
    }

    /** Time To Live, 120 s. */
    static byte[] ttl() {
        return tlv(3, hex("00 78"));
    }

    static byte[] systemName(String name) {
        return tlv(5, ascii(name));
    }

    /** Management Address: IPv4 192.0.2.10, ifIndex 3, no OID. */
    static byte[] managementIpv4() {
        return tlv(8, hex(
                "05",             // address string length: subtype + 4 bytes
                "01",             // address subtype 1: IPv4
                "c0 00 02 0a",    // 192.0.2.10
                "02",             // interface numbering subtype 2: ifIndex
                "00 00 00 03",    // interface number 3
                "00"));           // OID string length 0
    }

    /** IEEE 802.1 (OUI 00-80-C2) subtype 3 VLAN Name: VLAN id and name. */
    static byte[] vlanName(int id, String name) {
        byte[] n = ascii(name);
        return tlv(127, concat(hex("00 80 c2", "03"), new byte[] {(byte) (id >>> 8), (byte) id, (byte) n.length}, n));
    }

    /** LLDP-MED (OUI 00-12-BB) subtype 2 Network Policy: voice, tagged, VLAN 50, priority 6, DSCP 46. */
    static byte[] voicePolicy() {
        return tlv(127, hex(
                "00 12 bb", "02", // TIA, Network Policy
                "01",             // application type 1: voice
                "40 65 ae"));     // U=0 T=1 X=0, VLAN 50 (12 bits), L2 priority 6 (3 bits), DSCP 46 (6 bits)
    }

    static byte[] end() {
        return hex("00 00");      // End Of LLDPDU: type 0, length 0
    }

    /** The three mandatory TLVs. */
    static byte[] mandatory() {
        return concat(chassisMac(), portName(), ttl());
    }
}
