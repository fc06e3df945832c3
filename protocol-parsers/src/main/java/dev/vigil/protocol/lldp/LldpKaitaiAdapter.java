package dev.vigil.protocol.lldp;

import dev.vigil.protocol.kaitai.Lldp;
import io.kaitai.struct.ByteBufferKaitaiStream;
import io.kaitai.struct.KaitaiStream;

import java.nio.ByteBuffer;

/**
 * Turns an LLDPDU into an {@link LldpMessage} with the Kaitai-generated {@link Lldp} parser
 * ({@code src/main/kaitai/lldp.ksy}); the only class that touches that generated code.
 *
 * <p>The PDU is parsed one TLV at a time ({@link Lldp.Tlv}), so that a bad TLV costs only
 * itself: the TLV framing (type, length, does it fit) is checked here before the generated
 * parser reads the value, and an exception from the generated parser while reading one value
 * becomes {@code lldp.bad_tlv_value} for that TLV, after which decoding goes on with the next.
 * <pre>
 * | Chassis ID (1) | Port ID (2) | TTL (3) | optional TLVs ... | End (0) | padding / FCS |
 *   TLV: | type: 7 bits | length: 9 bits | value: length bytes |
 * </pre>
 * Value lengths allowed per type (IEEE 802.1AB-2016 clause 8.5): End 0; Chassis ID and Port ID
 * 2-256; TTL 2; port description, system name and description 0-255; capabilities 4;
 * management address 9-167; organizationally specific 4-511. A value shorter than its minimum
 * is not used; a longer one is used and reported.
 */
public final class LldpKaitaiAdapter {
    private static final int[] MIN_LENGTH = {0, 2, 2, 2, 0, 0, 0, 4, 9};
    private static final int[] MAX_LENGTH = {0, 256, 256, 2, 255, 255, 255, 4, 167};
    private static final int ORG_MIN_LENGTH = 4;

    /** Organizationally specific (OUI, subtype) pairs decoded. */
    private static final int OUI_IEEE_8021 = 0x0080C2;
    private static final int OUI_TIA = 0x0012BB;
    private static final int OUI_IANA = 0x00005E;

    private LldpKaitaiAdapter() {
    }

    /**
     * Parses {@code pdu[0, length)}. Never throws: every failure is an event of the message.
     *
     * @param cut true when the capture cut the frame (snap length): a TLV running past the end
     *            is then {@code lldp.truncated}, not {@code lldp.bad_tlv_length}
     */
    public static LldpMessage parse(byte[] pdu, int length, boolean cut, LldpConfig config) {
        LldpMessage m = new LldpMessage();
        int len = Math.max(0, Math.min(length, pdu.length));
        KaitaiStream io = new ByteBufferKaitaiStream(ByteBuffer.wrap(pdu, 0, len).slice());
        int pos = 0;
        int index = 0;
        boolean ended = false;
        boolean stopped = false;
        int seen = 0; // bit per TLV type 0-8 already seen
        while (pos < len) {
            if (len - pos < 2) {
                overrun(m, cut);
                stopped = true;
                break;
            }
            int header = ((pdu[pos] & 0xFF) << 8) | (pdu[pos + 1] & 0xFF);
            int type = header >>> 9;
            int valueLength = header & 0x1FF;
            int next = pos + 2 + valueLength;
            if (next > len) {
                overrun(m, cut);
                stopped = true;
                break;
            }
            if (m.tlvs >= config.maxTlvs()) {
                m.fail(LldpMessage.STATUS_OK, LldpDecoder.TOO_MANY_TLVS);
                stopped = true;
                break;
            }
            m.tlvs++;
            if (index < 3 && type != index + 1) {
                // 8.2: Chassis ID, Port ID and TTL are the first three TLVs, in that order
                m.fail(LldpMessage.STATUS_MALFORMED, LldpDecoder.MISSING_MANDATORY_TLV);
            }
            index++;
            boolean use = true;
            if (type <= LldpMessage.TLV_MANAGEMENT_ADDRESS) {
                if (valueLength < MIN_LENGTH[type] || valueLength > MAX_LENGTH[type]) {
                    m.fail(LldpMessage.STATUS_MALFORMED, LldpDecoder.BAD_TLV_LENGTH);
                    use = valueLength >= MIN_LENGTH[type];
                }
                if (type >= LldpMessage.TLV_CHASSIS_ID && type <= LldpMessage.TLV_SYSTEM_CAPABILITIES) {
                    if ((seen & (1 << type)) != 0) {
                        m.fail(LldpMessage.STATUS_MALFORMED, LldpDecoder.DUPLICATE_TLV);
                        use = false;
                    }
                    seen |= 1 << type;
                }
            } else if (type == LldpMessage.TLV_ORGANIZATIONALLY_SPECIFIC && valueLength < ORG_MIN_LENGTH) {
                m.fail(LldpMessage.STATUS_MALFORMED, LldpDecoder.BAD_TLV_LENGTH);
                use = false;
            }
            if (type == LldpMessage.TLV_END) {
                ended = true;
                break;
            }
            if (use) {
                io.seek(pos);
                Lldp.Tlv tlv = null;
                try {
                    tlv = new Lldp.Tlv(io);
                } catch (RuntimeException e) {
                    // BufferUnderflowException, Kaitai validation errors: this value only
                    m.fail(LldpMessage.STATUS_MALFORMED, LldpDecoder.BAD_TLV_VALUE);
                }
                if (tlv != null) {
                    apply(m, type, tlv.value(), config);
                }
            }
            pos = next;
        }
        if (!ended && !stopped) {
            if (cut) {
                m.fail(LldpMessage.STATUS_TRUNCATED, LldpDecoder.TRUNCATED);
            } else {
                m.fail(LldpMessage.STATUS_MALFORMED, LldpDecoder.MISSING_END);
            }
        }
        if (index < 3 && !m.has(LldpDecoder.TRUNCATED) && !m.has(LldpDecoder.TOO_MANY_TLVS)) {
            m.fail(LldpMessage.STATUS_MALFORMED, LldpDecoder.MISSING_MANDATORY_TLV);
        }
        return m;
    }

    private static void overrun(LldpMessage m, boolean cut) {
        if (cut) {
            m.fail(LldpMessage.STATUS_TRUNCATED, LldpDecoder.TRUNCATED);
        } else {
            m.fail(LldpMessage.STATUS_MALFORMED, LldpDecoder.BAD_TLV_LENGTH);
        }
    }

    private static void apply(LldpMessage m, int type, Object value, LldpConfig config) {
        switch (type) {
            case LldpMessage.TLV_CHASSIS_ID: {
                Lldp.IdValue id = (Lldp.IdValue) value;
                m.chassisIdSubtype = id.subtype();
                // 8.5.2.2: 4 MAC address, 5 network address; the others are text
                m.chassisId = identifier(m, id.id(), id.subtype() == 4, id.subtype() == 5);
                break;
            }
            case LldpMessage.TLV_PORT_ID: {
                Lldp.IdValue id = (Lldp.IdValue) value;
                m.portIdSubtype = id.subtype();
                // 8.5.3.2: 3 MAC address, 4 network address; the others are text
                m.portId = identifier(m, id.id(), id.subtype() == 3, id.subtype() == 4);
                break;
            }
            case LldpMessage.TLV_TTL:
                m.ttl = ((Lldp.TimeToLive) value).seconds();
                break;
            case LldpMessage.TLV_PORT_DESCRIPTION:
                m.portDescription = text(value);
                break;
            case LldpMessage.TLV_SYSTEM_NAME:
                m.systemName = text(value);
                break;
            case LldpMessage.TLV_SYSTEM_DESCRIPTION:
                m.systemDescription = text(value);
                break;
            case LldpMessage.TLV_SYSTEM_CAPABILITIES: {
                Lldp.SystemCapabilities c = (Lldp.SystemCapabilities) value;
                m.capabilities = c.supported();
                m.enabledCapabilities = c.enabled();
                break;
            }
            case LldpMessage.TLV_MANAGEMENT_ADDRESS:
                managementAddress(m, (Lldp.ManagementAddress) value, config);
                break;
            case LldpMessage.TLV_ORGANIZATIONALLY_SPECIFIC:
                organizational(m, (Lldp.OrgSpecific) value, config);
                break;
            default:
                m.unknownTlvs++;
                break;
        }
    }

    /** A chassis or port id: MAC, network address (IANA family byte + address), or text. */
    private static String identifier(LldpMessage m, byte[] id, boolean mac, boolean network) {
        if (mac) {
            return id.length == 6 ? LinkLayerText.mac(id, 0) : LinkLayerText.hex(id, 0, id.length);
        }
        if (network) {
            String a = address(id.length > 0 ? id[0] & 0xFF : -1, id, 1, id.length - 1);
            if (a == null) {
                m.fail(LldpMessage.STATUS_MALFORMED, LldpDecoder.BAD_TLV_VALUE);
                return LinkLayerText.hex(id, 0, id.length);
            }
            return a;
        }
        return LinkLayerText.text(id, 0, id.length);
    }

    /**
     * An address of an IANA family: IPv4 and IPv6 as strings, IEEE 802 (6) with 6 bytes as an ECS
     * MAC, any other family as hex; null when an IP or 802 address has the wrong length.
     */
    private static String address(int family, byte[] b, int offset, int length) {
        switch (family) {
            case LldpMessage.FAMILY_IPV4:
                return length == 4 ? LinkLayerText.ipv4(b, offset) : null;
            case LldpMessage.FAMILY_IPV6:
                return length == 16 ? LinkLayerText.ipv6(b, offset) : null;
            case LldpMessage.FAMILY_802:
                return length == 6 ? LinkLayerText.mac(b, offset) : null;
            default:
                return length >= 0 ? LinkLayerText.hex(b, offset, length) : null;
        }
    }

    private static void managementAddress(LldpMessage m, Lldp.ManagementAddress a, LldpConfig config) {
        byte[] raw = a.address();
        String address = address(a.addressSubtype(), raw, 0, raw.length);
        if (address == null) {
            m.fail(LldpMessage.STATUS_MALFORMED, LldpDecoder.BAD_TLV_VALUE);
            return;
        }
        if (m.managementAddresses.size() >= config.maxManagementAddresses()) {
            m.fail(LldpMessage.STATUS_OK, LldpDecoder.TOO_MANY_MANAGEMENT_ADDRESSES);
            return;
        }
        m.managementAddresses.add(new LldpMessage.ManagementAddress(a.addressSubtype(), address,
                a.interfaceSubtype(), a.interfaceNumber()));
    }

    private static void organizational(LldpMessage m, Lldp.OrgSpecific o, LldpConfig config) {
        int oui = o.oui();
        int subtype = o.subtype();
        Object info = o.info();
        if (oui == OUI_IEEE_8021 && subtype == 1) {
            m.portVlanId = ((Lldp.Dot1PortVlanId) info).vlanId();
        } else if (oui == OUI_IEEE_8021 && subtype == 3) {
            Lldp.Dot1VlanName v = (Lldp.Dot1VlanName) info;
            if (m.vlanNames.size() >= config.maxVlanNames()) {
                m.fail(LldpMessage.STATUS_OK, LldpDecoder.TOO_MANY_VLAN_NAMES);
            } else {
                m.vlanNames.add(new LldpMessage.VlanName(v.vlanId(), LinkLayerText.text(v.name())));
            }
        } else if (oui == OUI_TIA && subtype == 1) {
            Lldp.MedCapabilities c = (Lldp.MedCapabilities) info;
            m.medCapabilities = c.capabilities();
            m.medDeviceClass = c.deviceClass();
        } else if (oui == OUI_TIA && subtype == 2) {
            Lldp.MedNetworkPolicy p = (Lldp.MedNetworkPolicy) info;
            if (m.networkPolicies.size() >= config.maxNetworkPolicies()) {
                m.fail(LldpMessage.STATUS_OK, LldpDecoder.TOO_MANY_NETWORK_POLICIES);
            } else {
                m.networkPolicies.add(new LldpMessage.NetworkPolicy(p.applicationType(), p.unknownPolicy(),
                        p.tagged(), (int) p.vlanId(), (int) p.l2Priority(), (int) p.dscp()));
            }
        } else if (oui == OUI_TIA && subtype >= 5 && subtype <= 11) {
            // TIA-1057 10.2.6 inventory: the first TLV of each subtype counts
            String s = text(info);
            switch (subtype) {
                case 5: m.medHardwareRevision = first(m.medHardwareRevision, s); break;
                case 6: m.medFirmwareRevision = first(m.medFirmwareRevision, s); break;
                case 7: m.medSoftwareRevision = first(m.medSoftwareRevision, s); break;
                case 8: m.medSerialNumber = first(m.medSerialNumber, s); break;
                case 9: m.medManufacturer = first(m.medManufacturer, s); break;
                case 10: m.medModel = first(m.medModel, s); break;
                default: m.medAssetId = first(m.medAssetId, s); break;
            }
        } else if (oui == OUI_IANA && subtype == 1) {
            m.mudUrl = first(m.mudUrl, text(info));
        } else {
            m.unknownTlvs++;
        }
    }

    private static String first(String existing, String candidate) {
        return existing != null ? existing : candidate;
    }

    private static String text(Object value) {
        return LinkLayerText.text(((Lldp.Text) value).value());
    }
}
