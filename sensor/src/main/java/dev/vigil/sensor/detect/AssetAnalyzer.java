package dev.vigil.sensor.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vigil.rules.policy.InventoryEntry;
import dev.vigil.rules.policy.Mac;
import dev.vigil.rules.policy.Policy;
import dev.vigil.sensor.asset.Asset;
import dev.vigil.sensor.asset.AssetChange;
import dev.vigil.sensor.asset.AssetInventory;
import dev.vigil.sensor.asset.AssetLogger;
import dev.vigil.sensor.asset.InventoryStore;
import dev.vigil.sensor.config.Reloadable;
import dev.vigil.sensor.http.AssetSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * The passive asset inventory on the detect stage: learns from every event document, marks each
 * device authorized or not from the policy's inventory (by MAC, else by IP), and writes the
 * device's own {@code vigil.asset} document (replaced in place downstream) and a change event
 * whenever something about it changes. With a state directory the inventory persists across
 * restarts. Serves {@code /assets} from the last documents written.
 */
public final class AssetAnalyzer implements DocumentAnalyzer, Reloadable, AssetSource {
    private static final Logger LOG = LoggerFactory.getLogger(AssetAnalyzer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AssetInventory inventory;
    private final InventoryStore store;
    private final BiFunction<Path, Path, Policy> loader;
    private final AtomicReference<Policy> next = new AtomicReference<>();
    private final Map<String, byte[]> lastDocuments = new ConcurrentHashMap<>();
    private Map<String, InventoryEntry> byMac;
    private Map<String, InventoryEntry> byIp;
    private AssetLogger logger;

    /**
     * @param store  where the inventory persists, or null (offline analysis of a capture)
     * @param loader loads a policy and an inventory for a reload (throws with file:line)
     */
    public AssetAnalyzer(AssetInventory inventory, Policy policy, InventoryStore store,
                         BiFunction<Path, Path, Policy> loader) {
        this.inventory = inventory;
        this.store = store;
        this.loader = loader;
        usePolicy(policy);
        if (store != null) {
            InventoryStore.LoadResult r = store.load(inventory);
            if (!r.ok()) {
                LOG.warn("asset inventory: {}", r.error());
            } else if (r.loaded() > 0) {
                LOG.info("asset inventory: {} devices from {}", r.loaded(), store.file());
            }
        }
    }

    private void usePolicy(Policy policy) {
        Map<String, InventoryEntry> m = new HashMap<>();
        Map<String, InventoryEntry> i = new HashMap<>();
        for (InventoryEntry e : policy.inventory()) {
            if (e.mac() != null) {
                m.put(Mac.normalize(e.mac()), e);
            }
            if (e.ip() != null) {
                i.put(e.ip(), e);
            }
        }
        byMac = m;
        byIp = i;
        if (logger != null) {
            for (Asset a : inventory.assets()) {
                authorize(a);
            }
        }
    }

    @Override
    public String name() {
        return "assets";
    }

    @Override
    public void onDocument(JsonNode event, DocumentSink out) {
        Policy p = next.getAndSet(null);
        if (logger == null) {
            logger = new AssetLogger(out.writer());
        }
        if (p != null) {
            usePolicy(p);
        }
        inventory.apply(event);
        publishChanges(out);
    }

    @Override
    public void onTick(long nowNanos, DocumentSink out) {
        publish(out);
        if (store != null) {
            store.saveIfDue(inventory, System.currentTimeMillis());
        }
    }

    @Override
    public void onEndOfInput(DocumentSink out) {
        publish(out);
    }

    @Override
    public void close() {
        if (store != null) {
            store.save(inventory);
        }
    }

    /** Change events, as they happen (cheap: only what changed). */
    private void publishChanges(DocumentSink out) {
        if (logger == null) {
            logger = new AssetLogger(out.writer());
        }
        List<AssetChange> changes = inventory.drainChanges();
        for (AssetChange c : changes) {
            authorize(c.asset());
            String id = logger.writeChange(c);
            out.emit(AssetLogger.DATASET, id, c.timestampNanos(), false, false);
        }
    }

    /**
     * Change events and the devices' own documents. The documents are written once per second of
     * event time (and at the end of an input), not per event: finding the devices whose document
     * is due walks every device seen since, too much to do for each of tens of thousands of
     * documents a second.
     */
    private void publish(DocumentSink out) {
        publishChanges(out);
        for (Asset a : inventory.drainChanged()) {
            authorize(a);
            String id = logger.writeAsset(a);
            lastDocuments.put(a.macText(), Arrays.copyOf(out.writer().bytes(), out.writer().length()));
            out.emit(AssetLogger.DATASET, id, a.lastSeen(), false, true);
        }
    }

    private void authorize(Asset a) {
        InventoryEntry e = byMac.get(a.macText());
        if (e == null) {
            for (String ip : a.ips()) {
                e = byIp.get(ip);
                if (e != null) {
                    break;
                }
            }
        }
        inventory.authorize(a, e != null, e == null || e.role() == null ? null : e.role().label());
    }

    @Override
    public Commit prepareReload(Path policy, Path inventoryFile) {
        Policy p = loader.apply(policy, inventoryFile);
        return () -> next.set(p);
    }

    @Override
    public JsonNode assetsJson() {
        ArrayNode out = MAPPER.createArrayNode();
        for (byte[] doc : lastDocuments.values()) {
            try {
                out.add(MAPPER.readTree(doc).path("asset"));
            } catch (IOException e) {
                LOG.debug("unreadable asset document: {}", e.toString());
            }
        }
        return out;
    }

    /** The inventory (tests). */
    public AssetInventory inventory() {
        return inventory;
    }
}
