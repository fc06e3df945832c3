package dev.vigil.sensor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.sensor.output.EventRecord;
import dev.vigil.sensor.output.OutputAgent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** An output that keeps every document in memory, for tests. */
public final class CollectingOutput implements OutputAgent {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> docs = Collections.synchronizedList(new ArrayList<>());

    @Override
    public String name() {
        return "collect";
    }

    @Override
    public void onRecord(EventRecord record, boolean endOfBatch) {
        docs.add(record.jsonString());
    }

    @Override
    public void close() {
    }

    @Override
    public long delivered() {
        return docs.size();
    }

    @Override
    public long failed() {
        return 0;
    }

    public List<String> lines() {
        return List.copyOf(docs);
    }

    public List<JsonNode> docs() {
        return docs.stream().map(CollectingOutput::parse).collect(Collectors.toList());
    }

    public List<JsonNode> dataset(String dataset) {
        return docs().stream().filter(d -> dataset.equals(d.path("event").path("dataset").asText()))
                .collect(Collectors.toList());
    }

    static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
