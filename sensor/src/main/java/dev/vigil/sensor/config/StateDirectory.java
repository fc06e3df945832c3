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
    /** Set by the daemon from its configuration ({@code state_dir}); wins over the environment. */
    private static volatile Path configured;

    private StateDirectory() {
    }

    /** Uses {@code dir} from now on (the daemon's {@code state_dir}). */
    public static void configure(Path dir) {
        configured = dir;
    }

    /** The state directory (not created here). */
    public static Path resolve() {
        Path c = configured;
        if (c != null) {
            return c;
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "vigil");
    }
}
