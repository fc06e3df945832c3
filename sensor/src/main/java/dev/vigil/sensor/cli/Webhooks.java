package dev.vigil.sensor.cli;

import dev.vigil.sensor.config.WebhookSettings;
import dev.vigil.sensor.output.OutputAgent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the alert webhook outputs of the daemon's configuration: one {@link WebhookAgent} per
 * {@code webhooks:} entry, each with its own disk-backed queue under the state directory (named
 * after the URL, so a restart finds its queue again). The URL itself may be a secret (a Slack
 * URL is), so it can come from a file or the environment.
 */
final class Webhooks {
    private Webhooks() {
    }

    /**
     * @param hooks    the configuration's {@code webhooks:} entries, in order
     * @param stateDir where a webhook's disk-backed queue lives
     * @throws IllegalArgumentException naming the entry's {@code file:line} when one cannot be built
     */
    static List<OutputAgent> create(List<WebhookSettings> hooks, Path stateDir) {
        List<OutputAgent> agents = new ArrayList<>();
        for (WebhookSettings h : hooks) {
            try {
                String url = url(h);
                agents.add(WebhookOutputs.agent(url,
                        stateDir.resolve("webhook").resolve(WebhookOutputs.directoryName(url)), h.secretFile(),
                        h.secretEnv(), h.minSeverity(), h.rules(), h.format(), System::getenv));
            } catch (IllegalArgumentException | IOException e) {
                throw new IllegalArgumentException(h.location() + ": webhooks: " + e.getMessage(), e);
            }
        }
        return agents;
    }

    private static String url(WebhookSettings h) throws IOException {
        if (h.url() != null) {
            return h.url();
        }
        if (h.urlFile() != null) {
            return Files.readString(h.urlFile(), StandardCharsets.UTF_8).trim();
        }
        String v = h.urlEnv() == null ? null : System.getenv(h.urlEnv());
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("url_env " + h.urlEnv() + " is not set");
        }
        return v.trim();
    }
}
