package dev.vigil.sensor.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The per-installation secret that keys the hashes of secrets seen on the wire (SNMP
 * communities, ...): the same community hashes alike on one sensor, so an analyst can see
 * "the same community everywhere", but a hash cannot be compared with another site's or
 * reversed with a dictionary prepared elsewhere. 32 random bytes, created on first use with
 * mode 0600 in the daemon's state directory, else {@code $VIGIL_STATE_DIR} (default
 * {@code ~/.local/state/vigil}).
 */
public final class InstallationSalt {
    private static volatile byte[] salt;

    private InstallationSalt() {
    }

    public static byte[] get() {
        byte[] s = salt;
        if (s == null) {
            synchronized (InstallationSalt.class) {
                s = salt;
                if (s == null) {
                    s = load(stateDir().resolve("secret-salt"));
                    salt = s;
                }
            }
        }
        return s.clone();
    }

    /**
     * Keeps the salt in this directory from now on (the daemon's {@code state_dir}, which the
     * sensor's user can write after a privilege drop, unlike root's home).
     */
    public static void useStateDir(Path dir) {
        synchronized (InstallationSalt.class) {
            StateDirectory.configure(dir);
            salt = null;
        }
    }

    static Path stateDir() {
        return StateDirectory.resolve();
    }

    static byte[] load(Path file) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) == 32) {
                return Files.readAllBytes(file);
            }
            Files.createDirectories(file.getParent());
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            Path tmp = Files.createTempFile(file.getParent(), "salt", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's permissions protect it
            }
            Files.write(tmp, fresh);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the installation salt " + file
                    + " (set VIGIL_STATE_DIR to a writable directory)", e);
        }
    }
}
