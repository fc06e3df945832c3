package dev.vigil.sensor.cli;

import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.databind.SequenceWriter;
import dev.vigil.sensor.asset.Asset;
import dev.vigil.sensor.asset.AssetConfig;
import dev.vigil.sensor.asset.InventoryStore;
import dev.vigil.sensor.config.StateDirectory;
import dev.vigil.sensor.event.TextFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vigil inventory}: what the sensor's passive asset inventory holds, from the store the
 * running sensor keeps in its state directory. {@code export} writes the proposed authorized
 * inventory as the CSV a policy takes ({@code --inventory FILE.csv}); {@code show} prints a table.
 */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = {"Show or export the asset inventory the sensor has built.", ""},
        subcommands = {InventoryCommand.Export.class, InventoryCommand.Show.class},
        footer = {"", "Examples:",
            "  vigil inventory show",
            "  vigil inventory export --out authorized.csv",
            "", "Exit status: 0 success, 2 no usable inventory store."})
public final class InventoryCommand implements Runnable {
    /** The header of the authorized inventory CSV, exactly. */
    public static final String CSV_HEADER = "mac,ip,name,role";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options of both subcommands. */
    static final class StoreOptions {
        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "State directory of the sensor (default: $VIGIL_STATE_DIR, else ~/.local/state/vigil).")
        Path stateDir;

        Path file() {
            return (stateDir != null ? stateDir : StateDirectory.resolve()).resolve(InventoryStore.FILE_NAME);
        }

        /** The stored assets, ordered by IP then MAC; null after reporting why there are none. */
        List<Asset> load(PrintWriter err) {
            Path f = file();
            try {
                List<Asset> assets = new ArrayList<>(InventoryStore.read(f, AssetConfig.DEFAULT));
                assets.sort(Comparator.comparing((Asset a) -> ipSortKey(a.primaryIp())).thenComparing(Asset::macText));
                return assets;
            } catch (NoSuchFileException e) {
                err.println("vigil inventory: no inventory store at " + f
                        + " (the sensor writes it while it runs; use --state-dir to read another)");
                return null;
            } catch (InventoryStore.StoreException e) {
                err.println("vigil inventory: " + e.getMessage());
                return null;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write the proposed authorized inventory as CSV (header: " + CSV_HEADER + ").", "",
                "One row per device: its MAC, its current IP (proven by ARP/DHCP when possible), its",
                "name and a guessed role (server, station, phone, management; empty when unsure).",
                "Review it, then give it to 'vigil analyze|run --inventory FILE.csv'."})
    static final class Export implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        StoreOptions store = new StoreOptions();

        @Option(names = "--out", paramLabel = "FILE.csv", description = "Write to FILE.csv instead of standard output.")
        Path out;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            List<Asset> assets = store.load(err);
            if (assets == null) {
                return 2;
            }
            String csv = csv(assets);
            if (out == null) {
                PrintWriter o = spec.commandLine().getOut();
                o.print(csv);
                o.flush();
            } else {
                Files.writeString(out, csv, StandardCharsets.UTF_8);
                err.println("vigil inventory: " + assets.size() + " devices written to " + out);
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Print the inventory as a table.", ""})
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        StoreOptions store = new StoreOptions();

        @Override
        public Integer call() {
            List<Asset> assets = store.load(spec.commandLine().getErr());
            if (assets == null) {
                return 2;
            }
            PrintWriter o = spec.commandLine().getOut();
            o.print(table(assets));
            o.flush();
            return 0;
        }
    }

    // ================================================================== formats

    /**
     * The CSV (RFC 4180: fields with a comma, quote or line break are quoted). A name that a
     * spreadsheet would take for a formula ({@code = + - @}, tab, carriage return first: names
     * come from the wire, so from whoever is on it) gets a leading apostrophe (OWASP "CSV
     * injection").
     */
    static String csv(List<Asset> assets) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.configure(CsvGenerator.Feature.ALWAYS_QUOTE_STRINGS, false);
        mapper.configure(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING, true); // quote only what RFC 4180 needs
        CsvSchema schema = CsvSchema.builder().addColumn("mac").addColumn("ip").addColumn("name").addColumn("role")
                .setUseHeader(true).setLineSeparator("\n").build();
        StringWriter w = new StringWriter();
        try (SequenceWriter seq = mapper.writer(schema).writeValues((Writer) w)) {
            for (Asset a : assets) {
                String ip = a.primaryIp();
                String name = a.primaryName();
                seq.write(new String[] {macColonLower(a), ip == null ? "" : ip, name == null ? "" : neutralise(name),
                    a.role()});
            }
        }
        return w.toString();
    }

    /** {@code 00:13:cb:14:00:0a}: the IEEE/spreadsheet notation (the policy reader accepts the ECS one too). */
    static String macColonLower(Asset a) {
        return a.macText().replace('-', ':').toLowerCase(Locale.ROOT);
    }

    static String neutralise(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        char c = cell.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + cell : cell;
    }

    static String table(List<Asset> assets) {
        String[] head = {"MAC", "IP", "VENDOR", "NAME", "ROLE", "SOFTWARE", "LAST SEEN"};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        for (Asset a : assets) {
            String ip = a.primaryIp();
            int more = a.ips().size() - (ip == null ? 0 : 1);
            List<String> sw = new ArrayList<>();
            for (var s : a.software()) {
                String t = s.version() == null ? s.product() : s.product() + " " + s.version();
                if (!sw.contains(t)) {
                    sw.add(t);
                }
            }
            rows.add(new String[] {
                a.macText(),
                (ip == null ? "-" : ip) + (more > 0 ? " (+" + more + ")" : ""),
                cut(a.vendor() == null ? "-" : a.vendor(), 24),
                cut(a.primaryName() == null ? "-" : a.primaryName(), 24),
                a.role().isEmpty() ? "?" : a.role(),
                cut(sw.isEmpty() ? "-" : String.join("; ", sw), 40),
                TextFormat.timestampString(a.lastSeen()).substring(0, 19).replace('T', ' ')});
        }
        int[] width = new int[head.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                if (i < r.length - 1) {
                    sb.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            sb.append('\n');
        }
        sb.append(assets.size()).append(assets.size() == 1 ? " device\n" : " devices\n");
        return sb.toString();
    }

    private static String cut(String s, int max) {
        String t = s.replaceAll("\\p{Cntrl}", " ");
        return t.length() <= max ? t : t.substring(0, max - 1) + "~";
    }

    /** IPv4 before IPv6, numerically; devices without an IP last. */
    static String ipSortKey(String ip) {
        if (ip == null) {
            return "~";
        }
        String[] p = ip.split("\\.");
        if (p.length == 4) {
            StringBuilder sb = new StringBuilder("4");
            for (String o : p) {
                sb.append(String.format(Locale.ROOT, "%03d", Integer.parseInt(o)));
            }
            return sb.toString();
        }
        return "6" + ip;
    }
}
