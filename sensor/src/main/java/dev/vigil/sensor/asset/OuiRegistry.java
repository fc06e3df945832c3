package dev.vigil.sensor.asset;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MAC address to vendor, from the IEEE registration authority's public listing as Debian's
 * {@code ieee-data} package installs it ({@code /usr/share/ieee-data/oui.csv}: columns Registry,
 * Assignment, Organization Name, Organization Address; quoted fields). The vendor is a hint an
 * analyst uses to spot a device that does not belong (a laptop on the intercom VLAN), and the
 * role guess uses it to recognise the intercom vendor's devices.
 *
 * <p>Besides the file given, its siblings {@code mam.csv} (MA-M, 28-bit prefixes),
 * {@code oui36.csv} (MA-S) and {@code iab.csv} (36-bit) are read when present: a block that
 * the MA-L file lists only as "IEEE Registration Authority" is then attributed to the company
 * that holds it. Lookup tries the longest prefix first.
 *
 * <p>Loaded once into sorted primitive arrays (about 50 k entries, vendor strings shared): a
 * lookup is a binary search, no boxing. A missing file is not an error: every vendor is unknown
 * and one warning says how to fix it. Lines that do not parse are skipped and counted.
 */
public final class OuiRegistry {
    /** Debian's {@code ieee-data} location. */
    public static final Path DEFAULT_FILE = Path.of("/usr/share/ieee-data/oui.csv");
    static final String[] SIBLINGS = {"mam.csv", "oui36.csv", "iab.csv"};
    /** Longest organisation name kept; the registry's longest is about 100 characters. */
    static final int MAX_VENDOR_CHARS = 128;

    private static final Logger LOG = LoggerFactory.getLogger(OuiRegistry.class);
    private static final OuiRegistry EMPTY = new OuiRegistry(new Table[0], 0, 0, List.of());

    /** One prefix length: sorted prefixes and their vendors. */
    private record Table(int bits, long[] prefixes, String[] vendors) {
        String find(long mac) {
            int i = Arrays.binarySearch(prefixes, mac >>> (48 - bits));
            return i >= 0 ? vendors[i] : null;
        }
    }

    private final Table[] tables; // longest prefix first
    private final int entries;
    private final int skippedLines;
    private final List<Path> files;

    private OuiRegistry(Table[] tables, int entries, int skippedLines, List<Path> files) {
        this.tables = tables;
        this.entries = entries;
        this.skippedLines = skippedLines;
        this.files = files;
    }

    /** A registry that knows no vendor. */
    public static OuiRegistry empty() {
        return EMPTY;
    }

    /**
     * Loads {@code file} and its sibling registries. Never throws: a missing or unreadable file
     * gives the registry of what could be read (possibly empty) and a warning.
     */
    public static OuiRegistry load(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            LOG.warn("IEEE OUI registry {} not found: MAC vendors will be unknown "
                    + "(install Debian's ieee-data package or configure the registry file)", file);
            return EMPTY;
        }
        Map<Integer, Map<Long, String>> byBits = new HashMap<>();
        Map<String, String> shared = new HashMap<>();
        int[] skipped = {0};
        List<Path> read = new java.util.ArrayList<>();
        readFile(file, byBits, shared, skipped, read);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            for (String sibling : SIBLINGS) {
                Path p = dir.resolve(sibling);
                if (!p.equals(file.toAbsolutePath()) && Files.isRegularFile(p)) {
                    readFile(p, byBits, shared, skipped, read);
                }
            }
        }
        int total = 0;
        Table[] tables = byBits.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getKey(), a.getKey()))
                .map(e -> toTable(e.getKey(), e.getValue()))
                .toArray(Table[]::new);
        for (Table t : tables) {
            total += t.prefixes.length;
        }
        if (skipped[0] > 0) {
            LOG.warn("IEEE OUI registry {}: {} lines skipped (not a registry entry)", file, skipped[0]);
        }
        return new OuiRegistry(tables, total, skipped[0], List.copyOf(read));
    }

    private static Table toTable(int bits, Map<Long, String> m) {
        long[] keys = m.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        String[] vendors = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            vendors[i] = m.get(keys[i]);
        }
        return new Table(bits, keys, vendors);
    }

    private static void readFile(Path file, Map<Integer, Map<Long, String>> byBits, Map<String, String> shared,
                                 int[] skipped, List<Path> read) {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        mapper.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<String[]> it = mapper.readerFor(String[].class)
                     .with(CsvSchema.emptySchema()).readValues(r)) {
            boolean header = true;
            while (it.hasNextValue()) {
                String[] row;
                try {
                    row = it.nextValue();
                } catch (RuntimeException e) {
                    skipped[0]++;
                    continue;
                }
                if (header) {
                    header = false;
                    if (row.length > 0 && "Registry".equalsIgnoreCase(row[0].trim())) {
                        continue;
                    }
                }
                if (!add(row, byBits, shared)) {
                    skipped[0]++;
                }
            }
            read.add(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("IEEE OUI registry {} could not be read completely: {}", file, e.getMessage());
        }
    }

    /** One row: Assignment is 6 (MA-L), 7 (MA-M) or 9 (MA-S, IAB) hex digits. */
    private static boolean add(String[] row, Map<Integer, Map<Long, String>> byBits, Map<String, String> shared) {
        if (row.length < 3) {
            return false;
        }
        String hex = row[1].trim();
        int digits = hex.length();
        if (digits != 6 && digits != 7 && digits != 9) {
            return false;
        }
        long prefix = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(hex.charAt(i), 16);
            if (d < 0) {
                return false;
            }
            prefix = (prefix << 4) | d;
        }
        String vendor = row[2].trim();
        if (vendor.isEmpty()) {
            return false;
        }
        if (vendor.length() > MAX_VENDOR_CHARS) {
            vendor = vendor.substring(0, MAX_VENDOR_CHARS);
        }
        vendor = shared.computeIfAbsent(vendor, v -> v);
        byBits.computeIfAbsent(digits * 4, b -> new HashMap<>()).putIfAbsent(prefix, vendor);
        return true;
    }

    /** The organisation the MAC's prefix is registered to, or null (unregistered, locally administered, group). */
    public String vendor(long mac) {
        if (!Addresses.isUnicastMac(mac) || Addresses.isLocallyAdministered(mac)) {
            return null;
        }
        for (Table t : tables) {
            String v = t.find(mac);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** Registry entries held (all prefix lengths). */
    public int size() {
        return entries;
    }

    public int skippedLines() {
        return skippedLines;
    }

    /** The files that were read. */
    public List<Path> files() {
        return files;
    }
}
