package dev.vigil.sensor.report;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Where the report's findings and assets come from: NDJSON files the sensor wrote, or Elasticsearch. */
public final class ReportSource {
    /** Most findings the report reads from Elasticsearch (the report says when it hit the cap). */
    public static final int MAX_DOCUMENTS = 10_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Findings and assets within the period. */
    public record Documents(List<JsonNode> findings, List<JsonNode> assets, boolean truncated) {
    }

    private ReportSource() {
    }

    /**
     * Reads {@code vigil.finding} and {@code vigil.asset} documents from NDJSON files; a line that is
     * not JSON is an error naming the file and line.
     */
    public static Documents ndjson(List<Path> files, Instant since, Instant until) throws IOException {
        List<JsonNode> findings = new ArrayList<>();
        List<JsonNode> assets = new ArrayList<>();
        for (Path f : files) {
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode doc;
                    try {
                        doc = MAPPER.readTree(line);
                    } catch (JsonProcessingException e) {
                        throw new IOException(f + ":" + n + ": not a JSON document: " + e.getOriginalMessage());
                    }
                    String ds = doc.path("event").path("dataset").asText("");
                    if (ds.equals("vigil.finding") && within(doc, since, until)) {
                        findings.add(doc);
                    } else if (ds.equals("vigil.asset")) {
                        assets.add(doc);
                    }
                }
            }
        }
        return new Documents(findings, assets, false);
    }

    /** Reads findings from {@code logs-vigil.finding-<ns>} and assets from {@code vigil-assets-<ns>}. */
    public static Documents elasticsearch(ElasticsearchClient client, String namespace, Instant since, Instant until)
            throws IOException {
        Query range = Query.of(q -> q.range(r -> r.untyped(u -> u.field("@timestamp")
                .gte(JsonData.of(since.toString())).lte(JsonData.of(until.toString())))));
        SearchResponse<ObjectNode> f = client.search(s -> s.index("logs-vigil.finding-" + namespace)
                .ignoreUnavailable(true).allowNoIndices(true).query(range).size(MAX_DOCUMENTS)
                .sort(o -> o.field(x -> x.field("@timestamp"))), ObjectNode.class);
        SearchResponse<ObjectNode> a = client.search(s -> s.index("vigil-assets-" + namespace)
                .ignoreUnavailable(true).allowNoIndices(true).size(MAX_DOCUMENTS), ObjectNode.class);
        List<JsonNode> findings = new ArrayList<>();
        for (Hit<ObjectNode> h : f.hits().hits()) {
            findings.add(h.source());
        }
        List<JsonNode> assets = new ArrayList<>();
        for (Hit<ObjectNode> h : a.hits().hits()) {
            assets.add(h.source());
        }
        long total = f.hits().total() == null ? findings.size() : f.hits().total().value();
        return new Documents(findings, assets, total > findings.size());
    }

    private static boolean within(JsonNode doc, Instant since, Instant until) {
        String ts = doc.path("@timestamp").asText(null);
        if (ts == null) {
            return true;
        }
        try {
            Instant t = Instant.parse(ts);
            return !t.isBefore(since) && !t.isAfter(until);
        } catch (RuntimeException e) {
            return true;
        }
    }
}
