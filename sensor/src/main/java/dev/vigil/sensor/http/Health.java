package dev.vigil.sensor.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The sensor's health as {@code /health} reports it: named checks (capture, pipeline, each
 * output, detect stage, configuration), each with a level and a sentence. The process is
 * <em>live</em> when no check is {@link Level#DOWN} (restart it otherwise) and <em>ready</em>
 * when it is live and no check is {@link Level#NOT_READY} (it captures and delivers);
 * {@link Level#WARN} keeps it ready but is listed (drops, failed records, a rejected reload).
 */
public final class Health {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Severity of one check's state. */
    public enum Level { OK, WARN, NOT_READY, DOWN }

    /** One check's state. */
    public record Status(Level level, String detail) {
        public Status {
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(detail, "detail");
        }

        public static Status ok(String detail) {
            return new Status(Level.OK, detail);
        }

        public static Status warn(String detail) {
            return new Status(Level.WARN, detail);
        }

        public static Status notReady(String detail) {
            return new Status(Level.NOT_READY, detail);
        }

        public static Status down(String detail) {
            return new Status(Level.DOWN, detail);
        }
    }

    /**
     * The evaluated checks.
     *
     * @param reasons  why the sensor is not live or not ready ({@code check: detail}), empty when ready
     * @param warnings checks at {@link Level#WARN}
     */
    public record Report(boolean live, boolean ready, List<String> reasons, List<String> warnings,
                         Map<String, Status> checks) {
        /** {@code {"status": "ready"|"not_ready"|"down", "live": .., "ready": .., "reasons": [..], ...}}. */
        public ObjectNode toJson() {
            ObjectNode o = JSON.createObjectNode();
            o.put("status", !live ? "down" : ready ? (warnings.isEmpty() ? "ok" : "degraded") : "not_ready");
            o.put("live", live);
            o.put("ready", ready);
            ArrayNode r = o.putArray("reasons");
            reasons.forEach(r::add);
            ArrayNode w = o.putArray("warnings");
            warnings.forEach(w::add);
            ObjectNode c = o.putObject("checks");
            checks.forEach((name, s) -> {
                ObjectNode n = c.putObject(name);
                n.put("level", s.level().name().toLowerCase(java.util.Locale.ROOT));
                n.put("detail", s.detail());
            });
            return o;
        }
    }

    private final Map<String, Supplier<Status>> checks = new LinkedHashMap<>();

    /** Adds (or replaces) a check; it runs on every evaluation, on the caller's thread. */
    public synchronized void register(String name, Supplier<Status> check) {
        checks.put(Objects.requireNonNull(name), Objects.requireNonNull(check));
    }

    /** Runs every check; a check that throws counts as not ready with the exception as reason. */
    public synchronized Report evaluate() {
        Map<String, Status> results = new LinkedHashMap<>();
        List<String> reasons = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean live = true;
        boolean ready = true;
        for (Map.Entry<String, Supplier<Status>> e : checks.entrySet()) {
            Status s;
            try {
                s = e.getValue().get();
            } catch (RuntimeException ex) {
                s = Status.notReady("check failed: " + ex);
            }
            results.put(e.getKey(), s);
            switch (s.level()) {
                case DOWN -> {
                    live = false;
                    ready = false;
                    reasons.add(e.getKey() + ": " + s.detail());
                }
                case NOT_READY -> {
                    ready = false;
                    reasons.add(e.getKey() + ": " + s.detail());
                }
                case WARN -> warnings.add(e.getKey() + ": " + s.detail());
                case OK -> {
                }
            }
        }
        return new Report(live, ready, List.copyOf(reasons), List.copyOf(warnings), results);
    }
}
