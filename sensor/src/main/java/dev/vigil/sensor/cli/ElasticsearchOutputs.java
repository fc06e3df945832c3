package dev.vigil.sensor.cli;

import dev.vigil.sensor.output.OutputAgent;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchConfig;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchOutput;

import java.nio.file.Path;

/**
 * Builds the Elasticsearch output from command-line options and the environment. Credentials
 * never come from the command line (they would show in {@code ps}): {@code VIGIL_ES_USERNAME}
 * with {@code VIGIL_ES_PASSWORD_FILE}, or {@code VIGIL_ES_API_KEY_FILE}; {@code VIGIL_ES_CA_CERT}
 * names a PEM file to verify the server's certificate.
 */
final class ElasticsearchOutputs {
    private ElasticsearchOutputs() {
    }

    static OutputAgent create(String url, String namespace) {
        return new ElasticsearchOutput(config(url, namespace));
    }

    /** The configuration of {@code url} (comma-separated endpoints) with credentials from the environment. */
    static ElasticsearchConfig config(String url, String namespace) {
        ElasticsearchConfig.Builder b = ElasticsearchConfig.builder().namespace(namespace);
        for (String u : url.split(",")) {
            b.url(u.trim());
        }
        String user = System.getenv("VIGIL_ES_USERNAME");
        if (user != null && !user.isBlank()) {
            b.username(user);
            String pw = System.getenv("VIGIL_ES_PASSWORD_FILE");
            if (pw != null) {
                b.passwordFile(Path.of(pw));
            }
        }
        String key = System.getenv("VIGIL_ES_API_KEY_FILE");
        if (key != null && !key.isBlank()) {
            b.apiKeyFile(Path.of(key));
        }
        String ca = System.getenv("VIGIL_ES_CA_CERT");
        if (ca != null && !ca.isBlank()) {
            b.caCertificate(Path.of(ca));
        }
        return b.build();
    }

    static String describe(OutputAgent o) {
        if (o instanceof ElasticsearchOutput es) {
            return String.format(" (already present %,d, retries %,d, bulk requests %,d)", es.duplicates(),
                    es.retries(), es.bulkRequests());
        }
        return "";
    }
}
