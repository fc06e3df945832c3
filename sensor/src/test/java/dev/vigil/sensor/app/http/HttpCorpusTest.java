package dev.vigil.sensor.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import dev.vigil.sensor.testing.Corpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus capture (those with a tshark {@code .http.txt} extraction and, for precision, all
 * others) through the pipeline with the
 * HTTP decoder alone (claiming the server ports tshark's TCP rows use), compared message by
 * message on frame, method, Host, URI, the Basic user-id decoded from tshark's Authorization
 * value, User-Agent, status code and Server. SSDP rows (UDP) are not ours and are skipped.
 * Messages we log as partial because the capture ends inside them ({@code http.truncated_message},
 * e.g. arkime__twovlan's 200 response whose body is cut) are left out: tshark shows no message
 * for a PDU it never completes.
 */
class HttpCorpusTest {
    private static final List<String> SUMMARY = new ArrayList<>();

    record Msg(long frame, String method, String host, String uri, String user, String ua, String code,
               String server) {
    }

    static Stream<Corpus.Entry> captures() {
        return Corpus.entries().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void agreesWithTshark(Corpus.Entry e) {
        List<Map<String, String>> rows = Corpus.groundTruth(e, "http").map(HttpCorpusTest::rows).orElse(List.of())
                .stream().filter(r -> !r.get("tcp.srcport").isEmpty()).toList();
        int[] ports = rows.stream().mapToInt(r -> r.get("http.request.method").isEmpty()
                ? Integer.parseInt(r.get("tcp.srcport")) : Integer.parseInt(r.get("tcp.dstport")))
                .distinct().toArray();
        int[] claim = ports.length == 0 ? HttpApp.PORTS : ports;
        Analyze.Run run = Analyze.files(new AppRegistry().register(() -> new HttpApp(claim)), e.file());
        assertThat(run.result().errors()).isEmpty();
        run.output().dataset(HttpApp.DATASET).forEach(d -> assertThat(EventSchema.validate(d)).as("%s", d).isEmpty());
        List<Msg> ours = messages(run.output().dataset(HttpApp.DATASET));
        Map<Long, Msg> byFrame = new HashMap<>();
        ours.forEach(m -> byFrame.merge(m.frame(), m, (a, b) -> a)); // one message per frame in these captures
        int tp = 0;
        List<String> misses = new ArrayList<>();
        for (Map<String, String> r : rows) {
            Msg want = expected(r);
            Msg got = byFrame.get(want.frame());
            if (Objects.equals(want, got)) {
                tp++;
            } else {
                misses.add("want " + want + " got " + got);
            }
        }
        if (rows.isEmpty() && ours.isEmpty()) {
            return;
        }
        SUMMARY.add(String.format(Locale.ROOT, "%-50s truth %3d sensor %3d tp %3d", e.path(), rows.size(),
                ours.size(), tp));
        assertThat(tp).as("%s: %s", e, misses).isGreaterThanOrEqualTo((int) Math.ceil(rows.size() * 0.99));
        assertThat(ours.size()).as("no HTTP message where tshark saw none: %s", ours).isEqualTo(rows.size());
    }

    @AfterAll
    static void printSummary() {
        SUMMARY.sort(String::compareTo);
        System.out.println("HTTP agreement with tshark (.http.txt TCP rows):");
        SUMMARY.forEach(System.out::println);
    }

    /** Splits our documents into request and response messages, each at the frame that completed it. */
    static List<Msg> messages(List<JsonNode> docs) {
        List<Msg> out = new ArrayList<>();
        for (JsonNode d : docs) {
            JsonNode h = d.path("http");
            JsonNode req = h.path("request");
            if (req.has("method") && !req.path("failure").asText().equals("http.truncated_message")) {
                long frame = req.has("frame") ? req.path("frame").asLong() : d.path("event").path("sequence").asLong();
                out.add(new Msg(frame, req.path("method").asText(), text(req.path("host")),
                        text(d.path("url").path("original")), text(req.path("auth").path("username")),
                        text(d.path("user_agent").path("original")), null, null));
            }
            JsonNode resp = h.path("response");
            if (resp.path("failure").asText().equals("http.truncated_message")) {
                continue; // the capture ends inside the body: tshark never completes the PDU and shows no message
            }
            if (resp.has("status_code")) {
                out.add(new Msg(d.path("event").path("sequence").asLong(), null, null, null, null, null,
                        resp.path("status_code").asText(), text(resp.path("server"))));
            }
        }
        return out;
    }

    /** A tshark row as a message; the user-id is decoded here from tshark's Authorization column. */
    static Msg expected(Map<String, String> r) {
        long frame = Long.parseLong(r.get("frame.number"));
        if (!r.get("http.request.method").isEmpty()) {
            return new Msg(frame, r.get("http.request.method"), blank(r.get("http.host")), r.get("http.request.uri"),
                    basicUser(r.get("http.authorization")), blank(r.get("http.user_agent")), null, null);
        }
        return new Msg(frame, null, null, null, null, null, r.get("http.response.code"), blank(r.get("http.server")));
    }

    static String basicUser(String authorization) {
        String a = authorization.strip();
        if (!a.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String creds = new String(Base64.getDecoder().decode(a.substring(6).strip()), StandardCharsets.UTF_8);
        int colon = creds.indexOf(':');
        return colon < 0 ? null : creds.substring(0, colon);
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
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
