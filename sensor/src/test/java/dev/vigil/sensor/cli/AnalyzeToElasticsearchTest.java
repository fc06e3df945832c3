package dev.vigil.sensor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.sensor.testing.ElasticsearchServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first README command's path, end to end against the real Elasticsearch the project's
 * script starts: the bundled intercom capture analysed with {@code --es} and {@code --ndjson};
 * what Elasticsearch holds equals what the NDJSON says, per dataset, and analysts' queries work
 * (terms aggregation, CIDR term query on an {@code ip} field). A second run adds nothing.
 */
class AnalyzeToElasticsearchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void demoCaptureIndexedOnceWithQueriesThatWork() throws Exception {
        String es = ElasticsearchServer.shared();
        String ns = "analyze" + System.nanoTime() % 100_000;
        Path pcap = tmp.resolve("intercom-site.pcap");
        try (InputStream in = getClass().getResourceAsStream("/demo/intercom-site.pcap")) {
            Files.copy(in, pcap);
        }
        Path ndjson = tmp.resolve("events.ndjson");
        for (int run = 0; run < 2; run++) {
            Path config = Path.of(System.getProperty("vigil.repo.root", "..")).resolve("deploy/config");
            AnalyzeCommandTest.Outcome o = AnalyzeCommandTest.vigil("analyze", pcap.toString(), "--es", es,
                    "--es-namespace", ns, "--ndjson", ndjson.toString(),
                    "--policy", config.resolve("policy.example.yaml").toString(),
                    "--inventory", config.resolve("inventory.example.csv").toString());
            assertThat(o.status()).as(o.err()).isZero();
        }
        Map<String, Long> want = new TreeMap<>();
        java.util.Set<String> devices = new java.util.TreeSet<>();
        for (String line : Files.readAllLines(ndjson)) {
            JsonNode d = JSON.readTree(line);
            String ds = d.path("event").path("dataset").asText();
            if (ds.equals("vigil.asset") && !d.path("event").has("action")) {
                // a device's own document: replaced in place in vigil-assets-<ns>, not a data stream event
                devices.add(d.path("asset").path("mac").asText());
                continue;
            }
            want.merge(ds, 1L, Long::sum);
        }
        post(es + "/logs-vigil.*-" + ns + "/_refresh", "");
        JsonNode agg = post(es + "/logs-vigil.*-" + ns + "/_search",
                "{\"size\":0,\"aggs\":{\"ds\":{\"terms\":{\"field\":\"event.dataset\",\"size\":50}},"
                        + "\"proto\":{\"terms\":{\"field\":\"network.protocol\",\"size\":50}}}}");
        Map<String, Long> got = new TreeMap<>();
        for (JsonNode b : agg.path("aggregations").path("ds").path("buckets")) {
            got.put(b.path("key").asText(), b.path("doc_count").asLong());
        }
        assertThat(got).isEqualTo(want);
        assertThat(got).containsKeys("vigil.flow", "vigil.arp", "vigil.igmp", "vigil.finding", "vigil.asset");
        post(es + "/vigil-assets-" + ns + "/_refresh", "");
        assertThat(post(es + "/vigil-assets-" + ns + "/_count", "{}").path("count").asLong())
                .as("one document per device, however often it changed, however many runs")
                .isEqualTo(devices.size());
        Map<String, Long> protocols = new TreeMap<>();
        for (JsonNode b : agg.path("aggregations").path("proto").path("buckets")) {
            protocols.put(b.path("key").asText(), b.path("doc_count").asLong());
        }
        // the guide's services, named from Tables 1 and 2 (SIP 5060, RTP 61000-61250, DIP 50001 ...)
        assertThat(protocols).containsKeys("sip", "rtp", "dip", "snmp", "tftp", "ntp");
        // CIDR query on an ip field: every ARP sender of the demo site is in 10.20.0.0/24
        JsonNode cidr = post(es + "/logs-vigil.arp-" + ns + "/_count",
                "{\"query\":{\"term\":{\"source.ip\":\"10.20.0.0/24\"}}}");
        assertThat(cidr.path("count").asLong()).isEqualTo(want.get("vigil.arp"));
        // and every flow too, but the DHCP client's DISCOVER/REQUEST, sent before it has an address
        JsonNode outside = post(es + "/logs-vigil.flow-" + ns + "/_search",
                "{\"query\":{\"bool\":{\"must_not\":{\"term\":{\"source.ip\":\"10.20.0.0/24\"}}}}}");
        assertThat(outside.path("hits").path("hits")).hasSize(1);
        JsonNode dhcp = outside.path("hits").path("hits").get(0).path("_source");
        assertThat(dhcp.path("source").path("ip").asText()).isEqualTo("0.0.0.0");
        assertThat(dhcp.path("destination").path("port").asInt()).isEqualTo(67);
    }

    private JsonNode post(String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }
}
