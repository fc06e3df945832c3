package dev.vigil.sensor.app.ssdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.dhcp.UdpCapture;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-built SSDP datagrams through the pipeline: event fields and types, and decode documents. */
class SsdpAppTest {
    static final int DEVICE = 0xC0A80101;    // 192.168.1.1
    static final int GROUP = 0xEFFFFFFA;     // 239.255.255.250

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private List<JsonNode> run(UdpCapture capture) {
        Analyze.Run r = Analyze.files(new AppRegistry().register(SsdpApp::new), capture.write(dir, "ssdp.pcap"));
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
    void requestsAndResponsesCarryTheirHeaders() {
        List<JsonNode> docs = run(new UdpCapture()
                .datagram(DEVICE, 1900, GROUP, 1900, b("NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"
                        + "CACHE-CONTROL: max-age=1800\r\nLOCATION: http://192.168.1.1:80/desc.xml\r\n"
                        + "NT: urn:schemas-upnp-org:device:Basic:1\r\nNTS: ssdp:alive\r\n"
                        + "SERVER: Linux/4.9 UPnP/1.0 Intercom/5.2\r\nUSN: uuid:abc::upnp:rootdevice\r\n\r\n"))
                .datagram(0xC0A80102, 50000, GROUP, 1900, b("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"
                        + "MAN: \"ssdp:discover\"\r\nMX: 2\r\nST: ssdp:all\r\nUSER-AGENT: Probe/1.0\r\n\r\n"))
                .datagram(DEVICE, 1900, 0xC0A80102, 50000, b("HTTP/1.1 200 OK\r\nST: ssdp:all\r\n"
                        + "USN: uuid:abc\r\n\r\n")));
        List<JsonNode> ssdp = dataset(docs, "vigil.ssdp");
        assertThat(ssdp).hasSize(3);
        assertThat(dataset(docs, "vigil.decode")).isEmpty();
        JsonNode s = ssdp.get(0).path("ssdp");
        assertThat(s.path("type").asText()).isEqualTo("request");
        assertThat(s.path("method").asText()).isEqualTo("NOTIFY");
        assertThat(s.path("uri").asText()).isEqualTo("*");
        assertThat(s.path("version").asText()).isEqualTo("HTTP/1.1");
        assertThat(s.path("nts").asText()).isEqualTo("ssdp:alive");
        assertThat(s.path("server").asText()).isEqualTo("Linux/4.9 UPnP/1.0 Intercom/5.2");
        assertThat(s.path("location").asText()).isEqualTo("http://192.168.1.1:80/desc.xml");
        assertThat(s.path("cache_control").asText()).isEqualTo("max-age=1800");
        assertThat(s.path("max_age").isIntegralNumber()).isTrue();
        assertThat(s.path("max_age").asLong()).isEqualTo(1800);
        s = ssdp.get(1).path("ssdp");
        assertThat(s.path("method").asText()).isEqualTo("M-SEARCH");
        assertThat(s.path("st").asText()).isEqualTo("ssdp:all");
        assertThat(s.path("man").asText()).isEqualTo("\"ssdp:discover\"");
        assertThat(s.path("mx").asText()).isEqualTo("2");
        assertThat(s.path("user_agent").asText()).isEqualTo("Probe/1.0");
        s = ssdp.get(2).path("ssdp");
        assertThat(s.path("type").asText()).isEqualTo("response");
        assertThat(s.path("status_code").isInt()).isTrue();
        assertThat(s.path("status_code").asInt()).isEqualTo(200);
        assertThat(s.has("method")).isFalse();
        assertThat(ssdp.get(2).path("destination").path("port").asInt()).isEqualTo(50000);
    }

    @Test
    void brokenDatagramsLeaveDecodeEvents() {
        List<JsonNode> docs = run(new UdpCapture()
                .datagram(DEVICE, 1900, GROUP, 1900, new byte[] {1, 2, 3, 4})               // 1: not HTTP
                .datagram(DEVICE, 1900, GROUP, 1900, b("NOTIFY * HTTP/1.1\r\nNT x\r\n\r\n")) // 2: bad header
                .datagram(DEVICE, 1900, GROUP, 1900, b("NOTIFY * HTTP/1.1\r\nNT: upnp:ro"))) // 3: cut
        ;
        List<JsonNode> ssdp = dataset(docs, "vigil.ssdp");
        assertThat(ssdp).hasSize(2);
        assertThat(ssdp.get(0).path("ssdp").path("decode_error").asText()).isEqualTo("ssdp.bad_header");
        assertThat(ssdp.get(1).path("ssdp").path("decode_error").asText()).isEqualTo("ssdp.truncated");
        assertThat(ssdp.get(1).path("ssdp").path("nt").asText()).isEqualTo("upnp:ro");
        assertThat(dataset(docs, "vigil.decode")).extracting(d -> d.path("event").path("sequence").asLong() + " "
                + d.path("decode").path("key").asText())
                .containsExactly("1 ssdp.bad_start_line", "2 ssdp.bad_header", "3 ssdp.truncated");
    }
}
