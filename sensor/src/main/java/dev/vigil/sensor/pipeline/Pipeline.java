package dev.vigil.sensor.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.TimeoutBlockingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.vigil.protocol.L2L4Events;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.capture.PacketHandler;
import dev.vigil.sensor.detect.DetectStage;
import dev.vigil.sensor.detect.DocumentAnalyzer;
import dev.vigil.sensor.event.Observer;
import dev.vigil.sensor.output.EventRecord;
import dev.vigil.sensor.output.OutputAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The data path: capture source → packet ring → workers → record ring → outputs.
 *
 * <pre>
 *  capture thread            workers (flow shards)             output agents
 *  copy + L2-L4 decode  -->  flows, ARP, app decoders   -->   NDJSON, Elasticsearch, ...
 *        [packet ring, preallocated slots]  [record ring, preallocated slots]
 * </pre>
 *
 * Offline inputs are lossless: a full ring makes the reader wait. Live inputs never wait on a
 * full ring: the packet or record is dropped and counted. Every output sees every record, in
 * order, on its own thread.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final PipelineStats stats = new PipelineStats();
    private final Disruptor<PacketSlot> packets;
    private final Disruptor<EventRecord> records;
    /** The outputs' ring when a detect stage sits between the workers and the outputs, else null. */
    private final Disruptor<EventRecord> outputRecords;
    private final DetectStage detect;
    private final DecodeStage decodeStage;
    private final InlineStage inline;
    private final List<OutputAgent> outputs;
    private final List<OutputHandler> outputHandlers = new ArrayList<>();
    private final boolean offline;
    private final CountDownLatch started;
    private boolean closed;

    /**
     * @param offline true for files: lossless back-pressure; false for live capture
     */
    public Pipeline(PipelineConfig config, Observer observer, AppRegistry apps, List<OutputAgent> outputs,
                    boolean offline) {
        this(config, observer, apps, outputs, List.of(), offline, !offline || config.workers() > 1);
    }

    /**
     * @param analyzers run on the detect stage between workers and outputs (inventory, findings);
     *                  none: the workers' ring feeds the outputs directly
     */
    public Pipeline(PipelineConfig config, Observer observer, AppRegistry apps, List<OutputAgent> outputs,
                    List<DocumentAnalyzer> analyzers, boolean offline) {
        this(config, observer, apps, outputs, analyzers, offline, !offline || config.workers() > 1);
    }

    Pipeline(PipelineConfig config, Observer observer, AppRegistry apps, List<OutputAgent> outputs,
             boolean offline, boolean useRing) {
        this(config, observer, apps, outputs, List.of(), offline, useRing);
    }

    /**
     * @param useRing false runs the single worker on the reading thread (offline only); true
     *                puts the packet ring between them as live capture does
     */
    Pipeline(PipelineConfig config, Observer observer, AppRegistry apps, List<OutputAgent> outputs,
             List<DocumentAnalyzer> analyzers, boolean offline, boolean useRing) {
        L2L4Events.init();
        this.offline = offline;
        this.outputs = List.copyOf(outputs);
        boolean detecting = !analyzers.isEmpty();
        this.started = new CountDownLatch(config.workers() + Math.max(1, this.outputs.size()) + (detecting ? 1 : 0));
        this.records = new Disruptor<>(EventRecord::new, config.recordRingSize(),
                threads(detecting ? "vigil-detect" : "vigil-output"), ProducerType.MULTI,
                detecting && !offline ? new TimeoutBlockingWaitStrategy(1, TimeUnit.SECONDS)
                        : new BlockingWaitStrategy());
        this.records.setDefaultExceptionHandler(new LoggingExceptionHandler<>(detecting ? "detect" : "output"));
        Disruptor<EventRecord> toOutputs = records;
        if (detecting) {
            this.outputRecords = new Disruptor<>(EventRecord::new, config.recordRingSize(), threads("vigil-output"),
                    ProducerType.SINGLE, new BlockingWaitStrategy());
            this.outputRecords.setDefaultExceptionHandler(new LoggingExceptionHandler<>("output"));
            toOutputs = outputRecords;
        } else {
            this.outputRecords = null;
        }
        if (this.outputs.isEmpty()) {
            outputHandlers.add(new OutputHandler(new NullOutput(), started));
        } else {
            for (OutputAgent o : this.outputs) {
                outputHandlers.add(new OutputHandler(o, started));
            }
        }
        @SuppressWarnings("unchecked")
        EventHandler<EventRecord>[] oh = outputHandlers.toArray(new EventHandler[0]);
        toOutputs.handleEventsWith(oh);
        if (detecting) {
            this.detect = new DetectStage(analyzers, new RecordPublisher(outputRecords.getRingBuffer(), stats),
                    observer, config.namespace(), config.workers(), offline, started::countDown);
            records.handleEventsWith(detect);
        } else {
            this.detect = null;
        }
        RecordPublisher publisher = new RecordPublisher(records.getRingBuffer(), stats);

        if (!useRing) {
            if (!offline || config.workers() != 1) {
                throw new IllegalArgumentException("only offline analysis with one worker can run without the ring");
            }
            // one worker, a file: the reading thread runs the worker (see InlineStage)
            this.packets = null;
            this.decodeStage = null;
            this.inline = new InlineStage(new Worker(0, 1, config, observer, publisher, stats, apps, started,
                    new L2L4Stage(stats), detecting), stats);
            started.countDown();
        } else {
            this.inline = null;
            this.packets = new Disruptor<>(PacketSlot::new, config.packetRingSize(), threads("vigil-worker"),
                    ProducerType.SINGLE, offline ? new SleepingWaitStrategy()
                    : new TimeoutBlockingWaitStrategy(1, TimeUnit.SECONDS));
            this.packets.setDefaultExceptionHandler(new LoggingExceptionHandler<>("worker"));
            @SuppressWarnings("unchecked")
            EventHandler<PacketSlot>[] workers = new EventHandler[config.workers()];
            for (int i = 0; i < workers.length; i++) {
                // one worker decodes its own packets; several need the flow hash from the capture thread
                L2L4Stage own = workers.length == 1 ? new L2L4Stage(stats) : null;
                workers[i] = new Worker(i, workers.length, config, observer, publisher, stats, apps, started, own,
                        detecting);
            }
            packets.handleEventsWith(workers);
            this.decodeStage = new DecodeStage(packets.getRingBuffer(),
                    workers.length == 1 ? null : new L2L4Stage(stats), stats, offline);
        }
        if (outputRecords != null) {
            outputRecords.start();
        }
        records.start();
        if (packets != null) {
            packets.start();
        }
        awaitStarted();
    }

    /**
     * Waits until every ring consumer runs. Disruptor's {@code shutdown()} only waits for the
     * backlog of consumers that are already running: a consumer thread that had not started yet
     * would be halted before it saw a single event, and a short file would lose its events.
     */
    private void awaitStarted() {
        try {
            if (!started.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("pipeline threads did not start within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the pipeline", e);
        }
    }

    /** The handler a capture source feeds; call {@link #beginInput} first. Capture thread only. */
    public PacketHandler handler() {
        return inline != null ? inline : decodeStage;
    }

    /** Starts an input (file or interface); events of it carry its name and derive ids from its key. */
    public void beginInput(InputContext input) {
        if (inline != null) {
            inline.input(input);
        } else {
            decodeStage.input(input);
        }
    }

    /** Ends an input: workers end its flows (reason {@code eof}) and emit what is pending. */
    public void endInput(InputContext input) {
        if (inline != null) {
            inline.endOfInput(input);
        } else {
            decodeStage.endOfInput(input);
        }
    }

    public PipelineStats stats() {
        return stats;
    }

    /** The detect stage, or null when no analyzer runs. */
    public DetectStage detectStage() {
        return detect;
    }

    public boolean offline() {
        return offline;
    }

    /** Drains both rings (every accepted packet processed, every record delivered), then closes the outputs. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (packets != null) {
            packets.shutdown();
        }
        records.shutdown();
        if (outputRecords != null) {
            outputRecords.shutdown();
        }
        for (OutputHandler h : outputHandlers) {
            h.closeAgent();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs one output agent as a record-ring consumer; an output's failure never stops the others. */
    private static final class OutputHandler implements EventHandler<EventRecord> {
        private final OutputAgent agent;
        private final CountDownLatch started;
        private boolean broken;

        OutputHandler(OutputAgent agent, CountDownLatch started) {
            this.agent = agent;
            this.started = started;
        }

        @Override
        public void onStart() {
            try {
                agent.start();
            } catch (Exception e) {
                broken = true;
                LOG.error("output {} failed to start: {}", agent.name(), e.toString());
            } finally {
                started.countDown();
            }
        }

        @Override
        public void onEvent(EventRecord r, long sequence, boolean endOfBatch) {
            if (broken) {
                return;
            }
            try {
                agent.onRecord(r, endOfBatch);
            } catch (Exception e) {
                broken = true;
                LOG.error("output {} failed and stops: {}", agent.name(), e.toString());
            }
        }

        void closeAgent() {
            try {
                agent.close();
            } catch (Exception e) {
                LOG.error("output {} failed to close: {}", agent.name(), e.toString());
            }
        }
    }

    private static final class NullOutput implements OutputAgent {
        private long n;

        @Override
        public String name() {
            return "none";
        }

        @Override
        public void onRecord(EventRecord record, boolean endOfBatch) {
            n++;
        }

        @Override
        public void close() {
        }

        @Override
        public long delivered() {
            return n;
        }

        @Override
        public long failed() {
            return 0;
        }
    }

    private static final class LoggingExceptionHandler<T> implements ExceptionHandler<T> {
        private final String stage;
        private long count;

        LoggingExceptionHandler(String stage) {
            this.stage = stage;
        }

        @Override
        public void handleEventException(Throwable ex, long sequence, T event) {
            // a bug in a stage must not stop the pipeline: count, log rate-limited, go on
            count++;
            if (count <= 10 || Long.bitCount(count) == 1) {
                LOG.error("{} stage error #{} at ring sequence {}", stage, count, sequence, ex);
            }
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            LOG.error("{} stage failed to start", stage, ex);
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            LOG.error("{} stage failed to stop", stage, ex);
        }
    }
}
