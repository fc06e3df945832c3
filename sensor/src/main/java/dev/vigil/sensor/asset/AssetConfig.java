package dev.vigil.sensor.asset;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The inventory's bounds and settings. Every structure the wire can grow has a cap here; when a
 * cap is hit the fact is left out and counted ({@link AssetStats}), never silently.
 *
 * @param maxAssets            devices tracked; a new MAC beyond it is counted, not tracked (an
 *                             inventory must not forget known devices to make room for a flood of
 *                             forged MACs)
 * @param maxIpsPerAsset       IP history per device; the least recently seen address is evicted
 *                             (addresses learned from traffic before those proven by ARP/DHCP)
 * @param maxNamesPerAsset     names per device
 * @param maxSoftwarePerAsset  software entries per device
 * @param maxServicesPerAsset  services offered, and separately services used, per device
 * @param maxValuesPerList     every other list per device (VLANs, NTP/syslog servers, multicast groups, ...)
 * @param routerIpThreshold    a MAC seen with more routable IPs than this is treated as a router:
 *                             IPs it carries in traffic are no longer taken as its own
 * @param maxPendingChanges    change events queued between two drains
 * @param lastSeenRefresh      a device whose only news is a later {@code last_seen} is re-upserted
 *                             when its document lags by this much (bounds the document rate)
 * @param localNetworks        when not empty, only IPs inside these networks are bound to a MAC
 *                             from traffic (ARP and DHCP bind anyway); e.g. the policy's intercom networks
 * @param ouiFile              the IEEE registry CSV ({@link OuiRegistry#DEFAULT_FILE})
 */
public record AssetConfig(int maxAssets, int maxIpsPerAsset, int maxNamesPerAsset, int maxSoftwarePerAsset,
                          int maxServicesPerAsset, int maxValuesPerList, int routerIpThreshold,
                          int maxPendingChanges, Duration lastSeenRefresh, List<String> localNetworks,
                          Path ouiFile) {
    public static final int DEFAULT_MAX_ASSETS = 10_000;
    public static final int DEFAULT_MAX_IPS_PER_ASSET = 16;
    public static final int DEFAULT_MAX_NAMES_PER_ASSET = 8;
    public static final int DEFAULT_MAX_SOFTWARE_PER_ASSET = 16;
    public static final int DEFAULT_MAX_SERVICES_PER_ASSET = 64;
    public static final int DEFAULT_MAX_VALUES_PER_LIST = 16;
    public static final int DEFAULT_ROUTER_IP_THRESHOLD = 8;
    public static final int DEFAULT_MAX_PENDING_CHANGES = 10_000;
    public static final Duration DEFAULT_LAST_SEEN_REFRESH = Duration.ofMinutes(5);

    public static final AssetConfig DEFAULT = new AssetConfig(DEFAULT_MAX_ASSETS, DEFAULT_MAX_IPS_PER_ASSET,
            DEFAULT_MAX_NAMES_PER_ASSET, DEFAULT_MAX_SOFTWARE_PER_ASSET, DEFAULT_MAX_SERVICES_PER_ASSET,
            DEFAULT_MAX_VALUES_PER_LIST, DEFAULT_ROUTER_IP_THRESHOLD, DEFAULT_MAX_PENDING_CHANGES,
            DEFAULT_LAST_SEEN_REFRESH, List.of(), OuiRegistry.DEFAULT_FILE);

    public AssetConfig {
        positive("maxAssets", maxAssets);
        positive("maxIpsPerAsset", maxIpsPerAsset);
        positive("maxNamesPerAsset", maxNamesPerAsset);
        positive("maxSoftwarePerAsset", maxSoftwarePerAsset);
        positive("maxServicesPerAsset", maxServicesPerAsset);
        positive("maxValuesPerList", maxValuesPerList);
        positive("routerIpThreshold", routerIpThreshold);
        positive("maxPendingChanges", maxPendingChanges);
        if (lastSeenRefresh == null || lastSeenRefresh.isNegative()) {
            throw new IllegalArgumentException("lastSeenRefresh must be >= 0, not " + lastSeenRefresh);
        }
        localNetworks = List.copyOf(localNetworks == null ? List.of() : localNetworks);
        for (String n : localNetworks) {
            if (Addresses.parseCidr(n) == null) {
                throw new IllegalArgumentException("local network '" + n + "' is not an IP network such as 10.20.0.0/24");
            }
        }
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, not " + v);
        }
    }

    public AssetConfig withMaxAssets(int n) {
        return new AssetConfig(n, maxIpsPerAsset, maxNamesPerAsset, maxSoftwarePerAsset, maxServicesPerAsset,
                maxValuesPerList, routerIpThreshold, maxPendingChanges, lastSeenRefresh, localNetworks, ouiFile);
    }

    /** The same cap for IPs, names, software, services and other lists (tests of the caps). */
    public AssetConfig withPerAssetCaps(int ips, int names, int software, int services, int values) {
        return new AssetConfig(maxAssets, ips, names, software, services, values, routerIpThreshold,
                maxPendingChanges, lastSeenRefresh, localNetworks, ouiFile);
    }

    public AssetConfig withRouterIpThreshold(int n) {
        return new AssetConfig(maxAssets, maxIpsPerAsset, maxNamesPerAsset, maxSoftwarePerAsset, maxServicesPerAsset,
                maxValuesPerList, n, maxPendingChanges, lastSeenRefresh, localNetworks, ouiFile);
    }

    public AssetConfig withMaxPendingChanges(int n) {
        return new AssetConfig(maxAssets, maxIpsPerAsset, maxNamesPerAsset, maxSoftwarePerAsset, maxServicesPerAsset,
                maxValuesPerList, routerIpThreshold, n, lastSeenRefresh, localNetworks, ouiFile);
    }

    public AssetConfig withLastSeenRefresh(Duration d) {
        return new AssetConfig(maxAssets, maxIpsPerAsset, maxNamesPerAsset, maxSoftwarePerAsset, maxServicesPerAsset,
                maxValuesPerList, routerIpThreshold, maxPendingChanges, d, localNetworks, ouiFile);
    }

    public AssetConfig withLocalNetworks(List<String> networks) {
        return new AssetConfig(maxAssets, maxIpsPerAsset, maxNamesPerAsset, maxSoftwarePerAsset, maxServicesPerAsset,
                maxValuesPerList, routerIpThreshold, maxPendingChanges, lastSeenRefresh, networks, ouiFile);
    }

    public AssetConfig withOuiFile(Path file) {
        return new AssetConfig(maxAssets, maxIpsPerAsset, maxNamesPerAsset, maxSoftwarePerAsset, maxServicesPerAsset,
                maxValuesPerList, routerIpThreshold, maxPendingChanges, lastSeenRefresh, localNetworks, file);
    }

    List<Addresses.Cidr> parsedLocalNetworks() {
        List<Addresses.Cidr> out = new ArrayList<>();
        for (String n : localNetworks) {
            out.add(Addresses.parseCidr(n));
        }
        return out;
    }
}
