package dev.vigil.rules.policy;

/**
 * A finding the site has accepted: for one rule, the findings about an asset (by MAC, IP or CIDR, or
 * inventory name), optionally only those with one key ({@code udp/514}). The reason is required so a
 * report can say why a check is silenced.
 *
 * @param asset  the asset as written
 * @param mac    ECS MAC, or null
 * @param cidr   network (a single IP is a /32 or /128), or null
 * @param name   inventory name, or null
 * @param key    the finding key to match, or null for any
 * @param reason why the site accepts it
 * @param origin where the policy says so
 */
public record Suppression(String asset, String mac, Cidr cidr, String name, String key, String reason,
                          Origin origin) {

    /** Whether this suppression covers a finding about the given asset with the given key. */
    public boolean matches(String assetMac, byte[] assetIp, String assetName, String findingKey) {
        if (key != null && !key.equals(findingKey)) {
            return false;
        }
        if (asset == null) {
            return true;
        }
        if (mac != null) {
            return mac.equals(assetMac);
        }
        if (cidr != null) {
            return assetIp != null && cidr.contains(assetIp);
        }
        return name != null && name.equals(assetName);
    }
}
