package dev.vigil.sensor.app.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rows of a tshark {@code -T fields -E header=y} extraction (the corpus ground truth), by column name. */
public final class TsharkRows {
    private TsharkRows() {
    }

    public static List<Map<String, String>> read(Path txt) {
        List<String> lines;
        try {
            lines = Files.readAllLines(txt);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < f.length ? f[i] : "");
            }
            rows.add(row);
        }
        return rows;
    }

    /** A comma-joined multi-value column as a list (empty column: empty list). */
    public static List<String> list(String column) {
        return column == null || column.isEmpty() ? List.of() : Arrays.asList(column.split(",", -1));
    }
}
