package dev.vigil.sensor.app.ntp;

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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
 * Every capture of the shared corpus through the pipeline with only the NTP decoder, against
 * tshark's {@code .ntp.txt} extraction (ntp.flags.vn, ntp.flags.mode, ntp.stratum, ntp.refid,
 * ntp.xmt): every NTP frame has one event with the same version, mode and stratum, the reference
 * id rendered from tshark's raw value, the transmit time within a microsecond, and no NTP event
 * where tshark saw none.
 */
class NtpCorpusTest {
    private static final List<String> SUMMARY = new ArrayList<>();
    private static final String[] MODES = {"reserved", "symmetric_active", "symmetric_passive", "client", "server",
        "broadcast", "control", "private"};
    private static final DateTimeFormatter TSHARK_TIME =
            DateTimeFormatter.ofPattern("MMM d, yyyy HH:mm:ss.SSSSSSSSS", Locale.ENGLISH);

    static Stream<Corpus.Entry> corpus() {
        return Corpus.entries().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void agreesWithTshark(Corpus.Entry e) {
        Analyze.Run run = Analyze.files(new AppRegistry().register(NtpApp::new), e.file());
        assertThat(run.result().errors()).isEmpty();
        List<JsonNode> docs = run.output().dataset("vigil.ntp");
        Map<Long, JsonNode> byFrame = new HashMap<>();
        for (JsonNode d : docs) {
            assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
            assertThat(byFrame.put(d.path("event").path("sequence").asLong(), d)).isNull();
            assertThat(d.path("network").path("transport").asText()).isEqualTo("udp");
            assertThat(d.path("source").path("port").isInt()).isTrue();
        }
        List<Map<String, String>> rows = Corpus.groundTruth(e, "ntp").map(NtpCorpusTest::rows).orElse(List.of());
        int tp = 0;
        for (Map<String, String> row : rows) {
            long frame = Long.parseLong(row.get("frame.number"));
            JsonNode d = byFrame.get(frame);
            assertThat(d).as("%s frame %d: no vigil.ntp event", e, frame).isNotNull();
            JsonNode n = d.path("ntp");
            int mode = Integer.parseInt(row.get("ntp.flags.mode"));
            assertThat(n.path("version").asInt()).as("frame %d version", frame)
                    .isEqualTo(Integer.parseInt(row.get("ntp.flags.vn")));
            assertThat(n.path("mode_code").asInt()).as("frame %d mode", frame).isEqualTo(mode);
            assertThat(n.path("mode").asText()).isEqualTo(MODES[mode]);
            String stratum = row.get("ntp.stratum");
            if (stratum.isEmpty()) {
                assertThat(n.has("stratum")).as("frame %d: tshark shows no stratum", frame).isFalse();
            } else {
                int s = Integer.parseInt(stratum);
                assertThat(n.path("stratum").asInt(-1)).as("frame %d stratum", frame).isEqualTo(s);
                String refid = referenceId(row.get("ntp.refid"), s);
                assertThat(n.has("reference_id") ? n.path("reference_id").asText() : null)
                        .as("frame %d reference id", frame).isEqualTo(refid);
            }
            String xmt = row.get("ntp.xmt");
            if (!xmt.isEmpty() && !xmt.startsWith("NULL")) {
                Instant expected = LocalDateTime.parse(xmt.replace(" UTC", "").replaceAll(" +", " "), TSHARK_TIME)
                        .toInstant(ZoneOffset.UTC);
                Instant actual = Instant.parse(n.path("transmit_time").asText());
                assertThat(Duration.between(expected, actual).abs()).as("frame %d transmit time", frame)
                        .isLessThanOrEqualTo(Duration.ofNanos(1000));
            }
            tp++;
        }
        assertThat(docs).as("no NTP event where tshark saw none").hasSize(rows.size());
        if (!rows.isEmpty() || !docs.isEmpty()) {
            SUMMARY.add(String.format(Locale.ROOT, "%-45s truth %3d sensor %3d tp %3d", e.path(), rows.size(),
                    docs.size(), tp));
        }
    }

    @AfterAll
    static void printSummary() {
        SUMMARY.sort(String::compareTo);
        System.out.println("NTP agreement with tshark (.ntp.txt rows):");
        SUMMARY.forEach(System.out::println);
    }

    /** The reference id as RFC 5905 section 7.3 reads tshark's raw hex: an address from stratum 2, else ASCII. */
    static String referenceId(String hex, int stratum) {
        long v = Long.parseLong(hex, 16);
        if (stratum >= 2) {
            return ((v >>> 24) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
        }
        if (v == 0) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        for (int shift = 24; shift >= 0; shift -= 8) {
            int b = (int) (v >>> shift) & 0xFF;
            if (b == 0) {
                break;
            }
            s.append((char) b);
        }
        return s.toString();
    }

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
