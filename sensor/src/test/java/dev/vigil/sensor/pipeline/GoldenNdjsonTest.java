package dev.vigil.sensor.pipeline;

import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden end-to-end tests: a capture in, NDJSON out, compared line by line with a reviewed file
 * in {@code src/test/resources/golden/}. After an intended change, regenerate with
 * {@code mvn -pl sensor test -Dtest=GoldenNdjsonTest -Dvigil.golden.update=true}, then review
 * the diff before committing it.
 */
class GoldenNdjsonTest {
    private static final boolean UPDATE = Boolean.getBoolean("vigil.golden.update");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "demo:intercom-site.pcap",
        "discovery/sv__decode-arp-2.pcap",
        "misc/zeek__vlan-qinqinq.pcap",
        "sip/heplify__erspan_sip_ipv4_udp.pcapng",
        "misc/ndpi__rsh-syslog-false-positive.pcap",
        "rtp/packetnet__ipv6_rtp.pcap",
    })
    void matchesTheReviewedOutput(String capture) throws IOException {
        Path file = capture.startsWith("demo:") ? demoCapture() : Corpus.file(capture);
        List<String> lines = Analyze.files(file).output().lines();
        String name = Path.of(capture.replace("demo:", "")).getFileName() + ".ndjson";
        Path golden = goldenDir().resolve(name);
        String actual = String.join("\n", lines) + "\n";
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file (create it with -Dvigil.golden.update=true)").exists();
        List<String> expected = Files.readAllLines(golden, StandardCharsets.UTF_8);
        assertThat(lines).hasSameSizeAs(expected);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("%s line %d", name, i + 1).isEqualTo(expected.get(i));
        }
    }

    static Path demoCapture() throws IOException {
        Path tmp = Files.createTempFile("vigil-demo", ".pcap");
        tmp.toFile().deleteOnExit();
        try (InputStream in = GoldenNdjsonTest.class.getResourceAsStream("/demo/intercom-site.pcap")) {
            assertThat(in).as("bundled demo capture").isNotNull();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        // the name is part of the document ids and of vigil.input.file: keep it stable
        Path named = tmp.resolveSibling("intercom-site.pcap");
        Files.copy(tmp, named, StandardCopyOption.REPLACE_EXISTING);
        named.toFile().deleteOnExit();
        return named;
    }

    private static Path goldenDir() {
        Path root = Path.of(System.getProperty("vigil.repo.root", "..")).toAbsolutePath();
        return root.resolve("sensor/src/test/resources/golden");
    }
}
