package dev.vigil.sensor.app.mdns;

import dev.vigil.sensor.app.dns.DnsCorpusTest;
import dev.vigil.sensor.testing.Corpus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every capture of the shared corpus through the pipeline with only the mDNS decoder, against
 * tshark's {@code .mdns.txt}: the comparison of {@link DnsCorpusTest} plus the record types
 * ({@code dns.resp.type}).
 */
class MdnsCorpusTest {
    private static final List<String> SUMMARY = new ArrayList<>();

    static Stream<Corpus.Entry> corpus() {
        return Corpus.entries().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void agreesWithTshark(Corpus.Entry e) {
        DnsCorpusTest.check(e, "mdns", "vigil.mdns", MdnsApp::new, SUMMARY);
    }

    @AfterAll
    static void printSummary() {
        SUMMARY.sort(String::compareTo);
        System.out.println("mDNS agreement with tshark (.mdns.txt rows):");
        SUMMARY.forEach(System.out::println);
    }
}
