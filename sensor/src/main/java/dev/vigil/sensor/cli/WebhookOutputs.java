package dev.vigil.sensor.cli;

import dev.vigil.sensor.output.OutputAgent;
import dev.vigil.sensor.output.webhook.WebhookAgent;
import dev.vigil.sensor.output.webhook.WebhookConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds one {@link WebhookAgent} per {@code --webhook} URL. Each endpoint gets its own spool
 * directory, named after a digest of its URL, so a restart finds each endpoint's queue again
 * and two endpoints never share one.
 */
final class WebhookOutputs {
    /** Environment variable holding the shared secret when no secret file is given. */
    static final String SECRET_ENV = "VIGIL_WEBHOOK_SECRET";
    /** Environment variable naming vigil's state directory (spools). */
    static final String STATE_ENV = "VIGIL_STATE_DIR";

    private WebhookOutputs() {
    }

    static List<OutputAgent> create(WebhookOptions o) {
        return create(o, System::getenv);
    }

    static List<OutputAgent> create(WebhookOptions o, Function<String, String> env) {
        List<OutputAgent> agents = new ArrayList<>();
        if (o == null || o.urls == null || o.urls.isEmpty()) {
            if (o != null && o.secretFile != null) {
                throw new IllegalArgumentException("--webhook-secret-file needs --webhook URL");
            }
            return agents;
        }
        Path base = o.spoolDir != null ? o.spoolDir : defaultSpoolDir(env);
        Set<String> seen = new LinkedHashSet<>();
        for (String url : o.urls) {
            if (!seen.add(url)) {
                throw new IllegalArgumentException("--webhook " + url + " given twice");
            }
            String secretEnv = env.apply(SECRET_ENV) != null && !env.apply(SECRET_ENV).isBlank() ? SECRET_ENV : null;
            try {
                agents.add(agent(url, base.resolve(directoryName(url)), o.secretFile, secretEnv, o.minSeverity,
                        o.rules, o.format, env));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--webhook: " + e.getMessage());
            }
        }
        return agents;
    }

    /**
     * One webhook agent: the command line's {@code --webhook} and the daemon's {@code webhooks:} entries
     * both build theirs here.
     *
     * @param minSeverity null: every severity
     * @param rules       null or empty: every rule
     * @param format      null: {@code json}
     */
    static WebhookAgent agent(String url, Path spoolDir, Path secretFile, String secretEnv, Integer minSeverity,
                              java.util.Collection<String> rules, String format, Function<String, String> env) {
        WebhookConfig.Builder b = WebhookConfig.builder(url).spoolDirectory(spoolDir).environment(env);
        if (secretFile != null) {
            b.secretFile(secretFile);
        } else if (secretEnv != null) {
            b.secretEnv(secretEnv);
        }
        if (minSeverity != null) {
            b.minSeverity(minSeverity);
        }
        if (rules != null && !rules.isEmpty()) {
            b.ruleIds(Set.copyOf(rules));
        }
        b.format(WebhookConfig.Format.parse(format == null ? "json" : format));
        return new WebhookAgent(b.build());
    }

    static Path defaultSpoolDir(Function<String, String> env) {
        String state = env.apply(STATE_ENV);
        if (state != null && !state.isBlank()) {
            return Path.of(state, "webhook");
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "vigil", "webhook");
    }

    /** {@code <host>-<port>-<12 hex digits of the URL's SHA-256>}: readable, yet one per URL. */
    static String directoryName(String url) {
        URI u = URI.create(url);
        String host = u.getHost().replaceAll("[^A-Za-z0-9.-]", "_");
        int port = u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return host + "-" + port + "-" + HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static String describe(OutputAgent o) {
        if (o instanceof WebhookAgent w) {
            return String.format(" (%s: sent %,d, retried %,d, dead-lettered %,d, spool full %,d, filtered %,d, "
                    + "still queued %,d)", w.config().url().getHost(), w.sent(), w.retried(), w.deadLettered(),
                    w.overflow(), w.filtered(), w.queueDepth());
        }
        return "";
    }
}
