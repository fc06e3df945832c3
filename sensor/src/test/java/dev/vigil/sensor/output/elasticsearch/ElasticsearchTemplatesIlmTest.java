package dev.vigil.sensor.output.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchTemplates.Result;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchTemplates.Retention;
import dev.vigil.sensor.testing.FakeHttpServer;
import dev.vigil.sensor.testing.FakeHttpServer.Request;
import dev.vigil.sensor.testing.FakeHttpServer.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The ILM side of {@link ElasticsearchTemplates}: the development Elasticsearch has no ILM, so a
 * local receiver answers like a cluster with ILM (the {@code _ilm} endpoints of the
 * Elasticsearch 8.19 REST API) and records what the installer sends. The shipped files are
 * checked too: defaults, references between policies, templates and index templates.
 */
class ElasticsearchTemplatesIlmTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> PRODUCT = Map.of("X-Elastic-Product", "Elasticsearch");

    /** An Elasticsearch with ILM that knows the policies in {@code existing}. */
    private static Response ilmCluster(Request r, Set<String> existing) {
        String path = r.path();
        if (r.method().equals("GET") && path.equals("/_ilm/status")) {
            return new Response(200, PRODUCT, "{\"operation_mode\":\"RUNNING\"}");
        }
        if (path.startsWith("/_ilm/policy/")) {
            String name = path.substring("/_ilm/policy/".length());
            if (r.method().equals("GET")) {
                return existing.contains(name)
                        ? new Response(200, PRODUCT, "{\"" + name + "\":{\"version\":1,\"modified_date\":\"2024-01-01T00:00:00.000Z\","
                                + "\"policy\":{\"phases\":{\"delete\":{\"min_age\":\"7d\",\"actions\":{\"delete\":{}}}}}}}")
                        : new Response(404, PRODUCT, "{\"error\":{\"type\":\"resource_not_found_exception\","
                                + "\"reason\":\"Lifecycle policy not found: " + name + "\"},\"status\":404}");
            }
            existing.add(name);
            return new Response(200, PRODUCT, "{\"acknowledged\":true}");
        }
        if (r.method().equals("PUT") && (path.startsWith("/_component_template/") || path.startsWith("/_index_template/"))) {
            return new Response(200, PRODUCT, "{\"acknowledged\":true}");
        }
        return new Response(400, PRODUCT, "{\"error\":\"no handler found for uri [" + path + "] and method [" + r.method() + "]\",\"status\":400}");
    }

    private static ElasticsearchClient client(FakeHttpServer server) {
        return ElasticsearchClients.create(ElasticsearchConfig.builder().url(server.url()).build());
    }

    private static List<String> puts(FakeHttpServer server) {
        List<String> out = new ArrayList<>();
        for (Request r : server.requests()) {
            if (r.method().equals("PUT")) {
                out.add(r.path());
            }
        }
        return out;
    }

    @Test
    void withIlmPoliciesComeFirstThenAllComponentTemplatesThenIndexTemplates() throws IOException {
        Set<String> existing = ConcurrentHashMap.newKeySet();
        try (FakeHttpServer server = new FakeHttpServer(r -> ilmCluster(r, existing));
                ElasticsearchClient client = client(server)) {
            Result result = ElasticsearchTemplates.install(client, new Retention("30d", "400d"), true);

            assertThat(result.ilm()).isTrue();
            assertThat(result.policiesWritten()).containsExactly("vigil-events", "vigil-findings-assets");
            assertThat(result.policiesKept()).isEmpty();
            assertThat(puts(server)).containsExactly(
                    "/_ilm/policy/vigil-events",
                    "/_ilm/policy/vigil-findings-assets",
                    "/_component_template/vigil-settings",
                    "/_component_template/vigil-mappings",
                    "/_component_template/vigil-lifecycle-events",
                    "/_component_template/vigil-lifecycle-findings-assets",
                    "/_index_template/logs-vigil",
                    "/_index_template/logs-vigil-findings-assets", "/_index_template/vigil-assets");

            JsonNode events = body(server, "/_ilm/policy/vigil-events");
            assertThat(events.at("/policy/phases/delete/min_age").asText()).isEqualTo("30d");
            assertThat(events.at("/policy/phases/delete/actions/delete").isObject()).isTrue();
            assertThat(events.at("/policy/phases/hot/actions/rollover/max_age").asText()).isEqualTo("7d");
            assertThat(events.at("/policy/phases/hot/actions/rollover/max_primary_shard_size").asText()).isEqualTo("10gb");
            JsonNode findings = body(server, "/_ilm/policy/vigil-findings-assets");
            assertThat(findings.at("/policy/phases/delete/min_age").asText()).isEqualTo("400d");

            JsonNode lifecycle = body(server, "/_component_template/vigil-lifecycle-findings-assets");
            assertThat(lifecycle.at("/template/settings/index/lifecycle/name").asText()).isEqualTo("vigil-findings-assets");
        }
    }

    @Test
    void theOutputKeepsPoliciesThatExistSoThatSetupsRetentionSurvivesRestarts() throws IOException {
        Set<String> existing = ConcurrentHashMap.newKeySet();
        existing.add("vigil-events");
        try (FakeHttpServer server = new FakeHttpServer(r -> ilmCluster(r, existing));
                ElasticsearchClient client = client(server)) {
            Result result = ElasticsearchTemplates.install(client);

            assertThat(result.policiesKept()).containsExactly("vigil-events");
            assertThat(result.policiesWritten()).containsExactly("vigil-findings-assets");
            assertThat(puts(server)).doesNotContain("/_ilm/policy/vigil-events").contains("/_ilm/policy/vigil-findings-assets");
            assertThat(body(server, "/_ilm/policy/vigil-findings-assets").at("/policy/phases/delete/min_age").asText())
                    .isEqualTo(Retention.DEFAULT.findingsAndAssets());
        }
    }

    @Test
    void withoutIlmNoPolicyAndNoLifecycleTemplateIsSent() throws IOException {
        // what the integ-test distribution answers: 405 for GET /_ilm/status, 400 for the rest
        try (FakeHttpServer server = new FakeHttpServer(r -> r.path().startsWith("/_ilm/")
                        ? new Response(405, PRODUCT, "{\"error\":\"Incorrect HTTP method for uri [" + r.path()
                                + "] and method [GET], allowed: [POST]\",\"status\":405}")
                        : ilmCluster(r, Set.of()));
                ElasticsearchClient client = client(server)) {
            Result result = ElasticsearchTemplates.install(client, Retention.DEFAULT, true);
            assertThat(result.ilm()).isFalse();
            assertThat(result.policiesWritten()).isEmpty();
            assertThat(puts(server)).containsExactly(
                    "/_component_template/vigil-settings",
                    "/_component_template/vigil-mappings",
                    "/_index_template/logs-vigil",
                    "/_index_template/logs-vigil-findings-assets", "/_index_template/vigil-assets");
        }
    }

    @Test
    void anAuthenticationFailureIsNotMistakenForAMissingIlm() throws IOException {
        try (FakeHttpServer server = new FakeHttpServer(r -> new Response(401, PRODUCT,
                        "{\"error\":{\"type\":\"security_exception\",\"reason\":\"missing authentication credentials\"},\"status\":401}"));
                ElasticsearchClient client = client(server)) {
            assertThatThrownBy(() -> ElasticsearchTemplates.ilmAvailable(client)).hasMessageContaining("security_exception");
        }
    }

    @Test
    void shippedPoliciesCarryTheDefaultRetention() throws IOException {
        for (String policy : ElasticsearchTemplates.POLICIES) {
            JsonNode shipped = JSON.readTree(ElasticsearchTemplates.json("ilm-" + policy));
            assertThat(shipped.at("/policy/phases/hot/actions/rollover").isObject()).as(policy).isTrue();
            assertThat(shipped.at("/policy/phases/delete/actions/delete").isObject()).as(policy).isTrue();
            assertThat(shipped.at("/policy/phases/delete/min_age").asText()).as(policy)
                    .isEqualTo(policy.equals("vigil-events") ? Retention.DEFAULT.events() : Retention.DEFAULT.findingsAndAssets());
            // policyJson with the default retention changes nothing
            assertThat(JSON.readTree(ElasticsearchTemplates.policyJson(policy, Retention.DEFAULT))).isEqualTo(shipped);
        }
    }

    @Test
    void everyLifecycleTemplateNamesAShippedPolicyAndIsOptionalInTheIndexTemplates() throws IOException {
        List<String> named = new ArrayList<>();
        for (String name : ElasticsearchTemplates.LIFECYCLE_COMPONENT_TEMPLATES) {
            named.add(JSON.readTree(ElasticsearchTemplates.json(name)).at("/template/settings/index/lifecycle/name").asText());
        }
        assertThat(named).containsExactlyInAnyOrderElementsOf(ElasticsearchTemplates.POLICIES);
        // the settings template stays usable on a cluster without ILM
        assertThat(ElasticsearchTemplates.json("vigil-settings")).doesNotContain("lifecycle");

        List<String> composedLifecycles = new ArrayList<>();
        for (String name : ElasticsearchTemplates.INDEX_TEMPLATES) {
            JsonNode t = JSON.readTree(ElasticsearchTemplates.json(name));
            List<String> composed = texts(t.path("composed_of"));
            List<String> optional = texts(t.path("ignore_missing_component_templates"));
            assertThat(composed).as(name).startsWith("vigil-settings", "vigil-mappings");
            for (String c : composed) {
                if (ElasticsearchTemplates.LIFECYCLE_COMPONENT_TEMPLATES.contains(c)) {
                    assertThat(optional).as(name + " must tolerate a missing " + c).contains(c);
                    composedLifecycles.add(c);
                } else {
                    assertThat(ElasticsearchTemplates.COMPONENT_TEMPLATES).as(name).contains(c);
                }
            }
        }
        assertThat(composedLifecycles).containsExactlyInAnyOrderElementsOf(ElasticsearchTemplates.LIFECYCLE_COMPONENT_TEMPLATES);

        JsonNode longer = JSON.readTree(ElasticsearchTemplates.json(ElasticsearchTemplates.FINDINGS_ASSETS_INDEX_TEMPLATE));
        JsonNode events = JSON.readTree(ElasticsearchTemplates.json(ElasticsearchTemplates.INDEX_TEMPLATE));
        assertThat(texts(longer.path("index_patterns"))).containsExactly("logs-vigil.finding-*", "logs-vigil.asset-*");
        assertThat(longer.path("priority").asInt()).isGreaterThan(events.path("priority").asInt());
        assertThat(longer.path("data_stream").isObject()).isTrue();
    }

    @Test
    void retentionMustBeATimeValue() {
        assertThat(new Retention("14d", "12h").events()).isEqualTo("14d");
        for (String bad : new String[] {"90", "0d", "-1d", "90 d", "1y", "", "90dd", "1000000d"}) {
            assertThatThrownBy(() -> new Retention(bad, "365d")).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Retention("90d", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ElasticsearchTemplates.policyJson("nope", Retention.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static JsonNode body(FakeHttpServer server, String path) throws IOException {
        for (Request r : server.requests()) {
            if (r.method().equals("PUT") && r.path().equals(path)) {
                return JSON.readTree(r.body());
            }
        }
        throw new AssertionError("no PUT " + path);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
