package dev.vigil.sensor.cli;

import dev.vigil.rules.policy.Cidr;
import dev.vigil.rules.policy.Policy;
import dev.vigil.rules.policy.PolicyException;
import dev.vigil.sensor.asset.AssetConfig;
import dev.vigil.sensor.asset.AssetInventory;
import dev.vigil.sensor.asset.InventoryStore;
import dev.vigil.sensor.detect.AssetAnalyzer;
import dev.vigil.sensor.detect.DocumentAnalyzer;
import dev.vigil.sensor.detect.FindingAnalyzer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The analyzers the detect stage runs for a command: the asset inventory and the finding engine
 * with the site policy. Built once per command; a bad policy or inventory file fails here, before
 * any capture starts (the sensor never runs half-configured).
 */
final class Analyzers {
    private Analyzers() {
    }

    /** Loads a policy for a reload; a problem becomes an unchecked exception naming file:line. */
    private static final BiFunction<Path, Path, Policy> RELOAD = (p, i) -> {
        try {
            return PolicyCommand.load(p, i);
        } catch (PolicyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    };

    /**
     * @param policy    site policy YAML, or null for the default policy of the hardening guide
     * @param inventory authorized inventory CSV ({@code mac,ip,name,role}), or null
     * @param stateDir  where the inventory persists across runs, or null for none (offline analysis)
     * @throws PolicyException naming file:line of every problem
     */
    static List<DocumentAnalyzer> create(Path policy, Path inventory, Path stateDir) throws PolicyException {
        Policy p = PolicyCommand.load(policy, inventory);
        List<String> local = new ArrayList<>(AssetConfig.DEFAULT.localNetworks());
        for (Cidr c : p.intercomNetworks()) {
            local.add(c.toString());
        }
        AssetInventory inv = AssetInventory.create(AssetConfig.DEFAULT.withLocalNetworks(local));
        InventoryStore store = stateDir == null ? null : new InventoryStore(stateDir);
        List<DocumentAnalyzer> list = new ArrayList<>();
        list.add(new AssetAnalyzer(inv, p, store, RELOAD));
        list.add(new FindingAnalyzer(p, RELOAD));
        return list;
    }
}
