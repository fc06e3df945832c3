package dev.vigil.sensor.asset;

/**
 * One thing the inventory learned about a device: the content of a {@code vigil.asset} change
 * event ({@code event.action}). The inventory queues them in order; the owner drains them with
 * {@link AssetInventory#drainChanges()} and writes them with {@link AssetLogger#writeChange}.
 *
 * @param action         what changed, e.g. {@link Action#IP_ADDED}
 * @param asset          the device (its state when the owner drains: current name, IPs, vendor)
 * @param value          the new value: the IP, the name, {@code product version}, {@code udp/5060/sip} ...
 * @param previous       the value it replaced (software version changes), else null
 * @param source         what showed it: {@code arp}, {@code dhcp.hostname}, {@code sip.user_agent}, {@code flow} ...
 * @param timestampNanos event time of the document that showed it
 */
public record AssetChange(Action action, Asset asset, String value, String previous, String source,
                          long timestampNanos) {

    /** The {@code event.action} values of change events. */
    public enum Action {
        ASSET_DISCOVERED("asset-discovered"),
        IP_ADDED("ip-added"),
        VLAN_ADDED("vlan-added"),
        NAME_ADDED("name-added"),
        DIRECTORY_NUMBER_ADDED("directory-number-added"),
        SOFTWARE_ADDED("software-added"),
        SOFTWARE_CHANGED("software-changed"),
        SERVICE_OFFERED("service-offered"),
        SERVICE_USED("service-used"),
        MANAGEMENT_ADDED("management-added"),
        MANAGES_ADDED("manages-added"),
        NTP_SERVER_ADDED("ntp-server-added"),
        SYSLOG_SERVER_ADDED("syslog-server-added"),
        TRAP_RECEIVER_ADDED("trap-receiver-added"),
        MULTICAST_JOINED("multicast-joined"),
        MULTICAST_SENT("multicast-sent"),
        SNMP_OBJECT_ID("snmp-object-id"),
        ROUTER_DETECTED("router-detected");

        private final String key;

        Action(String key) {
            this.key = key;
        }

        /** The {@code event.action} keyword. */
        public String key() {
            return key;
        }
    }
}
