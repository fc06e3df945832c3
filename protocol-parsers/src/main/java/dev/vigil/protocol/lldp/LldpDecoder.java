package dev.vigil.protocol.lldp;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;

import java.util.List;

/**
 * Link Layer Discovery Protocol (IEEE 802.1AB-2016, https://standards.ieee.org/ieee/802.1AB/6047/):
 * the LLDPDU of a frame with EtherType 0x88CC, decoded into an {@link LldpMessage} through the
 * Kaitai spec {@code src/main/kaitai/lldp.ksy} ({@link LldpKaitaiAdapter}).
 * <pre>
 * Ethernet | dst 01:80:C2:00:00:0E (or :03, :00) | src | 0x88CC | LLDPDU ... | padding |
 * LLDPDU:  | Chassis ID | Port ID | TTL | optional TLVs ... | End of LLDPDU (type 0, length 0) |
 * TLV:     | type (7 bits) | length (9 bits) | value (length bytes) |
 * </pre>
 * LLDP frames arrive every 30 s or so per port: this decoder allocates (a copy of the PDU, the
 * generated parser's objects, strings) and is not on the per-packet hot path. Holds only its
 * configuration: one instance may serve any number of threads.
 */
public final class LldpDecoder {
    /** The LLDP EtherType. */
    public static final int ETHER_TYPE = 0x88CC;

    public static final DecodeEventType TRUNCATED = DecodeEventType.register("lldp.truncated",
            "The capture ends inside the LLDPDU (snap length): the TLVs before the cut are kept.",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_TLV_LENGTH = DecodeEventType.register("lldp.bad_tlv_length",
            "An LLDP TLV length runs past the end of the frame, or is outside the range IEEE 802.1AB allows"
                    + " for its type.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_TLV_VALUE = DecodeEventType.register("lldp.bad_tlv_value",
            "An LLDP TLV value contradicts itself (an inner length runs past the TLV, a value is too short"
                    + " for its fields).", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType MISSING_MANDATORY_TLV = DecodeEventType.register(
            "lldp.missing_mandatory_tlv",
            "The LLDPDU does not start with Chassis ID, Port ID and Time To Live, in that order.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType DUPLICATE_TLV = DecodeEventType.register("lldp.duplicate_tlv",
            "An LLDP TLV that may appear once (Chassis ID, Port ID, TTL, descriptions, system name,"
                    + " capabilities) appears again; the first one is kept.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType MISSING_END = DecodeEventType.register("lldp.missing_end",
            "The LLDPDU ends without an End Of LLDPDU TLV.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType TOO_MANY_TLVS = DecodeEventType.register("lldp.too_many_tlvs",
            "The LLDPDU has more TLVs than the configured limit; the rest is not decoded.",
            DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TOO_MANY_MANAGEMENT_ADDRESSES = DecodeEventType.register(
            "lldp.too_many_management_addresses",
            "The LLDPDU has more Management Address TLVs than the configured limit; the rest are counted only.",
            DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TOO_MANY_VLAN_NAMES = DecodeEventType.register("lldp.too_many_vlan_names",
            "The LLDPDU has more IEEE 802.1 VLAN Name TLVs than the configured limit; the rest are counted only.",
            DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TOO_MANY_NETWORK_POLICIES = DecodeEventType.register(
            "lldp.too_many_network_policies",
            "The LLDPDU has more LLDP-MED Network Policy TLVs than the configured limit; the rest are counted only.",
            DecodeEventType.KIND_OVERFLOW);

    private static final List<DecodeEventType> TYPES = List.of(TRUNCATED, BAD_TLV_LENGTH, BAD_TLV_VALUE,
            MISSING_MANDATORY_TLV, DUPLICATE_TLV, MISSING_END, TOO_MANY_TLVS, TOO_MANY_MANAGEMENT_ADDRESSES,
            TOO_MANY_VLAN_NAMES, TOO_MANY_NETWORK_POLICIES);

    private final LldpConfig config;

    public LldpDecoder() {
        this(LldpConfig.DEFAULT);
    }

    public LldpDecoder(LldpConfig config) {
        this.config = config;
    }

    /** Every decode event type of LLDP. */
    public static List<DecodeEventType> eventTypes() {
        return TYPES;
    }

    public LldpConfig config() {
        return config;
    }

    /**
     * Decodes the LLDPDU at {@code buffer[offset, offset + length)}. Never throws for any bytes.
     *
     * @param length the bytes of the frame from the LLDPDU on that were captured (Ethernet
     *               padding and a captured FCS may follow the End TLV: they are ignored)
     * @param cut    true when the capture kept less of the frame than the wire carried, so a TLV
     *               that runs past the end is {@code lldp.truncated} rather than malformed
     */
    public LldpMessage decode(DirectBuffer buffer, int offset, int length, boolean cut) {
        int n = Math.max(0, Math.min(length, buffer.capacity() - offset));
        byte[] pdu = new byte[n];
        if (n > 0) {
            buffer.getBytes(offset, pdu, 0, n);
        }
        return LldpKaitaiAdapter.parse(pdu, n, cut, config);
    }

    /** Decodes an LLDPDU held in an array (tests, tools). */
    public LldpMessage decode(byte[] pdu, boolean cut) {
        return LldpKaitaiAdapter.parse(pdu, pdu.length, cut, config);
    }
}
