package dev.vigil.sensor.cli;

import dev.vigil.sensor.detect.DocumentAnalyzer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The analyzers the detect stage runs for a command: the asset inventory and the finding engine
 * with the site policy. Built once per command; a bad policy or inventory file fails here, before
 * any capture starts (the sensor never runs half-configured).
 */
final class Analyzers {
    private Analyzers() {
    }

    /**
     * @param policy    site policy YAML, or null for the default policy of the hardening guide
     * @param inventory authorized inventory CSV ({@code mac,ip,name,role}), or null
     * @param stateDir  where the inventory persists across runs, or null for none (offline analysis)
     */
    static List<DocumentAnalyzer> create(Path policy, Path inventory, Path stateDir) {
        List<DocumentAnalyzer> list = new ArrayList<>();
        // the inventory and the finding engine are added here as they land
        return list;
    }
}
