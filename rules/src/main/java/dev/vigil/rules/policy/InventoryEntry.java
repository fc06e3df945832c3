package dev.vigil.rules.policy;

import java.util.List;

/**
 * One authorized device. A device is recognised by its MAC, or by its IP when the entry has no MAC;
 * when both are given, the MAC decides (another MAC using this IP is an unknown device).
 *
 * @param mac      ECS form ({@code 00-13-CB-14-00-0A}) or null
 * @param ip       canonical text (as the sensor writes it) or null
 * @param name     the site's name for the device
 * @param role     what it is
 * @param software approved software for this device, or null to use its role's list
 * @param origin   where it is declared (policy file or CSV line)
 */
public record InventoryEntry(String mac, String ip, String name, Role role, List<ApprovedSoftware> software,
                             Origin origin) {
    public InventoryEntry {
        software = software == null ? null : List.copyOf(software);
    }

    /** The name, else the MAC, else the IP: how messages refer to the device. */
    public String label() {
        if (name != null && !name.isEmpty()) {
            return name;
        }
        return mac != null ? mac : ip;
    }
}
