package dev.vigil.sensor.output.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The vigil component templates and index template, shipped in the jar under
 * {@code /deploy/elasticsearch/} (copied from the repository's {@code deploy/elasticsearch}).
 * {@link #install} is what {@code ElasticsearchOutput.start()} and a {@code vigil setup}
 * command run: component templates first (the index template refers to them), then the index
 * template. Each PUT replaces the template with the same content, so installing twice changes
 * nothing.
 *
 * <p>Templates apply when a data stream creates a backing index: an existing data stream keeps
 * its mapping until it rolls over. This distribution has no ILM (the {@code _ilm} APIs and the
 * {@code index.lifecycle.*} settings are absent), so the templates carry no lifecycle policy.
 */
public final class ElasticsearchTemplates {
    /** Name of the index template for {@code logs-vigil.*-*}. */
    public static final String INDEX_TEMPLATE = "logs-vigil";
    /** Name of the index template for {@code vigil-assets-*}: one document per device, replaced in place. */
    public static final String ASSETS_TEMPLATE = "vigil-assets";
    /** Prefix of the assets index; the namespace follows. */
    public static final String ASSETS_INDEX_PREFIX = "vigil-assets-";
    /** Component templates, in install order. */
    public static final List<String> COMPONENT_TEMPLATES = List.of("vigil-settings", "vigil-mappings");

    private static final String RESOURCE_DIR = "/deploy/elasticsearch/";

    private ElasticsearchTemplates() {
    }

    /** Installs (or replaces) the component templates, then the index template. */
    public static void install(ElasticsearchClient client) throws IOException {
        for (String name : COMPONENT_TEMPLATES) {
            String body = json(name);
            client.cluster().putComponentTemplate(r -> r.name(name).withJson(new StringReader(body)));
        }
        for (String name : List.of(INDEX_TEMPLATE, ASSETS_TEMPLATE)) {
            String body = json(name);
            client.indices().putIndexTemplate(r -> r.name(name).withJson(new StringReader(body)));
        }
    }

    /** Whether the index template exists on the cluster. */
    public static boolean installed(ElasticsearchClient client) throws IOException {
        return client.indices().existsIndexTemplate(r -> r.name(INDEX_TEMPLATE)).value()
                && client.indices().existsIndexTemplate(r -> r.name(ASSETS_TEMPLATE)).value();
    }

    /**
     * The JSON body of a template as shipped, e.g. {@code json("vigil-mappings")}.
     *
     * @throws IllegalArgumentException if the jar has no such template
     */
    public static String json(String name) {
        String resource = RESOURCE_DIR + name + ".json";
        try (InputStream in = ElasticsearchTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no template " + resource + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
