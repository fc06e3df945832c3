package dev.vigil.sensor.config;

import dev.vigil.sensor.output.elasticsearch.ElasticsearchConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The daemon's configuration ({@code vigil run --config FILE}), as read and checked by
 * {@link SensorConfigLoader}. Immutable; records compare by value, so a reload can tell which
 * sections changed. Secrets are never held here, only where to find them (a file or an
 * environment variable).
 *
 * @param file       the file it came from
 * @param policy     site policy YAML, or null for the default policy of the hardening guide
 * @param inventory  authorized inventory CSV, or null
 * @param stateDir   where the sensor keeps state across restarts (inventory, salt, spool default)
 * @param user       account to switch to after opening the capture when started as root, or null
 * @param locations  where each key was written ({@code capture.interface} to {@code file:line:column}),
 *                   for errors found after loading
 */
public record SensorConfig(Path file, Capture capture, Pipeline pipeline, Outputs outputs, Path policy,
                           Path inventory, Path stateDir, Spool spool, List<WebhookSettings> webhooks, Http http,
                           String user, Log log, Map<String, String> locations) {

    /** The same with other policy and inventory files (the command line's {@code --policy}/{@code --inventory}). */
    public SensorConfig withPolicy(Path newPolicy, Path newInventory) {
        return new SensorConfig(file, capture, pipeline, outputs, newPolicy, newInventory, stateDir, spool, webhooks,
                http, user, log, locations);
    }

    /** Default HTTP endpoint port (Prometheus' default-port allocation page lists 9469 as free). */
    public static final int DEFAULT_HTTP_PORT = 9469;

    public SensorConfig {
        webhooks = List.copyOf(webhooks);
        locations = Map.copyOf(locations);
    }

    /** Data stream namespace written into every event (from the Elasticsearch output, else {@code default}). */
    public String namespace() {
        return outputs.elasticsearch() == null ? "default" : outputs.elasticsearch().namespace();
    }

    /** {@code file:line:column} of a key's value, or the file name when it was not written. */
    public String location(String key) {
        return locations.getOrDefault(key, file.toString());
    }

    /**
     * Live capture settings (libpcap).
     *
     * @param bufferBytes kernel capture buffer
     * @param filter      BPF expression, or null
     */
    public record Capture(String iface, int snaplen, int bufferBytes, String filter, boolean immediate,
                          boolean promiscuous) {
    }

    /** Pipeline sizes: workers, ring slots (powers of two), flows tracked per worker, decoders to run. */
    public record Pipeline(int workers, int packetRing, int recordRing, int maxFlows, List<String> decoders) {
        public Pipeline {
            decoders = List.copyOf(decoders);
        }
    }

    /** Event outputs; each may be null (at least one output or webhook is configured). */
    public record Outputs(Ndjson ndjson, Elasticsearch elasticsearch) {
    }

    /** NDJSON appended to a file ({@code -}: standard output). */
    public record Ndjson(String path) {
    }

    /**
     * Elasticsearch output. Credentials are names of files or environment variables, read when
     * the output is built ({@link #toBuilder()}), never literal values.
     */
    public record Elasticsearch(List<String> urls, String namespace, Path caFile, String username,
                                Path passwordFile, String passwordEnv, Path apiKeyFile, String apiKeyEnv,
                                boolean installTemplates) {
        public Elasticsearch {
            urls = List.copyOf(urls);
        }

        /** The output's settings; {@code build()} reads the secret file or variable. */
        public ElasticsearchConfig.Builder toBuilder() {
            ElasticsearchConfig.Builder b = ElasticsearchConfig.builder().namespace(namespace)
                    .installTemplates(installTemplates);
            urls.forEach(b::url);
            if (username != null) {
                b.username(username);
            }
            if (passwordFile != null) {
                b.passwordFile(passwordFile);
            }
            if (passwordEnv != null) {
                b.passwordEnv(passwordEnv);
            }
            if (apiKeyFile != null) {
                b.apiKeyFile(apiKeyFile);
            }
            if (apiKeyEnv != null) {
                b.apiKeyEnv(apiKeyEnv);
            }
            if (caFile != null) {
                b.caCertificate(caFile);
            }
            return b;
        }
    }

    /**
     * The disk spool in front of Elasticsearch.
     *
     * @param fsync {@code always} (every batch), {@code batch} (timer) or {@code never} (the OS decides)
     */
    public record Spool(Path dir, long maxBytes, String fsync) {
    }

    /** The local HTTP endpoint ({@code /metrics}, {@code /health}, {@code /assets}); port 0 picks a free one. */
    public record Http(boolean enabled, String host, int port) {
        public String listen() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** Log format ({@code text} or {@code json}: ECS JSON lines) and level. */
    public record Log(String format, String level) {
    }
}
