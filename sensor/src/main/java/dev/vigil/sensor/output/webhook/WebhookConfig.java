package dev.vigil.sensor.output.webhook;

import dev.vigil.sensor.output.spool.DiskSpoolConfig;
import dev.vigil.sensor.output.spool.FsyncPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Immutable settings of one webhook endpoint ({@link WebhookAgent}). The shared secret comes
 * from a file or an environment variable, never from the command line where {@code ps} shows
 * it, and {@link #toString()} never prints it.
 *
 * <pre>{@code
 * WebhookConfig config = WebhookConfig.builder("https://soc.example/hooks/vigil")
 *         .secretFile(Path.of("/etc/vigil/webhook-secret"))
 *         .minSeverity(3)
 *         .spoolDirectory(Path.of("/var/lib/vigil/spool/webhook-soc"))
 *         .build();
 * }</pre>
 */
public final class WebhookConfig {
    /** Largest secret accepted from a file (a secret is a line, not a document). */
    public static final int MAX_SECRET_BYTES = 4096;
    /** Default cap of the endpoint's disk spool: findings are a few KiB, this holds tens of thousands. */
    public static final long DEFAULT_SPOOL_BYTES = 64L << 20;

    /** Body of the POST. */
    public enum Format {
        /** {@code {"id", "finding", "asset", "evidence", "sensor"}} (see {@link WebhookPayloads}). */
        JSON,
        /** A Slack-compatible incoming-webhook body: {@code {"text": "..."}}. */
        SLACK;

        /** {@code json} or {@code slack}. */
        public static Format parse(String s) {
            try {
                return valueOf(Objects.requireNonNull(s, "format").trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("webhook format must be json or slack: '" + s + "'");
            }
        }
    }

    private final URI url;
    private final String secret;
    private final int minSeverity;
    private final Set<String> ruleIds;
    private final Format format;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    private final Duration maxRetryTime;
    private final Duration drainTimeout;
    private final Path caCertificate;
    private final DiskSpoolConfig spool;
    private final long maxDeadLetterBytes;

    private WebhookConfig(Builder b, String secret) {
        this.url = b.url;
        this.secret = secret;
        this.minSeverity = b.minSeverity;
        this.ruleIds = Set.copyOf(b.ruleIds);
        this.format = b.format;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxRetryAfter = b.maxRetryAfter;
        this.maxRetryTime = b.maxRetryTime;
        this.drainTimeout = b.drainTimeout;
        this.caCertificate = b.caCertificate;
        this.spool = DiskSpoolConfig.of(b.spoolDirectory, b.spoolMaxBytes).withFsync(b.fsync);
        this.maxDeadLetterBytes = b.maxDeadLetterBytes;
    }

    /** A builder for the endpoint {@code url} ({@code http} or {@code https}). */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    public URI url() {
        return url;
    }

    /** Shared secret of the HMAC signature; absent means requests are not signed. */
    Optional<String> secret() {
        return Optional.ofNullable(secret);
    }

    /** Whether requests carry {@code X-Vigil-Signature-256}. */
    public boolean signed() {
        return secret != null;
    }

    /** Findings with a lower {@code event.severity} are not sent (higher is more severe). */
    public int minSeverity() {
        return minSeverity;
    }

    /** Only findings with one of these {@code rule.id}s are sent; empty means every rule. */
    public Set<String> ruleIds() {
        return ruleIds;
    }

    public Format format() {
        return format;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Longest silence while waiting for the response. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Retry delays: a random time up to initial * 2^(attempt - 1), capped at max ("full jitter"). */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** A receiver's {@code Retry-After} is honoured up to this long. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** A finding that still fails after this long is dead-lettered ({@code retry_exhausted}). */
    public Duration maxRetryTime() {
        return maxRetryTime;
    }

    /**
     * How long {@code close()} keeps delivering what is queued before it stops; what is left
     * stays in the spool and goes out at the next start.
     */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** PEM CA certificate(s) trusted for this endpoint instead of the JVM's trust store. */
    public Optional<Path> caCertificate() {
        return Optional.ofNullable(caCertificate);
    }

    /** The endpoint's disk spool: directory, cap, fsync policy. */
    public DiskSpoolConfig spool() {
        return spool;
    }

    /** Size cap of the dead-letter file; beyond it dead letters are only counted and logged. */
    public long maxDeadLetterBytes() {
        return maxDeadLetterBytes;
    }

    @Override
    public String toString() {
        return "WebhookConfig{url=" + redacted(url) + ", signed=" + signed() + ", minSeverity=" + minSeverity
                + ", ruleIds=" + ruleIds + ", format=" + format + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", backoff=" + initialBackoff + ".." + maxBackoff
                + ", maxRetryTime=" + maxRetryTime + ", caCertificate=" + caCertificate + ", spool="
                + spool.directory() + " (" + spool.maxBytes() + " bytes, fsync " + spool.fsync() + ")}";
    }

    /**
     * The URL without user information and query (Slack-style URLs carry their secret in the
     * path: only the scheme, host and port are shown).
     */
    static String redacted(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort()) + "/...";
    }

    /** Builder; {@link #build()} validates and reads the secret. */
    public static final class Builder {
        private final URI url;
        private Function<Function<String, String>, String> secret;
        private int minSeverity = Integer.MIN_VALUE;
        private Set<String> ruleIds = Set.of();
        private Format format = Format.JSON;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(10);
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofMinutes(5);
        private Duration maxRetryAfter = Duration.ofMinutes(10);
        private Duration maxRetryTime = Duration.ofHours(24);
        private Duration drainTimeout = Duration.ofSeconds(10);
        private Path caCertificate;
        private Path spoolDirectory;
        private long spoolMaxBytes = DEFAULT_SPOOL_BYTES;
        private FsyncPolicy fsync = FsyncPolicy.every(Duration.ofMillis(200));
        private long maxDeadLetterBytes = 64L << 20;
        private Function<String, String> env = System::getenv;

        private Builder(String url) {
            URI uri;
            try {
                uri = URI.create(Objects.requireNonNull(url, "url"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("webhook URL is not a URL: " + e.getMessage());
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("webhook URL must be http(s)://host[:port]/path: " + url);
            }
            if (uri.getUserInfo() != null) {
                throw new IllegalArgumentException("webhook URL must not carry credentials (user:password@): use a secret file");
            }
            this.url = uri;
        }

        /** Shared secret: the first line of this file. */
        public Builder secretFile(Path file) {
            Objects.requireNonNull(file, "file");
            this.secret = env -> readSecret(file);
            return this;
        }

        /** Shared secret: the value of this environment variable. */
        public Builder secretEnv(String variable) {
            Objects.requireNonNull(variable, "variable");
            this.secret = env -> {
                String v = env.apply(variable);
                if (v == null || v.isBlank()) {
                    throw new IllegalArgumentException("environment variable " + variable + " (webhook secret) is not set");
                }
                return v.trim();
            };
            return this;
        }

        public Builder minSeverity(int severity) {
            this.minSeverity = severity;
            return this;
        }

        public Builder ruleIds(Set<String> ids) {
            this.ruleIds = Objects.requireNonNull(ids, "ids");
            return this;
        }

        public Builder format(Format format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = Objects.requireNonNull(d);
            return this;
        }

        public Builder readTimeout(Duration d) {
            this.readTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** First retry delay bound and the cap of the exponential growth. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = Objects.requireNonNull(initial);
            this.maxBackoff = Objects.requireNonNull(max);
            return this;
        }

        public Builder maxRetryAfter(Duration d) {
            this.maxRetryAfter = Objects.requireNonNull(d);
            return this;
        }

        public Builder maxRetryTime(Duration d) {
            this.maxRetryTime = Objects.requireNonNull(d);
            return this;
        }

        public Builder drainTimeout(Duration d) {
            this.drainTimeout = Objects.requireNonNull(d);
            return this;
        }

        public Builder caCertificate(Path pem) {
            this.caCertificate = pem;
            return this;
        }

        /** Directory of the endpoint's disk spool and dead-letter file (required). */
        public Builder spoolDirectory(Path dir) {
            this.spoolDirectory = dir;
            return this;
        }

        public Builder spoolMaxBytes(long bytes) {
            this.spoolMaxBytes = bytes;
            return this;
        }

        /**
         * Default every 200 ms: a crash of the process loses nothing either way; a power cut may
         * take the last 200 ms of findings. {@code always} costs one device flush per finding.
         */
        public Builder fsync(FsyncPolicy policy) {
            this.fsync = Objects.requireNonNull(policy);
            return this;
        }

        public Builder maxDeadLetterBytes(long bytes) {
            this.maxDeadLetterBytes = bytes;
            return this;
        }

        /** Environment lookup for {@link #secretEnv}; {@code System::getenv} by default. */
        public Builder environment(Function<String, String> env) {
            this.env = Objects.requireNonNull(env);
            return this;
        }

        public WebhookConfig build() {
            if (spoolDirectory == null) {
                throw new IllegalArgumentException("webhook " + redacted(url) + ": a spool directory is required");
            }
            positive("connectTimeout", connectTimeout);
            positive("readTimeout", readTimeout);
            positive("initialBackoff", initialBackoff);
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("webhook maxBackoff must be at least initialBackoff");
            }
            if (maxRetryAfter.isNegative() || maxRetryTime.isNegative() || drainTimeout.isNegative()) {
                throw new IllegalArgumentException("webhook durations must not be negative");
            }
            if (maxDeadLetterBytes < 0) {
                throw new IllegalArgumentException("webhook maxDeadLetterBytes must not be negative");
            }
            if (caCertificate != null && !Files.isReadable(caCertificate)) {
                throw new IllegalArgumentException("webhook CA certificate not readable: " + caCertificate);
            }
            if (caCertificate != null && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("webhook CA certificate given for a plain http URL: " + redacted(url));
            }
            return new WebhookConfig(this, secret == null ? null : secret.apply(env));
        }

        private static void positive(String name, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("webhook " + name + " must be positive: " + d);
            }
        }

        private static String readSecret(Path file) {
            try {
                if (Files.size(file) > MAX_SECRET_BYTES) {
                    throw new IllegalArgumentException("webhook secret file " + file + " is larger than "
                            + MAX_SECRET_BYTES + " bytes");
                }
                String text = Files.readString(file, StandardCharsets.UTF_8);
                String line = text.lines().findFirst().orElse("").trim();
                if (line.isEmpty()) {
                    throw new IllegalArgumentException("webhook secret file " + file + " is empty");
                }
                return line;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read webhook secret file " + file, e);
            }
        }
    }
}
