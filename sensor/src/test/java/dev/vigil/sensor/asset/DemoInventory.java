package dev.vigil.sensor.asset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.dip.Demo;
import dev.vigil.sensor.testing.Analyze;
import java.nio.file.Files;

/** The inventory built from the demo capture's events, produced by the real pipeline. */
public final class DemoInventory {
    /**
     * The truth file's roles in the policy's vocabulary, as {@link RoleGuess} should propose them:
     * the NTP and syslog servers serve management (the guide's Control 6); the unknown device
     * gets no proposal.
     */
    public static final java.util.Map<String, String> TRUTH_ROLES = java.util.Map.of(
            "intercom_server", "server", "intercom_station", "station", "sip_phone", "phone",
            "management_pc", "management", "ntp_server", "management", "syslog_server", "management", "unknown", "");

    private DemoInventory() {
    }

    /** The OUI registry of Debian's ieee-data when installed, else none (vendors then unknown). */
    public static OuiRegistry registry() {
        return Files.isRegularFile(OuiRegistry.DEFAULT_FILE) ? OuiRegistry.load(OuiRegistry.DEFAULT_FILE) : OuiRegistry.empty();
    }

    public static AssetInventory build() {
        AssetInventory inv = new AssetInventory(AssetConfig.DEFAULT, registry());
        for (JsonNode doc : Analyze.files(Demo.pcap()).output().docs()) {
            inv.apply(doc);
        }
        return inv;
    }
}
