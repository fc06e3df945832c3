package dev.vigil.sensor.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Webhook options (a picocli mixin). The shared secret comes from a file or the environment
 * variable {@value WebhookOutputs#SECRET_ENV}, never from the command line where {@code ps}
 * would show it.
 */
final class WebhookOptions {
    @Option(names = "--webhook", paramLabel = "URL",
            description = "Send findings to this http(s) endpoint as signed JSON POSTs (repeatable). Alerts are "
                    + "queued on disk first, so they survive an outage of the receiver and a restart.")
    List<String> urls;

    @Option(names = "--webhook-secret-file", paramLabel = "FILE",
            description = "Shared secret for the X-Vigil-Signature-256 HMAC (first line of FILE); otherwise "
                    + "$" + WebhookOutputs.SECRET_ENV + "; requests are unsigned without either.")
    Path secretFile;

    @Option(names = "--webhook-min-severity", paramLabel = "N",
            description = "Send only findings whose event.severity is at least N.")
    Integer minSeverity;

    @Option(names = "--webhook-rules", paramLabel = "IDS", split = ",",
            description = "Send only findings of these rule ids (comma list, e.g. asset.unknown,sip.cleartext).")
    List<String> rules;

    @Option(names = "--webhook-format", paramLabel = "json|slack", defaultValue = "json",
            description = "Body: json (finding, asset, evidence, sensor) or slack ({\"text\": ...}) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--webhook-spool-dir", paramLabel = "DIR",
            description = "Where queued alerts and dead letters are kept, one subdirectory per endpoint "
                    + "(default: $" + WebhookOutputs.STATE_ENV + "/webhook, else ~/.local/state/vigil/webhook).")
    Path spoolDir;
}
