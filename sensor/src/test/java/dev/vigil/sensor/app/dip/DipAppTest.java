package dev.vigil.sensor.app.dip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DIP decoder in the pipeline, over hand-made captures: TCP framing (split, joined, out of
 * order, lost bytes, end of flow), UDP multicast, and the decode events the app itself records
 * ({@code dip.bad_number}, {@code dip.incomplete}; the parser's own events are covered byte by
 * byte in protocol-parsers and checked here to reach {@code vigil.decode}).
 */
class DipAppTest {
    private static final String STATION = "10.20.0.102";
    private static final String SERVER = "10.20.0.10";

    @TempDir
    Path dir;

    private Analyze.Run analyze(TestCapture c) {
        Analyze.Run run = Analyze.files(new AppRegistry().register(DipApp::new), c.write(dir, "t.pcap"));
        assertThat(run.result().errors()).isEmpty();
        for (JsonNode d : run.output().docs()) {
            assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
        }
        return run;
    }

    private static List<String> commands(Analyze.Run run) {
        List<String> c = new ArrayList<>();
        for (JsonNode e : run.output().dataset(DipApp.DATASET)) {
            c.add(e.path("dip").path("command").asText() + "@" + e.path("event").path("sequence").asLong());
        }
        return c;
    }

    private static List<String> decodeKeys(Analyze.Run run) {
        List<String> k = new ArrayList<>();
        for (JsonNode d : run.output().dataset("vigil.decode")) {
            k.add(d.path("decode").path("key").asText());
        }
        return k;
    }

    @Test
    void oneMessagePerSegmentWithoutTerminators() {
        TestCapture c = new TestCapture();
        c.session(STATION, 40000, SERVER, 50001)                                         // frames 1-3
                .send(0, "0 stu 0013cb140102 \"IP Station\" \"7.6.3.2\"")                 // 4
                .send(1, "2 con 2 \"102\" \"Gate 2\" 1a ee48 1 ee5c 2 ee70 3 1389 239.192.1.0 0013cb14000a") // 5
                .send(0, "2 ping")                                                      // 6
                .close(1);                                                              // 7-9
        Analyze.Run run = analyze(c);
        assertThat(commands(run)).containsExactly("stu@4", "con@5", "ping@6");
        JsonNode con = run.output().dataset(DipApp.DATASET).get(1);
        assertThat(con.path("dip").path("direction").asText()).isEqualTo("to_station");
        assertThat(con.path("dip").path("name").asText()).isEqualTo("Gate 2");
        assertThat(decodeKeys(run)).isEmpty();
    }

    @Test
    void terminatedMessagesSplitOverSegmentsAndSeveralPerSegment() {
        TestCapture c = new TestCapture();
        c.session(STATION, 40001, SERVER, 50001)            // 1-3
                .send(1, "2 ping\r\n2 con 2 \"10")           // 4: one whole message and the start of the next
                .send(1, "2\" \"Gate 2\" 1a\r\n2 bon\r\n")   // 5: completes con, then bon
                .send(1, "2 bof")                            // 6: no terminator yet
                .close(0);                                   // 7-9: the server's FIN (8) ends its stream: bof is passed on
        Analyze.Run run = analyze(c);
        List<JsonNode> e = run.output().dataset(DipApp.DATASET);
        assertThat(commands(run)).containsExactly("ping@4", "con@5", "bon@5", "bof@8");
        assertThat(e.get(1).path("dip").path("directory_number").asText()).isEqualTo("102");
        assertThat(e.get(1).path("dip").path("name").asText()).isEqualTo("Gate 2");
        // the message passed on at the flow's end still carries its endpoints and direction
        assertThat(e.get(3).path("source").path("ip").asText()).isEqualTo(SERVER);
        assertThat(e.get(3).path("destination").path("port").asInt()).isEqualTo(40001);
        assertThat(e.get(3).path("dip").path("direction").asText()).isEqualTo("to_station");
        assertThat(e.get(2).path("event").path("id").asText()).isNotEqualTo(e.get(1).path("event").path("id").asText());
    }

    @Test
    void outOfOrderSegmentsAreReassembled() {
        TestCapture c = new TestCapture();
        TestCapture.Session s = c.session(STATION, 40002, SERVER, 50001);  // 1-3
        s.send(0, "2 ping\n");                                              // 4: stream offset 0-7
        s.sendAt(0, 14, "2 aue\n");                                         // 5: offset 14 arrives first
        s.sendAt(0, 7, "2 bon\n2");                                         // 6: offset 7-14 fills the hole
        Analyze.Run run = analyze(c);
        assertThat(commands(run)).containsExactly("ping@4", "bon@6", "aue@6");
    }

    @Test
    void incompleteAfterLostBytes() {
        // dip.incomplete: a buffered message whose continuation was never captured
        TestCapture c = new TestCapture();
        c.session(STATION, 40003, SERVER, 50001)                    // 1-3
                .send(1, "2 ping\n2 con 2 \"10")                    // 4
                .sendAfterLoss(1, 20, "3 ping\n")                   // 5: 20 bytes missing before it
                .close(1);                                          // 6-8
        Analyze.Run run = analyze(c);
        List<JsonNode> e = run.output().dataset(DipApp.DATASET);
        assertThat(commands(run)).containsExactly("ping@4", "con@8");
        // passed on at the flow's end (no packet completed it): endpoints come from the flow, in the server's direction
        assertThat(e.get(1).path("source").path("ip").asText()).isEqualTo(SERVER);
        assertThat(e.get(1).path("source").path("port").asInt()).isEqualTo(50001);
        assertThat(e.get(1).path("destination").path("ip").asText()).isEqualTo(STATION);
        assertThat(e.get(1).path("network").path("transport").asText()).isEqualTo("tcp");
        JsonNode con = e.get(1).path("dip");
        assertThat(con.path("direction").asText()).isEqualTo("to_station");
        assertThat(con.path("incomplete").asBoolean()).isTrue();
        List<String> anomalies = new ArrayList<>();
        con.path("anomalies").forEach(a -> anomalies.add(a.asText()));
        assertThat(anomalies).contains("dip.incomplete", "dip.unterminated_string");
        assertThat(decodeKeys(run)).contains("dip.incomplete", "tcp.reassembly_gap", "dip.unterminated_string");
    }

    @Test
    void badNumber() {
        // con whose phy_ind is text and whose volume is quoted: documented numbers, so dip.bad_number
        TestCapture c = new TestCapture();
        c.session(STATION, 40004, SERVER, 50001)
                .send(1, "2 con two \"102\" \"Gate 2\" \"1a\" ee48 1 ee5c 2 ee70 3 1389 239.192.1.0");
        Analyze.Run run = analyze(c);
        JsonNode dip = run.output().dataset(DipApp.DATASET).get(0).path("dip");
        assertThat(dip.has("physical_number")).isFalse();
        assertThat(dip.has("volume")).isFalse();
        assertThat(dip.path("directory_number").asText()).isEqualTo("102");
        assertThat(dip.path("multicast_ip").asText()).isEqualTo("239.192.1.0");
        assertThat(dip.path("udp_port").asInt()).isEqualTo(5001);
        assertThat(dip.has("server_mac")).as("before 10.23 there is no MAC").isFalse();
        assertThat(dip.path("anomalies").get(0).asText()).isEqualTo("dip.bad_number");
        assertThat(decodeKeys(run)).containsExactly("dip.bad_number");
    }

    @Test
    void parserEventsReachVigilDecodeAndTheMessage() {
        TestCapture c = new TestCapture();
        c.session(STATION, 40005, SERVER, 50001)
                .send(0, "GET / HTTP/1.1")                  // dip.bad_ref
                .send(0, "2  ping")                         // dip.bad_separator
                .send(0, "2 x \"open")                      // dip.unterminated_string
                .send(0, "2")                               // dip.missing_command
                .send(0, "2 x \u0001")                      // dip.control_character
                .send(0, "2 x " + "a".repeat(600))          // dip.message_too_long
                .send(0, "2 x" + " 1".repeat(40));          // dip.too_many_params
        c.udp(SERVER, 5001, "239.192.1.0", 5001, "");       // dip.empty
        Analyze.Run run = analyze(c);
        assertThat(decodeKeys(run)).containsExactlyInAnyOrder("dip.bad_ref", "dip.bad_separator",
                "dip.unterminated_string", "dip.missing_command", "dip.control_character", "dip.message_too_long",
                "dip.too_many_params", "dip.empty");
        List<JsonNode> e = run.output().dataset(DipApp.DATASET);
        assertThat(e).hasSize(7);
        assertThat(e.get(0).path("dip").has("ref")).isFalse();
        assertThat(e.get(0).path("dip").path("anomalies").get(0).asText()).isEqualTo("dip.bad_ref");
        assertThat(e.get(5).path("dip").path("length").asInt()).isEqualTo(604);
        assertThat(e.get(6).path("dip").path("param_count").asInt()).isEqualTo(40);
        assertThat(e.get(6).path("dip").path("params").size()).isEqualTo(32);
    }

    @Test
    void multicastNodeOnlyForTheDefaultGroupLayout() {
        TestCapture c = new TestCapture();
        c.udp(SERVER, 5001, "239.192.7.0", 5001, "1 age 1 1 19");            // default base: node 7
        c.udp(SERVER, 5001, "239.10.20.0", 5001, "1 age 1 1 19");            // configured base: no node
        c.udp("10.20.0.104", 5001, "239.192.7.0", 5001, "4 ind dak 1");       // a station sending multicast: reported as is
        c.udp(SERVER, 5001, "10.20.0.104", 5001, "4 bon");                    // unicast: no group
        Analyze.Run run = analyze(c);
        List<JsonNode> e = run.output().dataset(DipApp.DATASET);
        assertThat(e.get(0).path("dip").path("node").asInt()).isEqualTo(7);
        assertThat(e.get(1).path("dip").path("multicast_group").asText()).isEqualTo("239.10.20.0");
        assertThat(e.get(1).path("dip").has("node")).isFalse();
        assertThat(e.get(2).path("source").path("ip").asText()).isEqualTo("10.20.0.104");
        assertThat(e.get(2).path("dip").path("indicator").asText()).isEqualTo("dak");
        assertThat(e.get(3).path("dip").has("multicast_group")).isFalse();
        assertThat(e.get(3).path("dip").has("direction")).isFalse();
    }
}
