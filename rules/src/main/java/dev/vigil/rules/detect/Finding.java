package dev.vigil.rules.detect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One verdict of the sensor: a rule broken by an asset, with the evidence. Immutable. Findings are
 * deduplicated per (asset, rule, key): the engine emits one when a (asset, rule, key) is first seen and
 * again only after the policy's re-alert interval, each time with the number of occurrences since the
 * previous one.
 *
 * @param id         stable id: the same input gives the same id (an idempotency key for webhooks and
 *                   the document id in Elasticsearch)
 * @param rule       the rule ({@code rule.id}, name, description, reference)
 * @param severity   {@code event.severity}, after the policy's setting and escalation
 * @param cisControl {@code vigil.cis.control}
 * @param asset      the device the finding is about
 * @param key        what distinguishes findings of one rule about one asset ({@code tcp/23},
 *                   {@code default-community}); suppressions may match it
 * @param message    one line for humans
 * @param evidence   event ids, first and last time, occurrences
 * @param details    a few facts (strings, numbers, booleans), in a stable order
 */
public record Finding(String id, Rule rule, Severity severity, int cisControl, Asset asset, String key,
                      String message, Evidence evidence, Map<String, Object> details) {
    public Finding {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** {@code rule.id}. */
    public String ruleId() {
        return rule.id();
    }

    /** {@code rule.name}. */
    public String ruleName() {
        return rule.title();
    }

    /** {@code rule.description}. */
    public String ruleDescription() {
        return rule.description();
    }

    /** {@code rule.reference}: the hardening-guide section. */
    public String ruleReference() {
        return rule.reference();
    }

    /** {@code event.severity} (ECS number). */
    public int severityCode() {
        return severity.code();
    }

    /** The severity's label ({@code "critical"}). */
    public String severityLabel() {
        return severity.label();
    }

    /** {@code @timestamp} of the finding: its latest occurrence (epoch nanoseconds, event time). */
    public long timestampNanos() {
        return evidence.lastSeenNanos();
    }

    /**
     * The device a finding is about.
     *
     * @param mac        ECS MAC, or null
     * @param ip         IP as the sensor writes it, or null
     * @param name       inventory name, or null when not authorized
     * @param role       inventory role label, or null when not authorized
     * @param authorized whether the device is in the authorized inventory
     */
    public record Asset(String mac, String ip, String name, String role, boolean authorized) {
        /** Name, else IP, else MAC. */
        public String label() {
            if (name != null) {
                return ip != null ? name + " (" + ip + ")" : name;
            }
            if (ip != null) {
                return mac != null ? ip + " (" + mac + ")" : ip;
            }
            return mac != null ? mac : "?";
        }
    }

    /**
     * What the finding rests on.
     *
     * @param eventIds       {@code event.id}s of the first documents (at most
     *                       {@link FindingEngine#MAX_EVIDENCE_IDS})
     * @param firstSeenNanos time of the first occurrence (epoch nanoseconds, event time)
     * @param lastSeenNanos  time of the latest occurrence
     * @param count          occurrences since the previous finding of this (asset, rule, key)
     */
    public record Evidence(List<String> eventIds, long firstSeenNanos, long lastSeenNanos, long count) {
        public Evidence {
            eventIds = List.copyOf(eventIds);
        }
    }
}
