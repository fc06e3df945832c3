package dev.vigil.sensor.output.elasticsearch;

import dev.vigil.sensor.output.spool.DiskSpoolConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Immutable settings of the Elasticsearch output and of {@link ElasticsearchClients}. Secrets
 * (password, API key) are read from a file or an environment variable, never passed on the
 * command line where {@code ps} shows them, and {@link #toString()} never prints them.
 *
 * <pre>{@code
 * ElasticsearchConfig config = ElasticsearchConfig.builder()
 *         .url("https://es.example:9200")
 *         .apiKeyFile(Path.of("/etc/vigil/es-api-key"))
 *         .caCertificate(Path.of("/etc/vigil/es-ca.crt"))
 *         .build();
 * }</pre>
 */
public final class ElasticsearchConfig {
    /** Data stream namespace rules of Elasticsearch: lower case, no hyphen, at most 100 characters. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9_]{1,100}");

    private final List<URI> urls;
    private final String namespace;
    private final int maxBatchRecords;
    private final int maxBatchBytes;
    private final Duration maxDelay;
    private final int maxQueuedBatches;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration maxRetryTime;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final String username;
    private final String password;
    private final String apiKey;
    private final Path caCertificate;
    private final boolean installTemplates;
    private final DiskSpoolConfig spool;
    private final boolean blockWhenSpoolFull;
    private final long maxDeadLetterBytes;

    private ElasticsearchConfig(Builder b) {
        this.urls = List.copyOf(b.urls.isEmpty() ? List.of(URI.create("http://127.0.0.1:9200")) : b.urls);
        this.namespace = b.namespace;
        this.maxBatchRecords = b.maxBatchRecords;
        this.maxBatchBytes = b.maxBatchBytes;
        this.maxDelay = b.maxDelay;
        this.maxQueuedBatches = b.maxQueuedBatches;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxRetryTime = b.maxRetryTime;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.username = b.username;
        this.password = b.password == null ? null : b.password.apply(b.env);
        this.apiKey = b.apiKey == null ? null : b.apiKey.apply(b.env);
        this.caCertificate = b.caCertificate;
        this.installTemplates = b.installTemplates;
        this.spool = b.spool;
        this.blockWhenSpoolFull = b.blockWhenSpoolFull;
        this.maxDeadLetterBytes = b.maxDeadLetterBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Elasticsearch HTTP endpoints; the client spreads requests over them and skips dead ones. */
    public List<URI> urls() {
        return urls;
    }

    /** Data stream namespace: records go to {@code logs-<event.dataset>-<namespace>}. */
    public String namespace() {
        return namespace;
    }

    /** A bulk request is sent once it holds this many records. */
    public int maxBatchRecords() {
        return maxBatchRecords;
    }

    /** A bulk request is sent once its documents reach this many bytes. */
    public int maxBatchBytes() {
        return maxBatchBytes;
    }

    /** Longest time a record waits in a partial batch when no end-of-batch signal comes. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** Full batches waiting for the sender before {@code onRecord} blocks (back-pressure to the record ring). */
    public int maxQueuedBatches() {
        return maxQueuedBatches;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Socket timeout of one request. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * How long a batch is retried (connection errors, 429, 5xx) before its remaining records
     * are counted as failed.
     */
    public Duration maxRetryTime() {
        return maxRetryTime;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** Password for basic authentication (only with a username). */
    Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** Encoded API key ({@code Authorization: ApiKey <key>}). */
    Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** PEM CA certificate that signs the server's certificate; the JVM trust store when absent. */
    public Optional<Path> caCertificate() {
        return Optional.ofNullable(caCertificate);
    }

    /** Whether {@code start()} installs the component and index templates. */
    public boolean installTemplates() {
        return installTemplates;
    }

    /**
     * The disk spool records go through before bulk indexing (they survive an Elasticsearch
     * outage and a restart of the sensor), and where mapping errors are dead-lettered; absent,
     * records wait in memory only.
     */
    public Optional<DiskSpoolConfig> spool() {
        return Optional.ofNullable(spool);
    }

    /**
     * With a spool at its cap: true (offline analysis) makes {@code onRecord} wait for room, up
     * to {@link #maxRetryTime()}, before it counts the record as {@code spool_full}; false (live
     * capture) counts it at once, so the packet path never waits.
     */
    public boolean blockWhenSpoolFull() {
        return blockWhenSpoolFull;
    }

    /** Size cap of the dead-letter file in the spool directory; beyond it dead letters are only counted. */
    public long maxDeadLetterBytes() {
        return maxDeadLetterBytes;
    }

    @Override
    public String toString() {
        return "ElasticsearchConfig{urls=" + urls + ", namespace=" + namespace
                + ", maxBatchRecords=" + maxBatchRecords + ", maxBatchBytes=" + maxBatchBytes
                + ", maxDelay=" + maxDelay + ", maxQueuedBatches=" + maxQueuedBatches
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxRetryTime=" + maxRetryTime + ", backoff=" + initialBackoff + ".." + maxBackoff
                + ", auth=" + (apiKey != null ? "api-key" : username != null ? "basic(" + username + ")" : "none")
                + ", caCertificate=" + caCertificate + ", installTemplates=" + installTemplates
                + ", spool=" + (spool == null ? "none" : spool.directory() + " (" + spool.maxBytes() + " bytes, fsync "
                + spool.fsync() + (blockWhenSpoolFull ? ", blocks when full" : ", drops when full") + ")") + '}';
    }

    /** Builder; {@link #build()} validates and reads the secret files and variables. */
    public static final class Builder {
        private final List<URI> urls = new ArrayList<>();
        private String namespace = "default";
        private int maxBatchRecords = 1000;
        private int maxBatchBytes = 5 * 1024 * 1024;
        private Duration maxDelay = Duration.ofSeconds(1);
        private int maxQueuedBatches = 2;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration maxRetryTime = Duration.ofMinutes(2);
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private String username;
        private Function<Function<String, String>, String> password;
        private Function<Function<String, String>, String> apiKey;
        private Path caCertificate;
        private boolean installTemplates = true;
        private DiskSpoolConfig spool;
        private boolean blockWhenSpoolFull = true;
        private long maxDeadLetterBytes = 64L << 20;
        private Function<String, String> env = System::getenv;

        private Builder() {
        }

        /** Adds an endpoint, e.g. {@code http://127.0.0.1:9200}; the default is that one. */
        public Builder url(String url) {
            URI uri = URI.create(Objects.requireNonNull(url, "url"));
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("Elasticsearch URL must be http(s)://host[:port]: " + url);
            }
            urls.add(uri);
            return this;
        }

        public Builder namespace(String namespace) {
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        public Builder maxBatchRecords(int n) {
            this.maxBatchRecords = n;
            return this;
        }

        public Builder maxBatchBytes(int bytes) {
            this.maxBatchBytes = bytes;
            return this;
        }

        public Builder maxDelay(Duration d) {
            this.maxDelay = Objects.requireNonNull(d);
            return this;
        }

        public Builder maxQueuedBatches(int n) {
            this.maxQueuedBatches = n;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = Objects.requireNonNull(d);
            return this;
        }

        public Builder requestTimeout(Duration d) {
            this.requestTimeout = Objects.requireNonNull(d);
            return this;
        }

        public Builder maxRetryTime(Duration d) {
            this.maxRetryTime = Objects.requireNonNull(d);
            return this;
        }

        /** First retry delay; doubles per attempt up to {@code max}, with random jitter. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = Objects.requireNonNull(initial);
            this.maxBackoff = Objects.requireNonNull(max);
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** Password for basic authentication: the first line of this file. */
        public Builder passwordFile(Path file) {
            this.password = env -> readSecret(file);
            return this;
        }

        /** Password for basic authentication: the value of this environment variable. */
        public Builder passwordEnv(String variable) {
            this.password = env -> readEnv(env, variable);
            return this;
        }

        /** Encoded API key: the first line of this file. */
        public Builder apiKeyFile(Path file) {
            this.apiKey = env -> readSecret(file);
            return this;
        }

        /** Encoded API key: the value of this environment variable. */
        public Builder apiKeyEnv(String variable) {
            this.apiKey = env -> readEnv(env, variable);
            return this;
        }

        public Builder caCertificate(Path pem) {
            this.caCertificate = pem;
            return this;
        }

        /** Spool records on disk before indexing (see {@link ElasticsearchConfig#spool()}); null for none. */
        public Builder spool(DiskSpoolConfig spool) {
            this.spool = spool;
            return this;
        }

        /** See {@link ElasticsearchConfig#blockWhenSpoolFull()}; default true. */
        public Builder blockWhenSpoolFull(boolean block) {
            this.blockWhenSpoolFull = block;
            return this;
        }

        public Builder maxDeadLetterBytes(long bytes) {
            this.maxDeadLetterBytes = bytes;
            return this;
        }

        public Builder installTemplates(boolean install) {
            this.installTemplates = install;
            return this;
        }

        /** Environment lookup for {@link #passwordEnv} and {@link #apiKeyEnv} (tests). */
        Builder environment(Function<String, String> env) {
            this.env = Objects.requireNonNull(env);
            return this;
        }

        public ElasticsearchConfig build() {
            if (!NAMESPACE.matcher(namespace).matches()) {
                throw new IllegalArgumentException(
                        "namespace must be 1-100 characters of a-z, 0-9 and _: '" + namespace + "'");
            }
            positive("maxBatchRecords", maxBatchRecords);
            positive("maxBatchBytes", maxBatchBytes);
            positive("maxQueuedBatches", maxQueuedBatches);
            positive("maxDelay", maxDelay.toMillis());
            positive("connectTimeout", connectTimeout.toMillis());
            positive("requestTimeout", requestTimeout.toMillis());
            positive("initialBackoff", initialBackoff.toMillis());
            if (maxRetryTime.isNegative()) {
                throw new IllegalArgumentException("maxRetryTime must not be negative");
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff must be at least initialBackoff");
            }
            if (password != null && username == null) {
                throw new IllegalArgumentException("a password needs a username");
            }
            if (apiKey != null && username != null) {
                throw new IllegalArgumentException("use either an API key or a username and password, not both");
            }
            if (caCertificate != null && !Files.isReadable(caCertificate)) {
                throw new IllegalArgumentException("CA certificate not readable: " + caCertificate);
            }
            return new ElasticsearchConfig(this);
        }

        private static void positive(String name, long value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
        }

        private static String readSecret(Path file) {
            try {
                String s = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
                if (s.isEmpty()) {
                    throw new IllegalArgumentException("secret file is empty: " + file);
                }
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read secret file " + file, e);
            }
        }

        private static String readEnv(Function<String, String> env, String variable) {
            String s = env.apply(variable);
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("environment variable " + variable + " is not set");
            }
            return s.strip();
        }
    }
}
