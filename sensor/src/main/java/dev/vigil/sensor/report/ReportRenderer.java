package dev.vigil.sensor.report;

import dev.vigil.rules.guide.GuideChecklist;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Renders a {@link ComplianceReport} as Markdown or as a self-contained HTML page. */
public final class ReportRenderer {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ReportRenderer() {
    }

    public static String markdown(ComplianceReport r) {
        StringBuilder b = new StringBuilder();
        b.append("# Cybersecurity check: intercom network\n\n");
        b.append("Period: ").append(TIME.format(r.since())).append(" to ").append(TIME.format(r.until()))
                .append("  \nSource: ").append(r.sources()).append("  \n")
                .append(r.assetCount()).append(" devices, ").append(r.findingCount()).append(" findings.\n\n");
        b.append("| CIS control | Result | Findings |\n|---|---|---|\n");
        for (ComplianceReport.Section s : r.sections()) {
            b.append("| ").append(s.control().id()).append(": ").append(md(s.control().title())).append(" | ")
                    .append(s.clean() ? "nothing found" : "attention").append(" | ")
                    .append(s.rules().stream().mapToLong(ComplianceReport.RuleSummary::count).sum()).append(" |\n");
        }
        for (ComplianceReport.Section s : r.sections()) {
            GuideChecklist.Control c = s.control();
            b.append("\n## CIS Control ").append(c.id()).append(": ").append(md(c.title())).append("\n\n");
            b.append("**Task (guide):** ").append(md(c.task())).append("  \n");
            b.append("**Expectation (guide):** ").append(md(String.join(" ", c.expectation()))).append("\n\n");
            b.append("**What the sensor verifies:** ").append(md(c.observes())).append("\n\n");
            if (!s.observations().isEmpty()) {
                b.append("**Observed:**\n\n");
                for (String o : s.observations()) {
                    b.append("- ").append(md(o)).append('\n');
                }
                b.append('\n');
            }
            if (s.clean()) {
                b.append("**Findings:** none.\n\n");
            } else {
                b.append("**Findings:**\n\n| Severity | Rule | Count | Assets |\n|---|---|---|---|\n");
                for (ComplianceReport.RuleSummary rs : s.rules()) {
                    b.append("| ").append(rs.severityLabel()).append(" | `").append(md(rs.ruleId())).append("` ")
                            .append(md(nz(rs.ruleName()))).append(" | ").append(rs.count()).append(" | ")
                            .append(md(String.join(", ", rs.assets()))).append(" |\n");
                }
                b.append('\n');
                for (ComplianceReport.RuleSummary rs : s.rules()) {
                    if (rs.description() != null) {
                        b.append("- `").append(md(rs.ruleId())).append("`: ").append(md(rs.description()));
                        if (rs.reference() != null) {
                            b.append(" (").append(md(rs.reference())).append(")");
                        }
                        b.append('\n');
                    }
                }
                b.append('\n');
            }
            b.append("**Recommendations (guide):**\n\n");
            for (String rec : c.recommendations()) {
                b.append("- ").append(md(rec)).append('\n');
            }
        }
        return b.toString();
    }

    public static String html(ComplianceReport r) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Cybersecurity check: intercom network</title><style>")
                .append("body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em .6em;text-align:left}")
                .append(".attention{color:#a40000;font-weight:bold}.clean{color:#2e7d32}</style></head><body>\n");
        b.append("<h1>Cybersecurity check: intercom network</h1>\n<p>Period: ").append(h(TIME.format(r.since())))
                .append(" to ").append(h(TIME.format(r.until()))).append("<br>Source: ").append(h(r.sources()))
                .append("<br>").append(r.assetCount()).append(" devices, ").append(r.findingCount())
                .append(" findings.</p>\n<table><tr><th>CIS control</th><th>Result</th><th>Findings</th></tr>\n");
        for (ComplianceReport.Section s : r.sections()) {
            b.append("<tr><td>").append(s.control().id()).append(": ").append(h(s.control().title()))
                    .append("</td><td class=\"").append(s.clean() ? "clean\">nothing found" : "attention\">attention")
                    .append("</td><td>").append(s.rules().stream().mapToLong(ComplianceReport.RuleSummary::count).sum())
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
        for (ComplianceReport.Section s : r.sections()) {
            GuideChecklist.Control c = s.control();
            b.append("<h2>CIS Control ").append(c.id()).append(": ").append(h(c.title())).append("</h2>\n");
            b.append("<p><b>Task (guide):</b> ").append(h(c.task())).append("<br><b>Expectation (guide):</b> ")
                    .append(h(String.join(" ", c.expectation()))).append("</p>\n<p><b>What the sensor verifies:</b> ")
                    .append(h(c.observes())).append("</p>\n");
            if (!s.observations().isEmpty()) {
                b.append("<p><b>Observed:</b></p><ul>");
                for (String o : s.observations()) {
                    b.append("<li>").append(h(o)).append("</li>");
                }
                b.append("</ul>\n");
            }
            if (s.clean()) {
                b.append("<p><b>Findings:</b> none.</p>\n");
            } else {
                b.append("<table><tr><th>Severity</th><th>Rule</th><th>Count</th><th>Assets</th><th>Details</th></tr>\n");
                for (ComplianceReport.RuleSummary rs : s.rules()) {
                    b.append("<tr><td>").append(h(rs.severityLabel())).append("</td><td><code>").append(h(rs.ruleId()))
                            .append("</code> ").append(h(nz(rs.ruleName()))).append("</td><td>").append(rs.count())
                            .append("</td><td>").append(h(String.join(", ", rs.assets()))).append("</td><td>")
                            .append(h(nz(rs.description())))
                            .append(rs.reference() == null ? "" : " (" + h(rs.reference()) + ")").append("</td></tr>\n");
                }
                b.append("</table>\n");
            }
            b.append("<p><b>Recommendations (guide):</b></p><ul>");
            for (String rec : c.recommendations()) {
                b.append("<li>").append(h(rec)).append("</li>");
            }
            b.append("</ul>\n");
        }
        b.append("</body></html>\n");
        return b.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Markdown table cells: pipes and line breaks would break the table. */
    private static String md(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace('\n', ' ').replace("<", "&lt;");
    }

    private static String h(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
