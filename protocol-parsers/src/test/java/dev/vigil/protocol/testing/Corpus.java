package dev.vigil.protocol.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the shared capture corpus: {@code <vigil.repo.root>/../shared/corpus} (surefire sets the
 * property), else the first {@code shared/corpus} next to {@code user.dir} or one of its parents.
 */
public final class Corpus {
    private static final Path ROOT = locate();

    private Corpus() {
    }

    private static Path locate() {
        String root = System.getProperty("vigil.repo.root");
        if (root != null && !root.isBlank()) {
            Path p = Paths.get(root).toAbsolutePath().normalize().resolve("../shared/corpus").normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        for (Path d = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            for (Path candidate : List.of(d.resolve("shared/corpus"), d.resolve("../shared/corpus"))) {
                if (Files.isDirectory(candidate)) {
                    return candidate.normalize();
                }
            }
        }
        return null;
    }

    /** The corpus root, or null when it cannot be found. */
    public static Path root() {
        return ROOT;
    }

    public static Path file(String relative) {
        return ROOT.resolve(relative);
    }

    /** Every capture ({@code <proto>/*.pcap*}), sorted. */
    public static List<Path> captures() {
        try (Stream<Path> s = Files.list(ROOT)) {
            return s.filter(Files::isDirectory)
                    .flatMap(d -> {
                        try {
                            return Files.list(d).collect(Collectors.toList()).stream();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .filter(p -> Files.isRegularFile(p) && p.getFileName().toString().matches(".*\\.pcap(ng)?$"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <dir>/ground-truth/<name>.<kind>.txt} of a capture (may not exist). */
    public static Path groundTruth(Path capture, String kind) {
        return capture.getParent().resolve("ground-truth").resolve(capture.getFileName() + "." + kind + ".txt");
    }
}
