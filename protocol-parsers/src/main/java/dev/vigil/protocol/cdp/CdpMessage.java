package dev.vigil.protocol.cdp;

import dev.vigil.protocol.DecodeEventType;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link CdpDecoder} found in one CDP PDU. Public fields, like {@code PacketView}: a plain
 * result written by {@link CdpKaitaiAdapter} and read by the sensor's logger. Absent values are
 * {@code null} or {@code -1}. A message that failed part way keeps what came before the failure;
 * {@link #events} and {@link #status} say why it stopped.
 */
public final class CdpMessage {
    public static final int STATUS_OK = 0;
    /** The capture ended inside the PDU (snap length). */
    public static final int STATUS_TRUNCATED = 1;
    /** The PDU contradicts itself (lengths, checksum, missing Device ID, duplicates). */
    public static final int STATUS_MALFORMED = 2;

    // ---------------------------------------------------------------- TLV types
    public static final int TLV_DEVICE_ID = 0x0001;
    public static final int TLV_ADDRESSES = 0x0002;
    public static final int TLV_PORT_ID = 0x0003;
    public static final int TLV_CAPABILITIES = 0x0004;
    public static final int TLV_SOFTWARE_VERSION = 0x0005;
    public static final int TLV_PLATFORM = 0x0006;
    public static final int TLV_VTP_DOMAIN = 0x0009;
    public static final int TLV_NATIVE_VLAN = 0x000A;
    public static final int TLV_DUPLEX = 0x000B;
    public static final int TLV_VOICE_VLAN = 0x000E;
    public static final int TLV_MANAGEMENT_ADDRESSES = 0x0016;

    public int status = STATUS_OK;
    /** Decode events of this message, each at most once, in the order found. */
    public final List<DecodeEventType> events = new ArrayList<>(2);

    /** Header fields, -1 when the PDU is shorter than the 4-byte header. */
    public int version = -1;
    public int ttl = -1;
    public int checksum = -1;
    /** True when the whole PDU was there and its checksum was verified (correct or not). */
    public boolean checksumChecked;
    public boolean checksumValid;

    /** TLVs read, and those of them not decoded (types this decoder does not know). */
    public int tlvs;
    public int unknownTlvs;

    public String deviceId;
    public String portId;
    public String platform;
    public String softwareVersion;
    public String vtpDomain;
    /** Capabilities bitmap (unsigned 32 bits), -1 when absent. */
    public long capabilities = -1;
    public int nativeVlan = -1;
    /** VLAN of the VoIP VLAN Reply TLV (the voice VLAN a phone should use), -1 when absent. */
    public int voiceVlan = -1;
    /** Duplex: 0 half, 1 full, other values as sent; -1 when absent. */
    public int duplex = -1;
    /** IPv4/IPv6 addresses of the Addresses TLV, at most {@link CdpConfig#maxAddresses()}. */
    public final List<String> addresses = new ArrayList<>(1);
    /** IPv4/IPv6 addresses of the Management Addresses TLV. */
    public final List<String> managementAddresses = new ArrayList<>(0);

    void fail(int newStatus, DecodeEventType type) {
        if (!events.contains(type)) {
            events.add(type);
        }
        if (newStatus > status) {
            status = newStatus;
        }
    }

    /** True when the message carries this decode event. */
    public boolean has(DecodeEventType type) {
        return events.contains(type);
    }

    private static final String[] CAPABILITIES = {"router", "trans_bridge", "source_route_bridge", "switch",
        "host", "igmp", "repeater", "phone", "remote", "cvta", "mac_relay"};

    /** Names of the set capability bits (Wireshark packet-cdp.c); unnamed bits as {@code bit<n>}. */
    public static List<String> capabilityNames(long bits) {
        List<String> out = new ArrayList<>(Long.bitCount(bits & 0xFFFF_FFFFL));
        for (int b = 0; b < 32; b++) {
            if ((bits & (1L << b)) != 0) {
                out.add(b < CAPABILITIES.length ? CAPABILITIES[b] : "bit" + b);
            }
        }
        return out;
    }

    /** "half", "full", or the number. */
    public static String duplexName(int duplex) {
        return duplex == 0 ? "half" : duplex == 1 ? "full" : Integer.toString(duplex);
    }
}
