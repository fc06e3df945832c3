package dev.vigil.sensor.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import dev.vigil.sensor.testing.EventSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline over every capture of the shared corpus, against tshark's ground truth:
 * every packet is read, every document fits the event contract and schema, ARP events agree
 * with tshark frame by frame, and the flows carry the frames of tshark's conversations.
 */
class PipelineCorpusTest {
    private static final Map<Corpus.Entry, Analyze.Run> RUNS = new HashMap<>();

    static Stream<Corpus.Entry> corpus() {
        return Corpus.entries().stream();
    }

    @BeforeAll
    static void analyzeAll() {
        for (Corpus.Entry e : Corpus.entries()) {
            RUNS.put(e, Analyze.files(e.file()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void readsEveryPacketWithoutError(Corpus.Entry e) {
        Analyze.Run run = RUNS.get(e);
        assertThat(run.result().errors()).isEmpty();
        assertThat(run.result().stats().packets()).isEqualTo(e.packets());
        assertThat(run.result().stats().drops().values()).allMatch(v -> v == 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyDocumentFitsTheContractAndTheSchema(Corpus.Entry e) {
        for (JsonNode d : RUNS.get(e).output().docs()) {
            assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
            String ds = d.path("event").path("dataset").asText();
            assertThat(ds).matches("vigil\\.[a-z0-9_]+");
            Instant.parse(d.path("@timestamp").asText());
            assertThat(d.path("@timestamp").asText()).endsWith("Z");
            long seq = d.path("event").path("sequence").asLong(-1);
            assertThat(seq).as("event.sequence of %s", d).isBetween(1L, e.packets());
            if (ds.equals("vigil.flow")) {
                assertValidIp(d.path("source").path("ip").asText());
                assertValidIp(d.path("destination").path("ip").asText());
                String tr = d.path("network").path("transport").asText();
                assertThat(tr).isNotEmpty();
                if (tr.equals("udp") || tr.equals("tcp")) {
                    assertThat(d.path("source").path("port").asInt(-1)).isBetween(0, 65535);
                    assertThat(d.path("destination").path("port").asInt(-1)).isBetween(0, 65535);
                }
            }
        }
    }

    private static void assertValidIp(String s) {
        assertThat(s).isNotEmpty();
        try {
            InetAddress.getByName(s);
        } catch (IOException ex) {
            throw new AssertionError("not an IP address: " + s, ex);
        }
    }

    /** ARP, frame by frame: opcode, sender MAC and sender IP as tshark shows them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void arpAgreesWithTshark(Corpus.Entry e) {
        Map<Long, String> want = new TreeMap<>();
        for (JsonNode a : Corpus.truth(e).path("arp")) {
            want.put(a.path("frame").asLong(), a.path("opcode").asText() + " " + a.path("sender_mac").asText()
                    + " " + a.path("sender_ip").asText());
        }
        Map<Long, String> got = new TreeMap<>();
        for (JsonNode a : RUNS.get(e).output().dataset("vigil.arp")) {
            got.put(a.path("event").path("sequence").asLong(), a.path("arp").path("opcode").asText() + " "
                    + a.path("source").path("mac").asText().replace('-', ':').toLowerCase() + " "
                    + a.path("source").path("ip").asText());
        }
        assertThat(got).isEqualTo(want);
    }

    private static final Pattern CONV = Pattern.compile(
            "^(\\S+):(\\d+)\\s+<->\\s+(\\S+):(\\d+)\\s+(\\d+)\\s+\\d+\\s+\\S+\\s+(\\d+)\\s+\\d+\\s+\\S+\\s+(\\d+)\\s");

    /**
     * tshark's TCP and UDP conversations: for each, the frames of vigil's flows between the same
     * two endpoints add up to tshark's total. (vigil may split a conversation into several flows
     * on timeouts; tshark never does.)
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void flowsCarryTsharksConversations(Corpus.Entry e) throws IOException {
        Map<String, Long> want = new TreeMap<>();
        for (String kind : new String[] {"conv_tcp", "conv_udp"}) {
            var f = Corpus.groundTruth(e, kind);
            if (f.isEmpty()) {
                continue;
            }
            String transport = kind.substring(5);
            for (String line : Files.readAllLines(f.get())) {
                Matcher m = CONV.matcher(line);
                if (m.find()) {
                    want.merge(key(transport, m.group(1), m.group(2), m.group(3), m.group(4)),
                            Long.parseLong(m.group(7)), Long::sum);
                }
            }
        }
        Map<String, Long> got = new TreeMap<>();
        for (JsonNode f : RUNS.get(e).output().dataset("vigil.flow")) {
            String tr = f.path("network").path("transport").asText();
            if (!tr.equals("tcp") && !tr.equals("udp")) {
                continue;
            }
            got.merge(key(tr, f.path("source").path("ip").asText(), f.path("source").path("port").asText(),
                    f.path("destination").path("ip").asText(), f.path("destination").path("port").asText()),
                    f.path("network").path("packets").asLong(), Long::sum);
        }
        assertThat(got).isEqualTo(want);
    }

    private static String key(String transport, String a, String pa, String b, String pb) {
        String x = canon(a) + ":" + pa;
        String y = canon(b) + ":" + pb;
        return transport + " " + (x.compareTo(y) <= 0 ? x + " " + y : y + " " + x);
    }

    private static String canon(String ip) {
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (IOException ex) {
            return ip;
        }
    }

    @Test
    void aCaptureAnalysedTwiceGivesTheSameIds() {
        Corpus.Entry e = Corpus.entries().stream().filter(x -> x.path().endsWith("sv__decode-arp-2.pcap"))
                .findFirst().orElseThrow();
        List<String> a = ids(Analyze.files(e.file()));
        List<String> b = ids(Analyze.files(e.file()));
        assertThat(a).isNotEmpty().isEqualTo(b).doesNotHaveDuplicates();
    }

    private static List<String> ids(Analyze.Run run) {
        return run.output().docs().stream().map(d -> d.path("event").path("id").asText()).sorted()
                .collect(Collectors.toCollection(ArrayList::new));
    }
}
