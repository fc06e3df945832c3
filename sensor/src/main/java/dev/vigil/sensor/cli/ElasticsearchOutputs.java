package dev.vigil.sensor.cli;

import dev.vigil.sensor.output.OutputAgent;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchConfig;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchOutput;
import dev.vigil.sensor.output.spool.DiskSpool;
import dev.vigil.sensor.output.spool.DiskSpoolConfig;

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

    /**
     * With {@code spoolDir} non-null, the output goes through a {@link DiskSpool} there capped at
     * {@code spoolMaxBytes}: offline a full spool makes {@code onRecord} wait for room (the
     * reading slows down, nothing is dropped), live it drops and counts {@code spool_full}.
     */
    static OutputAgent create(String url, String namespace, Path spoolDir, long spoolMaxBytes, boolean live) {
        if (spoolDir == null) {
            return create(url, namespace);
        }
        ElasticsearchConfig.Builder b = ElasticsearchConfig.builder().namespace(namespace)
                .spool(DiskSpoolConfig.of(spoolDir, spoolMaxBytes)).blockWhenSpoolFull(!live);
        for (String u : url.split(",")) {
            b.url(u.trim());
        }
        credentials(b);
        return new ElasticsearchOutput(b.build());
    }

    /** The configuration for {@code url} (comma-separated for several nodes) with credentials from the environment. */
    static ElasticsearchConfig config(String url, String namespace) {
        ElasticsearchConfig.Builder b = ElasticsearchConfig.builder().namespace(namespace);
        for (String u : url.split(",")) {
            b.url(u.trim());
        }
        credentials(b);
        return b.build();
    }

    /** Credentials and CA from the environment (see the class comment). */
    private static void credentials(ElasticsearchConfig.Builder b) {
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
    }

    static String describe(OutputAgent o) {
        if (o instanceof ElasticsearchOutput es) {
            DiskSpool spool = es.spool();
            return String.format(" (already present %,d, retries %,d, bulk requests %,d%s)", es.duplicates(),
                    es.retries(), es.bulkRequests(), spool == null ? ""
                            : String.format(", left in spool %,d, spool full %,d", es.spooledRecords(),
                                    es.failedByReason().getOrDefault("spool_full", 0L)));
        }
        return "";
    }
}
