package dev.vigil.sensor.app.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden end-to-end cases of the SNMP decoder alone (with the test salt): a capture in, NDJSON
 * out (messages, flows), compared line by line with a reviewed file in
 * {@code src/test/resources/golden/snmp/}. Regenerate after an intended change with
 * {@code mvn -pl sensor test -Dtest=SnmpGoldenTest -Dvigil.golden.update=true} and review the diff.
 */
class SnmpGoldenTest {
    private static final boolean UPDATE = Boolean.getBoolean("vigil.golden.update");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"snmp/sv__snmp-v3-encrypted.pcap", "snmp/zeek__snmpv1_trap.pcap",
        "snmp/zeek__snmpv2_get.pcap"})
    void matchesTheReviewedOutput(String capture) throws IOException {
        List<String> lines = Analyze.files(new AppRegistry().register(() -> new SnmpApp(SnmpCorpusTest.SALT)),
                Corpus.file(capture)).output().lines();
        Path golden = goldenDir().resolve(Path.of(capture).getFileName() + ".ndjson");
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file (create it with -Dvigil.golden.update=true)").exists();
        List<String> expected = Files.readAllLines(golden, StandardCharsets.UTF_8);
        assertThat(lines).hasSameSizeAs(expected);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("%s line %d", golden.getFileName(), i + 1).isEqualTo(expected.get(i));
        }
    }

    private static Path goldenDir() {
        Path root = Path.of(System.getProperty("vigil.repo.root", "..")).toAbsolutePath();
        return root.resolve("sensor/src/test/resources/golden/snmp");
    }
}
