package dev.vigil.sensor.cli;

import dev.vigil.sensor.config.ConfigException;
import dev.vigil.sensor.config.Reloadable;
import dev.vigil.sensor.config.SensorConfig;
import dev.vigil.sensor.config.SensorConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What SIGHUP does: re-reads the configuration file, then the policy and inventory it names,
 * and installs them in the running analyzers, or changes nothing and says why.
 *
 * <p>Order: the configuration must load (a typo in it rejects the reload, file:line:column in
 * the log); the policy file must be readable (its SHA-256 is logged); every {@link Reloadable}
 * analyzer must accept the new files in {@link Reloadable#prepareReload}; only then are all
 * of them committed. Settings that only a restart can change (capture, pipeline, outputs, HTTP,
 * user, state directory, webhooks, log) are compared and a warning names each that differs.
 * The capture and the flows are never touched.
 */
final class ConfigReloader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    /** Checks a policy and inventory the way startup does (builds throw-away analyzers). */
    @FunctionalInterface
    interface Validator {
        void validate(Path policy, Path inventory) throws Exception;
    }

    /** Outcome of one reload. */
    record Result(boolean applied, String message) {
    }

    private final Path file;
    private final List<Reloadable> reloadables;
    private final Validator validator;
    private final Consumer<Boolean> counter;
    private SensorConfig running;
    private String policyHash;
    private volatile String lastRejection;
    private volatile Result last;

    /**
     * @param running     the configuration the daemon started with
     * @param reloadables the analyzers that take new policy and inventory files
     * @param validator   the startup checks of policy and inventory, run before any analyzer sees them
     * @param counter     told true for an applied reload, false for a rejected one (metrics)
     */
    ConfigReloader(SensorConfig running, List<Reloadable> reloadables, Validator validator,
                   Consumer<Boolean> counter) throws IOException {
        this.file = running.file();
        this.running = running;
        this.reloadables = List.copyOf(reloadables);
        this.validator = Objects.requireNonNull(validator);
        this.counter = Objects.requireNonNull(counter);
        this.policyHash = policyHash(running.policy());
    }

    /** {@code --policy}/{@code --inventory} of {@code vigil run}: they win over the file, also on reload. */
    private static volatile Path policyOverride;
    private static volatile Path inventoryOverride;

    /** Sets the command line's policy and inventory files (null: the configuration's). */
    static void commandLineOverrides(Path policy, Path inventory) {
        policyOverride = policy;
        inventoryOverride = inventory;
    }

    /** {@code c} with the command line's policy and inventory files where given. */
    static SensorConfig applyOverrides(SensorConfig c) {
        Path p = policyOverride;
        Path i = inventoryOverride;
        return p == null && i == null ? c : c.withPolicy(p != null ? p : c.policy(), i != null ? i : c.inventory());
    }

    /** Reloads; any thread, one at a time. */
    synchronized Result reload() {
        LOG.info("reload requested (SIGHUP): reading {}", file);
        SensorConfig next;
        try {
            next = applyOverrides(SensorConfigLoader.load(file));
        } catch (ConfigException e) {
            return reject("configuration " + file + " has errors, nothing changed:" + System.lineSeparator()
                    + e.getMessage());
        }
        for (String section : restartOnly(running, next)) {
            LOG.warn("reload: {} changed in {}: takes effect after a restart", section, file);
        }
        String hash;
        try {
            hash = policyHash(next.policy());
        } catch (IOException e) {
            return reject("cannot read policy " + next.policy() + ": " + e.getMessage());
        }
        try {
            validator.validate(next.policy(), next.inventory());
        } catch (Exception e) {
            return reject(String.valueOf(e.getMessage()));
        }
        List<Reloadable.Commit> commits = new ArrayList<>();
        for (Reloadable r : reloadables) {
            try {
                commits.add(Objects.requireNonNull(r.prepareReload(next.policy(), next.inventory()),
                        "prepareReload returned null"));
            } catch (Exception e) {
                return reject(r.getClass().getSimpleName() + " refused the new files: " + e.getMessage());
            }
        }
        for (Reloadable.Commit c : commits) {
            c.apply();
        }
        running = withPolicy(running, next.policy(), next.inventory());
        policyHash = hash;
        lastRejection = null;
        counter.accept(true);
        String msg = "reloaded: policy " + describePolicy(next.policy(), hash) + ", inventory "
                + (next.inventory() == null ? "none" : next.inventory().toString());
        LOG.info("{}", msg);
        last = new Result(true, msg);
        return last;
    }

    private Result reject(String why) {
        String policy = describePolicy(running.policy(), policyHash);
        String msg = "reload rejected, still running policy " + policy + ": " + why;
        LOG.error("{}", msg);
        lastRejection = msg;
        counter.accept(false);
        last = new Result(false, msg);
        return last;
    }

    /** The configuration in force (policy and inventory as last reloaded). */
    synchronized SensorConfig running() {
        return running;
    }

    /** SHA-256 of the policy in force, hex, or {@code built-in}. */
    synchronized String policyHash() {
        return policyHash;
    }

    /** Why the last reload was rejected, or null when the last one was applied (or none was asked). */
    String lastRejection() {
        return lastRejection;
    }

    Result last() {
        return last;
    }

    /** {@code /etc/vigil/policy.yaml sha256:ab12...} or {@code built-in default}. */
    static String describePolicy(Path policy, String hash) {
        return policy == null ? "built-in default" : policy + " sha256:" + hash;
    }

    /** SHA-256 of the policy file's bytes, hex; {@code built-in} for the default policy. */
    static String policyHash(Path policy) throws IOException {
        if (policy == null) {
            return "built-in";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(policy)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Names of the sections that differ and that a reload cannot apply. */
    static List<String> restartOnly(SensorConfig a, SensorConfig b) {
        List<String> changed = new ArrayList<>();
        compare(changed, "capture", a.capture(), b.capture());
        compare(changed, "pipeline", a.pipeline(), b.pipeline());
        compare(changed, "outputs", a.outputs(), b.outputs());
        compare(changed, "state_dir", a.stateDir(), b.stateDir());
        compare(changed, "spool", a.spool(), b.spool());
        compare(changed, "webhooks", a.webhooks().stream().map(ConfigReloader::withoutLocation).toList(),
                b.webhooks().stream().map(ConfigReloader::withoutLocation).toList());
        compare(changed, "http", a.http(), b.http());
        compare(changed, "user", a.user(), b.user());
        compare(changed, "log", a.log(), b.log());
        return changed;
    }

    private static Object withoutLocation(dev.vigil.sensor.config.WebhookSettings w) {
        return new dev.vigil.sensor.config.WebhookSettings(w.name(), w.url(), w.urlFile(), w.urlEnv(), w.secretFile(),
                w.secretEnv(), w.minSeverity(), w.rules(), w.format(), "");
    }

    private static void compare(List<String> changed, String name, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            changed.add(name);
        }
    }

    private static SensorConfig withPolicy(SensorConfig c, Path policy, Path inventory) {
        return new SensorConfig(c.file(), c.capture(), c.pipeline(), c.outputs(), policy, inventory, c.stateDir(),
                c.spool(), c.webhooks(), c.http(), c.user(), c.log(), c.locations());
    }
}
