package dev.vigil.sensor.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.dip.Demo;
import dev.vigil.sensor.testing.Analyze;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo capture's web-UI session (station 10.20.0.102 from the management PC) against the
 * generator's truth ({@code http} of intercom-site.truth.json: request count, responses by status,
 * Basic credentials sent): the user name is logged, the password appears nowhere in the output.
 */
class HttpDemoTest {
    private static Analyze.Run run;
    private static List<JsonNode> docs;

    @BeforeAll
    static void analyze() {
        run = Analyze.files(new AppRegistry().register(HttpApp::new), Demo.pcap());
        docs = run.output().dataset(HttpApp.DATASET);
    }

    @Test
    void requestsAndResponsesAgreeWithTheGeneratorTruth() {
        JsonNode truth = Demo.truth().path("http");
        long requests = docs.stream().filter(d -> d.path("http").path("request").has("method")).count();
        assertThat(requests).isEqualTo(truth.path("requests").asLong());
        Map<String, Integer> byStatus = new HashMap<>();
        docs.forEach(d -> {
            JsonNode c = d.path("http").path("response").path("status_code");
            if (!c.isMissingNode()) {
                byStatus.merge(c.asText(), 1, Integer::sum);
            }
        });
        Map<String, Integer> want = new HashMap<>();
        truth.path("responses_by_status").fields().forEachRemaining(f -> want.put(f.getKey(), f.getValue().asInt()));
        assertThat(byStatus).isEqualTo(want);
        // every request is paired with its response on this connection
        assertThat(docs).allSatisfy(d -> assertThat(d.path("http").path("request").has("frame")).isTrue());
    }

    /** tshark's view of the same capture ({@code intercom-site.pcap.http.txt}, the corpus .http.txt command). */
    @Test
    void agreesWithTsharkMessageByMessage() {
        List<HttpCorpusTest.Msg> want = Demo.tshark("http").stream().map(HttpCorpusTest::expected).toList();
        assertThat(want).hasSize(6);
        assertThat(HttpCorpusTest.messages(docs)).containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void basicAuthUserLoggedAsCleartext() {
        List<String> want = new ArrayList<>();
        Demo.truth().path("http").path("basic_auth").forEach(b -> want.add(
                b.path("client").asText() + ">" + b.path("server").asText() + ":" + b.path("user").asText()));
        List<String> got = new ArrayList<>();
        for (JsonNode d : docs) {
            JsonNode auth = d.path("http").path("request").path("auth");
            if (auth.path("scheme").asText().equals("Basic")) {
                assertThat(auth.path("cleartext").asBoolean()).isTrue();
                got.add(d.path("source").path("ip").asText() + ">" + d.path("destination").path("ip").asText() + ":"
                        + auth.path("username").asText());
            }
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void vendorDefaultCredentialsAreFlagged() {
        List<Boolean> want = new ArrayList<>();
        Demo.truth().path("http").path("basic_auth").forEach(b -> want.add(b.path("vendor_default").asBoolean()));
        List<Boolean> got = new ArrayList<>();
        for (JsonNode d : docs) {
            JsonNode auth = d.path("http").path("request").path("auth");
            if (auth.path("scheme").asText().equals("Basic")) {
                got.add(auth.path("default_credentials").asBoolean(false));
            }
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void passwordAppearsNowhere() {
        String password = Demo.truth().path("http").path("basic_auth").get(0).path("password").asText();
        assertThat(password).isEqualTo("alphaadmin");
        assertThat(run.output().lines()).isNotEmpty().noneMatch(l -> l.contains(password));
        // nor its base64 form (the Authorization header is never copied into a document)
        String b64 = java.util.Base64.getEncoder().encodeToString(("admin:" + password).getBytes());
        assertThat(run.output().lines()).noneMatch(l -> l.contains(b64) || l.contains("YWxwaGFhZG1pbg"));
    }

    @Test
    void serverAndUserAgentForTheInventory() {
        assertThat(docs).allSatisfy(d -> {
            assertThat(d.path("user_agent").path("original").asText()).startsWith("Mozilla/5.0");
            assertThat(d.path("url").path("domain").asText()).isEqualTo("10.20.0.102");
            assertThat(d.path("source").path("ip").asText()).isEqualTo("10.20.0.50");
            assertThat(d.path("destination").path("port").asInt()).isEqualTo(80);
        });
    }
}
