package dev.vigil.sensor.output.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch.cluster.GetComponentTemplateResponse;
import co.elastic.clients.elasticsearch.indices.GetIndexTemplateResponse;
import co.elastic.clients.elasticsearch.indices.get_index_template.IndexTemplateItem;
import dev.vigil.sensor.testing.ElasticsearchServer;
import java.io.IOException;
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
        assertThat(item.indexTemplate().composedOf()).containsExactly("vigil-settings", "vigil-mappings");
        assertThat(item.indexTemplate().priority()).isEqualTo(250);
        assertThat(item.indexTemplate().dataStream()).isNotNull();
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
