package dev.vigil.protocol.cdp;

import static dev.vigil.protocol.testing.Hex.concat;
import static dev.vigil.protocol.testing.Hex.hex;

import java.nio.charset.StandardCharsets;

/** Hand-built CDP PDUs as commented byte arrays, with a correct checksum unless said otherwise. */
final class CdpFrames {
    private CdpFrames() {
    }

    /** LLC (DSAP 0xAA, SSAP 0xAA, UI) and SNAP (OUI 00:00:0C, protocol id 0x2000) before the PDU. */
    static byte[] llcSnap() {
        return hex("aa aa 03", "00 00 0c", "20 00");
    }

    /** A TLV: type (2 bytes), length including the 4-byte header (2 bytes), value. */
    static byte[] tlv(int type, byte[] value) {
        int length = value.length + 4;
        return concat(new byte[] {(byte) (type >>> 8), (byte) type, (byte) (length >>> 8), (byte) length}, value);
    }

    /** A TLV header with any length (malformed frames). */
    static byte[] header(int type, int length) {
        return new byte[] {(byte) (type >>> 8), (byte) type, (byte) (length >>> 8), (byte) length};
    }

    static byte[] text(int type, String s) {
        return tlv(type, s.getBytes(StandardCharsets.UTF_8));
    }

    /** Addresses value: the count, then IPv4 entries (NLPID 0xCC). */
    static byte[] ipv4Addresses(int count, String... dotted) {
        byte[] out = hex(String.format("%08x", count));
        for (String d : dotted) {
            String[] p = d.split("\\.");
            out = concat(out, hex(
                    "01",            // protocol type 1: NLPID
                    "01",            // protocol length 1
                    "cc",            // protocol 0xCC: IP
                    "00 04"),        // address length 4
                    new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]),
                        (byte) Integer.parseInt(p[2]), (byte) Integer.parseInt(p[3])});
        }
        return out;
    }

    /** Version 2, TTL 180, then the TLVs, with the checksum computed over the whole PDU. */
    static byte[] pdu(byte[]... tlvs) {
        byte[] p = concat(hex("02", "b4", "00 00"), concat(tlvs));
        int c = checksum(p);
        p[2] = (byte) (c >>> 8);
        p[3] = (byte) c;
        return p;
    }

    /**
     * The value for the checksum field (zero while computing): the one's complement of the
     * one's-complement sum of 16-bit words; an odd last byte goes in the low half of its word,
     * and when its top bit is set Cisco subtracts one from both halves (Wireshark packet-cdp.c).
     */
    static int checksum(byte[] p) {
        long sum = 0;
        for (int i = 0; i + 1 < p.length; i += 2) {
            sum += ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
        }
        if (p.length % 2 == 1) {
            int last = p[p.length - 1] & 0xFF;
            sum += (last & 0x80) != 0 ? (0xFF00 | (last - 1)) : last;
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
