package dev.vigil.sensor.app.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import dev.vigil.sensor.testing.EventSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The SNMP decoder over every corpus capture whose tshark ground truth ({@code truth.json},
 * "snmp") has PDUs, with only this decoder registered. Matching as {@code fidelity.py} scores
 * it: a multiset of (request_id, pdu_type), PDUs tshark marks "unknown" optional; then, frame by
 * frame, {@code event.sequence} equal to the frame, the version, {@code snmp.community.present}
 * against truth's {@code community}, and the v3 msgID. Expected values come from truth.json
 * only. The bar is the project's 99 %; every capture of the corpus reaches 100 %.
 */
class SnmpCorpusTest {
    static final byte[] SALT = "vigil-test-salt-0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final double BAR = 0.99;

    static Stream<Corpus.Entry> captures() {
        return Corpus.entries().stream().filter(e -> Corpus.truth(e).path("snmp").size() > 0);
    }

    static Analyze.Run run(Corpus.Entry e) {
        return Analyze.files(new AppRegistry().register(() -> new SnmpApp(SALT)), e.file());
    }

    /** The events fidelity.py counts: those with a pdu_type or a request_id. */
    static List<JsonNode> messages(Analyze.Run r) {
        return r.output().dataset("vigil.snmp").stream()
                .filter(d -> d.path("snmp").has("pdu_type") || d.path("snmp").has("request_id"))
                .collect(Collectors.toList());
    }

    record Score(int truth, int sensor, int tp, int sequenceOk, int fieldsChecked, int fieldsOk, List<String> notes) {
    }

    private static String key(JsonNode requestId, String pduType) {
        return (requestId.isMissingNode() || requestId.isNull() ? "-" : requestId.asText()) + "|" + pduType;
    }

    static Score score(JsonNode truth, List<JsonNode> events) {
        Map<String, List<Long>> t = new HashMap<>();
        int optional = 0;
        for (JsonNode i : truth.path("snmp")) {
            if (i.path("pdu_type").asText().equals("unknown")) {
                optional++;
                continue;
            }
            t.computeIfAbsent(key(i.path("request_id"), i.path("pdu_type").asText()), k -> new ArrayList<>())
                    .add(i.path("frame").asLong());
        }
        Map<String, List<Long>> s = new HashMap<>();
        Map<Long, JsonNode> byFrame = new HashMap<>();
        int counted = 0;
        for (JsonNode e : events) {
            JsonNode f = e.path("snmp");
            long seq = e.path("event").path("sequence").asLong();
            byFrame.put(seq, f);
            String pdu = f.path("pdu_type").asText("unknown");
            if (pdu.equals("unknown") && optional > 0) {
                optional--;
                continue;
            }
            counted++;
            s.computeIfAbsent(key(f.path("request_id"), pdu), k -> new ArrayList<>()).add(seq);
        }
        int tp = 0;
        int seqOk = 0;
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : t.entrySet()) {
            List<Long> ours = new ArrayList<>(s.getOrDefault(e.getKey(), List.of()));
            int n = Math.min(e.getValue().size(), ours.size());
            tp += n;
            int same = 0;
            for (Long frame : e.getValue()) {
                if (ours.remove(frame)) {
                    same++;
                }
            }
            seqOk += Math.min(n, same);
            if (e.getValue().size() > n) {
                notes.add("missing " + e.getKey() + " x" + (e.getValue().size() - n));
            }
        }
        for (Map.Entry<String, List<Long>> e : s.entrySet()) {
            int extra = e.getValue().size() - t.getOrDefault(e.getKey(), List.of()).size();
            if (extra > 0) {
                notes.add("extra " + e.getKey() + " x" + extra);
            }
        }
        int checked = 0;
        int ok = 0;
        for (JsonNode i : truth.path("snmp")) {
            JsonNode ours = byFrame.get(i.path("frame").asLong());
            List<String> diffs = new ArrayList<>();
            if (ours == null) {
                diffs.add("no event");
            } else {
                if (!i.path("version").asText().equals(ours.path("version").asText())) {
                    diffs.add("version " + ours.path("version") + " != " + i.path("version"));
                }
                if (i.path("community").asBoolean() != ours.path("community").path("present").asBoolean()) {
                    diffs.add("community.present " + ours.path("community").path("present"));
                }
                if (i.has("msg_id") && i.path("msg_id").asLong() != ours.path("v3").path("msg_id").asLong(-1)) {
                    diffs.add("msg_id " + ours.path("v3").path("msg_id") + " != " + i.path("msg_id"));
                }
                if (!i.path("pdu_type").asText().equals(ours.path("pdu_type").asText())
                        && !i.path("pdu_type").asText().equals("unknown")) {
                    diffs.add("pdu_type " + ours.path("pdu_type") + " != " + i.path("pdu_type"));
                }
            }
            checked++;
            if (diffs.isEmpty()) {
                ok++;
            } else {
                notes.add("frame " + i.path("frame") + ": " + String.join(", ", diffs));
            }
        }
        return new Score(truth.path("snmp").size(), counted, tp, seqOk, checked, ok, notes);
    }

    @Test
    void theCorpusHasSnmpGroundTruth() {
        assertThat(captures().map(Corpus.Entry::path)).contains("snmp/ndpi__snmp.pcap",
                "snmp/sv__snmp-v3-encrypted.pcap", "snmp/zeek__snmpv1_trap.pcap", "snmp/zeek__snmpwalk-short.pcap");
    }

    @TestFactory
    Stream<DynamicTest> messagesAgreeWithTshark() {
        return captures().map(e -> DynamicTest.dynamicTest(e.path(), () -> {
            JsonNode truth = Corpus.truth(e);
            Analyze.Run r = run(e);
            Score sc = score(truth, messages(r));
            System.out.printf("snmp fidelity %s: truth=%d sensor=%d tp=%d seq=%d fields=%d/%d %s%n", e.path(),
                    sc.truth(), sc.sensor(), sc.tp(), sc.sequenceOk(), sc.fieldsOk(), sc.fieldsChecked(), sc.notes());
            assertThat((double) sc.tp() / sc.truth()).as("recall " + sc.notes()).isGreaterThanOrEqualTo(BAR);
            assertThat((double) sc.tp() / sc.sensor()).as("precision " + sc.notes()).isGreaterThanOrEqualTo(BAR);
            assertThat((double) sc.sequenceOk() / sc.tp()).as("event.sequence == frame").isGreaterThanOrEqualTo(BAR);
            assertThat((double) sc.fieldsOk() / sc.fieldsChecked()).as("fields " + sc.notes())
                    .isGreaterThanOrEqualTo(BAR);
            long frames = truth.path("frames").asLong();
            for (JsonNode d : r.output().dataset("vigil.snmp")) {
                // the output contract fidelity.py checks, and the event schema
                assertThat(d.path("event").path("sequence").asLong()).isBetween(1L, frames);
                assertThat(d.path("source").path("ip").isTextual()).isTrue();
                assertThat(d.path("destination").path("ip").isTextual()).isTrue();
                assertThat(d.path("source").path("port").isInt()).isTrue();
                assertThat(d.path("destination").path("port").isInt()).isTrue();
                assertThat(d.path("network").path("transport").asText()).isEqualTo("udp");
                assertThat(d.path("snmp").has("decode_error")).as(d.toString()).isFalse();
                assertThat(EventSchema.validate(d)).as(d.toString()).isEmpty();
            }
            assertThat(r.output().dataset("vigil.decode")).as("no decode events from these captures")
                    .noneMatch(d -> d.path("decode").path("protocol").asText().equals("snmp"));
        }));
    }
}
