package dev.vigil.sensor.config;

import java.nio.file.Path;

/**
 * Where the sensor keeps what must survive a restart (the installation salt, the asset
 * inventory): {@code $VIGIL_STATE_DIR}, else {@code ~/.local/state/vigil} (the XDG state
 * directory's convention). A systemd unit sets {@code VIGIL_STATE_DIR=/var/lib/vigil}
 * ({@code StateDirectory=vigil}).
 */
public final class StateDirectory {
    public static final String ENV = "VIGIL_STATE_DIR";

    private StateDirectory() {
    }

    /** The state directory (not created here). */
    public static Path resolve() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "vigil");
    }
}
