package dev.vigil.sensor.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lmax.disruptor.EventHandler;
import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.event.Observer;
import dev.vigil.sensor.output.EventRecord;
import dev.vigil.sensor.pipeline.RecordPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stage between the workers and the outputs that turns events into verdicts. It reads the
 * record ring the workers write, forwards every document to the outputs' ring unchanged (in
 * order), and gives each document, parsed once, to the analyzers (asset inventory, finding
 * engine), whose documents follow the one that caused them.
 *
 * <p>Why here and not in the workers: the analyzers keep state across all flows and all workers
 * (one inventory, one deduplication of findings), need no locks on a single thread, and their
 * cost (a JSON tree per document) stays off the packet path. Why documents and not typed calls:
 * a rule is a function of the same events the analyst sees in Kibana, so a rule is tested with
 * crafted events and explained with the event ids it cites.
 *
 * <p>Internal records (a flow's start, the end of an input) are seen here and never forwarded.
 */
public final class DetectStage implements EventHandler<EventRecord>, DocumentSink {
    private static final Logger LOG = LoggerFactory.getLogger(DetectStage.class);
    /** Dataset of the internal record each worker writes when it has finished an input. */
    public static final String END_OF_INPUT = "vigil.internal.end_of_input";
    private static final long SECOND = 1_000_000_000L;

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<DocumentAnalyzer> analyzers;
    private final RecordPublisher out;
    private final EventWriter writer;
    private final int workers;
    private final boolean offline;
    private final Runnable onStart;
    private final AtomicLong parseErrors = new AtomicLong();
    private final AtomicLong analyzerErrors = new AtomicLong();
    private final AtomicLong documents = new AtomicLong();
    private int endMarkers;
    private long eventTime;
    private long lastTick;
    private String inputName = "";

    /**
     * @param out     publisher into the outputs' ring
     * @param workers how many workers each write an end-of-input marker per input
     * @param offline lossless (a full outputs' ring makes this stage wait) instead of dropping
     */
    public DetectStage(List<DocumentAnalyzer> analyzers, RecordPublisher out, Observer observer, String namespace,
                       int workers, boolean offline, Runnable onStart) {
        this.analyzers = List.copyOf(analyzers);
        this.out = out;
        this.writer = new EventWriter(observer, namespace);
        this.workers = workers;
        this.offline = offline;
        this.onStart = onStart;
    }

    @Override
    public void onStart() {
        onStart.run();
    }

    @Override
    public void onShutdown() {
        for (DocumentAnalyzer a : analyzers) {
            try {
                a.close();
            } catch (RuntimeException e) {
                LOG.error("analyzer {} failed to close: {}", a.name(), e.toString());
            }
        }
    }

    @Override
    public void onEvent(EventRecord r, long sequence, boolean endOfBatch) {
        if (!r.internal) {
            out.forward(r, offline);
        }
        if (END_OF_INPUT.equals(r.dataset)) {
            if (++endMarkers == workers) {
                endMarkers = 0;
                for (DocumentAnalyzer a : analyzers) {
                    try {
                        a.onEndOfInput(this);
                    } catch (RuntimeException e) {
                        analyzerFailed(a, e);
                    }
                }
            }
            return;
        }
        JsonNode doc;
        try {
            doc = mapper.readTree(r.json(), 0, r.length());
        } catch (IOException e) {
            // our own workers wrote it: a bug, counted and logged, never a stop
            long n = parseErrors.incrementAndGet();
            if (n <= 10 || Long.bitCount(n) == 1) {
                LOG.error("detect stage: unreadable {} document #{}: {}", r.dataset, n, e.toString());
            }
            return;
        }
        documents.incrementAndGet();
        JsonNode file = doc.path("vigil").path("input").path("file");
        if (file.isTextual() && !file.asText().equals(inputName)) {
            inputName = file.asText();
        }
        if (r.timestampNanos > eventTime) {
            eventTime = r.timestampNanos;
        }
        for (DocumentAnalyzer a : analyzers) {
            try {
                a.onDocument(doc, this);
            } catch (RuntimeException e) {
                analyzerFailed(a, e);
            }
        }
        if (offline && eventTime - lastTick >= SECOND) {
            tick(eventTime);
        }
    }

    /** Live capture: no record for a while; time still passes for the analyzers. */
    @Override
    public void onTimeout(long sequence) {
        if (!offline) {
            long now = System.currentTimeMillis() * 1_000_000L;
            if (now - lastTick >= SECOND) {
                tick(now);
            }
        }
    }

    private void tick(long now) {
        lastTick = now;
        for (DocumentAnalyzer a : analyzers) {
            try {
                a.onTick(now, this);
            } catch (RuntimeException e) {
                analyzerFailed(a, e);
            }
        }
    }

    private void analyzerFailed(DocumentAnalyzer a, RuntimeException e) {
        long n = analyzerErrors.incrementAndGet();
        if (n <= 10 || Long.bitCount(n) == 1) {
            LOG.error("analyzer {} error #{}", a.name(), n, e);
        }
    }

    @Override
    public EventWriter writer() {
        return writer;
    }

    @Override
    public void emit(String dataset, String id, long timestampNanos, boolean alert, boolean upsert) {
        out.publish(writer, dataset, id, timestampNanos, alert, upsert, offline);
    }

    @Override
    public String inputName() {
        return inputName;
    }

    /** Documents analysed. */
    public long documents() {
        return documents.get();
    }

    /** Analyzer failures (bugs: counted, logged, never a stop). */
    public long errors() {
        return analyzerErrors.get() + parseErrors.get();
    }
}
