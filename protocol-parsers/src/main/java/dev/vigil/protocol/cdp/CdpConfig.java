package dev.vigil.protocol.cdp;

/**
 * Limits of the CDP decoder, each with a named overflow event.
 *
 * @param maxTlvs      TLVs read from one PDU ({@code cdp.too_many_tlvs}); Cisco devices send 10 to 20
 * @param maxAddresses addresses kept per Addresses or Management Addresses TLV ({@code cdp.too_many_addresses})
 */
public record CdpConfig(int maxTlvs, int maxAddresses) {
    public static final CdpConfig DEFAULT = new CdpConfig(64, 16);

    public CdpConfig {
        if (maxTlvs < 1 || maxAddresses < 0) {
            throw new IllegalArgumentException("CDP limits must be positive: " + maxTlvs + ", " + maxAddresses);
        }
    }
}
