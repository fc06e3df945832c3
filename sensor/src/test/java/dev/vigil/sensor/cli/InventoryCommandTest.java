package dev.vigil.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.dip.Demo;
import dev.vigil.sensor.asset.AssetConfig;
import dev.vigil.sensor.asset.AssetInventory;
import dev.vigil.sensor.asset.DemoInventory;
import dev.vigil.sensor.asset.InventoryStore;
import dev.vigil.sensor.asset.OuiRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil inventory export|show} over a store written from the demo capture. The command is
 * not registered in {@code Vigil} yet, so it runs through its own {@link CommandLine}.
 */
class InventoryCommandTest {
    @TempDir
    static Path state;

    record Outcome(int status, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new InventoryCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Outcome(status, out.toString(), err.toString());
    }

    static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @BeforeAll
    static void store() {
        AssetInventory inv = DemoInventory.build();
        assertThat(new InventoryStore(state).save(inv)).isTrue();
    }

    @Test
    void exportIsTheAuthorizedInventoryCsv() throws Exception {
        Path csv = state.resolve("authorized.csv");
        Outcome o = run("export", "--state-dir", state.toString(), "--out", csv.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.err()).contains("13 devices written to " + csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("mac,ip,name,role");
        assertThat(lines).hasSize(1 + 13);
        Map<String, String[]> rows = new HashMap<>();
        com.fasterxml.jackson.dataformat.csv.CsvMapper mapper = new com.fasterxml.jackson.dataformat.csv.CsvMapper();
        mapper.enable(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY);
        try (com.fasterxml.jackson.databind.MappingIterator<String[]> it = mapper.readerFor(String[].class)
                .readValues(csv.toFile())) {
            it.nextValue(); // header
            while (it.hasNextValue()) {
                String[] f = it.nextValue();
                assertThat(f).hasSize(4);
                rows.put(f[0], f);
            }
        }
        for (JsonNode h : Demo.truth().path("hosts")) {
            String[] row = rows.get(h.path("mac").asText());
            assertThat(row).as(h.toString()).isNotNull();
            assertThat(row[1]).isEqualTo(h.path("ip").asText());
            assertThat(row[3]).as(h.toString()).isEqualTo(DemoInventory.TRUTH_ROLES.get(h.path("role").asText()));
            if (h.path("role").asText().startsWith("intercom_")) {
                assertThat(row[2]).isEqualTo(h.path("name").asText());
            }
        }
        assertThat(lines.subList(1, lines.size())).extracting(l -> l.split(",")[1])
                .as("ordered by address").startsWith("10.20.0.2", "10.20.0.3", "10.20.0.10", "10.20.0.50");
    }

    @Test
    void exportToStandardOutput() {
        Outcome o = run("export", "--state-dir", state.toString());
        assertThat(o.status()).isZero();
        assertThat(o.out()).startsWith("mac,ip,name,role\n").contains("00:13:cb:14:00:0a,10.20.0.10,icx-alphacom,server\n");
    }

    @Test
    void showPrintsATable() {
        Outcome o = run("show", "--state-dir", state.toString());
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("MAC").contains("VENDOR").contains("00-13-CB-14-01-05")
                .contains("IP Station 5.2.3.1").contains("13 devices");
        assertThat(o.out().lines()).allMatch(l -> l.length() <= 200);
    }

    @Test
    void namesFromTheWireCannotBecomeSpreadsheetFormulasAndCommasAreQuoted(@TempDir Path dir) {
        AssetInventory inv = new AssetInventory(AssetConfig.DEFAULT, OuiRegistry.empty());
        inv.apply(json("{\"@timestamp\":\"2026-03-02T08:00:00Z\","
                + "\"event\":{\"dataset\":\"vigil.dhcp\"},\"source\":{\"mac\":\"02-00-00-00-00-01\",\"ip\":\"0.0.0.0\"},"
                + "\"dhcp\":{\"op\":\"request\",\"client_mac\":\"02-00-00-00-00-01\",\"hostname\":\"=HYPERLINK(\\\"x\\\")\"}}"));
        inv.apply(json("{\"@timestamp\":\"2026-03-02T08:00:00Z\","
                + "\"event\":{\"dataset\":\"vigil.dhcp\"},\"source\":{\"mac\":\"02-00-00-00-00-02\",\"ip\":\"0.0.0.0\"},"
                + "\"dhcp\":{\"op\":\"request\",\"client_mac\":\"02-00-00-00-00-02\",\"hostname\":\"Door, north\"}}"));
        new InventoryStore(dir).save(inv);
        Outcome o = run("export", "--state-dir", dir.toString());
        assertThat(o.out()).contains("02:00:00:00:00:01,,\"'=HYPERLINK(\"\"x\"\")\",\n")
                .contains("02:00:00:00:00:02,,\"Door, north\",\n");
    }

    @Test
    void missingOrCorruptStoreIsExit2WithTheFileName(@TempDir Path dir) throws Exception {
        Outcome o = run("export", "--state-dir", dir.toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains(dir.resolve("inventory.json").toString()).contains("no inventory store");
        Files.writeString(dir.resolve("inventory.json"), "{not json");
        o = run("show", "--state-dir", dir.toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains(dir.resolve("inventory.json").toString()).contains("not valid JSON");
        assertThat(Files.exists(dir.resolve("inventory.json.bad"))).as("a reading command changes nothing").isFalse();
    }

    @Test
    void help() {
        for (String[] args : new String[][] {{"--help"}, {"export", "--help"}, {"show", "--help"}}) {
            Outcome o = run(args);
            assertThat(o.status()).isZero();
            assertThat(o.out()).contains("Usage: inventory");
            assertThat(o.out().lines()).allMatch(l -> l.length() <= 100);
        }
    }
}
