package dev.vigil.sensor.app.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
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
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus capture through the pipeline with the TLS decoder alone, compared with tshark:
 * truth.json {@code tls} entries matched as fidelity.py's match_tls does (multiset of (sni,
 * version), version = the client's highest offer or the negotiated one), {@code event.sequence}
 * equal to the ClientHello's frame, and the JA3 / JA3S columns of {@code .tls.txt} (tshark's own
 * fingerprints). JA4 is checked against nDPI's expected output where the corpus has it. Besides
 * 443/5061/8443 the decoder claims the server ports of tshark's rows (zeek__tls13_wolfssl uses
 * 9090): the probe cannot see a flow whose first packet is a SYN (see the report).
 */
class TlsCorpusTest {
    private static final List<String> SUMMARY = new ArrayList<>();
    private static final Pattern NDPI_JA4 = Pattern.compile("\\[JA4: ([^\\]]+)\\]");

    static Stream<Corpus.Entry> captures() {
        return Corpus.entries().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void agreesWithTshark(Corpus.Entry e) {
        JsonNode truth = Corpus.truth(e).path("tls");
        List<Map<String, String>> rows = Corpus.groundTruth(e, "tls").map(TlsCorpusTest::rows).orElse(List.of());
        int[] extra = rows.stream().filter(r -> r.get("tls.handshake.type").startsWith("1"))
                .filter(r -> !r.get("tcp.dstport").isEmpty())
                .mapToInt(r -> Integer.parseInt(r.get("tcp.dstport"))).toArray();
        int[] claim = IntStream.concat(Arrays.stream(TlsApp.PORTS), Arrays.stream(extra)).distinct().toArray();
        Analyze.Run run = Analyze.files(new AppRegistry().register(() -> new TlsApp(claim)), e.file());
        assertThat(run.result().errors()).isEmpty();
        List<JsonNode> docs = run.output().dataset(TlsApp.DATASET);
        if (truth.isEmpty() && docs.isEmpty()) {
            return;
        }
        // fidelity.py match_tls
        record Item(String sni, String version, String negotiated, long frame) {
        }
        List<Item> items = new ArrayList<>();
        truth.forEach(t -> items.add(new Item(lower(t.path("sni")), text(t.path("version")),
                text(t.path("negotiated")), t.path("frame").asLong())));
        boolean[] used = new boolean[items.size()];
        List<JsonNode> sens = docs.stream().filter(d -> d.path("tls").has("version")
                || d.path("tls").path("client").has("server_name")).toList();
        int tp = 0;
        int seqOk = 0;
        List<JsonNode> pending = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode d : pass == 0 ? sens : pending) {
                String sni = lower(d.path("tls").path("client").path("server_name"));
                String ver = text(d.path("tls").path("version"));
                long seq = d.path("event").path("sequence").asLong();
                int hit = -1;
                for (int i = 0; i < items.size() && hit < 0; i++) {
                    Item it = items.get(i);
                    if (!used[i] && Objects.equals(it.sni(), sni)
                            && Objects.equals(pass == 0 ? it.version() : it.negotiated(), ver)) {
                        hit = i;
                    }
                }
                if (hit >= 0) {
                    used[hit] = true;
                    tp++;
                    seqOk += items.get(hit).frame() == seq ? 1 : 0;
                } else {
                    next.add(d);
                }
            }
            pending = next;
        }
        // JA3 per ClientHello frame, JA3S as a multiset
        int ja3Rows = 0;
        int ja3Ok = 0;
        List<String> wantJa3s = new ArrayList<>();
        for (Map<String, String> r : rows) {
            if (r.get("tls.handshake.type").startsWith("1") && !r.get("tls.handshake.ja3").isEmpty()) {
                ja3Rows++;
                long f = Long.parseLong(r.get("frame.number"));
                String want = r.get("tls.handshake.ja3");
                ja3Ok += docs.stream().anyMatch(d -> d.path("event").path("sequence").asLong() == f
                        && want.equals(d.path("tls").path("client").path("ja3").asText())) ? 1 : 0;
            } else if (!r.get("tls.handshake.ja3s").isEmpty()) {
                wantJa3s.add(r.get("tls.handshake.ja3s"));
            }
        }
        List<String> gotJa3s = new ArrayList<>(docs.stream().map(d -> d.path("tls").path("server").path("ja3s"))
                .filter(n -> !n.isMissingNode()).map(JsonNode::asText).toList());
        wantJa3s.sort(null);
        gotJa3s.sort(null);
        SUMMARY.add(String.format(Locale.ROOT, "%-55s truth %2d sensor %2d tp %2d seq %2d ja3 %d/%d ja3s %d/%d",
                e.path(), items.size(), sens.size(), tp, seqOk, ja3Ok, ja3Rows, gotJa3s.size(), wantJa3s.size()));
        assertThat(tp).as("%s: (sni, version) matches; docs %s", e, docs)
                .isGreaterThanOrEqualTo((int) Math.ceil(items.size() * 0.99));
        assertThat(sens.size()).as("no extra ClientHello documents: %s", docs).isEqualTo(items.size());
        assertThat(seqOk).as("event.sequence == ClientHello frame").isEqualTo(tp);
        assertThat(ja3Ok).as("JA3 as tshark: %s", docs).isEqualTo(ja3Rows);
        assertThat(gotJa3s).as("JA3S as tshark").isEqualTo(wantJa3s);

        Path ndpi = e.file().getParent().resolve("expected")
                .resolve(e.file().getFileName() + ".ndpi.out");
        if (Files.exists(ndpi)) {
            List<String> want = new ArrayList<>();
            Matcher m = NDPI_JA4.matcher(read(ndpi));
            while (m.find()) {
                // this nDPI version writes the first two characters of "http/1.1" ("ht"); the FoxIO
                // spec takes the first and last ("h1"), which is what we follow
                want.add(m.group(1).replaceFirst("^(t..[di]\\d{4})ht_", "$1h1_"));
            }
            List<String> got = new ArrayList<>(docs.stream().map(d -> d.path("tls").path("client").path("ja4"))
                    .filter(n -> !n.isMissingNode()).map(JsonNode::asText).toList());
            want.sort(null);
            got.sort(null);
            assertThat(got).as("JA4 as nDPI").isEqualTo(want);
        }
    }

    @AfterAll
    static void printSummary() {
        SUMMARY.sort(String::compareTo);
        System.out.println("TLS agreement with tshark (truth.json tls, .tls.txt ja3/ja3s):");
        SUMMARY.forEach(System.out::println);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static String lower(JsonNode n) {
        String s = text(n);
        return s == null ? null : s.strip().toLowerCase(Locale.ROOT);
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
