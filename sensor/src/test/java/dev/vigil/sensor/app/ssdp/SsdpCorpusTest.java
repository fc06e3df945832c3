package dev.vigil.sensor.app.ssdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.dns.TsharkRows;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import dev.vigil.sensor.testing.EventSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every capture of the shared corpus through the pipeline with only the SSDP decoder, against
 * the SSDP rows of tshark's {@code .http.txt} (rows without TCP ports: HTTP over UDP): per row
 * the event of that frame has the same method, URI, HOST, USER-AGENT, response code and SERVER;
 * there is no SSDP event beyond those rows. {@code sv__sip-ssdp-pm.pcap} has no {@code .http.txt}
 * (tshark's phs lists it as ssdp only): its one NOTIFY is checked against tshark's own fields.
 */
class SsdpCorpusTest {
    private static final List<String> SUMMARY = new ArrayList<>();

    static Stream<Corpus.Entry> corpus() {
        return Corpus.entries().stream().filter(e -> !e.path().endsWith("sv__sip-ssdp-pm.pcap"));
    }

    private static List<JsonNode> run(Corpus.Entry e) {
        Analyze.Run run = Analyze.files(new AppRegistry().register(SsdpApp::new), e.file());
        assertThat(run.result().errors()).isEmpty();
        List<JsonNode> docs = run.output().dataset("vigil.ssdp");
        for (JsonNode d : docs) {
            assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
            assertThat(d.path("network").path("transport").asText()).isEqualTo("udp");
        }
        return docs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void agreesWithTshark(Corpus.Entry e) {
        List<JsonNode> docs = run(e);
        Map<Long, JsonNode> byFrame = new HashMap<>();
        for (JsonNode d : docs) {
            assertThat(byFrame.put(d.path("event").path("sequence").asLong(), d)).isNull();
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (Map<String, String> row : Corpus.groundTruth(e, "http").map(TsharkRows::read).orElse(List.of())) {
            if (row.get("tcp.srcport").isEmpty()) {
                rows.add(row);
            }
        }
        int tp = 0;
        for (Map<String, String> row : rows) {
            long frame = Long.parseLong(row.get("frame.number"));
            JsonNode d = byFrame.get(frame);
            assertThat(d).as("%s frame %d: no vigil.ssdp event", e, frame).isNotNull();
            JsonNode s = d.path("ssdp");
            assertThat(text(s, "method")).as("frame %d method", frame).isEqualTo(row.get("http.request.method"));
            assertThat(text(s, "uri")).as("frame %d uri", frame).isEqualTo(row.get("http.request.uri"));
            assertThat(text(s, "host")).as("frame %d host", frame).isEqualTo(row.get("http.host"));
            assertThat(text(s, "user_agent")).as("frame %d user agent", frame).isEqualTo(row.get("http.user_agent"));
            assertThat(text(s, "server")).as("frame %d server", frame).isEqualTo(row.get("http.server"));
            assertThat(s.has("status_code") ? s.path("status_code").asText() : "")
                    .as("frame %d code", frame).isEqualTo(row.get("http.response.code"));
            tp++;
        }
        assertThat(docs).as("no SSDP event where tshark saw none").hasSize(rows.size());
        if (!rows.isEmpty()) {
            SUMMARY.add(String.format(Locale.ROOT, "%-45s truth %3d sensor %3d tp %3d", e.path(), rows.size(),
                    docs.size(), tp));
        }
    }

    /**
     * tshark 4.0.17: {@code tshark -r discovery/sv__sip-ssdp-pm.pcap -T fields -e frame.number
     * -e http.request.method -e http.server} gives {@code 1 NOTIFY UPnP/Tomato 1.28.7500 ...};
     * {@code -V} shows NT upnp:rootdevice, NTS ssdp:alive and the LOCATION below.
     */
    @Test
    void notifyOfSipSsdpPm() {
        Corpus.Entry e = Corpus.entries().stream().filter(x -> x.path().endsWith("sv__sip-ssdp-pm.pcap"))
                .findFirst().orElseThrow();
        List<JsonNode> docs = run(e);
        assertThat(docs).hasSize(1);
        JsonNode s = docs.get(0).path("ssdp");
        assertThat(docs.get(0).path("event").path("sequence").asLong()).isEqualTo(1);
        assertThat(s.path("method").asText()).isEqualTo("NOTIFY");
        assertThat(s.path("server").asText())
                .isEqualTo("UPnP/Tomato 1.28.7500 MIPSR2Toastman-RT K26 USB Ext UPnP/1.0 MiniUPnPd/1.6");
        assertThat(s.path("location").asText()).isEqualTo("http://192.168.1.1:7406/rootDesc.xml");
        assertThat(s.path("nt").asText()).isEqualTo("upnp:rootdevice");
        assertThat(s.path("nts").asText()).isEqualTo("ssdp:alive");
        assertThat(s.path("usn").asText()).isEqualTo("uuid:04645c3d-e6b4-4eea-bd35-5c320c12969f::upnp:rootdevice");
        assertThat(s.path("max_age").asLong()).isEqualTo(120);
        SUMMARY.add(String.format(Locale.ROOT, "%-45s truth %3d sensor %3d tp %3d", e.path(), 1, docs.size(), 1));
    }

    private static String text(JsonNode s, String field) {
        return s.has(field) ? s.path(field).asText() : "";
    }

    @AfterAll
    static void printSummary() {
        SUMMARY.sort(String::compareTo);
        System.out.println("SSDP agreement with tshark (.http.txt rows without TCP ports):");
        SUMMARY.forEach(System.out::println);
    }
}
