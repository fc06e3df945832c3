package dev.vigil.sensor.cli;

import dev.vigil.sensor.output.FindingsDigest;
import dev.vigil.sensor.output.OutputAgent;
import dev.vigil.sensor.pipeline.OfflineAnalysis;
import dev.vigil.sensor.pipeline.PipelineStats;

import java.io.PrintWriter;
import java.util.Map;

/** The short human summary printed after an analysis (on standard error). */
final class Summary {
    /** Findings listed one per line; the rest are counted. */
    static final int MAX_FINDING_LINES = 40;

    private Summary() {
    }

    static void print(PrintWriter out, OfflineAnalysis.Result r, Outputs outputs) {
        PipelineStats s = r.stats();
        double secs = r.elapsedNanos() / 1e9;
        out.printf("vigil: %d file(s), %,d packets, %,d bytes in %.2f s (%,.0f packets/s)%n",
                r.files().size(), s.packets(), s.bytes(), secs, s.packets() / Math.max(secs, 1e-9));
        out.printf("  events:   %,d%s%n", s.eventsTotal(), fmt(s.eventsByDataset()));
        out.printf("  flows:    %,d%n", s.flowsCreated());
        if (s.reassembled() > 0) {
            out.printf("  reassembled IP datagrams: %,d%n", s.reassembled());
        }
        Map<String, Long> decode = s.decodeEvents();
        out.printf("  decode:   %,d anomalies%s%n", s.decodeEventsTotal(), fmt(decode));
        long dropped = s.drops().values().stream().mapToLong(Long::longValue).sum();
        out.printf("  drops:    %s%n", dropped == 0 ? "none" : fmt(s.drops()).trim());
        FindingsDigest digest = outputs.digest();
        out.printf("  findings: %,d%s%n", digest.delivered(), fmt(new java.util.TreeMap<>(digest.byRule())));
        int shown = 0;
        for (FindingsDigest.Line l : digest.lines()) {
            if (shown++ == MAX_FINDING_LINES) {
                out.printf("    ... %,d more (all of them are in the outputs as vigil.finding)%n",
                        digest.delivered() - MAX_FINDING_LINES);
                break;
            }
            out.println("    " + l);
        }
        for (OutputAgent o : outputs.agents()) {
            if (o == digest) {
                continue;
            }
            out.printf("  output %-13s delivered %,d, failed %,d%s%n", o.name() + ":", o.delivered(), o.failed(),
                    outputs.describe(o));
        }
    }

    private static String fmt(Map<String, Long> m) {
        if (m.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("  (");
        m.forEach((k, v) -> {
            if (v > 0) {
                sb.append(sb.length() > 3 ? ", " : "").append(k).append(' ').append(String.format("%,d", v));
            }
        });
        return sb.append(')').toString();
    }
}
