package dev.vigil.sensor.config;

import java.nio.file.Path;
import java.util.List;

/**
 * One alert webhook as written in the daemon's configuration ({@code webhooks:} list). Only
 * what the configuration file says, checked for shape; the webhook output builds its agent
 * from it and reports its own errors with {@link #location()}. The signing secret is named by
 * a file or an environment variable, never written in the configuration.
 *
 * @param name         short name for logs and metrics ({@code webhook-1} when not given)
 * @param url          http or https endpoint, or null when {@code urlFile} or {@code urlEnv} names it
 *                     (a Slack incoming-webhook URL is itself a secret)
 * @param urlFile      file holding the URL (first line), or null
 * @param urlEnv       environment variable holding the URL, or null
 * @param secretFile   file holding the HMAC secret (first line), or null
 * @param secretEnv    environment variable holding the HMAC secret, or null
 * @param minSeverity  findings below this {@code event.severity} are not sent (0: all)
 * @param rules        {@code rule.id}s to send (a trailing {@code *} matches a prefix); empty: all
 * @param format       {@code json} (vigil's payload) or {@code slack} (Slack-compatible body)
 * @param location     {@code file:line:column} of this entry, for error messages
 */
public record WebhookSettings(String name, String url, Path urlFile, String urlEnv, Path secretFile,
                              String secretEnv, int minSeverity, List<String> rules, String format,
                              String location) {
    public WebhookSettings {
        rules = List.copyOf(rules);
    }
}
