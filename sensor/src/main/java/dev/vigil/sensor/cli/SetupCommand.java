package dev.vigil.sensor.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchClients;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchTemplates;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchTemplates.Retention;
import dev.vigil.sensor.output.kibana.KibanaImporter;
import dev.vigil.sensor.output.kibana.KibanaSavedObjects;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil setup}: prepares a cluster for the sensor, the way {@code filebeat setup} does.
 * Installs the ILM policies (where the cluster has ILM) and the component and index templates
 * into Elasticsearch ({@link ElasticsearchTemplates}, replacing the policies with the given
 * retention), then, with {@code --kibana}, imports the data views, saved searches,
 * visualizations and dashboards ({@link KibanaSavedObjects}) through Kibana's import API.
 *
 * <p>Credentials never come from the command line: Elasticsearch's as for {@code --es}
 * elsewhere ({@code VIGIL_ES_*}); Kibana's from {@code VIGIL_KIBANA_API_KEY_FILE}, or
 * {@code VIGIL_KIBANA_USERNAME} with {@code VIGIL_KIBANA_PASSWORD_FILE}, falling back to the
 * Elasticsearch ones (Kibana authenticates against the same cluster); its CA certificate from
 * {@code VIGIL_KIBANA_CA_CERT}, falling back to {@code VIGIL_ES_CA_CERT}.
 */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {
            "Install the Elasticsearch templates and ILM policies, and the Kibana dashboards.",
            "",
            "Elasticsearch: ILM policies vigil-events and vigil-findings-assets (only where the cluster",
            "has ILM), component templates vigil-*, index templates logs-vigil and",
            "logs-vigil-findings-assets. Kibana (with --kibana): data views, saved searches, Lens",
            "visualizations and the dashboards vigil Assets, vigil Findings, vigil SIP calls and RTP",
            "quality, vigil Port policy, imported with overwrite. Running it again updates both.",
            "",
            "Credentials come from the environment, never the command line: VIGIL_ES_USERNAME with",
            "VIGIL_ES_PASSWORD_FILE, or VIGIL_ES_API_KEY_FILE, and VIGIL_ES_CA_CERT; for Kibana",
            "VIGIL_KIBANA_USERNAME with VIGIL_KIBANA_PASSWORD_FILE, or VIGIL_KIBANA_API_KEY_FILE, and",
            "VIGIL_KIBANA_CA_CERT (each falls back to its VIGIL_ES_ counterpart).",
            ""},
        footer = {"",
            "Examples:",
            "  vigil setup --es http://127.0.0.1:9200",
            "  vigil setup --es https://es:9200 --kibana https://kibana:5601 --retention 30d",
            "  vigil setup --es https://es:9200 --kibana https://kb:5601 --namespace site1 --kibana-space site1",
            "",
            "Exit status: 0 success, 1 Elasticsearch or Kibana failed, 2 unusable arguments."})
final class SetupCommand implements Callable<Integer> {
    /** Connect and request timeout towards Kibana. */
    static final Duration KIBANA_TIMEOUT = Duration.ofSeconds(60);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--es", paramLabel = "URL", required = true,
            description = "Elasticsearch, e.g. http://127.0.0.1:9200 (several: comma-separated).")
    String es;

    @Option(names = "--kibana", paramLabel = "URL",
            description = "Kibana, with its base path if any (https://host:5601/kibana): import the saved objects.")
    String kibana;

    @Option(names = "--namespace", paramLabel = "NAME",
            description = "Narrow the Kibana data views to this data stream namespace (default: all namespaces).")
    String namespace;

    @Option(names = "--kibana-space", paramLabel = "ID",
            description = "Kibana space to import into (default: the default space).")
    String space;

    @Option(names = "--retention", paramLabel = "AGE", defaultValue = "90d",
            description = "Delete event data this long after rollover (ILM; default: ${DEFAULT-VALUE}).")
    String retention;

    @Option(names = "--findings-retention", paramLabel = "AGE", defaultValue = "365d",
            description = "Delete findings and asset data this long after rollover (ILM; default: ${DEFAULT-VALUE}).")
    String findingsRetention;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Retention ret;
        String ndjson = null;
        KibanaImporter importer = null;
        try {
            ret = new Retention(retention, findingsRetention);
            if (kibana != null) {
                ndjson = KibanaSavedObjects.ndjson();
                if (namespace != null) {
                    ndjson = KibanaSavedObjects.forNamespace(ndjson, namespace);
                }
                importer = new KibanaImporter(kibana, space, kibanaAuthorization(System::getenv),
                        kibanaCaCertificate(System::getenv), KIBANA_TIMEOUT);
            } else if (namespace != null || space != null) {
                err.println("vigil setup: --namespace and --kibana-space only apply with --kibana");
                return 2;
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("vigil setup: " + e.getMessage());
            return 2;
        }

        try (ElasticsearchClient client = ElasticsearchClients.create(ElasticsearchOutputs.config(es, "default"))) {
            ElasticsearchTemplates.Result r = ElasticsearchTemplates.install(client, ret, true);
            out.println("Elasticsearch " + es + ":");
            if (r.ilm()) {
                out.println("  ILM policies:        " + ElasticsearchTemplates.POLICY_EVENTS + " (delete after "
                        + ret.events() + "), " + ElasticsearchTemplates.POLICY_FINDINGS_ASSETS + " (delete after "
                        + ret.findingsAndAssets() + ")");
            } else {
                out.println("  ILM policies:        none: this cluster has no ILM, data is kept until deleted");
            }
            out.println("  component templates: " + String.join(", ", ElasticsearchTemplates.COMPONENT_TEMPLATES)
                    + (r.ilm() ? ", " + String.join(", ", ElasticsearchTemplates.LIFECYCLE_COMPONENT_TEMPLATES) : ""));
            out.println("  index templates:     " + String.join(", ", ElasticsearchTemplates.INDEX_TEMPLATES));
        } catch (IOException | RuntimeException e) {
            err.println("vigil setup: cannot install into Elasticsearch at " + es + ": " + e.getMessage());
            return 1;
        }
        out.flush();

        if (importer == null) {
            return 0;
        }
        try {
            KibanaImporter.Result r = importer.importObjects(ndjson);
            out.println("Kibana " + importer.endpoint() + ":");
            out.println("  imported " + r.successCount() + " of " + KibanaSavedObjects.parse(ndjson).size()
                    + " saved objects" + (namespace != null ? " (data views for namespace " + namespace + ")" : ""));
            if (!r.success()) {
                err.println("vigil setup: Kibana did not import everything: " + r.errorSummary());
                return 1;
            }
            out.println("  dashboards: vigil Assets, vigil Findings, vigil SIP calls and RTP quality, vigil Port policy");
            return 0;
        } catch (IOException e) {
            err.println("vigil setup: cannot import into Kibana at " + kibana + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("vigil setup: interrupted");
            return 1;
        }
    }

    /**
     * The {@code Authorization} header for Kibana from the environment, or {@code null} for
     * none: an API key file, else a user name with a password file; the Kibana variables first,
     * then the Elasticsearch ones.
     *
     * @throws IllegalArgumentException if a named file is missing or empty
     */
    static String kibanaAuthorization(Function<String, String> env) {
        for (String prefix : new String[] {"VIGIL_KIBANA_", "VIGIL_ES_"}) {
            String keyFile = value(env, prefix + "API_KEY_FILE");
            if (keyFile != null) {
                return "ApiKey " + secret(Path.of(keyFile));
            }
            String user = value(env, prefix + "USERNAME");
            if (user != null) {
                String pwFile = value(env, prefix + "PASSWORD_FILE");
                String password = pwFile == null ? "" : secret(Path.of(pwFile));
                return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            }
        }
        return null;
    }

    /** Kibana's CA certificate: {@code VIGIL_KIBANA_CA_CERT}, else {@code VIGIL_ES_CA_CERT}, else none. */
    static Path kibanaCaCertificate(Function<String, String> env) {
        String ca = value(env, "VIGIL_KIBANA_CA_CERT");
        if (ca == null) {
            ca = value(env, "VIGIL_ES_CA_CERT");
        }
        if (ca == null) {
            return null;
        }
        Path p = Path.of(ca);
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException("CA certificate not readable: " + p);
        }
        return p;
    }

    private static String value(Function<String, String> env, String name) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** The first line of a secret file. */
    private static String secret(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            if (s.isEmpty()) {
                throw new IllegalArgumentException("secret file is empty: " + file);
            }
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read secret file " + file + ": " + e.getMessage(), e);
        }
    }
}
