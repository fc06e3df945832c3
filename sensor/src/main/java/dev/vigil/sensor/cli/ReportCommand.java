package dev.vigil.sensor.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchClients;
import dev.vigil.sensor.report.ComplianceReport;
import dev.vigil.sensor.report.ReportRenderer;
import dev.vigil.sensor.report.ReportSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {
            "Write the hardening guide's Check list as a report.",
            "",
            "Per CIS control of the guide's Check phase (1, 2, 3, 4, 6, 9): what the guide asks, what",
            "the sensor observed (devices, software, services, NTP/syslog use), the findings with the",
            "devices concerned, and the guide's recommendations: the document a site engineer hands",
            "to the customer. Findings and assets are read from Elasticsearch (--es) or from NDJSON",
            "files that vigil wrote (--input).",
            ""},
        footer = {"",
            "Examples:",
            "  vigil report --es http://127.0.0.1:9200 --since 7d --format html --out check.html",
            "  vigil analyze site.pcap --policy site.yaml --ndjson events.ndjson && vigil report --input events.ndjson --since all",
            "",
            "Exit status: 0 report written, 1 source unreachable, 2 bad arguments or unreadable input."})
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "7d",
            description = "Start of the period: a duration back from now (30m, 24h, 7d, 4w), an ISO-8601 instant "
                    + "(2026-11-01T00:00:00Z), or 'all' (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--format", paramLabel = "md|html", defaultValue = "md",
            description = "Markdown or a self-contained HTML page (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path out;

    @Option(names = "--input", paramLabel = "NDJSON", description = "Read findings and assets from an NDJSON file "
            + "vigil wrote (repeatable).")
    List<Path> inputs;

    @Option(names = "--es", paramLabel = "URL", description = "Read findings and assets from Elasticsearch at URL "
            + "(credentials as for analyze: VIGIL_ES_USERNAME/VIGIL_ES_PASSWORD_FILE or VIGIL_ES_API_KEY_FILE).")
    String es;

    @Option(names = "--es-namespace", paramLabel = "NAME", defaultValue = "default",
            description = "Data stream namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("md") && !format.equals("html")) {
            err.println("vigil report: --format must be md or html, not " + format);
            return 2;
        }
        if ((inputs == null) == (es == null)) {
            err.println("vigil report: give either --input FILE or --es URL");
            return 2;
        }
        Instant until = Instant.now();
        Instant from;
        try {
            from = dev.vigil.sensor.report.ReportPeriod.since(since, until);
        } catch (IllegalArgumentException e) {
            err.println("vigil report: --since " + e.getMessage());
            return 2;
        }
        ReportSource.Documents docs;
        String source;
        try {
            if (inputs != null) {
                for (Path p : inputs) {
                    if (!Files.isReadable(p)) {
                        err.println("vigil report: " + p + ": not readable");
                        return 2;
                    }
                }
                docs = ReportSource.ndjson(inputs, from, until);
                source = "NDJSON " + inputs;
            } else {
                ElasticsearchClient client = ElasticsearchClients.create(ElasticsearchOutputs.config(es, namespace));
                try {
                    docs = ReportSource.elasticsearch(client, namespace, from, until);
                } finally {
                    client._transport().close();
                }
                source = "Elasticsearch " + es + " (namespace " + namespace + ")";
            }
        } catch (IOException e) {
            err.println("vigil report: " + e.getMessage());
            return inputs != null ? 2 : 1;
        }
        if (docs.truncated()) {
            err.println("vigil report: more than " + ReportSource.MAX_DOCUMENTS
                    + " findings in the period; the report covers the first ones, narrow --since");
        }
        if (from.equals(Instant.EPOCH)) {
            from = docs.findings().stream().map(d -> d.path("@timestamp").asText(null)).filter(s -> s != null)
                    .map(Instant::parse).min(Instant::compareTo).orElse(until);
            until = docs.findings().stream().map(d -> d.path("@timestamp").asText(null)).filter(s -> s != null)
                    .map(Instant::parse).max(Instant::compareTo).orElse(until);
        }
        ComplianceReport report = ComplianceReport.build(docs.findings(), docs.assets(), from, until, source);
        String text = format.equals("html") ? ReportRenderer.html(report) : ReportRenderer.markdown(report);
        try {
            if (out == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            } else {
                Files.writeString(out, text, StandardCharsets.UTF_8);
                err.println("vigil report: wrote " + out + " (" + docs.findings().size() + " findings, "
                        + report.assetCount() + " devices)");
            }
        } catch (IOException e) {
            err.println("vigil report: " + out + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
