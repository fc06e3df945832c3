package dev.vigil.protocol.lldp;

/**
 * Limits of the LLDP decoder. Each has a named overflow event: what lies past a limit is
 * counted, not decoded.
 *
 * @param maxTlvs                  TLVs read from one LLDPDU ({@code lldp.too_many_tlvs}); a 1500-byte
 *                                 PDU can hold 750 empty TLVs, real agents send 10 to 40
 * @param maxManagementAddresses   Management Address TLVs kept ({@code lldp.too_many_management_addresses})
 * @param maxVlanNames             IEEE 802.1 VLAN Name TLVs kept ({@code lldp.too_many_vlan_names})
 * @param maxNetworkPolicies       LLDP-MED Network Policy TLVs kept ({@code lldp.too_many_network_policies})
 */
public record LldpConfig(int maxTlvs, int maxManagementAddresses, int maxVlanNames, int maxNetworkPolicies) {
    public static final LldpConfig DEFAULT = new LldpConfig(128, 8, 16, 8);

    public LldpConfig {
        if (maxTlvs < 1 || maxManagementAddresses < 0 || maxVlanNames < 0 || maxNetworkPolicies < 0) {
            throw new IllegalArgumentException("LLDP limits must be positive: " + maxTlvs + ", "
                    + maxManagementAddresses + ", " + maxVlanNames + ", " + maxNetworkPolicies);
        }
    }
}
