package dev.vigil.sensor.testing;

import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.event.Observer;
import dev.vigil.sensor.output.OutputAgent;
import dev.vigil.sensor.pipeline.OfflineAnalysis;
import dev.vigil.sensor.pipeline.PipelineConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the offline pipeline over files into memory, with a fixed observer so output is reproducible. */
public final class Analyze {
    public static final Observer TEST_OBSERVER = new Observer("test-sensor", "test", null);
    /** A fixed salt for hashed secrets, so expected outputs do not depend on the machine. */
    public static final byte[] TEST_SALT = "vigil-test-salt-0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Every decoder of the build, with the test salt. */
    public static AppRegistry decoders() {
        return dev.vigil.sensor.app.Decoders.all(TEST_SALT);
    }

    private Analyze() {
    }

    public record Run(OfflineAnalysis.Result result, CollectingOutput output) {
    }

    public static Run files(Path... files) {
        return files(PipelineConfig.DEFAULT, files);
    }

    public static Run files(PipelineConfig config, Path... files) {
        return files(config, decoders(), files);
    }

    /** With a chosen set of decoders (a decoder's own tests register just it). */
    public static Run files(AppRegistry apps, Path... files) {
        return files(PipelineConfig.DEFAULT, apps, files);
    }

    public static Run files(PipelineConfig config, AppRegistry apps, Path... files) {
        return files(config, apps, List.of(), files);
    }

    /** With analyzers (inventory, finding engine) on the detect stage. */
    public static Run files(PipelineConfig config, AppRegistry apps, List<dev.vigil.sensor.detect.DocumentAnalyzer> analyzers,
                            Path... files) {
        CollectingOutput out = new CollectingOutput();
        List<OutputAgent> outs = new ArrayList<>();
        outs.add(out);
        OfflineAnalysis.Result r = OfflineAnalysis.run(List.of(files), config, TEST_OBSERVER, apps, outs, analyzers,
                null);
        return new Run(r, out);
    }
}
