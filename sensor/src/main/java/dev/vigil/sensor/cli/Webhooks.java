package dev.vigil.sensor.cli;

import dev.vigil.sensor.config.WebhookSettings;
import dev.vigil.sensor.output.OutputAgent;

import java.nio.file.Path;
import java.util.List;

/**
 * Builds the alert webhook outputs of the daemon's configuration. The webhook output lands
 * separately; until it is connected here, a configuration with webhooks is refused rather
 * than run without them (the sensor never runs half-configured).
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
        if (!hooks.isEmpty()) {
            throw new IllegalArgumentException(hooks.get(0).location() + ": webhooks: this build has no webhook "
                    + "output yet; remove the webhooks section to run");
        }
        return List.of();
    }
}
