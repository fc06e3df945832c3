package dev.vigil.sensor.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.pipeline.PipelineConfig;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DetectStageTest {
    private static final Path CAPTURE = Corpus.file("sip/ndpi__sip.pcap");

    /** Remembers what it saw and writes one document per flow start. */
    private static final class Recorder implements DocumentAnalyzer {
        final List<JsonNode> seen = new ArrayList<>();
        final AtomicInteger ends = new AtomicInteger();
        final AtomicInteger ticks = new AtomicInteger();

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public void onDocument(JsonNode event, DocumentSink out) {
            seen.add(event);
            if ("start".equals(event.path("event").path("action").asText())) {
                String id = "start-" + event.path("event").path("sequence").asLong();
                out.writer().begin("vigil.finding", true, 1, 0, id, 0, 0);
                try {
                    out.writer().json().writeStringField("message", "flow started");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                out.writer().finish();
                out.emit("vigil.finding", id, 1, true, false);
            }
        }

        @Override
        public void onTick(long nowNanos, DocumentSink out) {
            ticks.incrementAndGet();
        }

        @Override
        public void onEndOfInput(DocumentSink out) {
            ends.incrementAndGet();
        }
    }

    @Test
    void outputsSeeTheWorkersDocumentsThenTheAnalyzersButNeverInternalOnes() {
        List<String> plain = Analyze.files(CAPTURE).output().lines();
        for (int workers : new int[] {1, 2}) {
            Recorder r = new Recorder();
            Analyze.Run run = Analyze.files(PipelineConfig.DEFAULT.withWorkers(workers), Analyze.decoders(),
                    List.of(r), CAPTURE);
            List<JsonNode> out = run.output().docs();
            long starts = r.seen.stream().filter(d -> "start".equals(d.path("event").path("action").asText())).count();
            long flowEnds = r.seen.stream().filter(d -> d.path("event").path("dataset").asText().equals("vigil.flow")
                    && !d.path("event").has("action")).count();
            assertThat(starts).as("one internal start per flow").isEqualTo(flowEnds).isPositive();
            assertThat(out).noneMatch(d -> "start".equals(d.path("event").path("action").asText()));
            assertThat(out).noneMatch(d -> d.path("event").path("dataset").asText().startsWith("vigil.internal"));
            assertThat(run.output().dataset("vigil.finding")).hasSize((int) starts);
            assertThat(out.size()).isEqualTo(plain.size() + starts);
            assertThat(r.ends.get()).as("end of input once, whatever the workers").isEqualTo(1);
            assertThat(r.ticks.get()).as("event time drives ticks").isPositive();
        }
    }

    @Test
    void aFailingAnalyzerNeitherStopsTheOthersNorLosesDocuments() {
        DocumentAnalyzer broken = new DocumentAnalyzer() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void onDocument(JsonNode event, DocumentSink out) {
                throw new IllegalStateException("bug");
            }
        };
        Recorder r = new Recorder();
        List<String> plain = Analyze.files(CAPTURE).output().lines();
        Analyze.Run run = Analyze.files(PipelineConfig.DEFAULT, Analyze.decoders(), List.of(broken, r), CAPTURE);
        assertThat(run.output().docs().size() - run.output().dataset("vigil.finding").size()).isEqualTo(plain.size());
        assertThat(r.seen).isNotEmpty();
    }
}
