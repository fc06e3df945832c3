package dev.vigil.sensor.app.mdns;

import static dev.vigil.sensor.app.dhcp.UdpCapture.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.dhcp.UdpCapture;
import dev.vigil.sensor.app.dns.DnsMessage;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DNS-SD announcements through the pipeline: the mdns object that names a device, and its cap. */
class MdnsAppTest {
    static final int DOOR = 0x0A000005;      // 10.0.0.5
    static final int GROUP = 0xE00000FB;     // 224.0.0.251

    @TempDir
    Path dir;

    /** A door station announcing its SIP service (RFC 6763 sections 4, 6, 9), cache-flush set. */
    static byte[] announcement() {
        return new DnsMessage(0, 0x8400)
                .record(1, "_services._dns-sd._udp.local", 12, 1, 4500, DnsMessage.name("_sip._udp.local"))
                .record(1, "_sip._udp.local", 12, 1, 4500, DnsMessage.name("Door 1._sip._udp.local"))
                .record(1, "Door 1._sip._udp.local", 33, 0x8001, 120, DnsMessage.srv(0, 0, 5060, "door1.local"))
                .record(1, "Door 1._sip._udp.local", 16, 0x8001, 4500, DnsMessage.txt("model=IP-DV", "fw=5.2"))
                .record(3, "door1.local", 1, 0x8001, 120, hex("0a000005"))
                .bytes();
    }

    private List<JsonNode> run(Supplier<AppDecoder> app, UdpCapture capture) {
        Analyze.Run r = Analyze.files(new AppRegistry().register(app), capture.write(dir, "mdns.pcap"));
        assertThat(r.result().errors()).isEmpty();
        List<JsonNode> docs = r.output().docs();
        for (JsonNode d : docs) {
            assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
        }
        return docs;
    }

    private static List<JsonNode> dataset(List<JsonNode> docs, String ds) {
        return docs.stream().filter(d -> d.path("event").path("dataset").asText().equals(ds))
                .collect(Collectors.toList());
    }

    @Test
    void announcementNamesTheDevice() {
        byte[] query = new DnsMessage(0, 0).question("_sip._udp.local", 12, 0x8001).bytes();
        List<JsonNode> docs = run(MdnsApp::new, new UdpCapture()
                .datagram(0x0A000009, 5353, GROUP, 5353, query)
                .datagram(DOOR, 5353, GROUP, 5353, announcement()));
        List<JsonNode> mdns = dataset(docs, "vigil.mdns");
        assertThat(mdns).hasSize(2);
        assertThat(dataset(docs, "vigil.decode")).isEmpty();
        JsonNode q = mdns.get(0);
        assertThat(q.path("dns").path("question").path("unicast_response").asBoolean()).isTrue();
        assertThat(q.path("dns").path("question").path("class").asText()).isEqualTo("IN");
        assertThat(q.has("mdns")).as("queries name no services").isFalse();

        JsonNode a = mdns.get(1);
        assertThat(a.path("dns").path("answers").get(2).path("cache_flush").asBoolean()).isTrue();
        assertThat(a.path("dns").path("answers").get(2).path("class").asText()).isEqualTo("IN");
        assertThat(a.path("dns").path("answers").get(3).path("data").asText()).isEqualTo("model=IP-DV fw=5.2");
        JsonNode m = a.path("mdns");
        assertThat(m.path("services").toString()).isEqualTo("[\"_sip._udp.local\"]");
        assertThat(m.path("instances").toString()).isEqualTo("[\"Door 1._sip._udp.local\"]");
        assertThat(m.path("hosts").toString()).isEqualTo("[\"door1.local\"]");
        assertThat(m.path("srv").get(0).path("name").asText()).isEqualTo("Door 1._sip._udp.local");
        assertThat(m.path("srv").get(0).path("target").asText()).isEqualTo("door1.local");
        assertThat(m.path("srv").get(0).path("port").isInt()).isTrue();
        assertThat(m.path("srv").get(0).path("port").asInt()).isEqualTo(5060);
        assertThat(m.path("txt").get(0).path("values").toString()).isEqualTo("[\"model=IP-DV\",\"fw=5.2\"]");
        assertThat(m.path("addresses").get(0).path("name").asText()).isEqualTo("door1.local");
        assertThat(m.path("addresses").get(0).path("ip").asText()).isEqualTo("10.0.0.5");
    }

    @Test
    void tooManyNames_overTheCap() {
        byte[] many = new DnsMessage(0, 0x8400)
                .record(1, "_a._tcp.local", 12, 1, 10, DnsMessage.name("x._a._tcp.local"))
                .record(1, "_b._tcp.local", 12, 1, 10, DnsMessage.name("x._b._tcp.local"))
                .record(1, "_c._tcp.local", 12, 1, 10, DnsMessage.name("x._c._tcp.local"))
                .bytes();
        List<JsonNode> docs = run(() -> new MdnsApp(2), new UdpCapture().datagram(DOOR, 5353, GROUP, 5353, many));
        JsonNode m = dataset(docs, "vigil.mdns").get(0).path("mdns");
        assertThat(m.path("services")).hasSize(2);
        assertThat(m.path("instances")).hasSize(2);
        assertThat(dataset(docs, "vigil.decode")).extracting(d -> d.path("decode").path("key").asText())
                .containsExactly("mdns.too_many_names");
    }

    @Test
    void serviceTypeOfNames() {
        assertThat(MdnsLogger.serviceType("Luca’s iMac._odisk._tcp.local")).isEqualTo("_odisk._tcp.local");
        assertThat(MdnsLogger.serviceType("8fb207de._sub._apple-mobdev2._tcp.local"))
                .isEqualTo("_apple-mobdev2._tcp.local");
        assertThat(MdnsLogger.serviceType("_ipp._tcp.local")).isEqualTo("_ipp._tcp.local");
        assertThat(MdnsLogger.serviceType("door1.local")).isNull();
    }
}
