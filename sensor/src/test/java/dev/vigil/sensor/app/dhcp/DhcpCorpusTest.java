package dev.vigil.sensor.app.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import dev.vigil.sensor.testing.EventSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every capture of the shared corpus through the pipeline with only the DHCP decoder, against
 * tshark: the {@code dhcp} entries of truth.json frame by frame (event.sequence = frame; message
 * type, client MAC, host name and vendor class equal), the {@code .dhcp.txt} extraction (your
 * address, requested address, TFTP server and boot file options), no DHCP event where tshark saw
 * none, and suricata-verify's expectations for the option-overload capture.
 */
class DhcpCorpusTest {
    private static final List<String> SUMMARY = new ArrayList<>();

    static Stream<Corpus.Entry> corpus() {
        return Corpus.entries().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void agreesWithTshark(Corpus.Entry e) {
        Analyze.Run run = Analyze.files(new AppRegistry().register(DhcpApp::new), e.file());
        assertThat(run.result().errors()).isEmpty();
        List<JsonNode> docs = run.output().dataset("vigil.dhcp");
        Map<Long, JsonNode> byFrame = new HashMap<>();
        for (JsonNode d : docs) {
            assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
            long seq = d.path("event").path("sequence").asLong();
            assertThat(byFrame.put(seq, d)).as("one event per frame: %s", seq).isNull();
            assertThat(d.path("source").path("ip").isTextual()).isTrue();
            assertThat(d.path("destination").path("ip").isTextual()).isTrue();
            assertThat(d.path("source").path("port").isInt()).isTrue();
            assertThat(d.path("destination").path("port").isInt()).isTrue();
            assertThat(d.path("network").path("transport").asText()).isEqualTo("udp");
        }

        JsonNode truth = Corpus.truth(e).path("dhcp");
        int tp = 0;
        for (JsonNode t : truth) {
            long frame = t.path("frame").asLong();
            JsonNode d = byFrame.get(frame);
            assertThat(d).as("%s frame %d: no vigil.dhcp event", e, frame).isNotNull();
            JsonNode m = d.path("dhcp");
            assertThat(m.path("message_type").asText()).as("frame %d", frame)
                    .isEqualTo(t.path("message_type").asText());
            assertThat(mac(m.path("client_mac").asText())).as("frame %d", frame)
                    .isEqualTo(mac(t.path("client_mac").asText()));
            assertThat(text(m, "hostname")).as("frame %d hostname", frame).isEqualTo(text(t, "hostname"));
            assertThat(text(m, "vendor_class")).as("frame %d vendor_class", frame).isEqualTo(text(t, "vendor_class"));
            tp++;
        }
        assertThat(docs).as("no DHCP event where tshark saw none").hasSize(truth.size());

        Corpus.groundTruth(e, "dhcp").ifPresent(txt -> {
            for (Map<String, String> row : rows(txt)) {
                long frame = Long.parseLong(row.get("frame.number"));
                JsonNode m = byFrame.get(frame).path("dhcp");
                String your = row.get("dhcp.ip.your");
                assertThat(text(m, "assigned_ip")).as("frame %d yiaddr", frame)
                        .isEqualTo(your.isEmpty() || your.equals("0.0.0.0") ? null : your);
                assertThat(text(m, "requested_ip")).as("frame %d option 50", frame)
                        .isEqualTo(blank(row.get("dhcp.option.requested_ip_address")));
                assertThat(text(m, "tftp_server_name")).as("frame %d option 66", frame)
                        .isEqualTo(blank(row.get("dhcp.option.tftp_server_name")));
                assertThat(text(m, "bootfile_name")).as("frame %d option 67", frame)
                        .isEqualTo(blank(row.get("dhcp.option.bootfile_name")));
                String type = row.get("dhcp.option.dhcp");
                if (!type.isEmpty()) {
                    assertThat(m.path("message_type").asText()).isEqualTo(TYPES[Integer.parseInt(type)]);
                }
            }
        });
        if (truth.size() > 0 || !docs.isEmpty()) {
            SUMMARY.add(String.format(Locale.ROOT, "%-50s truth %3d sensor %3d tp %3d", e.path(), truth.size(),
                    docs.size(), tp));
        }
    }

    /** suricata-verify's dhcp-option-52-overload test: options carried in sname are reported. */
    @ParameterizedTest(name = "frame {0}")
    @MethodSource("overloadFrames")
    void overloadedServerNameOptions(long frame, String type, String dns, String router) {
        Analyze.Run run = Analyze.files(new AppRegistry().register(DhcpApp::new),
                Corpus.file("discovery/sv__dhcp-option-52-overload.pcap"));
        JsonNode m = run.output().dataset("vigil.dhcp").stream()
                .filter(d -> d.path("event").path("sequence").asLong() == frame).findFirst().orElseThrow()
                .path("dhcp");
        assertThat(m.path("message_type").asText()).isEqualTo(type);
        assertThat(m.path("dns_servers").get(0).asText()).isEqualTo(dns);
        assertThat(m.path("router").get(0).asText()).isEqualTo(router);
    }

    static Stream<Object[]> overloadFrames() {
        // discovery/expected/sv__dhcp-option-52-overload.pcap.sv-dhcp-option-52-overload.test.yaml
        return Stream.of(
                new Object[] {4L, "OFFER", "10.100.0.2", "10.100.0.2"},
                new Object[] {7L, "ACK", "10.100.0.2", "10.100.0.2"},
                new Object[] {3L, "OFFER", "10.100.0.1", "10.100.0.1"},
                new Object[] {8L, "ACK", "10.100.0.1", "10.100.0.1"});
    }

    @AfterAll
    static void printSummary() {
        SUMMARY.sort(String::compareTo);
        System.out.println("DHCP agreement with tshark (truth.json dhcp entries):");
        SUMMARY.forEach(System.out::println);
    }

    private static final String[] TYPES = {"BOOTP", "DISCOVER", "OFFER", "REQUEST", "DECLINE", "ACK", "NAK",
        "RELEASE", "INFORM"};

    private static String mac(String s) {
        return s.toLowerCase(Locale.ROOT).replace('-', ':');
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Rows of a tshark field extraction (tab-separated, header row). */
    static List<Map<String, String>> rows(Path txt) {
        List<String> lines;
        try {
            lines = Files.readAllLines(txt);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < f.length ? f[i] : "");
            }
            rows.add(row);
        }
        return rows;
    }
}
