package dev.vigil.sensor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shared capture corpus ({@code ../shared/corpus}) and its MANIFEST.tsv. */
public final class Corpus {
    private static final Pattern LINKTYPE = Pattern.compile("\\((\\d+)\\)");

    public record Entry(Path file, String path, String format, int linkType, long packets) {
        @Override
        public String toString() {
            return path;
        }
    }

    private Corpus() {
    }

    /** {@code <vigil.repo.root>/../shared/corpus}, else the first {@code shared/corpus} walking up from user.dir. */
    public static Path dir() {
        String root = System.getProperty("vigil.repo.root");
        if (root != null && !root.isBlank()) {
            Path p = Path.of(root).toAbsolutePath().normalize().resolveSibling("shared").resolve("corpus");
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared").resolve("corpus");
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("shared/corpus not found from vigil.repo.root="
                + root + " or user.dir=" + System.getProperty("user.dir"));
    }

    /** The tshark ground truth of a capture ({@code <proto>/ground-truth/<name>.truth.json}). */
    public static JsonNode truth(Entry e) {
        Path t = e.file().getParent().resolve("ground-truth").resolve(e.file().getFileName() + ".truth.json");
        try {
            return new ObjectMapper().readTree(t.toFile());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A ground-truth text file of a capture, e.g. {@code conv_udp}; empty when tshark wrote none. */
    public static java.util.Optional<Path> groundTruth(Entry e, String kind) {
        Path t = e.file().getParent().resolve("ground-truth").resolve(e.file().getFileName() + "." + kind + ".txt");
        return Files.exists(t) ? java.util.Optional.of(t) : java.util.Optional.empty();
    }

    public static Path file(String relative) {
        return dir().resolve(relative);
    }

    public static List<Entry> entries() {
        Path dir = dir();
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve("MANIFEST.tsv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        int path = header.indexOf("path");
        int format = header.indexOf("format");
        int linktype = header.indexOf("linktype");
        int packets = header.indexOf("packets");
        List<Entry> entries = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            Matcher m = LINKTYPE.matcher(f[linktype]);
            if (!m.find()) {
                throw new IllegalStateException("no link type number in " + f[linktype]);
            }
            entries.add(new Entry(dir.resolve(f[path]), f[path], f[format], Integer.parseInt(m.group(1)),
                    Long.parseLong(f[packets])));
        }
        return entries;
    }
}
