package dev.vigil.sensor.detect;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.rules.detect.Finding;
import dev.vigil.rules.detect.FindingDocument;
import dev.vigil.rules.detect.FindingEngine;
import dev.vigil.rules.detect.FindingSink;
import dev.vigil.rules.policy.Policy;
import dev.vigil.sensor.config.Reloadable;
import dev.vigil.sensor.event.EventWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * The finding engine of the site policy on the detect stage: every event document goes through
 * its rules, and each finding becomes a {@code vigil.finding} document ({@code event.kind: alert},
 * which the webhooks take). A reload swaps the engine between two documents; the new engine
 * starts its deduplication afresh, so a finding still true is reported once more after a reload.
 *
 * <p>Document fields: {@code rule.*}, {@code event.severity} (ECS number), {@code vigil.severity}
 * (label), {@code message}, {@code vigil.cis.control}, {@code asset.{mac, ip, name, role,
 * authorized}}, {@code vigil.evidence.{event_ids, count, first_seen, last_seen}},
 * {@code vigil.finding.{key, details}}.
 */
public final class FindingAnalyzer implements DocumentAnalyzer, Reloadable {
    public static final String DATASET = "vigil.finding";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AtomicReference<FindingEngine> next = new AtomicReference<>();
    private final BiFunction<Path, Path, Policy> loader;
    private FindingEngine engine;
    private DocumentSink out;
    private final FindingSink sink = this::write;
    private long findings;

    /**
     * @param policy the policy to judge by
     * @param loader loads a policy and an inventory for a reload (throws with file:line)
     */
    public FindingAnalyzer(Policy policy, BiFunction<Path, Path, Policy> loader) {
        this.engine = new FindingEngine(policy);
        this.loader = loader;
    }

    @Override
    public String name() {
        return "findings";
    }

    @Override
    public void onDocument(JsonNode event, DocumentSink out) {
        swapIfReloaded();
        this.out = out;
        engine.onEvent(event, sink);
    }

    @Override
    public void onTick(long nowNanos, DocumentSink out) {
        this.out = out;
        engine.advance(nowNanos, sink);
    }

    @Override
    public void onEndOfInput(DocumentSink out) {
        this.out = out;
        engine.finish(sink);
    }

    @Override
    public Commit prepareReload(Path policy, Path inventory) {
        FindingEngine prepared = new FindingEngine(loader.apply(policy, inventory));
        return () -> next.set(prepared);
    }

    private void swapIfReloaded() {
        FindingEngine n = next.getAndSet(null);
        if (n != null) {
            engine = n;
        }
    }

    /** Findings written so far. */
    public long findings() {
        return findings;
    }

    /** The engine (tests, learning-mode proposals). */
    public FindingEngine engine() {
        return engine;
    }

    private void write(Finding f) {
        EventWriter w = out.writer();
        long ts = f.timestampNanos();
        w.begin(DATASET, true, ts, 0, f.id(), Math.max(1, f.evidence().firstSeenNanos()), ts, null,
                f.severityCode());
        try {
            JsonGenerator g = w.json();
            // one layout for documents, webhooks and tests: FindingDocument's, minus the header
            for (Iterator<Map.Entry<String, JsonNode>> it = FindingDocument.toJson(f).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("@timestamp") && !e.getKey().equals("event")) {
                    g.writeFieldName(e.getKey());
                    MAPPER.writeTree(g, e.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        w.finish();
        findings++;
        out.emit(DATASET, f.id(), ts, true, false);
    }
}
