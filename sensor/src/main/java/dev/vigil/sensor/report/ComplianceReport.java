package dev.vigil.sensor.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.rules.guide.GuideChecklist;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The hardening guide's "Check" list filled in by the sensor: per CIS control, what the guide asks,
 * what the sensor observed (assets, software, services), the findings (grouped by rule, with the
 * assets concerned) and the guide's recommendations. Built from {@code vigil.finding} and
 * {@code vigil.asset} documents, wherever they come from (NDJSON files, Elasticsearch).
 */
public final class ComplianceReport {
    /** Findings of one rule within a control. */
    public record RuleSummary(String ruleId, String ruleName, String description, String reference, int severity,
                              String severityLabel, long count, List<String> assets, List<String> messages) {
    }

    /** One control of the checklist with what was seen. */
    public record Section(GuideChecklist.Control control, List<RuleSummary> rules, List<String> observations) {
        public boolean clean() {
            return rules.isEmpty();
        }
    }

    private final Instant since;
    private final Instant until;
    private final List<Section> sections;
    private final int assets;
    private final int findings;
    private final String sources;

    private ComplianceReport(Instant since, Instant until, List<Section> sections, int assets, int findings,
                             String sources) {
        this.since = since;
        this.until = until;
        this.sections = sections;
        this.assets = assets;
        this.findings = findings;
        this.sources = sources;
    }

    public Instant since() {
        return since;
    }

    public Instant until() {
        return until;
    }

    public List<Section> sections() {
        return sections;
    }

    public int assetCount() {
        return assets;
    }

    public int findingCount() {
        return findings;
    }

    public String sources() {
        return sources;
    }

    /**
     * @param findings {@code vigil.finding} documents
     * @param assets   {@code vigil.asset} documents (the last one per MAC counts)
     */
    public static ComplianceReport build(List<JsonNode> findings, List<JsonNode> assets, Instant since, Instant until,
                                         String sources) {
        Map<String, JsonNode> byMac = new TreeMap<>();
        for (JsonNode a : assets) {
            String mac = text(a, "asset", "mac");
            if (mac != null && !a.path("event").has("action")) {
                byMac.put(mac, a);
            }
        }
        Map<Integer, Map<String, List<JsonNode>>> byControl = new TreeMap<>();
        for (JsonNode f : findings) {
            int control = f.path("vigil").path("cis").path("control").asInt(0);
            String rule = text(f, "rule", "id");
            byControl.computeIfAbsent(control, k -> new TreeMap<>())
                    .computeIfAbsent(rule == null ? "?" : rule, k -> new ArrayList<>()).add(f);
        }
        List<Section> sections = new ArrayList<>();
        for (GuideChecklist.Control c : GuideChecklist.controls()) {
            List<RuleSummary> rules = new ArrayList<>();
            for (Map.Entry<String, List<JsonNode>> e : byControl.getOrDefault(c.id(), Map.of()).entrySet()) {
                rules.add(summarise(e.getKey(), e.getValue()));
            }
            rules.sort(Comparator.comparingInt(RuleSummary::severity).reversed().thenComparing(RuleSummary::ruleId));
            sections.add(new Section(c, rules, observations(c.id(), byMac.values())));
        }
        return new ComplianceReport(since, until, sections, byMac.size(), findings.size(), sources);
    }

    private static RuleSummary summarise(String rule, List<JsonNode> docs) {
        JsonNode first = docs.get(0);
        int severity = 0;
        long count = 0;
        TreeSet<String> assets = new TreeSet<>();
        LinkedHashMap<String, Boolean> messages = new LinkedHashMap<>();
        for (JsonNode d : docs) {
            severity = Math.max(severity, d.path("event").path("severity").asInt(0));
            count += Math.max(1, d.path("vigil").path("evidence").path("count").asLong(1));
            String asset = assetLabel(d.path("asset"));
            if (asset != null) {
                assets.add(asset);
            }
            String m = d.path("message").asText(null);
            if (m != null && messages.size() < 20) {
                messages.put(m, Boolean.TRUE);
            }
        }
        return new RuleSummary(rule, text(first, "rule", "name"), text(first, "rule", "description"),
                text(first, "rule", "reference"), severity, severityLabel(severity), count, List.copyOf(assets),
                List.copyOf(messages.keySet()));
    }

    /** ECS severity numbers as the findings write them (21 low, 47 medium, 73 high, 99 critical). */
    static String severityLabel(int severity) {
        if (severity >= 99) {
            return "critical";
        }
        if (severity >= 73) {
            return "high";
        }
        if (severity >= 47) {
            return "medium";
        }
        if (severity >= 21) {
            return "low";
        }
        return "info";
    }

    private static String assetLabel(JsonNode asset) {
        String name = text(asset, "name");
        String ip = asset.path("ip").isArray() ? asset.path("ip").path(0).asText(null) : text(asset, "ip");
        String mac = text(asset, "mac");
        StringBuilder b = new StringBuilder();
        for (String s : new String[] {name, ip, mac}) {
            if (s != null && !s.isEmpty()) {
                b.append(b.length() == 0 ? "" : " ").append(b.length() == 0 ? s : "(" + s + ")");
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    /** What the inventory shows for a control, independent of findings. */
    private static List<String> observations(int control, java.util.Collection<JsonNode> assets) {
        List<String> out = new ArrayList<>();
        switch (control) {
            case 1 -> {
                long authorized = assets.stream().filter(a -> a.path("asset").path("authorized").asBoolean(false)).count();
                long unauthorized = assets.stream().filter(a -> a.path("asset").path("authorized").isBoolean()
                        && !a.path("asset").path("authorized").asBoolean()).count();
                out.add(assets.size() + " devices seen; " + authorized + " authorized, " + unauthorized
                        + " not in the authorized inventory.");
                Map<String, Integer> vendors = new TreeMap<>();
                for (JsonNode a : assets) {
                    vendors.merge(a.path("asset").path("vendor").asText("unknown vendor"), 1, Integer::sum);
                }
                vendors.forEach((v, n) -> out.add(n + " x " + v));
            }
            case 2 -> {
                Map<String, TreeSet<String>> software = new TreeMap<>();
                for (JsonNode a : assets) {
                    for (JsonNode s : a.path("asset").path("software")) {
                        String product = s.path("product").asText("");
                        String version = s.path("version").asText("");
                        String label = version.isEmpty() ? product : product + " " + version;
                        if (!label.isBlank()) {
                            software.computeIfAbsent(label, k -> new TreeSet<>()).add(a.path("asset").path("mac").asText());
                        }
                    }
                }
                if (software.isEmpty()) {
                    out.add("No device announced its software on the wire.");
                }
                software.forEach((s, macs) -> out.add(s + " on " + macs.size() + " device(s)"));
            }
            case 4 -> {
                Map<String, Integer> mgmt = new TreeMap<>();
                for (JsonNode a : assets) {
                    for (JsonNode m : a.path("asset").path("management")) {
                        mgmt.merge(m.asText(), 1, Integer::sum);
                    }
                }
                mgmt.forEach((m, n) -> out.add("managed over " + m + ": " + n + " device(s)"));
            }
            case 6 -> {
                long ntp = assets.stream().filter(a -> a.path("asset").path("ntp").path("servers").size() > 0).count();
                long syslog = assets.stream().filter(a -> a.path("asset").path("syslog").path("servers").size() > 0)
                        .count();
                out.add(ntp + " of " + assets.size() + " devices were seen using NTP; " + syslog + " sending syslog.");
            }
            case 9 -> {
                Map<String, Integer> services = new TreeMap<>();
                for (JsonNode a : assets) {
                    for (JsonNode s : a.path("asset").path("services").path("offered")) {
                        String label = s.path("transport").asText("?") + "/" + s.path("port").asText("?")
                                + (s.hasNonNull("protocol") ? " " + s.path("protocol").asText() : "");
                        services.merge(label, 1, Integer::sum);
                    }
                }
                services.forEach((s, n) -> out.add(s + " offered by " + n + " device(s)"));
            }
            default -> {
            }
        }
        return out;
    }

    private static String text(JsonNode n, String... path) {
        JsonNode x = n;
        for (String p : path) {
            x = x.path(p);
        }
        return x.isValueNode() && !x.isNull() ? x.asText() : null;
    }
}
