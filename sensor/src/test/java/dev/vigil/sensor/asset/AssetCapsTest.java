package dev.vigil.sensor.asset;

import static dev.vigil.sensor.asset.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every bound of the inventory holds and counts what it left out. */
class AssetCapsTest {
    static String mac(int i) {
        return String.format("02-00-00-00-%02X-%02X", i >> 8 & 0xFF, i & 0xFF);
    }

    @Test
    void maxAssets() {
        AssetInventory inv = new AssetInventory(AssetConfig.DEFAULT.withMaxAssets(3), OuiRegistry.empty());
        for (int i = 1; i <= 5; i++) {
            inv.apply(event("vigil.arp", i).src(mac(i), "10.0.0." + i, -1).node());
        }
        assertThat(inv.size()).isEqualTo(3);
        assertThat(inv.stats().assetsDropped()).isEqualTo(2);
        assertThat(inv.asset(mac(1))).as("known devices are kept").isNotNull();
        assertThat(inv.asset(mac(5))).isNull();
    }

    @Test
    void ipHistoryEvictsTheOldestTrafficAddressFirst() {
        AssetConfig c = AssetConfig.DEFAULT.withPerAssetCaps(3, 8, 8, 8, 8).withRouterIpThreshold(100);
        AssetInventory inv = new AssetInventory(c, OuiRegistry.empty());
        String m = mac(1);
        inv.apply(event("vigil.arp", 1).src(m, "10.0.0.1", -1).set("arp.sender.mac", m).set("arp.sender.ip", "10.0.0.1").node());
        for (int i = 2; i <= 5; i++) {
            inv.apply(event("vigil.flow", i).src(m, "10.0.0." + i, 40000).dst(mac(9), "10.0.9.9", 53).udp().node());
        }
        Asset a = inv.asset(m);
        assertThat(a.ips()).containsExactly("10.0.0.1", "10.0.0.4", "10.0.0.5");
        assertThat(inv.stats().ipsEvicted()).isEqualTo(2);
        assertThat(inv.assetByIp("10.0.0.2")).isNull();
    }

    @Test
    void namesSoftwareServicesAndListsAreCapped() {
        AssetConfig c = AssetConfig.DEFAULT.withPerAssetCaps(16, 2, 2, 2, 2);
        AssetInventory inv = new AssetInventory(c, OuiRegistry.empty());
        String m = mac(1);
        for (int i = 0; i < 5; i++) {
            inv.apply(event("vigil.syslog", i).src(m, "10.0.0.1", 514).dst(mac(2), "10.0.0." + (100 + i), 514).udp()
                    .set("syslog.hostname", "host-" + i).node());
            inv.apply(event("vigil.ssdp", i).src(m, "10.0.0.1", 1900).dst("01-00-5E-7F-FF-FA", "239.255.255.250", 1900)
                    .udp().set("ssdp.server", "Product" + i + "/1.0").node());
            inv.apply(event("vigil.flow", i).src(mac(3), "10.0.0.3", 40000).dst(m, "10.0.0.1", 1000 + i).udp().node());
        }
        Asset a = inv.asset(m);
        assertThat(a.names()).containsExactly("host-0", "host-1");
        assertThat(a.software()).hasSize(2);
        assertThat(a.offered()).hasSize(2);
        assertThat(a.syslogServers()).containsExactly("10.0.0.100", "10.0.0.101");
        assertThat(inv.stats().namesDropped()).isEqualTo(3);
        assertThat(inv.stats().softwareDropped()).isEqualTo(3);
        assertThat(inv.stats().servicesDropped()).as("3 offered by it, 3 used by its client").isEqualTo(6);
        assertThat(inv.stats().valuesDropped()).isEqualTo(3);
    }

    @Test
    void pendingChangesAreBoundedBetweenDrains() {
        AssetInventory inv = new AssetInventory(AssetConfig.DEFAULT.withMaxPendingChanges(4), OuiRegistry.empty());
        for (int i = 1; i <= 5; i++) {
            inv.apply(event("vigil.arp", i).src(mac(i), null, -1).node());
        }
        assertThat(inv.drainChanges()).hasSize(4);
        assertThat(inv.stats().changesDropped()).isEqualTo(1);
        assertThat(inv.drainChanged()).as("the documents are still written").hasSize(5);
    }

    @Test
    void longValuesAreCut() {
        AssetInventory inv = new AssetInventory(AssetConfig.DEFAULT, OuiRegistry.empty());
        inv.apply(event("vigil.syslog", 1).src(mac(1), "10.0.0.1", 514).dst(mac(2), "10.0.0.2", 514).udp()
                .set("syslog.hostname", "h".repeat(10_000)).node());
        assertThat(inv.asset(mac(1)).names()).singleElement()
                .satisfies(n -> assertThat(n).hasSize(AssetInventory.MAX_NAME_CHARS));
    }

    @Test
    void configRejectsNonsense() {
        assertThatThrownBy(() -> AssetConfig.DEFAULT.withMaxAssets(0)).hasMessageContaining("maxAssets");
        assertThatThrownBy(() -> AssetConfig.DEFAULT.withLocalNetworks(List.of("10.20.0.0/99")))
                .hasMessageContaining("10.20.0.0/99");
    }
}
