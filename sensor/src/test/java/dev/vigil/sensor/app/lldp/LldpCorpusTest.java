package dev.vigil.sensor.app.lldp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.protocol.lldp.LldpMessage;
import dev.vigil.sensor.app.AppRegistry;
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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus capture with LLDP in its tshark ground truth, through the whole pipeline with the
 * LLDP frame decoder: each truth.json entry must have a {@code vigil.lldp} event at the same
 * frame with the same chassis id, port id (fidelity.py's rules: MACs and IPs canonicalised, else
 * text) and system name, no extra events, and the extra columns of {@code .lldp.txt} (port and
 * system description, management IPv4, VLAN Name ids, LLDP-MED VLAN and application type, id
 * subtypes) must agree too. Expected values come from tshark only.
 */
class LldpCorpusTest {
    private static final Pattern MAC = Pattern.compile("^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$|^[0-9a-f]{12}$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){2,7}$");

    static Stream<Corpus.Entry> captures() {
        return Corpus.entries().stream().filter(e -> Corpus.truth(e).path("lldp").size() > 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void agreesWithTshark(Corpus.Entry e) {
        Analyze.Run r = Analyze.files(new AppRegistry().registerFrames(LldpFrameDecoder::new), e.file());
        List<JsonNode> docs = r.output().dataset("vigil.lldp");
        Map<Long, JsonNode> byFrame = new HashMap<>();
        for (JsonNode d : docs) {
            assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
            byFrame.put(d.path("event").path("sequence").asLong(), d);
        }
        JsonNode truth = Corpus.truth(e).path("lldp");
        int tp = 0;
        List<String> misses = new ArrayList<>();
        for (JsonNode t : truth) {
            JsonNode d = byFrame.get(t.path("frame").asLong());
            JsonNode l = d == null ? null : d.path("lldp");
            boolean ok = l != null
                    && norm(t.path("chassis_id").asText()).equals(norm(l.path("chassis_id").asText()))
                    && norm(t.path("port_id").asText()).equals(norm(l.path("port_id").asText()))
                    && t.path("system_name").asText("").equals(l.path("system").path("name").asText(""));
            if (ok) {
                tp++;
            } else {
                misses.add(t + " vs " + l);
            }
        }
        int columns = groundTruthColumns(e, byFrame);
        System.out.printf("lldp %s: truth %d, sensor %d, tp %d, txt fields agreeing %d%n", e, truth.size(),
                docs.size(), tp, columns);
        assertThat(misses).isEmpty();
        assertThat(docs).hasSize(truth.size());
    }

    /** Compares the {@code .lldp.txt} columns row by row; returns the number of fields compared. */
    private static int groundTruthColumns(Corpus.Entry e, Map<Long, JsonNode> byFrame) {
        Optional<Path> txt = Corpus.groundTruth(e, "lldp");
        if (txt.isEmpty()) {
            return 0;
        }
        List<String> lines = lines(txt.get());
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
            JsonNode l = d.path("lldp");
            String frame = "frame " + row.get("frame.number") + " ";
            assertThat(d.path("source").path("mac").asText().replace('-', ':').toLowerCase(Locale.ROOT))
                    .as(frame + "eth.src").isEqualTo(row.get("eth.src"));
            assertThat(tshark(l.path("port_description").asText(""))).as(frame + "port desc")
                    .isEqualTo(row.get("lldp.port.desc"));
            assertThat(tshark(l.path("system").path("description").asText(""))).as(frame + "system desc")
                    .isEqualTo(row.get("lldp.tlv.system.desc"));
            assertThat(joined(l.path("management_address"), n -> n.asText().contains(".") ? n.asText() : null))
                    .as(frame + "management IPv4").isEqualTo(row.get("lldp.mgn.addr.ip4"));
            assertThat(joined(l.path("vlans").path("id"), JsonNode::asText)).as(frame + "802.1 VLAN id")
                    .isEqualTo(row.get("lldp.ieee.802_1.vlan.id"));
            JsonNode policies = l.path("med").path("network_policy");
            assertThat(joined(policies.path("vlan_id"), JsonNode::asText)).as(frame + "MED VLAN")
                    .isEqualTo(row.get("lldp.media.vlan_id"));
            String appTypes = row.get("lldp.media.app_type");
            assertThat(joined(policies.path("application_type"), JsonNode::asText)).as(frame + "MED application")
                    .isEqualTo(appTypes.isEmpty() ? "" : String.join(",", Stream.of(appTypes.split(","))
                            .map(s -> LldpMessage.medApplicationName(Integer.parseInt(s))).toList()));
            assertThat(l.path("chassis_id_subtype").asText()).as(frame + "chassis subtype")
                    .isEqualTo(LldpMessage.chassisSubtypeName(Integer.parseInt(row.get("lldp.chassis.subtype"))));
            assertThat(l.path("port_id_subtype").asText()).as(frame + "port subtype")
                    .isEqualTo(LldpMessage.portSubtypeName(Integer.parseInt(row.get("lldp.port.subtype"))));
            // the id in the column of its subtype
            String chassis = firstNonEmpty(row.get("lldp.chassis.id.mac"), row.get("lldp.chassis.id.ip4"),
                    row.get("lldp.chassis.id"));
            assertThat(norm(l.path("chassis_id").asText())).as(frame + "chassis id").isEqualTo(norm(chassis));
            String port = firstNonEmpty(row.get("lldp.port.id.mac"), row.get("lldp.port.id"));
            assertThat(norm(l.path("port_id").asText())).as(frame + "port id").isEqualTo(norm(port));
            compared += 11;
        }
        return compared;
    }

    /** tshark's -T fields form of a string: newlines, carriage returns and tabs escaped. */
    static String tshark(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }

    static String joined(JsonNode array, java.util.function.Function<JsonNode, String> f) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            String s = f.apply(n);
            if (s != null) {
                out.add(s);
            }
        }
        return String.join(",", out);
    }

    private static String firstNonEmpty(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    /** fidelity.py norm_id: MACs lower case with colons, IPs canonical, else the trimmed text. */
    static String norm(String v) {
        String s = v.strip();
        if (MAC.matcher(s).matches()) {
            String h = s.toLowerCase(Locale.ROOT).replace(":", "").replace("-", "");
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 12; i += 2) {
                if (i > 0) {
                    b.append(':');
                }
                b.append(h, i, i + 2);
            }
            return b.toString();
        }
        if (IPV4.matcher(s).matches()) {
            String[] o = s.split("\\.");
            return Integer.parseInt(o[0]) + "." + Integer.parseInt(o[1]) + "." + Integer.parseInt(o[2]) + "."
                    + Integer.parseInt(o[3]);
        }
        if (IPV6.matcher(s).matches()) {
            return s.toLowerCase(Locale.ROOT); // both sides print RFC 5952 already
        }
        return s;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
