package dev.vigil.sensor.app.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import dev.vigil.sensor.testing.EventSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The TFTP decoder over every corpus capture whose tshark ground truth ({@code truth.json},
 * "tftp") has messages, with only this decoder registered. Matching as {@code fidelity.py}
 * scores it: a multiset of (opcode, filename for RRQ/WRQ) with {@code event.sequence} equal to the
 * frame; then, frame by frame, block numbers, modes, error codes and messages, and option
 * names. Expected values come from truth.json only. The bar is the project's: 99 %.
 */
class TftpCorpusTest {
    private static final double BAR = 0.99;

    static Stream<Corpus.Entry> captures() {
        return Corpus.entries().stream().filter(e -> Corpus.truth(e).path("tftp").size() > 0);
    }

    record Score(int truth, int sensor, int tp, int sequenceOk, int fieldsChecked, int fieldsOk, List<String> notes) {
    }

    static List<JsonNode> messages(Analyze.Run r) {
        return r.output().dataset("vigil.tftp").stream().filter(d -> d.path("tftp").has("opcode"))
                .collect(Collectors.toList());
    }

    private static String key(String opcode, String filename) {
        return opcode.equals("RRQ") || opcode.equals("WRQ") ? opcode + "|" + filename : opcode;
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    /** fidelity.py's match_tftp plus a field-by-field comparison of the messages at the same frame. */
    static Score score(JsonNode truth, List<JsonNode> events) {
        Map<String, List<Long>> t = new HashMap<>();
        Map<String, List<Long>> s = new HashMap<>();
        for (JsonNode i : truth.path("tftp")) {
            t.computeIfAbsent(key(i.path("opcode").asText(), text(i.path("filename"))), k -> new ArrayList<>())
                    .add(i.path("frame").asLong());
        }
        Map<Long, JsonNode> byFrame = new HashMap<>();
        for (JsonNode e : events) {
            JsonNode f = e.path("tftp");
            long seq = e.path("event").path("sequence").asLong();
            s.computeIfAbsent(key(f.path("opcode").asText(), text(f.path("filename"))), k -> new ArrayList<>()).add(seq);
            byFrame.put(seq, f);
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
        for (JsonNode i : truth.path("tftp")) {
            JsonNode ours = byFrame.get(i.path("frame").asLong());
            List<String> diffs = new ArrayList<>();
            if (ours == null) {
                diffs.add("no event");
            } else {
                if (i.has("block") && ours.path("block").asLong(-1) != i.path("block").asLong()) {
                    diffs.add("block " + text(ours.path("block")) + " != " + i.path("block"));
                }
                if (i.has("mode") && !i.path("mode").asText().equals(text(ours.path("mode")))) {
                    diffs.add("mode " + text(ours.path("mode")) + " != " + i.path("mode"));
                }
                if (i.has("error_code") && ours.path("error").path("code").asLong(-1) != i.path("error_code").asLong()) {
                    diffs.add("error code " + text(ours.path("error").path("code")));
                }
                if (i.has("error_message")
                        && !i.path("error_message").asText().equals(text(ours.path("error").path("message")))) {
                    diffs.add("error message " + text(ours.path("error").path("message")));
                }
                if (i.has("options")) {
                    // tshark's option names: a list (or one comma-separated string)
                    List<String> expected = new ArrayList<>();
                    if (i.path("options").isArray()) {
                        i.path("options").forEach(o -> expected.add(o.asText()));
                    } else {
                        expected.addAll(List.of(i.path("options").asText().split(",", -1)));
                    }
                    List<String> names = new ArrayList<>();
                    ours.path("options").forEach(o -> names.add(o.path("name").asText()));
                    if (!names.equals(expected)) {
                        diffs.add("options " + names + " != " + expected);
                    }
                }
            }
            checked++;
            if (diffs.isEmpty()) {
                ok++;
            } else {
                notes.add("frame " + i.path("frame") + ": " + String.join(", ", diffs));
            }
        }
        return new Score(truth.path("tftp").size(), events.size(), tp, seqOk, checked, ok, notes);
    }

    @Test
    void theCorpusHasTftpGroundTruth() {
        assertThat(captures().map(Corpus.Entry::path))
                .contains("tftp/ndpi__tftp.pcap", "tftp/sv__tftp-tx-handling-wrq.pcap");
    }

    @TestFactory
    Stream<DynamicTest> messagesAgreeWithTshark() {
        return captures().map(e -> DynamicTest.dynamicTest(e.path(), () -> {
            JsonNode truth = Corpus.truth(e);
            Analyze.Run r = Analyze.files(new AppRegistry().register(TftpApp::new), e.file());
            Score sc = score(truth, messages(r));
            System.out.printf("tftp fidelity %s: truth=%d sensor=%d tp=%d seq=%d fields=%d/%d %s%n", e.path(),
                    sc.truth(), sc.sensor(), sc.tp(), sc.sequenceOk(), sc.fieldsOk(), sc.fieldsChecked(), sc.notes());
            assertThat((double) sc.tp() / sc.truth()).as("recall " + sc.notes()).isGreaterThanOrEqualTo(BAR);
            assertThat((double) sc.tp() / sc.sensor()).as("precision " + sc.notes()).isGreaterThanOrEqualTo(BAR);
            assertThat((double) sc.sequenceOk() / sc.tp()).as("event.sequence == frame").isGreaterThanOrEqualTo(BAR);
            assertThat((double) sc.fieldsOk() / sc.fieldsChecked()).as("fields " + sc.notes())
                    .isGreaterThanOrEqualTo(BAR);
            long frames = truth.path("frames").asLong();
            for (JsonNode d : r.output().dataset("vigil.tftp")) {
                // the output contract fidelity.py checks, and the event schema
                assertThat(d.path("event").path("sequence").asLong()).isBetween(1L, frames);
                assertThat(d.path("source").path("ip").isTextual()).isTrue();
                assertThat(d.path("destination").path("ip").isTextual()).isTrue();
                assertThat(d.path("source").path("port").isInt()).isTrue();
                assertThat(d.path("destination").path("port").isInt()).isTrue();
                assertThat(d.path("network").path("transport").asText()).isEqualTo("udp");
                assertThat(EventSchema.validate(d)).as(d.toString()).isEmpty();
            }
        }));
    }

    /** One line per transfer summary: filename, state, direction, blocks, retransmits, blksize, sequence. */
    private static List<String> summaries(Analyze.Run r) {
        return r.output().dataset("vigil.tftp").stream().filter(d -> d.path("tftp").has("transfer"))
                .map(d -> {
                    JsonNode x = d.path("tftp").path("transfer");
                    return String.join(" ", Objects.toString(text(d.path("tftp").path("filename")), "-"),
                            x.path("state").asText(), x.path("direction").asText(), "blocks=" + x.path("blocks"),
                            "retransmits=" + x.path("retransmits"), "blksize=" + x.path("blksize"),
                            "seq=" + d.path("event").path("sequence"));
                })
                .collect(Collectors.toList());
    }

    @Test
    void transfersOfTheWriteCapture() {
        // truth: WRQ rfc1350.txt (frame 1), ACK 0, DATA 1..49 each ACKed, the last ACK at frame 100;
        // DATA 49 (frame 99) is 35 - 8 - 4 = 23 bytes (tshark udp.length 35), shorter than 512
        Analyze.Run r = Analyze.files(new AppRegistry().register(TftpApp::new),
                Corpus.file("tftp/sv__tftp-tx-handling-wrq.pcap"));
        assertThat(summaries(r)).containsExactly(
                "rfc1350.txt completed write blocks=49 retransmits=0 blksize=512 seq=100");
        JsonNode x = r.output().dataset("vigil.tftp").stream().filter(d -> d.path("tftp").has("transfer"))
                .findFirst().orElseThrow().path("tftp").path("transfer");
        assertThat(x.path("bytes").asLong()).isEqualTo(48 * 512 + 23);
    }

    @Test
    void transfersOfTheMixedCapture() {
        // truth, ndpi__tftp.pcap (pcapng, timestamps not in order):
        //  frames 1, 2: RRQs without filename, never answered
        //  frame 3: RRQ rfc1350.txt, DATA 1..49 and ACK 1..49 (frame 101); DATA 49 is short (udp.length 35)
        //  frame 102: RRQ sysman.lis, never answered
        //  frame 103: WRQ zz.bin, ACK 0, DATA 1 twice (frames 105, 106: full 512-byte blocks), ACK 1 (107)
        //  frame 108: WRQ empty100KB blksize 1468, OACK blksize 1468 (109), then the capture ends
        Analyze.Run r = Analyze.files(new AppRegistry().register(TftpApp::new), Corpus.file("tftp/ndpi__tftp.pcap"));
        assertThat(summaries(r)).containsExactlyInAnyOrder(
                "- incomplete read blocks=0 retransmits=0 blksize=512 seq=1",
                "- incomplete read blocks=0 retransmits=0 blksize=512 seq=2",
                "rfc1350.txt completed read blocks=49 retransmits=0 blksize=512 seq=101",
                "sysman.lis incomplete read blocks=0 retransmits=0 blksize=512 seq=102",
                "zz.bin incomplete write blocks=1 retransmits=1 blksize=512 seq=107",
                "empty100KB incomplete write blocks=0 retransmits=0 blksize=1468 seq=109");
    }
}
