package dev.vigil.protocol.lldp;

import dev.vigil.protocol.DecodeEventType;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link LldpDecoder} found in one LLDPDU. Fields are public, like {@code PacketView}: a
 * plain result written by {@link LldpKaitaiAdapter} and read by the sensor's logger. Absent
 * values are {@code null} (strings) or {@code -1} (numbers). A message that failed part way
 * keeps what was decoded before the failure; {@link #events} and {@link #status} say why it
 * stopped.
 *
 * <p>Identifiers are already in their output form: a MAC address in the ECS form
 * ({@code 00-13-CB-11-22-33}), a network address as an IPv4 or IPv6 string, anything else as
 * the text the agent sent (or colon-separated hex when the subtype promises binary data of an
 * unexpected length).
 */
public final class LldpMessage {
    public static final int STATUS_OK = 0;
    /** The capture ended inside the LLDPDU (snap length). */
    public static final int STATUS_TRUNCATED = 1;
    /** The LLDPDU contradicts IEEE 802.1AB (lengths, mandatory TLVs, duplicates). */
    public static final int STATUS_MALFORMED = 2;

    // ---------------------------------------------------------------- TLV types (802.1AB-2016 clause 8.4)
    public static final int TLV_END = 0;
    public static final int TLV_CHASSIS_ID = 1;
    public static final int TLV_PORT_ID = 2;
    public static final int TLV_TTL = 3;
    public static final int TLV_PORT_DESCRIPTION = 4;
    public static final int TLV_SYSTEM_NAME = 5;
    public static final int TLV_SYSTEM_DESCRIPTION = 6;
    public static final int TLV_SYSTEM_CAPABILITIES = 7;
    public static final int TLV_MANAGEMENT_ADDRESS = 8;
    public static final int TLV_ORGANIZATIONALLY_SPECIFIC = 127;

    /** IANA address family numbers used by Management Address and network-address ids. */
    public static final int FAMILY_IPV4 = 1;
    public static final int FAMILY_IPV6 = 2;
    public static final int FAMILY_802 = 6;

    public int status = STATUS_OK;
    /** Decode events of this message, each at most once, in the order found. */
    public final List<DecodeEventType> events = new ArrayList<>(2);

    /** TLVs read (End of LLDPDU included). */
    public int tlvs;
    /** TLVs read but not decoded: reserved types 9-126 and organizationally specific TLVs of other OUIs/subtypes. */
    public int unknownTlvs;

    /** Chassis ID subtype (1-7, 8.5.2.2) and the id; -1 / null when absent. */
    public int chassisIdSubtype = -1;
    public String chassisId;
    /** Port ID subtype (1-7, 8.5.3.2) and the id; -1 / null when absent. */
    public int portIdSubtype = -1;
    public String portId;
    /** Time To Live in seconds (0 means: forget this agent), -1 when absent. */
    public int ttl = -1;

    public String portDescription;
    public String systemName;
    public String systemDescription;
    /** System capabilities bitmaps (8.5.8), -1 when absent. */
    public int capabilities = -1;
    public int enabledCapabilities = -1;

    /** Management Address TLVs (8.5.9), at most {@link LldpConfig#maxManagementAddresses()}. */
    public final List<ManagementAddress> managementAddresses = new ArrayList<>(2);

    /** IEEE 802.1 Port VLAN ID (the port's PVID; 0 = not known), -1 when absent. */
    public int portVlanId = -1;
    /** IEEE 802.1 VLAN Name TLVs, at most {@link LldpConfig#maxVlanNames()}. */
    public final List<VlanName> vlanNames = new ArrayList<>(0);

    /** LLDP-MED capabilities bitmap and device type (ANSI/TIA-1057 10.2.2), -1 when absent. */
    public int medCapabilities = -1;
    public int medDeviceClass = -1;
    /** LLDP-MED Network Policy TLVs (10.2.3), at most {@link LldpConfig#maxNetworkPolicies()}. */
    public final List<NetworkPolicy> networkPolicies = new ArrayList<>(0);
    /** LLDP-MED inventory (10.2.6), null when absent. */
    public String medHardwareRevision;
    public String medFirmwareRevision;
    public String medSoftwareRevision;
    public String medSerialNumber;
    public String medManufacturer;
    public String medModel;
    public String medAssetId;
    /** Manufacturer Usage Description URL (RFC 8520 section 4.1, IANA OUI 00-00-5E subtype 1). */
    public String mudUrl;

    /**
     * One Management Address TLV.
     *
     * @param family            IANA address family number (1 IPv4, 2 IPv6, 6 IEEE 802, ...)
     * @param address           IPv4/IPv6 string, ECS MAC for family 6 with 6 bytes, else hex
     * @param interfaceSubtype  1 unknown, 2 ifIndex, 3 system port number
     * @param interfaceNumber   the interface number (unsigned 32 bits)
     */
    public record ManagementAddress(int family, String address, int interfaceSubtype, long interfaceNumber) {
        /** True when {@link #address} is an IPv4 or IPv6 address string. */
        public boolean isIp() {
            return family == FAMILY_IPV4 || family == FAMILY_IPV6;
        }

        /** True when {@link #address} is a MAC address in ECS form. */
        public boolean isMac() {
            return family == FAMILY_802 && address.length() == 17 && address.charAt(2) == '-';
        }
    }

    /** One IEEE 802.1 VLAN Name TLV. */
    public record VlanName(int vlanId, String name) {
    }

    /**
     * One LLDP-MED Network Policy TLV (ANSI/TIA-1057 10.2.3.1).
     *
     * @param applicationType 1 voice, 2 voice signaling, ... 8 video signaling
     * @param unknown         the U flag: the device does not know its policy for this application
     * @param tagged          the T flag: frames use an 802.1Q tag
     * @param vlanId          0-4095 (0: priority tagged, use the native VLAN)
     * @param priority        802.1D priority (PCP) 0-7
     * @param dscp            DiffServ code point 0-63
     */
    public record NetworkPolicy(int applicationType, boolean unknown, boolean tagged, int vlanId, int priority,
                                int dscp) {
    }

    /** Records an event once and moves the status to the worse of the two. */
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

    // ---------------------------------------------------------------- names for output

    private static final String[] CHASSIS_SUBTYPES = {null, "chassis_component", "interface_alias",
        "port_component", "mac_address", "network_address", "interface_name", "local"};
    private static final String[] PORT_SUBTYPES = {null, "interface_alias", "port_component", "mac_address",
        "network_address", "interface_name", "agent_circuit_id", "local"};
    private static final String[] CAPABILITIES = {"other", "repeater", "bridge", "wlan_access_point", "router",
        "telephone", "docsis_cable_device", "station_only", "c_vlan", "s_vlan", "tpmr"};
    private static final String[] MED_CAPABILITIES = {"capabilities", "network_policy", "location",
        "extended_power_pse", "extended_power_pd", "inventory"};
    private static final String[] MED_APPLICATIONS = {null, "voice", "voice_signaling", "guest_voice",
        "guest_voice_signaling", "softphone_voice", "video_conferencing", "streaming_video", "video_signaling"};
    private static final String[] MED_DEVICE_CLASSES = {"not_defined", "endpoint_class_1", "endpoint_class_2",
        "endpoint_class_3", "network_connectivity"};

    /** Chassis ID subtype name (8.5.2.2), or the number as a string for reserved values. */
    public static String chassisSubtypeName(int subtype) {
        return name(CHASSIS_SUBTYPES, subtype);
    }

    /** Port ID subtype name (8.5.3.2), or the number as a string. */
    public static String portSubtypeName(int subtype) {
        return name(PORT_SUBTYPES, subtype);
    }

    /** Names of the set bits of a system capabilities bitmap (8.5.8.1); unnamed bits as {@code bit<n>}. */
    public static List<String> capabilityNames(int bits) {
        return bitNames(CAPABILITIES, bits);
    }

    /** Names of the set bits of an LLDP-MED capabilities bitmap (TIA-1057 10.2.2.1). */
    public static List<String> medCapabilityNames(int bits) {
        return bitNames(MED_CAPABILITIES, bits);
    }

    /** LLDP-MED application type name (TIA-1057 table 12), or the number. */
    public static String medApplicationName(int type) {
        return name(MED_APPLICATIONS, type);
    }

    /** LLDP-MED device type name (TIA-1057 10.2.2.2), or the number. */
    public static String medDeviceClassName(int type) {
        return name(MED_DEVICE_CLASSES, type);
    }

    private static String name(String[] names, int v) {
        if (v >= 0 && v < names.length && names[v] != null) {
            return names[v];
        }
        return Integer.toString(v);
    }

    private static List<String> bitNames(String[] names, int bits) {
        List<String> out = new ArrayList<>(Integer.bitCount(bits & 0xFFFF));
        for (int b = 0; b < 16; b++) {
            if ((bits & (1 << b)) != 0) {
                out.add(b < names.length ? names[b] : "bit" + b);
            }
        }
        return out;
    }
}
