package dev.vigil.sensor.config;

import java.nio.file.Path;

/**
 * Something the daemon reloads on SIGHUP without a restart: the finding engine (site policy)
 * and the asset inventory (authorized devices). Implemented by the detect stage's analyzers;
 * the daemon finds them among the analyzers it runs.
 *
 * <p>Two phases, so a bad file changes nothing anywhere: the daemon first calls
 * {@link #prepareReload} on every reloadable analyzer (read, parse, validate; throw with a
 * reason naming {@code file:line} on any problem, leave the running state alone); only when all
 * succeeded does it call {@link Commit#apply()} on each. Flows and per-flow state live in the
 * workers and are never touched, so a reload loses nothing in flight.
 *
 * <p>Threading: both calls run on the daemon's reload thread, not on the detect stage's
 * thread. {@code apply()} must publish the prepared state with one volatile write (or an
 * {@code AtomicReference.set}) that the detect stage picks up at its next document; it must not
 * fail and must not block.
 */
public interface Reloadable {
    /**
     * Reads and validates new settings without applying them.
     *
     * @param policy    the site policy file, or null for the built-in default policy
     * @param inventory the authorized inventory CSV, or null for none
     * @return what installs the new settings
     * @throws Exception with a message an operator can act on (file:line and why); the
     *                   running settings stay in force
     */
    Commit prepareReload(Path policy, Path inventory) throws Exception;

    /** Installs settings that {@link #prepareReload} checked. */
    @FunctionalInterface
    interface Commit {
        void apply();
    }
}
