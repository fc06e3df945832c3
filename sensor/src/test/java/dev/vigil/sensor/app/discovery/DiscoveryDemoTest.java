package dev.vigil.sensor.app.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.dip.Demo;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery (UDP 5002) over the demo capture, against tshark's bytes of each datagram and the
 * generator's truth file: who sent how many, and, for the server and the stations, the
 * placeholder strings the generator puts in (model, firmware, MAC in upper case, name; see
 * {@code disc_payload} in {@code deploy/demo/gen_intercom_site.py}).
 */
class DiscoveryDemoTest {
    private static List<JsonNode> events;
    private static Map<Long, JsonNode> byFrame;
    private static JsonNode truth;
    private static Analyze.Run run;

    @BeforeAll
    static void analyze() {
        run = Analyze.files(new AppRegistry().register(DiscoveryApp::new), Demo.pcap());
        events = run.output().dataset(DiscoveryApp.DATASET);
        byFrame = new HashMap<>();
        for (JsonNode e : events) {
            assertThat(byFrame.put(e.path("event").path("sequence").asLong(), e)).isNull();
        }
        truth = Demo.truth();
    }

    private static String mac(String s) {
        return s.replace('-', ':').toLowerCase();
    }

    @Test
    void everyDatagramAgreesWithTshark() throws Exception {
        List<Map<String, String>> rows = Demo.tshark("discovery");
        assertThat(rows).hasSize(truth.path("packets_by_category").path("discovery_5002").asInt());
        Pattern printable = Pattern.compile("[\\x20-\\x7e]{4,}");
        int agree = 0;
        for (Map<String, String> r : rows) {
            JsonNode e = byFrame.get(Long.parseLong(r.get("frame.number")));
            assertThat(e).as("frame %s", r.get("frame.number")).isNotNull();
            byte[] payload = Demo.hex(r.get("data.data"));
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload), 0, 16);
            List<String> strings = new ArrayList<>();
            Matcher m = printable.matcher(new String(payload, StandardCharsets.ISO_8859_1));
            while (m.find()) {
                strings.add(m.group().length() > 64 ? m.group().substring(0, 64) : m.group());
            }
            JsonNode d = e.path("discovery");
            List<String> got = new ArrayList<>();
            d.path("strings").forEach(s -> got.add(s.asText()));
            boolean broadcast = r.get("eth.dst").equals("ff:ff:ff:ff:ff:ff") || r.get("ip.dst").equals("255.255.255.255");
            boolean same = d.path("size").asInt() == payload.length
                    && d.path("digest").asText().equals(digest)
                    && got.equals(strings.subList(0, Math.min(16, strings.size())))
                    && d.path("string_count").asInt() == strings.size()
                    && d.path("broadcast").asBoolean() == broadcast
                    && mac(e.path("source").path("mac").asText()).equals(r.get("eth.src"))
                    && mac(e.path("destination").path("mac").asText()).equals(r.get("eth.dst"))
                    && e.path("source").path("ip").asText().equals(r.get("ip.src"))
                    && e.path("destination").path("ip").asText().equals(r.get("ip.dst"))
                    && e.path("source").path("port").asInt() == Integer.parseInt(r.get("udp.srcport"));
            if (same) {
                agree++;
            }
        }
        assertThat(agree).isEqualTo(rows.size());
        assertThat(events).hasSize(rows.size());
    }

    @Test
    void sendersMatchTheTruthFile() {
        Map<String, Integer> bySender = new TreeMap<>();
        for (JsonNode e : events) {
            bySender.merge(e.path("source").path("ip").asText(), 1, Integer::sum);
        }
        Map<String, Integer> expected = new TreeMap<>();
        truth.path("discovery_5002").path("by_sender").fields()
                .forEachRemaining(f -> expected.put(f.getKey(), f.getValue().asInt()));
        assertThat(bySender).isEqualTo(expected);
    }

    @Test
    void serverAndStationsAnnounceModelFirmwareMacAndName() {
        Map<String, JsonNode> hosts = new HashMap<>();
        truth.path("hosts").forEach(h -> hosts.put(h.path("ip").asText(), h));
        int checked = 0;
        for (JsonNode e : events) {
            JsonNode h = hosts.get(e.path("source").path("ip").asText());
            if (!h.has("model")) {
                continue; // the unknown device sends random bytes
            }
            List<String> got = new ArrayList<>();
            e.path("discovery").path("strings").forEach(s -> got.add(s.asText()));
            assertThat(got).containsExactly(h.path("model").asText(), h.path("fw").asText(),
                    h.path("mac").asText().toUpperCase(), h.path("name").asText());
            checked++;
        }
        assertThat(checked).isEqualTo(events.size() - truth.path("unknown_device").path("discovery_broadcasts").asInt());
        // the old firmware the intended findings mention is visible in station 105's replies
        assertThat(events.stream().filter(e -> e.path("source").path("ip").asText().equals("10.20.0.105"))
                .allMatch(e -> e.path("discovery").path("strings").get(1).asText().equals("5.2.3.1"))).isTrue();
    }

    @Test
    void noDecodeEventsAndEveryDocumentFitsTheSchema() {
        assertThat(run.output().dataset("vigil.decode")).isEmpty();
        for (JsonNode e : events) {
            assertThat(EventSchema.validate(e)).as("%s", e).isEmpty();
        }
    }
}
