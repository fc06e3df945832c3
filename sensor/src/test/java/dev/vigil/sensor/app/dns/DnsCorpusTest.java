package dev.vigil.sensor.app.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import dev.vigil.sensor.testing.EventSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every capture of the shared corpus through the pipeline with only the DNS decoder, against
 * tshark's {@code .dns.txt} (dns.flags.response, dns.qry.name, dns.qry.type, dns.resp.name):
 * per tshark row, the event of that frame must have the same query/response flag, the same
 * question names and types in order, and the same record names over answers, authorities and
 * additionals in order (tshark writes the root as {@code <Root>}). At least 99 % of the rows of
 * each capture must agree, and there is no event where tshark saw no DNS.
 */
public class DnsCorpusTest {
    private static final List<String> SUMMARY = new ArrayList<>();

    static Stream<Corpus.Entry> corpus() {
        return Corpus.entries().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void agreesWithTshark(Corpus.Entry e) {
        check(e, "dns", "vigil.dns", DnsApp::new, SUMMARY);
    }

    /** Shared with the mDNS corpus test: the same comparison on {@code .mdns.txt}. */
    public static void check(Corpus.Entry e, String kind, String dataset, Supplier<AppDecoder> app,
                             List<String> summary) {
        Analyze.Run run = Analyze.files(new AppRegistry().register(app), e.file());
        assertThat(run.result().errors()).isEmpty();
        List<JsonNode> docs = run.output().dataset(dataset);
        Map<Long, JsonNode> byFrame = new HashMap<>();
        for (JsonNode d : docs) {
            assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
            assertThat(byFrame.put(d.path("event").path("sequence").asLong(), d)).isNull();
            assertThat(d.path("network").path("transport").asText()).isEqualTo("udp");
        }
        List<Map<String, String>> rows = Corpus.groundTruth(e, kind).map(TsharkRows::read).orElse(List.of());
        int tp = 0;
        List<String> misses = new ArrayList<>();
        for (Map<String, String> row : rows) {
            long frame = Long.parseLong(row.get("frame.number"));
            JsonNode d = byFrame.get(frame);
            String why = d == null ? "no event" : differs(row, d.path("dns"));
            if (why == null) {
                tp++;
            } else {
                misses.add("frame " + frame + ": " + why);
            }
        }
        if (!rows.isEmpty() || !docs.isEmpty()) {
            summary.add(String.format(Locale.ROOT, "%-45s truth %3d sensor %3d tp %3d", e.path(), rows.size(),
                    docs.size(), tp));
        }
        assertThat(tp).as("%s: rows agreeing with tshark, misses %s", e, misses)
                .isGreaterThanOrEqualTo((int) Math.ceil(rows.size() * 0.99));
        assertThat(docs).as("%s: no %s event where tshark saw none", e, dataset).hasSize(rows.size());
    }

    /** Null when the event agrees with the tshark row, else what differs. */
    static String differs(Map<String, String> row, JsonNode dns) {
        boolean response = "1".equals(row.get("dns.flags.response"));
        if (!dns.path("type").asText().equals(response ? "answer" : "query")) {
            return "type " + dns.path("type").asText();
        }
        List<String> qNames = new ArrayList<>();
        List<String> qTypes = new ArrayList<>();
        JsonNode questions = dns.has("questions") ? dns.path("questions") : dns.has("question")
                ? new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode().add(dns.path("question"))
                : new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
        for (JsonNode q : questions) {
            qNames.add(tsharkName(q.path("name").asText()));
            qTypes.add(q.path("type").asText());
        }
        List<String> expectTypes = new ArrayList<>();
        for (String t : TsharkRows.list(row.get("dns.qry.type"))) {
            expectTypes.add(DnsLogger.typeText(Integer.parseInt(t)));
        }
        if (!qNames.equals(TsharkRows.list(row.get("dns.qry.name")))) {
            return "question names " + qNames;
        }
        if (!qTypes.equals(expectTypes)) {
            return "question types " + qTypes;
        }
        List<String> rNames = new ArrayList<>();
        List<String> rTypes = new ArrayList<>();
        for (String section : new String[] {"answers", "authorities", "additionals"}) {
            for (JsonNode r : dns.path(section)) {
                String type = r.path("type").asText();
                if (!type.equals("SRV")) {
                    // tshark 4.0 splits an SRV owner into dns.srv.service/proto/name: no dns.resp.name
                    rNames.add(tsharkName(r.path("name").asText()));
                }
                rTypes.add(type);
                if (type.equals("NSEC") && r.has("data")) {
                    // tshark lists each type of the NSEC bit maps as one more dns.resp.type value
                    rTypes.addAll(nsecTypes(r.path("data").asText()));
                }
            }
        }
        if (!rNames.equals(TsharkRows.list(row.get("dns.resp.name")))) {
            return "record names " + rNames;
        }
        if (row.containsKey("dns.resp.type")) {
            List<String> expect = new ArrayList<>();
            for (String t : TsharkRows.list(row.get("dns.resp.type"))) {
                expect.add(DnsLogger.typeText(Integer.parseInt(t)));
            }
            if (!rTypes.equals(expect)) {
                return "record types " + rTypes;
            }
        }
        return null;
    }

    /** The type mnemonics after the next-domain name in NSEC presentation data (names hold dots, types none). */
    static List<String> nsecTypes(String data) {
        List<String> types = new ArrayList<>();
        String[] parts = data.split(" ");
        int k = parts.length;
        while (k > 1 && !parts[k - 1].contains(".") && parts[k - 1].matches("[A-Z0-9]+")) {
            k--;
        }
        for (int i = k; i < parts.length; i++) {
            types.add(parts[i]);
        }
        return types;
    }

    private static String tsharkName(String name) {
        return ".".equals(name) ? "<Root>" : name;
    }

    @AfterAll
    static void printSummary() {
        SUMMARY.sort(String::compareTo);
        System.out.println("DNS agreement with tshark (.dns.txt rows):");
        SUMMARY.forEach(System.out::println);
    }
}
