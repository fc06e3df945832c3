package dev.vigil.sensor.app.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.dip.Demo;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import dev.vigil.sensor.testing.EventSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code sip.sdp.*} against tshark: every capture with an {@code .sdp.txt} ground truth (the corpus
 * command: frame, {@code sdp.connection_info.address}, {@code sdp.media}), plus the demo capture.
 * Per SDP-carrying frame: the first connection address, every connection address, and each media
 * line ("type port proto fmt ...") from type, port, profile and payload types. SDP carried over
 * SCTP or WebSocket (not decoded) is left out, from the capture's truth.json transport. Precision:
 * every message the sensor marks {@code sip.sdp.present} is in tshark's list.
 */
class SdpCorpusTest {
    private static final List<String> SUMMARY = new ArrayList<>();

    record Row(long frame, String connection, List<String> addresses, List<String> media) {
    }

    static Stream<Arguments> captures() {
        List<Arguments> out = new ArrayList<>();
        for (Corpus.Entry e : Corpus.entries()) {
            if (Corpus.groundTruth(e, "sdp").isPresent()) {
                out.add(Arguments.of(e.path(), e.file()));
            }
        }
        out.add(Arguments.of("demo/intercom-site.pcap", Demo.pcap()));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void agreesWithTshark(String name, Path file) throws IOException {
        List<String> lines;
        Set<Long> excluded = new HashSet<>();
        if (name.startsWith("demo/")) {
            lines = resource("/dev/vigil/sensor/app/sip/intercom-site.pcap.sdp.txt");
        } else {
            Corpus.Entry e = Corpus.entries().stream().filter(x -> x.path().equals(name)).findFirst().orElseThrow();
            lines = Files.readAllLines(Corpus.groundTruth(e, "sdp").orElseThrow());
            // SIP over SCTP and over WebSocket are decoded too: every tshark row counts
        }
        List<Row> want = new ArrayList<>();
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        int cFrame = header.indexOf("frame.number");
        int cConn = header.indexOf("sdp.connection_info.address");
        int cMedia = header.indexOf("sdp.media");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            long frame = Long.parseLong(f[cFrame]);
            if (excluded.contains(frame)) {
                continue;
            }
            List<String> addresses = split(f[cConn]);
            want.add(new Row(frame, addresses.isEmpty() ? null : addresses.get(0), addresses, split(f[cMedia])));
        }
        // all decoders: WebSocket connections reach SIP through the HTTP decoder's upgrade
        Analyze.Run run = Analyze.files(Analyze.decoders(), file);
        assertThat(run.result().errors()).isEmpty();
        Map<Long, List<Row>> got = new HashMap<>();
        int present = 0;
        for (JsonNode d : run.output().dataset(SipApp.DATASET)) {
            assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
            JsonNode sdp = d.path("sip").path("sdp");
            if (!sdp.path("present").asBoolean()) {
                continue;
            }
            present++;
            List<String> addresses = new ArrayList<>();
            if (sdp.has("connection")) {
                addresses.add(sdp.path("connection").asText());
            }
            List<String> media = new ArrayList<>();
            for (JsonNode m : sdp.path("media")) {
                if (m.has("connection")) {
                    addresses.add(m.path("connection").asText());
                }
                StringBuilder s = new StringBuilder(m.path("type").asText()).append(' ')
                    .append(m.path("port").asText()).append(' ').append(m.path("profile").asText());
                for (JsonNode pt : m.path("payload_types")) {
                    s.append(' ').append(pt.asInt());
                }
                media.add(s.toString());
            }
            long frame = d.path("event").path("sequence").asLong();
            got.computeIfAbsent(frame, k -> new ArrayList<>()).add(new Row(frame, sdp.path("connection").asText(null),
                addresses, media));
        }
        int tp = 0;
        List<String> misses = new ArrayList<>();
        for (Row w : want) {
            List<Row> candidates = got.getOrDefault(w.frame(), List.of());
            Row match = null;
            for (Row g : candidates) {
                boolean connOk = w.connection() == null || w.connection().equals(g.connection());
                // tshark lists each c= line; a repeated session address appears once in ours
                boolean addrOk = new HashSet<>(g.addresses()).containsAll(w.addresses());
                if (connOk && addrOk && g.media().equals(w.media())) {
                    match = g;
                    break;
                }
            }
            if (match != null) {
                candidates.remove(match);
                tp++;
            } else {
                misses.add(w + " got " + candidates);
            }
        }
        SUMMARY.add(String.format(Locale.ROOT, "%-50s truth %4d sensor %4d tp %4d", name, want.size(), present, tp));
        String why = name + " misses " + misses.subList(0, Math.min(5, misses.size()));
        assertThat(tp).as(why).isGreaterThanOrEqualTo((int) Math.ceil(want.size() * 0.99));
        assertThat(tp).as("precision " + why).isGreaterThanOrEqualTo((int) Math.ceil(present * 0.99));
    }

    /** A tshark multi-value field: values joined with commas; empty when absent. */
    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    static List<String> resource(String name) {
        try (InputStream in = SdpCorpusTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void printSummary() {
        SUMMARY.sort(String::compareTo);
        System.out.println("SDP agreement with tshark (.sdp.txt):");
        SUMMARY.forEach(System.out::println);
    }
}
