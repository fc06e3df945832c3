package dev.vigil.sensor.app.dip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DIP over the demo capture (no public capture has DIP), against the generator's truth file and
 * tshark's view of the same frames (which shows DIP as plain data). Expected values come from
 * those two and from the generator's stated rules ({@code deploy/demo/gen_intercom_site.py}:
 * station {@code 1nn} has physical number {@code nn}; {@code auc} carries port 61000, codec 0,
 * 160-byte packets, volume 0x1a, config 1; the group call's members are 101, 104 and 105),
 * never from the sensor's own output.
 */
class DipDemoTest {
    private static Analyze.Run run;
    private static List<JsonNode> events;
    private static Map<Long, JsonNode> byFrame;
    private static JsonNode truth;

    @BeforeAll
    static void analyze() {
        run = Analyze.files(new AppRegistry().register(DipApp::new), Demo.pcap());
        events = run.output().dataset(DipApp.DATASET);
        byFrame = new HashMap<>();
        for (JsonNode e : events) {
            assertThat(byFrame.put(e.path("event").path("sequence").asLong(), e)).as("one event per frame").isNull();
        }
        truth = Demo.truth();
    }

    /** tshark's payload of each DIP frame, tokenized here by the facts' grammar (independent of DipParser). */
    private static final Pattern TOKEN = Pattern.compile("\"(?:\\\\\"|[^\"])*\"|[^ ]+");

    private static List<String> tokens(String text) {
        List<String> t = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            t.add(m.group());
        }
        return t;
    }

    @Test
    void oneEventPerFrameTsharkShowsAndTheSameTokens() {
        List<Map<String, String>> rows = Demo.tshark("dip");
        assertThat(rows).hasSize(truth.path("dip").path("tcp_messages_station_to_server").asInt()
                + truth.path("dip").path("tcp_messages_server_to_station").asInt()
                + truth.path("packets_by_category").path("dip_multicast_5001").asInt());
        int agree = 0;
        for (Map<String, String> r : rows) {
            JsonNode e = byFrame.get(Long.parseLong(r.get("frame.number")));
            assertThat(e).as("frame %s", r.get("frame.number")).isNotNull();
            String text = new String(Demo.hex(r.get("data.data")), StandardCharsets.UTF_8);
            List<String> t = tokens(text);
            JsonNode dip = e.path("dip");
            boolean same = dip.path("ref").asLong(-1) == Long.parseLong(t.get(0), 16)
                    && dip.path("command").asText().equals(t.get(1))
                    && dip.path("param_count").asInt() == t.size() - 2
                    && dip.path("length").asInt() == text.length()
                    && e.path("source").path("ip").asText().equals(r.get("ip.src"))
                    && e.path("destination").path("ip").asText().equals(r.get("ip.dst"))
                    && dip.path("transport").asText().equals(r.get("tcp.srcport").isEmpty() ? "udp" : "tcp");
            List<String> params = new ArrayList<>();
            dip.path("params").forEach(p -> params.add(p.asText()));
            same &= params.equals(t.subList(2, t.size()));
            same &= !dip.has("anomalies");
            if (same) {
                agree++;
            }
        }
        assertThat(agree).as("frames agreeing with tshark").isEqualTo(rows.size());
        assertThat(events).hasSize(rows.size());
    }

    @Test
    void commandCountsAndDirectionsMatchTheTruthFile() {
        Map<String, Integer> tcp = new TreeMap<>();
        Map<String, Integer> udp = new TreeMap<>();
        int toServer = 0;
        int toStation = 0;
        for (JsonNode e : events) {
            JsonNode dip = e.path("dip");
            (dip.path("transport").asText().equals("tcp") ? tcp : udp).merge(dip.path("command").asText(), 1, Integer::sum);
            if (dip.path("direction").asText().equals("to_server")) {
                toServer++;
            } else if (dip.path("direction").asText().equals("to_station")) {
                toStation++;
            }
        }
        Map<String, Integer> expectTcp = new TreeMap<>();
        truth.path("dip").path("tcp_messages_by_command").fields().forEachRemaining(f -> expectTcp.put(f.getKey(), f.getValue().asInt()));
        Map<String, Integer> expectUdp = new TreeMap<>();
        truth.path("dip").path("multicast_messages_by_command").fields().forEachRemaining(f -> expectUdp.put(f.getKey(), f.getValue().asInt()));
        assertThat(tcp).isEqualTo(expectTcp);
        assertThat(udp).isEqualTo(expectUdp);
        assertThat(toServer).isEqualTo(truth.path("dip").path("tcp_messages_station_to_server").asInt());
        assertThat(toStation).isEqualTo(truth.path("dip").path("tcp_messages_server_to_station").asInt());
    }

    @Test
    void conNamesTheStationItConfigures() {
        Map<String, JsonNode> hosts = new HashMap<>();
        truth.path("hosts").forEach(h -> hosts.put(h.path("ip").asText(), h));
        JsonNode server = hosts.get("10.20.0.10");
        Set<String> configured = new HashSet<>();
        for (JsonNode e : events) {
            JsonNode dip = e.path("dip");
            if (!dip.path("command").asText().equals("con")) {
                continue;
            }
            String station = e.path("destination").path("ip").asText();
            JsonNode h = hosts.get(station);
            configured.add(station);
            long phy = Long.parseLong(h.path("dirno").asText()) - 100;
            assertThat(dip.path("direction").asText()).isEqualTo("to_station");
            assertThat(dip.path("ref").asLong()).isEqualTo(phy);
            assertThat(dip.path("physical_number").asLong()).isEqualTo(phy);
            assertThat(dip.path("directory_number").asText()).isEqualTo(h.path("dirno").asText());
            assertThat(dip.path("name").asText()).isEqualTo(h.path("name").asText());
            assertThat(dip.path("volume").asInt()).isEqualTo(0x1a);
            assertThat(dip.path("udp_port").asInt()).isEqualTo(5001);
            assertThat(dip.path("multicast_ip").asText()).isEqualTo("239.192.1.0");
            assertThat(dip.path("server_mac").asText().replace('-', ':').toLowerCase())
                    .isEqualTo(server.path("mac").asText());
            assertThat(e.path("source").path("mac").asText().replace('-', ':').toLowerCase())
                    .isEqualTo(server.path("mac").asText());
        }
        List<String> registered = new ArrayList<>();
        truth.path("dip").path("stations_registered").forEach(s -> registered.add(s.asText()));
        assertThat(configured).containsExactlyInAnyOrderElementsOf(registered);
    }

    @Test
    void aucCarriesTheGeneratorsAudioParameters() {
        int n = 0;
        for (JsonNode e : events) {
            JsonNode dip = e.path("dip");
            if (!dip.path("command").asText().equals("auc")) {
                continue;
            }
            n++;
            assertThat(dip.path("audio").path("port").asInt()).isEqualTo(61000);
            assertThat(dip.path("audio").path("codec").asInt()).isZero();
            assertThat(dip.path("audio").path("packet_length").asInt()).isEqualTo(160);
            assertThat(dip.path("audio").path("config").asInt()).isEqualTo(1);
            assertThat(dip.path("volume").asInt()).isEqualTo(0x1a);
        }
        assertThat(n).isEqualTo(truth.path("dip").path("tcp_messages_by_command").path("auc").asInt());
    }

    @Test
    void groupCallOnTheServersMulticastGroup() {
        for (JsonNode e : events) {
            JsonNode dip = e.path("dip");
            if (!dip.path("transport").asText().equals("udp")) {
                continue;
            }
            assertThat(e.path("source").path("ip").asText()).isEqualTo("10.20.0.10");
            assertThat(dip.path("multicast_group").asText()).isEqualTo("239.192.1.0");
            assertThat(dip.path("node").asInt()).isEqualTo(1);
            // members 101, 104, 105: ref is the lowest physical number, the bitmap is relative to it
            assertThat(dip.path("ref").asInt()).isEqualTo(1);
            if (dip.path("command").asText().equals("agc")) {
                assertThat(dip.path("group").path("channel").asInt()).isEqualTo(1);
                assertThat(dip.path("group").path("op").asInt()).isEqualTo(1);
                assertThat(dip.path("group").path("bitmap").asText()).isEqualTo(Integer.toHexString(1 | 1 << 3 | 1 << 4));
                assertThat(dip.path("multicast_ip").asText()).isEqualTo("239.192.1.1");
                assertThat(dip.path("audio").path("codec").asInt()).isZero();
                assertThat(dip.path("server_mac").asText().replace('-', ':').toLowerCase()).isEqualTo("00:13:cb:14:00:0a");
            } else {
                assertThat(dip.path("command").asText()).isEqualTo("age");
                assertThat(dip.has("group")).as("age stays raw").isFalse();
            }
        }
    }

    @Test
    void noDecodeEventsAndEveryDocumentFitsTheSchema() {
        for (JsonNode d : run.output().dataset("vigil.decode")) {
            assertThat(d.path("decode").path("protocol").asText()).isNotIn("dip", "tcp");
        }
        for (JsonNode e : events) {
            assertThat(EventSchema.validate(e)).as("%s", e).isEmpty();
            assertThat(e.path("network").path("transport").asText()).isIn("tcp", "udp");
        }
        assertThat(run.result().errors()).isEmpty();
        for (JsonNode f : run.output().dataset("vigil.flow")) {
            int port = f.path("destination").path("port").asInt();
            if (port == DipApp.TCP_PORT || port == DipApp.UDP_PORT) {
                assertThat(f.path("network").path("protocol").asText()).isEqualTo("dip");
            }
        }
    }
}
