package dev.vigil.sensor.app.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus capture through the pipeline with the SIP decoder (and the HTTP decoder, which owns
 * port 8080 and hands WebSocket connections with subprotocol "sip" over, RFC 7118), compared with
 * tshark's truth.json "sip" list the way fidelity.py scores it: the multiset of (call_id, CSeq
 * number, CSeq method, request method or response code), here also with the frame
 * (event.sequence). SIP over SCTP (heplify__sip_sctp, RFC 4168) and over WebSocket
 * (heplify__sip_tcp_websocket) included. Captures without SIP in their truth must yield no SIP
 * message (precision).
 */
class SipCorpusTest {
    private static final List<String> SUMMARY = new ArrayList<>();

    record Key(String callId, long cseq, String cseqMethod, String methodOrCode, long frame) {
    }

    static Stream<Corpus.Entry> captures() {
        return Corpus.entries().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void agreesWithTshark(Corpus.Entry e) {
        Path truthFile = e.file().getParent().resolve("ground-truth").resolve(e.file().getFileName() + ".truth.json");
        List<Key> want = new ArrayList<>();
        if (Files.exists(truthFile)) {
            for (JsonNode i : Corpus.truth(e).path("sip")) {
                want.add(new Key(i.path("call_id").asText(null), i.path("cseq").asLong(-1),
                        i.path("cseq_method").asText("").toLowerCase(Locale.ROOT),
                        i.has("method") ? "M" + i.path("method").asText().toUpperCase(Locale.ROOT)
                                : "C" + i.path("code").asText(), i.path("frame").asLong()));
            }
        }
        Analyze.Run run = Analyze.files(new AppRegistry().register(SipApp::new)
                .register(dev.vigil.sensor.app.http.HttpApp::new), e.file());
        assertThat(run.result().errors()).isEmpty();
        List<Key> got = new ArrayList<>();
        for (JsonNode d : run.output().dataset(SipApp.DATASET)) {
            JsonNode s = d.path("sip");
            String mc = s.path("type").asText().equals("response") ? "C" + s.path("code").asText()
                    : "M" + s.path("method").asText().toUpperCase(Locale.ROOT);
            got.add(new Key(s.path("call_id").asText(null), s.path("cseq").path("code").asLong(-1),
                    s.path("cseq").path("method").asText("").toLowerCase(Locale.ROOT), mc,
                    d.path("event").path("sequence").asLong()));
        }
        if (want.isEmpty() && got.isEmpty()) {
            return;
        }
        Map<Key, Integer> pool = new HashMap<>();
        got.forEach(k -> pool.merge(k, 1, Integer::sum));
        int tp = 0;
        List<Key> misses = new ArrayList<>();
        for (Key k : want) {
            Integer n = pool.get(k);
            if (n != null && n > 0) {
                pool.put(k, n - 1);
                tp++;
            } else {
                misses.add(k);
            }
        }
        List<Key> extra = new ArrayList<>();
        pool.forEach((k, n) -> {
            for (int i = 0; i < n; i++) {
                extra.add(k);
            }
        });
        SUMMARY.add(String.format(Locale.ROOT, "%-50s truth %4d sensor %4d tp %4d", e.path(), want.size(),
                got.size(), tp));
        String why = e + " misses " + misses.subList(0, Math.min(10, misses.size())) + " extra "
                + extra.subList(0, Math.min(10, extra.size()));
        assertThat(tp).as(why).isGreaterThanOrEqualTo((int) Math.ceil(want.size() * 0.99));
        assertThat(tp).as("precision " + why).isGreaterThanOrEqualTo((int) Math.ceil(got.size() * 0.99));
    }

    @AfterAll
    static void printSummary() {
        SUMMARY.sort(String::compareTo);
        System.out.println("SIP agreement with tshark (truth.json sip):");
        SUMMARY.forEach(System.out::println);
    }
}
