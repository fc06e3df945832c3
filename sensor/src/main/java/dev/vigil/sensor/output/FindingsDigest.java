package dev.vigil.sensor.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An output that keeps the findings (alert records) for the person at the terminal: the summary
 * after an analysis lists them, and a running sensor can print each as it comes. Bounded: past
 * {@link #MAX_KEPT} findings only the counts grow.
 */
public final class FindingsDigest implements OutputAgent {
    /** Findings kept for printing; the counts cover all of them. */
    public static final int MAX_KEPT = 1_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One finding as a line: severity label, rule id, asset, message. */
    public record Line(int severity, String ruleId, String asset, String message) {
        @Override
        public String toString() {
            return String.format("%-8s %-22s %-34s %s", label(severity), ruleId, asset, message);
        }
    }

    private final List<Line> kept = new ArrayList<>();
    private final Map<String, Long> byRule = new TreeMap<>();
    private final Consumer<Line> live;
    private long total;

    /** @param live called for each finding as it arrives (on the output thread), or null */
    public FindingsDigest(Consumer<Line> live) {
        this.live = live;
    }

    @Override
    public String name() {
        return "findings";
    }

    @Override
    public void onRecord(EventRecord record, boolean endOfBatch) throws IOException {
        if (!record.alert) {
            return;
        }
        JsonNode d = MAPPER.readTree(record.json(), 0, record.length());
        JsonNode asset = d.path("asset");
        StringBuilder a = new StringBuilder();
        for (String f : new String[] {"name", "ip", "mac"}) {
            JsonNode v = asset.path(f);
            String s = v.isArray() ? v.path(0).asText("") : v.asText("");
            if (!s.isEmpty() && !v.isNull()) {
                a.append(a.length() == 0 ? s : " " + s);
                if (a.length() > 16) {
                    break;
                }
            }
        }
        Line line = new Line(d.path("event").path("severity").asInt(0), d.path("rule").path("id").asText("?"),
                a.toString(), d.path("message").asText(""));
        synchronized (this) {
            total++;
            byRule.merge(line.ruleId(), 1L, Long::sum);
            if (kept.size() < MAX_KEPT) {
                kept.add(line);
            }
        }
        if (live != null) {
            live.accept(line);
        }
    }

    @Override
    public void close() {
    }

    @Override
    public synchronized long delivered() {
        return total;
    }

    @Override
    public long failed() {
        return 0;
    }

    public synchronized List<Line> lines() {
        return List.copyOf(kept);
    }

    public synchronized Map<String, Long> byRule() {
        return Map.copyOf(byRule);
    }

    static String label(int severity) {
        return severity >= 99 ? "CRITICAL" : severity >= 73 ? "HIGH" : severity >= 47 ? "MEDIUM"
                : severity >= 21 ? "LOW" : "INFO";
    }
}
