package dev.vigil.sensor.output.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The vigil ILM policies, component templates and index templates, shipped in the jar under
 * {@code /deploy/elasticsearch/} (copied from the repository's {@code deploy/elasticsearch}).
 * {@link #install} is what {@code ElasticsearchOutput.start()} and {@code vigil setup} run:
 * ILM policies first, then the component templates (the index templates refer to them), then
 * the index templates. Each PUT replaces the template with the same content, so installing
 * twice changes nothing.
 *
 * <p>Retention: events ({@value #POLICY_EVENTS}) and findings and assets
 * ({@value #POLICY_FINDINGS_ASSETS}, kept longer: they are the audit record) have their own
 * policy, referenced from the lifecycle component templates {@code vigil-lifecycle-*}. Not every
 * cluster has ILM (the integ-test distribution used in development has neither the {@code _ilm}
 * APIs nor the {@code index.lifecycle.*} settings, and refuses a template that uses them), so
 * the policies and lifecycle component templates are installed only where ILM answers, and the
 * index templates list the lifecycle component templates in
 * {@code ignore_missing_component_templates}: the same templates work on both kinds of cluster.
 *
 * <p>Templates apply when a data stream creates a backing index: an existing data stream keeps
 * its mapping and lifecycle until it rolls over.
 */
public final class ElasticsearchTemplates {
    /** Name of the index template for {@code logs-vigil.*-*}. */
    public static final String INDEX_TEMPLATE = "logs-vigil";
    /** Index template of the findings and asset data streams (longer retention), above {@link #INDEX_TEMPLATE}. */
    public static final String FINDINGS_ASSETS_INDEX_TEMPLATE = "logs-vigil-findings-assets";
    /** Name of the index template for {@code vigil-assets-*}: one document per device, replaced in place. */
    public static final String ASSETS_TEMPLATE = "vigil-assets";
    /** Prefix of the assets index; the namespace follows. */
    public static final String ASSETS_INDEX_PREFIX = "vigil-assets-";
    /** Index templates, in install order. */
    public static final List<String> INDEX_TEMPLATES = List.of(INDEX_TEMPLATE, FINDINGS_ASSETS_INDEX_TEMPLATE,
            ASSETS_TEMPLATE);
    /** Component templates installed on every cluster, in install order. */
    public static final List<String> COMPONENT_TEMPLATES = List.of("vigil-settings", "vigil-mappings");
    /** Component templates that set a lifecycle policy: installed only where ILM exists. */
    public static final List<String> LIFECYCLE_COMPONENT_TEMPLATES =
            List.of("vigil-lifecycle-events", "vigil-lifecycle-findings-assets");
    /** ILM policy of the event data streams. */
    public static final String POLICY_EVENTS = "vigil-events";
    /** ILM policy of the findings and asset data streams. */
    public static final String POLICY_FINDINGS_ASSETS = "vigil-findings-assets";
    /** ILM policies, in install order; the shipped file of policy {@code p} is {@code ilm-p.json}. */
    public static final List<String> POLICIES = List.of(POLICY_EVENTS, POLICY_FINDINGS_ASSETS);

    private static final String RESOURCE_DIR = "/deploy/elasticsearch/";
    private static final String POLICY_FILE_PREFIX = "ilm-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ElasticsearchTemplates() {
    }

    /**
     * How long the delete phase of each policy waits after a backing index rolls over, as an
     * Elasticsearch time value ({@code 90d}, {@code 12h}).
     */
    public record Retention(String events, String findingsAndAssets) {
        /** Time values that ILM's {@code min_age} accepts and that an operator means: days, hours, minutes, seconds. */
        private static final Pattern TIME_VALUE = Pattern.compile("[1-9][0-9]{0,5}(d|h|m|s)");
        /** The retention written in the shipped policy files. */
        public static final Retention DEFAULT = new Retention("90d", "365d");

        /** @throws IllegalArgumentException if a value is not a time value like {@code 90d} */
        public Retention {
            check("events retention", events);
            check("findings and assets retention", findingsAndAssets);
        }

        private static void check(String what, String value) {
            if (value == null || !TIME_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException(what + " must be a positive number with a unit d, h, m or s "
                        + "(e.g. 90d), got '" + value + "'");
            }
        }

        String of(String policy) {
            return POLICY_EVENTS.equals(policy) ? events : findingsAndAssets;
        }
    }

    /**
     * What {@link #install} did.
     *
     * @param ilm whether the cluster has ILM; without it no policy or lifecycle template was written
     * @param policiesWritten policies created or replaced
     * @param policiesKept policies that already existed and were left as they were
     */
    public record Result(boolean ilm, List<String> policiesWritten, List<String> policiesKept) {
        public Result {
            policiesWritten = List.copyOf(policiesWritten);
            policiesKept = List.copyOf(policiesKept);
        }
    }

    /**
     * Installs the templates with the default retention and keeps policies that exist already
     * (an operator's {@code vigil setup --retention} survives the output's restarts).
     */
    public static Result install(ElasticsearchClient client) throws IOException {
        return install(client, Retention.DEFAULT, false);
    }

    /**
     * Installs (or replaces) the ILM policies where the cluster has ILM, then the component
     * templates, then the index templates.
     *
     * @param retention delete-phase ages written into the policies
     * @param replacePolicies whether existing policies are replaced ({@code vigil setup}) or kept
     *        ({@code ElasticsearchOutput.start()})
     */
    public static Result install(ElasticsearchClient client, Retention retention, boolean replacePolicies)
            throws IOException {
        Objects.requireNonNull(retention, "retention");
        boolean ilm = ilmAvailable(client);
        List<String> written = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        if (ilm) {
            for (String policy : POLICIES) {
                if (!replacePolicies && policyExists(client, policy)) {
                    kept.add(policy);
                    continue;
                }
                String inner = JSON.readTree(policyJson(policy, retention)).path("policy").toString();
                client.ilm().putLifecycle(r -> r.name(policy).policy(p -> p.withJson(new StringReader(inner))));
                written.add(policy);
            }
        }
        List<String> components = new ArrayList<>(COMPONENT_TEMPLATES);
        if (ilm) {
            components.addAll(LIFECYCLE_COMPONENT_TEMPLATES);
        }
        for (String name : components) {
            String body = json(name);
            client.cluster().putComponentTemplate(r -> r.name(name).withJson(new StringReader(body)));
        }
        for (String name : INDEX_TEMPLATES) {
            String body = json(name);
            client.indices().putIndexTemplate(r -> r.name(name).withJson(new StringReader(body)));
        }
        return new Result(ilm, written, kept);
    }

    /** Whether the index templates exist on the cluster. */
    public static boolean installed(ElasticsearchClient client) throws IOException {
        for (String name : INDEX_TEMPLATES) {
            if (!client.indices().existsIndexTemplate(r -> r.name(name)).value()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the cluster has index lifecycle management: {@code GET /_ilm/status} answers. A
     * cluster without the ILM module answers 400 or 405 (no handler); other failures
     * (connection, authentication) are thrown.
     */
    public static boolean ilmAvailable(ElasticsearchClient client) throws IOException {
        try {
            client.ilm().getStatus();
            return true;
        } catch (ElasticsearchException e) {
            if (noHandler(e.status())) {
                return false;
            }
            throw e;
        } catch (TransportException e) {
            if (noHandler(e.statusCode())) {
                return false;
            }
            throw e;
        }
    }

    private static boolean noHandler(int status) {
        return status == 400 || status == 404 || status == 405 || status == 410;
    }

    private static boolean policyExists(ElasticsearchClient client, String policy) throws IOException {
        try {
            return client.ilm().getLifecycle(r -> r.name(policy)).result().containsKey(policy);
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The body of {@code PUT _ilm/policy/<policy>} with the delete phase's {@code min_age} set
     * from {@code retention}.
     *
     * @throws IllegalArgumentException if there is no such policy
     */
    public static String policyJson(String policy, Retention retention) {
        if (!POLICIES.contains(policy)) {
            throw new IllegalArgumentException("no ILM policy " + policy + ", known: " + POLICIES);
        }
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(json(POLICY_FILE_PREFIX + policy));
            if (!(body.path("policy").path("phases").path("delete") instanceof ObjectNode delete)) {
                throw new IllegalStateException("policy " + policy + " has no delete phase");
            }
            delete.put("min_age", retention.of(policy));
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse policy " + policy, e);
        }
    }

    /**
     * The JSON body of a template or policy file as shipped, e.g. {@code json("vigil-mappings")}.
     *
     * @throws IllegalArgumentException if the jar has no such file
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
