package dev.vigil.sensor.asset;

import static dev.vigil.sensor.asset.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.event.Observer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inventory survives a restart; a damaged store is reported by name and set aside, never a crash. */
class InventoryStoreTest {
    @TempDir
    Path dir;

    static AssetInventory fresh() {
        return new AssetInventory(AssetConfig.DEFAULT, OuiRegistry.empty());
    }

    /** Every fact of the demo capture's golden events, so the round trip covers every field. */
    static AssetInventory demoInventory() {
        AssetInventory inv = fresh();
        for (JsonNode e : AssetInventoryPropertiesTest.golden()) {
            inv.apply(e);
        }
        inv.authorize(inv.asset("00-13-CB-14-00-0A"), true, "server");
        inv.authorize(inv.asset("A4-F2-E0-7B-19-C4"), false, null);
        return inv;
    }

    /** The state documents of every asset, as strings: equal strings mean equal facts. */
    static List<String> documents(AssetInventory inv) {
        EventWriter w = new EventWriter(new Observer("h", "t", null), "default");
        AssetLogger logger = new AssetLogger(w);
        List<String> out = new ArrayList<>();
        for (Asset a : inv.assets()) {
            logger.writeAsset(a);
            out.add(new String(w.bytes(), 0, w.length(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void roundTripKeepsEveryFact() {
        AssetInventory before = demoInventory();
        InventoryStore store = new InventoryStore(dir);
        assertThat(store.save(before)).isTrue();
        AssetInventory after = fresh();
        InventoryStore.LoadResult r = new InventoryStore(dir).load(after);
        assertThat(r.ok()).as(r.error()).isTrue();
        assertThat(r.loaded()).isEqualTo(13);
        assertThat(documents(after)).isEqualTo(documents(before));
        for (Asset a : before.assets()) {
            Asset b = after.asset(a.macText());
            assertThat(b.names()).containsExactlyElementsOf(a.names());
            for (String n : a.names()) {
                assertThat(b.nameSource(n)).isEqualTo(a.nameSource(n));
            }
            assertThat(b.authorized()).isEqualTo(a.authorized());
            assertThat(b.policyRole()).isEqualTo(a.policyRole());
            assertThat(b.ipHistory()).extracting(Asset.IpRecord::ip, Asset.IpRecord::firstSeen, Asset.IpRecord::lastSeen,
                    Asset.IpRecord::source).containsExactlyElementsOf(a.ipHistory().stream()
                    .map(x -> org.assertj.core.groups.Tuple.tuple(x.ip(), x.firstSeen(), x.lastSeen(), x.source())).toList());
        }
        assertThat(after.assetByIp("10.20.0.101").macText()).isEqualTo("00-13-CB-14-01-01");
        assertThat(after.drainChanged()).as("restored documents are upserted again").hasSize(13);
        assertThat(after.drainChanges()).as("but nothing is news").isEmpty();
    }

    @Test
    void aRestoredInventoryDoesNotRediscoverWhatItKnows() {
        AssetInventory before = demoInventory();
        new InventoryStore(dir).save(before);
        AssetInventory after = fresh();
        new InventoryStore(dir).load(after);
        after.drainChanges();
        for (JsonNode e : AssetInventoryPropertiesTest.golden()) {
            after.apply(e);
        }
        assertThat(after.drainChanges()).isEmpty();
        assertThat(after.size()).isEqualTo(13);
    }

    @Test
    void saveIsAtomicAndLeavesNoTemporaryFile() throws Exception {
        InventoryStore store = new InventoryStore(dir.resolve("state"));
        assertThat(store.save(demoInventory())).isTrue();
        assertThat(store.save(fresh())).isTrue();
        try (Stream<Path> files = Files.list(dir.resolve("state"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(InventoryStore.FILE_NAME);
        }
        JsonNode root = Events.JSON.readTree(store.file().toFile());
        assertThat(root.path("format").asText()).isEqualTo("vigil-inventory");
        assertThat(root.path("version").asInt()).isEqualTo(1);
        assertThat(root.path("assets")).isEmpty();
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(store.file());
        assertThat(perms).as("device names and addresses: owner only").isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void missingStoreIsAnEmptyStart() {
        InventoryStore.LoadResult r = new InventoryStore(dir).load(fresh());
        assertThat(r.ok()).isTrue();
        assertThat(r.loaded()).isZero();
    }

    @Test
    void corruptStoreIsNamedKeptAsBadAndTheInventoryStartsEmpty() throws Exception {
        InventoryStore store = new InventoryStore(dir);
        Files.writeString(store.file(), "{\"format\":\"vigil-inventory\",\"version\":1,\"assets\":[{\"mac\":");
        AssetInventory inv = fresh();
        InventoryStore.LoadResult r = store.load(inv);
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).contains(store.file().toString()).contains("not valid JSON").contains("line 1")
                .contains(store.badCopy().toString());
        assertThat(Files.readString(store.badCopy())).isEqualTo(Files.readString(store.file()));
        assertThat(inv.size()).isZero();
        // the sensor goes on, and its next save replaces the broken file
        inv.apply(event("vigil.arp", 1).src("00-13-CB-14-00-0A", "10.20.0.10", -1).node());
        assertThat(store.save(inv)).isTrue();
        assertThat(new InventoryStore(dir).load(fresh()).loaded()).isEqualTo(1);
    }

    @Test
    void otherFilesAndVersionsAreRefusedByName() throws Exception {
        InventoryStore store = new InventoryStore(dir);
        for (String text : new String[] {"[]", "{}", "{\"format\":\"other\",\"version\":1,\"assets\":[]}",
            "{\"format\":\"vigil-inventory\",\"version\":2,\"assets\":[]}",
            "{\"format\":\"vigil-inventory\",\"version\":1}", ""}) {
            Files.writeString(store.file(), text);
            InventoryStore.LoadResult r = store.load(fresh());
            assertThat(r.ok()).as(text).isFalse();
            assertThat(r.error()).as(text).contains(store.file().toString());
            assertThatThrownBy(() -> InventoryStore.read(store.file(), AssetConfig.DEFAULT))
                    .isInstanceOf(InventoryStore.StoreException.class).hasMessageContaining(store.file().toString());
        }
    }

    @Test
    void badEntriesAreSkippedCountedAndReported() throws Exception {
        InventoryStore store = new InventoryStore(dir);
        store.save(demoInventory());
        String text = Files.readString(store.file());
        text = text.replaceFirst("\"mac\" : \"00-13-CB-14-00-0A\"", "\"mac\" : \"FF-FF-FF-FF-FF-FF\"")
                .replaceFirst("\"first_seen\" : \"2026-03-02T08:00:00.040721Z\"", "\"first_seen\" : 17");
        Files.writeString(store.file(), text);
        AssetInventory inv = fresh();
        InventoryStore.LoadResult r = store.load(inv);
        assertThat(r.loaded()).isEqualTo(11);
        assertThat(r.skipped()).isEqualTo(2);
        assertThat(r.error()).contains("2 of 13 entries skipped").contains("no valid unicast 'mac'")
                .contains("no valid 'first_seen'").contains(store.badCopy().toString());
        assertThat(Files.exists(store.badCopy())).isTrue();
    }

    @Test
    void storedListsLongerThanTheCapsAreCut() throws Exception {
        InventoryStore store = new InventoryStore(dir);
        store.save(demoInventory());
        AssetInventory small = new AssetInventory(AssetConfig.DEFAULT.withPerAssetCaps(1, 1, 1, 1, 1), OuiRegistry.empty());
        assertThat(store.load(small).ok()).isTrue();
        Asset server = small.asset("00-13-CB-14-00-0A");
        assertThat(server.software()).hasSize(1);
        assertThat(server.offered()).hasSize(1);
        assertThat(server.multicastSent()).hasSize(1);
    }

    @Test
    void saveIfDueWaitsForChangeAndInterval() {
        InventoryStore store = new InventoryStore(dir, Duration.ofSeconds(60));
        AssetInventory inv = fresh();
        inv.apply(event("vigil.arp", 1).src("00-13-CB-14-00-0A", "10.20.0.10", -1).node());
        assertThat(store.saveIfDue(inv, 1_000)).isTrue();
        assertThat(store.saveIfDue(inv, 100_000)).as("nothing changed").isFalse();
        inv.apply(event("vigil.arp", 2).src("00-13-CB-14-00-0B", "10.20.0.11", -1).node());
        assertThat(store.saveIfDue(inv, 30_000)).as("too soon").isFalse();
        assertThat(store.saveIfDue(inv, 61_001)).isTrue();
        assertThat(store.saves()).isEqualTo(2);
    }

    @Test
    void anUnwritableStateDirectoryIsAFailedSaveNotACrash() throws Exception {
        Path file = dir.resolve("not-a-dir");
        Files.writeString(file, "x");
        InventoryStore store = new InventoryStore(file);
        assertThat(store.save(demoInventory())).isFalse();
        assertThat(store.saveFailures()).isEqualTo(1);
    }
}
