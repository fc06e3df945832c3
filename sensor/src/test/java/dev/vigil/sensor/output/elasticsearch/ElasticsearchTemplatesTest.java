package dev.vigil.sensor.output.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch.cluster.GetComponentTemplateResponse;
import co.elastic.clients.elasticsearch.indices.GetIndexTemplateResponse;
import co.elastic.clients.elasticsearch.indices.get_index_template.IndexTemplateItem;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.sensor.testing.ElasticsearchServer;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Installs the templates into a real Elasticsearch ({@link ElasticsearchServer}). */
class ElasticsearchTemplatesTest {
    private static ElasticsearchClient client;

    @BeforeAll
    static void connect() {
        client = ElasticsearchClients.create(ElasticsearchConfig.builder().url(ElasticsearchServer.shared()).build());
    }

    @AfterAll
    static void disconnect() throws IOException {
        client.close();
    }

    @Test
    void installIsIdempotentAndTheIndexTemplateExists() throws IOException {
        ElasticsearchTemplates.install(client);
        ElasticsearchTemplates.install(client);
        assertThat(ElasticsearchTemplates.installed(client)).isTrue();

        GetIndexTemplateResponse templates = client.indices().getIndexTemplate(r -> r.name(ElasticsearchTemplates.INDEX_TEMPLATE));
        assertThat(templates.indexTemplates()).hasSize(1);
        IndexTemplateItem item = templates.indexTemplates().get(0);
        assertThat(item.indexTemplate().indexPatterns()).containsExactly("logs-vigil.*-*");
        assertThat(item.indexTemplate().composedOf()).containsExactly("vigil-settings", "vigil-mappings", "vigil-lifecycle-events");
        assertThat(item.indexTemplate().ignoreMissingComponentTemplates()).containsExactly("vigil-lifecycle-events");
        assertThat(item.indexTemplate().priority()).isEqualTo(250);
        assertThat(item.indexTemplate().dataStream()).isNotNull();

        IndexTemplateItem longer = client.indices()
                .getIndexTemplate(r -> r.name(ElasticsearchTemplates.FINDINGS_ASSETS_INDEX_TEMPLATE)).indexTemplates().get(0);
        assertThat(longer.indexTemplate().indexPatterns()).containsExactly("logs-vigil.finding-*", "logs-vigil.asset-*");
        assertThat(longer.indexTemplate().composedOf())
                .containsExactly("vigil-settings", "vigil-mappings", "vigil-lifecycle-findings-assets");
        assertThat(longer.indexTemplate().priority()).isEqualTo(251);
    }

    /** Findings and assets match the longer-retention template, every other dataset the general one. */
    @Test
    void findingsAndAssetsGetTheirOwnIndexTemplate() throws IOException {
        ElasticsearchTemplates.install(client);
        // the Java client's simulateIndexTemplate insists on a template body: ask over plain HTTP
        assertThat(losingTemplates("logs-vigil.finding-tpltest")).containsExactly(ElasticsearchTemplates.INDEX_TEMPLATE);
        assertThat(losingTemplates("logs-vigil.asset-tpltest")).containsExactly(ElasticsearchTemplates.INDEX_TEMPLATE);
        assertThat(losingTemplates("logs-vigil.flow-tpltest")).containsExactly(ElasticsearchTemplates.FINDINGS_ASSETS_INDEX_TEMPLATE);
    }

    /** The templates that match {@code index} but lose to the winner (Elasticsearch's "overlapping"). */
    private static List<String> losingTemplates(String index) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(ElasticsearchServer.shared() + "/_index_template/_simulate_index/" + index))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            List<String> names = new ArrayList<>();
            new ObjectMapper().readTree(body).path("overlapping")
                    .forEach(o -> names.add(o.path("name").asText()));
            return names;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A data stream is created from the templates whether or not the lifecycle component template exists. */
    @Test
    void aFindingDataStreamCanBeCreated() throws IOException {
        ElasticsearchTemplates.install(client);
        var response = client.index(r -> r.index("logs-vigil.finding-tpltest").opType(OpType.Create)
                .withJson(new StringReader("{\"@timestamp\":\"2024-03-05T10:15:30Z\",\"event\":{\"dataset\":\"vigil.finding\",\"kind\":\"alert\",\"id\":\"x\"}}")));
        assertThat(response.index()).startsWith(".ds-logs-vigil.finding-tpltest-");
    }

    @Test
    void ilmPoliciesMatchTheClusterCapability() throws IOException {
        ElasticsearchTemplates.Result result = ElasticsearchTemplates.install(client, ElasticsearchTemplates.Retention.DEFAULT, true);
        assertThat(result.ilm()).isEqualTo(ElasticsearchTemplates.ilmAvailable(client));
        if (!result.ilm()) {
            // the development distribution: nothing lifecycle-related may be sent, it would be refused
            assertThat(result.policiesWritten()).isEmpty();
            assertThat(client.cluster().existsComponentTemplate(r -> r.name("vigil-lifecycle-events")).value()).isFalse();
        }
    }

    /**
     * With ILM (a full distribution, {@code -Dvigil.es.url=}): the policies exist with the retention
     * asked for. Without (the integ-test distribution CI runs): nothing refers to a policy, so data
     * streams still work, and the lifecycle component templates are not installed.
     */
    @Test
    void ilmPoliciesExistAfterInstallWhereTheClusterHasIlm() throws IOException {
        ElasticsearchTemplates.Result result =
                ElasticsearchTemplates.install(client, new ElasticsearchTemplates.Retention("45d", "400d"), true);
        if (!ElasticsearchTemplates.ilmAvailable(client)) {
            assertThat(result.ilm()).isFalse();
            assertThat(client.cluster().existsComponentTemplate(r -> r.name("vigil-lifecycle-events")).value()).isFalse();
            assertThat(ElasticsearchTemplates.installed(client)).isTrue();
            return;
        }
        var policies = client.ilm().getLifecycle(r -> r.name(String.join(",", ElasticsearchTemplates.POLICIES))).result();
        assertThat(policies).containsKeys("vigil-events", "vigil-findings-assets");
        assertThat(policies.get("vigil-events").policy().phases().delete().minAge().time()).isEqualTo("45d");
        assertThat(policies.get("vigil-findings-assets").policy().phases().delete().minAge().time()).isEqualTo("400d");
        assertThat(client.cluster().existsComponentTemplate(r -> r.name("vigil-lifecycle-events")).value()).isTrue();
    }

    @Test
    void componentTemplatesKeepTheShippedMappingsAndSettings() throws IOException {
        ElasticsearchTemplates.install(client);
        GetComponentTemplateResponse mappings = client.cluster().getComponentTemplate(r -> r.name("vigil-mappings"));
        Map<String, Property> props = mappings.componentTemplates().get(0).componentTemplate().template().mappings().properties();
        assertThat(props.get("@timestamp").isDateNanos()).isTrue();
        assertThat(props.get("source").object().properties().get("ip").isIp()).isTrue();
        assertThat(props.get("destination").object().properties().get("port").isLong()).isTrue();
        assertThat(props.get("arp").object().properties().get("gratuitous").isBoolean()).isTrue();
        assertThat(props.get("network").object().properties().get("community_id").isKeyword()).isTrue();

        GetComponentTemplateResponse settings = client.cluster().getComponentTemplate(r -> r.name("vigil-settings"));
        var index = settings.componentTemplates().get(0).componentTemplate().template().settings().get("index");
        assertThat(index.numberOfShards()).isEqualTo("1");
        assertThat(index.numberOfReplicas()).isEqualTo("0");
    }

    @Test
    void unknownTemplateNameIsAnError() {
        assertThatThrownBy(() -> ElasticsearchTemplates.json("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
