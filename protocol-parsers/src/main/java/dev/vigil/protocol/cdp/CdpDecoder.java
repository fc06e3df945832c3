package dev.vigil.protocol.cdp;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;

import java.util.List;

/**
 * Cisco Discovery Protocol, versions 1 and 2: the PDU after the LLC/SNAP header of an IEEE
 * 802.3 frame, decoded into a {@link CdpMessage} through the Kaitai spec
 * {@code src/main/kaitai/cdp.ksy} ({@link CdpKaitaiAdapter}). Cisco describes the format only in
 * prose; the layout follows Wireshark's {@code epan/dissectors/packet-cdp.c}.
 * <pre>
 * 802.3 | dst 01:00:0C:CC:CC:CC | src | length |
 * LLC   | DSAP 0xAA | SSAP 0xAA | control 0x03 |  SNAP | OUI 00:00:0C | protocol id 0x2000 |
 * CDP   | version (1) | TTL (1) | checksum (2) | TLVs ...
 * TLV   | type (2) | length (2, includes these 4 bytes) | value |
 * </pre>
 * CDP frames arrive once a minute per port: this decoder allocates and is not on the per-packet
 * hot path, except {@link #matches}, which only reads. Holds only its configuration.
 */
public final class CdpDecoder {
    /** LLC (3 bytes) and SNAP (5 bytes) before the CDP header. */
    public static final int LLC_SNAP_LENGTH = 8;
    /** The CDP multicast destination 01:00:0C:CC:CC:CC. */
    public static final long DESTINATION = 0x01000CCCCCCCL;

    public static final DecodeEventType TRUNCATED = DecodeEventType.register("cdp.truncated",
            "The capture ends inside the CDP PDU (snap length): the TLVs before the cut are kept.",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_LENGTH = DecodeEventType.register("cdp.bad_length",
            "The 802.3 length leaves less than the 4-byte CDP header after LLC/SNAP.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_TLV_LENGTH = DecodeEventType.register("cdp.bad_tlv_length",
            "A CDP TLV length is below 4 (its own header) or runs past the end of the PDU.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_TLV_VALUE = DecodeEventType.register("cdp.bad_tlv_value",
            "A CDP TLV value is too short for its fields, or an address list contradicts its count.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_CHECKSUM = DecodeEventType.register("cdp.bad_checksum",
            "The CDP checksum does not match the PDU.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType MISSING_DEVICE_ID = DecodeEventType.register("cdp.missing_device_id",
            "A complete CDP PDU has no Device ID TLV.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType DUPLICATE_TLV = DecodeEventType.register("cdp.duplicate_tlv",
            "A CDP TLV that may appear once appears again; the first one is kept.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType TOO_MANY_TLVS = DecodeEventType.register("cdp.too_many_tlvs",
            "The CDP PDU has more TLVs than the configured limit; the rest is not decoded.",
            DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TOO_MANY_ADDRESSES = DecodeEventType.register("cdp.too_many_addresses",
            "A CDP address list has more addresses than the configured limit; the rest are dropped.",
            DecodeEventType.KIND_OVERFLOW);

    private static final List<DecodeEventType> TYPES = List.of(TRUNCATED, BAD_LENGTH, BAD_TLV_LENGTH,
            BAD_TLV_VALUE, BAD_CHECKSUM, MISSING_DEVICE_ID, DUPLICATE_TLV, TOO_MANY_TLVS, TOO_MANY_ADDRESSES);

    private final CdpConfig config;

    public CdpDecoder() {
        this(CdpConfig.DEFAULT);
    }

    public CdpDecoder(CdpConfig config) {
        this.config = config;
    }

    /** Every decode event type of CDP. */
    public static List<DecodeEventType> eventTypes() {
        return TYPES;
    }

    public CdpConfig config() {
        return config;
    }

    /**
     * True when the LLC PDU at {@code offset} (after an 802.3 header: EtherType field below 0x0600)
     * is LLC UI with SNAP OUI 00:00:0C and protocol id 0x2000. Reads 8 bytes at most, allocates
     * nothing. Other Cisco SNAP protocols (VTP 0x2003, DTP 0x2004, UDLD 0x0111, PAgP 0x0104) are not CDP.
     *
     * @param length bytes of the LLC PDU available (bounded by the 802.3 length and the capture)
     */
    public static boolean matches(DirectBuffer buffer, int offset, int length) {
        if (offset < 0 || length < LLC_SNAP_LENGTH || offset + LLC_SNAP_LENGTH > buffer.capacity()) {
            return false;
        }
        return buffer.getByte(offset) == (byte) 0xAA       // DSAP: SNAP
                && buffer.getByte(offset + 1) == (byte) 0xAA   // SSAP: SNAP
                && buffer.getByte(offset + 2) == 0x03          // control: UI
                && buffer.getByte(offset + 3) == 0x00          // OUI 00:00:0C (Cisco)
                && buffer.getByte(offset + 4) == 0x00
                && buffer.getByte(offset + 5) == 0x0C
                && buffer.getByte(offset + 6) == 0x20          // protocol id 0x2000: CDP
                && buffer.getByte(offset + 7) == 0x00;
    }

    /**
     * Decodes the CDP PDU that follows the LLC/SNAP header at {@code llcOffset}. Never throws.
     *
     * @param length bytes of the LLC PDU available (LLC/SNAP included), bounded by the 802.3 length
     * @param cut    true when the capture kept less of the frame than the wire carried
     */
    public CdpMessage decode(DirectBuffer buffer, int llcOffset, int length, boolean cut) {
        int start = llcOffset + LLC_SNAP_LENGTH;
        int n = Math.max(0, Math.min(length - LLC_SNAP_LENGTH, buffer.capacity() - start));
        byte[] pdu = new byte[n];
        if (n > 0) {
            buffer.getBytes(start, pdu, 0, n);
        }
        return CdpKaitaiAdapter.parse(pdu, n, cut, config);
    }

    /** Decodes a CDP PDU (from the version byte on) held in an array (tests, tools). */
    public CdpMessage decode(byte[] pdu, boolean cut) {
        return CdpKaitaiAdapter.parse(pdu, pdu.length, cut, config);
    }

    /**
     * The CDP checksum check: the Internet checksum (RFC 1071) over the PDU, checksum field
     * included, must come out 0. Cisco's implementation differs for odd lengths: the last byte
     * is placed in the low half of the last 16-bit word and, when its top bit is set, both halves
     * are decremented (Wireshark packet-cdp.c documents the quirk); this reproduces it.
     */
    public static boolean checksumValid(byte[] pdu, int length) {
        long sum = 0;
        int even = length & ~1;
        for (int i = 0; i < even; i += 2) {
            sum += ((pdu[i] & 0xFF) << 8) | (pdu[i + 1] & 0xFF);
        }
        if ((length & 1) != 0) {
            int hi = 0;
            int lo = pdu[length - 1] & 0xFF;
            if ((lo & 0x80) != 0) {
                lo = (lo - 1) & 0xFF;
                hi = (hi - 1) & 0xFF;
            }
            sum += (hi << 8) | lo;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (~sum & 0xFFFF) == 0;
    }
}
