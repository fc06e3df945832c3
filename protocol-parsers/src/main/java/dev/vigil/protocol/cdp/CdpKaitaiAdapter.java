package dev.vigil.protocol.cdp;

import dev.vigil.protocol.kaitai.Cdp;
import dev.vigil.protocol.lldp.LinkLayerText;
import io.kaitai.struct.ByteBufferKaitaiStream;
import io.kaitai.struct.KaitaiStream;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a CDP PDU into a {@link CdpMessage} with the Kaitai-generated {@link Cdp} parser
 * ({@code src/main/kaitai/cdp.ksy}); the only class that touches that generated code.
 *
 * <p>The header is read with {@link Cdp.Header}, then one {@link Cdp.Tlv} at a time: the TLV
 * framing (length at least 4, inside the PDU) is checked here first, and an exception from the
 * generated parser while reading one value becomes {@code cdp.bad_tlv_value} for that TLV only.
 * <pre>
 * | version (1) | TTL (1) | checksum (2) | TLV | TLV | ...      TLV: | type (2) | length (2) | value |
 * Address (Addresses 0x0002, Management Addresses 0x0016), after a 32-bit count:
 * | protocol type (1) | protocol length (1) | protocol | address length (2) | address |
 *   IPv4: type 1 (NLPID), protocol 0xCC;  IPv6: type 2 (802.2), protocol AA AA 03 00 00 00 86 DD
 * </pre>
 */
public final class CdpKaitaiAdapter {
    private static final int HEADER_LENGTH = 4;
    private static final int TLV_HEADER_LENGTH = 4;
    private static final byte[] IPV6_PROTOCOL = {(byte) 0xAA, (byte) 0xAA, 0x03, 0x00, 0x00, 0x00, (byte) 0x86,
        (byte) 0xDD};

    private CdpKaitaiAdapter() {
    }

    /**
     * Parses {@code pdu[0, length)} (from the version byte on). Never throws.
     *
     * @param cut true when the PDU reaches the end of a capture that kept less than the wire
     *            carried: its real end is unknown, so the checksum is not checked and a PDU that
     *            stops there is {@code cdp.truncated}
     */
    public static CdpMessage parse(byte[] pdu, int length, boolean cut, CdpConfig config) {
        CdpMessage m = new CdpMessage();
        int len = Math.max(0, Math.min(length, pdu.length));
        if (len < HEADER_LENGTH) {
            if (cut) {
                m.fail(CdpMessage.STATUS_TRUNCATED, CdpDecoder.TRUNCATED);
            } else {
                m.fail(CdpMessage.STATUS_MALFORMED, CdpDecoder.BAD_LENGTH);
            }
            return m;
        }
        KaitaiStream io = new ByteBufferKaitaiStream(ByteBuffer.wrap(pdu, 0, len).slice());
        Cdp.Header h = new Cdp.Header(io); // 4 bytes are there: cannot fail
        m.version = h.version();
        m.ttl = h.ttl();
        m.checksum = h.checksum();
        int pos = HEADER_LENGTH;
        boolean complete = !cut;
        boolean stopped = false;
        long seen = 0; // bit per single-instance TLV type below 64
        while (pos < len) {
            if (len - pos < TLV_HEADER_LENGTH) {
                overrun(m, cut);
                complete = false;
                break;
            }
            int type = ((pdu[pos] & 0xFF) << 8) | (pdu[pos + 1] & 0xFF);
            int tlvLength = ((pdu[pos + 2] & 0xFF) << 8) | (pdu[pos + 3] & 0xFF);
            if (tlvLength < TLV_HEADER_LENGTH) {
                m.fail(CdpMessage.STATUS_MALFORMED, CdpDecoder.BAD_TLV_LENGTH);
                stopped = true;
                break;
            }
            if (pos + tlvLength > len) {
                overrun(m, cut);
                complete = false;
                break;
            }
            if (m.tlvs >= config.maxTlvs()) {
                m.fail(CdpMessage.STATUS_OK, CdpDecoder.TOO_MANY_TLVS);
                stopped = true;
                break;
            }
            m.tlvs++;
            boolean use = true;
            if (singleInstance(type)) {
                if ((seen & (1L << type)) != 0) {
                    m.fail(CdpMessage.STATUS_MALFORMED, CdpDecoder.DUPLICATE_TLV);
                    use = false;
                }
                seen |= 1L << type;
            }
            if (use) {
                io.seek(pos);
                Cdp.Tlv tlv = null;
                try {
                    tlv = new Cdp.Tlv(io);
                } catch (RuntimeException e) {
                    // BufferUnderflowException and the like: this value only
                    m.fail(CdpMessage.STATUS_MALFORMED, CdpDecoder.BAD_TLV_VALUE);
                }
                if (tlv != null) {
                    apply(m, type, tlv.value(), config);
                }
            }
            pos += tlvLength;
        }
        if (cut && !stopped && !m.has(CdpDecoder.TRUNCATED)) {
            // the PDU reaches the cut: whatever followed on the wire is lost
            m.fail(CdpMessage.STATUS_TRUNCATED, CdpDecoder.TRUNCATED);
        }
        if (complete && !stopped) {
            m.checksumChecked = true;
            m.checksumValid = CdpDecoder.checksumValid(pdu, len);
            if (!m.checksumValid) {
                m.fail(CdpMessage.STATUS_MALFORMED, CdpDecoder.BAD_CHECKSUM);
            }
        }
        if (complete && !stopped && (seen & (1L << CdpMessage.TLV_DEVICE_ID)) == 0) {
            m.fail(CdpMessage.STATUS_MALFORMED, CdpDecoder.MISSING_DEVICE_ID);
        }
        return m;
    }

    private static void overrun(CdpMessage m, boolean cut) {
        if (cut) {
            m.fail(CdpMessage.STATUS_TRUNCATED, CdpDecoder.TRUNCATED);
        } else {
            m.fail(CdpMessage.STATUS_MALFORMED, CdpDecoder.BAD_TLV_LENGTH);
        }
    }

    private static boolean singleInstance(int type) {
        switch (type) {
            case CdpMessage.TLV_DEVICE_ID:
            case CdpMessage.TLV_ADDRESSES:
            case CdpMessage.TLV_PORT_ID:
            case CdpMessage.TLV_CAPABILITIES:
            case CdpMessage.TLV_SOFTWARE_VERSION:
            case CdpMessage.TLV_PLATFORM:
            case CdpMessage.TLV_VTP_DOMAIN:
            case CdpMessage.TLV_NATIVE_VLAN:
            case CdpMessage.TLV_DUPLEX:
            case CdpMessage.TLV_VOICE_VLAN:
            case CdpMessage.TLV_MANAGEMENT_ADDRESSES:
                return true;
            default:
                return false;
        }
    }

    private static void apply(CdpMessage m, int type, Object value, CdpConfig config) {
        switch (type) {
            case CdpMessage.TLV_DEVICE_ID:
                m.deviceId = text(value);
                break;
            case CdpMessage.TLV_PORT_ID:
                m.portId = text(value);
                break;
            case CdpMessage.TLV_SOFTWARE_VERSION:
                m.softwareVersion = text(value);
                break;
            case CdpMessage.TLV_PLATFORM:
                m.platform = text(value);
                break;
            case CdpMessage.TLV_VTP_DOMAIN:
                m.vtpDomain = text(value);
                break;
            case CdpMessage.TLV_CAPABILITIES:
                m.capabilities = ((Cdp.Capabilities) value).bits();
                break;
            case CdpMessage.TLV_NATIVE_VLAN:
                m.nativeVlan = ((Cdp.NativeVlan) value).vlan();
                break;
            case CdpMessage.TLV_DUPLEX:
                m.duplex = ((Cdp.Duplex) value).full();
                break;
            case CdpMessage.TLV_VOICE_VLAN:
                m.voiceVlan = ((Cdp.VoiceVlan) value).vlan();
                break;
            case CdpMessage.TLV_ADDRESSES:
                addresses(m, (Cdp.Addresses) value, m.addresses, config);
                break;
            case CdpMessage.TLV_MANAGEMENT_ADDRESSES:
                addresses(m, (Cdp.Addresses) value, m.managementAddresses, config);
                break;
            default:
                m.unknownTlvs++;
                break;
        }
    }

    /** IPv4 and IPv6 entries into {@code out}; other protocols (CLNS, DECnet ...) are skipped. */
    private static void addresses(CdpMessage m, Cdp.Addresses a, List<String> out, CdpConfig config) {
        List<Cdp.Address> entries = a.entries();
        if (a.count() != entries.size()) {
            m.fail(CdpMessage.STATUS_MALFORMED, CdpDecoder.BAD_TLV_VALUE);
        }
        for (Cdp.Address e : entries) {
            String ip = ip(e);
            if (ip == null) {
                continue;
            }
            if (out.size() >= config.maxAddresses()) {
                m.fail(CdpMessage.STATUS_OK, CdpDecoder.TOO_MANY_ADDRESSES);
                return;
            }
            out.add(ip);
        }
    }

    private static String ip(Cdp.Address e) {
        byte[] p = e.protocol();
        byte[] addr = e.address();
        if (e.protocolType() == 1 && p.length == 1 && (p[0] & 0xFF) == 0xCC && addr.length == 4) {
            return LinkLayerText.ipv4(addr, 0);
        }
        if (e.protocolType() == 2 && Arrays.equals(p, IPV6_PROTOCOL) && addr.length == 16) {
            return LinkLayerText.ipv6(addr, 0);
        }
        return null;
    }

    private static String text(Object value) {
        return LinkLayerText.text(((Cdp.Text) value).value());
    }
}
