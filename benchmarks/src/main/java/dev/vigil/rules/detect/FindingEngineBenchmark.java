package dev.vigil.rules.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.rules.policy.InventoryCsv;
import dev.vigil.rules.policy.Policy;
import dev.vigil.rules.policy.PolicyLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link FindingEngine#onEvent} in steady state: the documents of the demo capture (its golden NDJSON,
 * already parsed into trees, as the findings agent receives them) judged with the demo site's
 * policy, one operation = one document, in capture order, wrapping around. After the first lap every
 * finding is a repeat within the re-alert interval, which is what a running sensor sees almost always.
 * {@code -prof gc} gives the engine's own allocation per document (the tree is not counted).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FindingEngineBenchmark {
    @Param("sensor/src/test/resources/golden/intercom-site.pcap.ndjson")
    public String path;

    private JsonNode[] docs;
    private FindingEngine engine;
    private int next;
    private final FindingSink sink = f -> { };

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(path + " not found: run from the repository root");
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> list = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                list.add(json.readTree(line));
            }
        }
        docs = list.toArray(new JsonNode[0]);
        Policy policy = PolicyLoader.load(Path.of("deploy/config/policy.example.yaml"))
                .withInventory(InventoryCsv.load(Path.of("deploy/config/inventory.example.csv")));
        engine = new FindingEngine(policy);
        for (JsonNode d : docs) {
            engine.onEvent(d, sink); // first lap: the findings are raised here, not measured
        }
    }

    @Benchmark
    public void onEvent(Blackhole bh) {
        engine.onEvent(docs[next], sink);
        if (++next == docs.length) {
            next = 0;
        }
        bh.consume(next);
    }
}
