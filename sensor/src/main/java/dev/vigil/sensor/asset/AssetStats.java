package dev.vigil.sensor.asset;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the inventory did and what it had to leave out, by reason: every cap and every rule that
 * keeps a fact out has a counter here. Single writer (the inventory's thread); {@link #snapshot}
 * is for metrics ({@code vigil.asset.<name>}) and the run summary.
 */
public final class AssetStats {
    long events;
    long eventsIgnored;
    long badTimestamp;
    long noMac;
    long errors;
    long assetsCreated;
    long assetsDropped;
    long ipsEvicted;
    long ipsNotLocal;
    long ipsBehindRouter;
    long ipsOwnedElsewhere;
    long factsUnattributed;
    long namesDropped;
    long softwareDropped;
    long servicesDropped;
    long valuesDropped;
    long directionUnknown;
    long changesDropped;
    long routersDetected;

    /** Event documents applied. */
    public long events() {
        return events;
    }

    /** Documents that were not events of a known shape (not an object, no dataset, the inventory's own). */
    public long eventsIgnored() {
        return eventsIgnored;
    }

    /** Exceptions caught while applying a document: a bug, each one is. */
    public long errors() {
        return errors;
    }

    public long assetsCreated() {
        return assetsCreated;
    }

    /** New MACs not tracked because {@link AssetConfig#maxAssets()} was reached. */
    public long assetsDropped() {
        return assetsDropped;
    }

    public long ipsEvicted() {
        return ipsEvicted;
    }

    public long ipsBehindRouter() {
        return ipsBehindRouter;
    }

    public long routersDetected() {
        return routersDetected;
    }

    public long namesDropped() {
        return namesDropped;
    }

    public long softwareDropped() {
        return softwareDropped;
    }

    public long servicesDropped() {
        return servicesDropped;
    }

    public long valuesDropped() {
        return valuesDropped;
    }

    public long changesDropped() {
        return changesDropped;
    }

    /** Every counter by its metric name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("events_ignored", eventsIgnored);
        m.put("bad_timestamp", badTimestamp);
        m.put("no_mac", noMac);
        m.put("errors", errors);
        m.put("assets_created", assetsCreated);
        m.put("assets_dropped", assetsDropped);
        m.put("ips_evicted", ipsEvicted);
        m.put("ips_not_local", ipsNotLocal);
        m.put("ips_behind_router", ipsBehindRouter);
        m.put("ips_owned_elsewhere", ipsOwnedElsewhere);
        m.put("facts_unattributed", factsUnattributed);
        m.put("names_dropped", namesDropped);
        m.put("software_dropped", softwareDropped);
        m.put("services_dropped", servicesDropped);
        m.put("values_dropped", valuesDropped);
        m.put("direction_unknown", directionUnknown);
        m.put("changes_dropped", changesDropped);
        m.put("routers_detected", routersDetected);
        return m;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
