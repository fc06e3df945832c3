package dev.vigil.sensor.pipeline;

import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.detect.DocumentAnalyzer;
import dev.vigil.sensor.capture.CaptureFileException;
import dev.vigil.sensor.capture.CaptureFileReader;
import dev.vigil.sensor.event.Observer;
import dev.vigil.sensor.output.OutputAgent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Offline analysis of capture files through the full pipeline. Files are read one after the
 * other; each is its own input (frame numbers restart at 1, flows end at its end). A damaged
 * file keeps the events of the packets before the damage and the analysis goes on with the next.
 */
public final class OfflineAnalysis {

    /** Reports progress of the file being read (called from the reading thread's companion). */
    public interface Progress {
        void file(Path file, long size);

        void position(long bytesRead, long packets);

        void done();
    }

    /** What the analysis did. */
    public record Result(List<Path> files, List<CaptureFileException> errors, PipelineStats stats,
                         long elapsedNanos) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private OfflineAnalysis() {
    }

    /**
     * Expands the arguments: files are taken as given; directories are walked (sorted) for
     * files that start with a pcap or pcapng magic number.
     */
    public static List<Path> expand(List<Path> args) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : args) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).sorted().filter(OfflineAnalysis::looksLikeCapture).forEach(out::add);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    static boolean looksLikeCapture(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] m = in.readNBytes(4);
            if (m.length < 4) {
                return false;
            }
            int be = (m[0] & 0xFF) << 24 | (m[1] & 0xFF) << 16 | (m[2] & 0xFF) << 8 | (m[3] & 0xFF);
            int le = Integer.reverseBytes(be);
            return be == 0x0A0D0D0A || be == 0xA1B2C3D4 || le == 0xA1B2C3D4 || be == 0xA1B23C4D
                    || le == 0xA1B23C4D;
        } catch (IOException e) {
            return false;
        }
    }

    public static Result run(List<Path> files, PipelineConfig config, Observer observer, AppRegistry apps,
                             List<OutputAgent> outputs, Progress progress) {
        return run(files, config, observer, apps, outputs, List.of(), progress);
    }

    /** The same with analyzers (inventory, findings) on a detect stage before the outputs. */
    public static Result run(List<Path> files, PipelineConfig config, Observer observer, AppRegistry apps,
                             List<OutputAgent> outputs, List<DocumentAnalyzer> analyzers, Progress progress) {
        long t0 = System.nanoTime();
        List<CaptureFileException> errors = new ArrayList<>();
        Pipeline pipeline = new Pipeline(config, observer, apps, outputs, analyzers, true);
        try {
            for (Path f : files) {
                analyzeOne(pipeline, f, errors, progress);
            }
        } finally {
            pipeline.close();
            if (progress != null) {
                progress.done();
            }
        }
        return new Result(List.copyOf(files), errors, pipeline.stats(), System.nanoTime() - t0);
    }

    private static void analyzeOne(Pipeline pipeline, Path f, List<CaptureFileException> errors,
                                   Progress progress) {
        CaptureFileReader reader;
        try {
            reader = CaptureFileReader.open(f);
        } catch (CaptureFileException e) {
            errors.add(e);
            return;
        }
        InputContext input = new InputContext(f.getFileName().toString(),
                f.getFileName() + ":" + reader.size(), true);
        pipeline.beginInput(input);
        Thread watcher = null;
        if (progress != null) {
            progress.file(f, reader.size());
            watcher = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        progress.position(reader.position(), reader.packets());
                        Thread.sleep(500);
                    }
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "vigil-progress");
            watcher.setDaemon(true);
            watcher.start();
        }
        try (reader) {
            reader.read(pipeline.handler());
        } catch (CaptureFileException e) {
            errors.add(e);
        } finally {
            pipeline.endInput(input);
            if (watcher != null) {
                watcher.interrupt();
                progress.position(reader.size(), reader.packets());
            }
        }
    }
}
