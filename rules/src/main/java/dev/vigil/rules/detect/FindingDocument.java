package dev.vigil.rules.detect;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * A {@link Finding} as the fields of a {@code vigil.finding} document ({@code event.kind: alert}),
 * ECS names where ECS has them ({@code event.severity}, {@code rule.*}, {@code message}) and
 * {@code asset.*} and {@code vigil.*} for the rest. The caller adds what every document carries
 * ({@code observer}, {@code data_stream}); the same object is the webhook payload's finding.
 *
 * <pre>
 * &#64;timestamp            time of the latest occurrence
 * event.{kind, dataset, module, id, severity, start, end}
 * rule.{id, name, description, reference}
 * message
 * asset.{mac, ip, name, role, authorized}
 * vigil.severity          the label (low ... critical)
 * vigil.cis.control       the CIS control (1, 2, 3, 4, 6, 9)
 * vigil.evidence.{event_ids[], count, first_seen, last_seen}
 * vigil.finding.{key, details{}}
 * </pre>
 */
public final class FindingDocument {
    /** The dataset of finding documents. */
    public static final String DATASET = "vigil.finding";

    private FindingDocument() {
    }

    public static ObjectNode toJson(Finding f) {
        JsonNodeFactory n = JsonNodeFactory.instance;
        ObjectNode doc = n.objectNode();
        doc.put("@timestamp", Timestamps.format(f.evidence().lastSeenNanos()));
        ObjectNode event = doc.putObject("event");
        event.put("kind", "alert");
        event.put("dataset", DATASET);
        event.put("module", "vigil");
        event.put("id", f.id());
        event.put("severity", f.severity().code());
        event.put("start", Timestamps.format(f.evidence().firstSeenNanos()));
        event.put("end", Timestamps.format(f.evidence().lastSeenNanos()));
        ObjectNode rule = doc.putObject("rule");
        rule.put("id", f.rule().id());
        rule.put("name", f.rule().title());
        rule.put("description", f.rule().description());
        rule.put("reference", f.rule().reference());
        doc.put("message", f.message());
        ObjectNode asset = doc.putObject("asset");
        Finding.Asset a = f.asset();
        if (a.mac() != null) {
            asset.put("mac", a.mac());
        }
        if (a.ip() != null) {
            asset.put("ip", a.ip());
        }
        if (a.name() != null) {
            asset.put("name", a.name());
        }
        if (a.role() != null) {
            asset.put("role", a.role());
        }
        asset.put("authorized", a.authorized());
        ObjectNode vigil = doc.putObject("vigil");
        vigil.put("severity", f.severity().label());
        vigil.putObject("cis").put("control", f.cisControl());
        ObjectNode evidence = vigil.putObject("evidence");
        f.evidence().eventIds().forEach(evidence.putArray("event_ids")::add);
        evidence.put("count", f.evidence().count());
        evidence.put("first_seen", Timestamps.format(f.evidence().firstSeenNanos()));
        evidence.put("last_seen", Timestamps.format(f.evidence().lastSeenNanos()));
        ObjectNode finding = vigil.putObject("finding");
        finding.put("key", f.key());
        ObjectNode details = finding.putObject("details");
        for (Map.Entry<String, Object> e : f.details().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Long l) {
                details.put(e.getKey(), l);
            } else if (v instanceof Integer i) {
                details.put(e.getKey(), i);
            } else if (v instanceof Boolean b) {
                details.put(e.getKey(), b);
            } else if (v != null) {
                details.put(e.getKey(), v.toString());
            }
        }
        return doc;
    }
}
