package dev.vigil.sensor.app.cdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.lldp.LldpFrameDecoder;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import dev.vigil.sensor.testing.EventSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus capture with CDP in its tshark ground truth, through the whole pipeline with the
 * LLDP and CDP frame decoders: each truth.json entry needs a {@code vigil.cdp} event at the same
 * frame with the same device id, port id (fidelity.py's key) and platform, no extra events, a
 * correct checksum (tshark says "correct" for all of them), and the {@code .cdp.txt} columns
 * (software version, native and voice VLAN, source MAC) must agree.
 */
class CdpCorpusTest {
    static Stream<Corpus.Entry> captures() {
        return Corpus.entries().stream().filter(e -> Corpus.truth(e).path("cdp").size() > 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void agreesWithTshark(Corpus.Entry e) {
        Analyze.Run r = Analyze.files(new AppRegistry().registerFrames(LldpFrameDecoder::new)
                .registerFrames(CdpFrameDecoder::new), e.file());
        List<JsonNode> docs = r.output().dataset("vigil.cdp");
        Map<Long, JsonNode> byFrame = new HashMap<>();
        for (JsonNode d : docs) {
            assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
            assertThat(d.path("cdp").path("checksum_valid").asBoolean()).as("%s", d).isTrue();
            assertThat(d.path("cdp").has("anomalies")).as("%s", d).isFalse();
            byFrame.put(d.path("event").path("sequence").asLong(), d);
        }
        JsonNode truth = Corpus.truth(e).path("cdp");
        int tp = 0;
        List<String> misses = new ArrayList<>();
        for (JsonNode t : truth) {
            JsonNode d = byFrame.get(t.path("frame").asLong());
            JsonNode c = d == null ? null : d.path("cdp");
            boolean ok = c != null
                    && t.path("device_id").asText().strip().equals(c.path("device_id").asText().strip())
                    && t.path("port_id").asText().strip().equals(c.path("port_id").asText().strip())
                    && t.path("platform").asText("").equals(c.path("platform").asText(""));
            if (ok) {
                tp++;
            } else {
                misses.add(t + " vs " + c);
            }
        }
        int fields = groundTruthColumns(e, byFrame);
        System.out.printf("cdp %s: truth %d, sensor %d, tp %d, txt fields agreeing %d%n", e, truth.size(),
                docs.size(), tp, fields);
        assertThat(misses).isEmpty();
        assertThat(docs).hasSize(truth.size());
    }

    private static int groundTruthColumns(Corpus.Entry e, Map<Long, JsonNode> byFrame) {
        Optional<Path> txt = Corpus.groundTruth(e, "cdp");
        if (txt.isEmpty()) {
            return 0;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(txt.get());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int compared = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < f.length ? f[i] : "");
            }
            JsonNode d = byFrame.get(Long.parseLong(row.get("frame.number")));
            assertThat(d).as("event for frame %s", row.get("frame.number")).isNotNull();
            JsonNode c = d.path("cdp");
            String frame = "frame " + row.get("frame.number") + " ";
            assertThat(d.path("source").path("mac").asText().replace('-', ':').toLowerCase(Locale.ROOT))
                    .as(frame + "eth.src").isEqualTo(row.get("eth.src"));
            assertThat(c.path("device_id").asText()).as(frame + "device id").isEqualTo(row.get("cdp.deviceid"));
            assertThat(c.path("port_id").asText()).as(frame + "port id").isEqualTo(row.get("cdp.portid"));
            assertThat(c.path("platform").asText()).as(frame + "platform").isEqualTo(row.get("cdp.platform"));
            // tshark shows each line of the software version as a value of its own, joined with commas
            assertThat(c.path("software_version").asText().replace("\n", ",")).as(frame + "software version")
                    .isEqualTo(row.get("cdp.software_version"));
            assertThat(c.path("native_vlan").asText("")).as(frame + "native VLAN").isEqualTo(row.get("cdp.native_vlan"));
            assertThat(c.path("voice_vlan").asText("")).as(frame + "voice VLAN").isEqualTo(row.get("cdp.voice_vlan"));
            compared += 7;
        }
        return compared;
    }
}
