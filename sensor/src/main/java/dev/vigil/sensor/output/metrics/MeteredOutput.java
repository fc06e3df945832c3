package dev.vigil.sensor.output.metrics;

import dev.vigil.sensor.output.EventRecord;
import dev.vigil.sensor.output.OutputAgent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.Map;

/**
 * An output with its records counted by dataset ({@code vigil.output.events{output,dataset}})
 * and its state known to the health check: started, or failed to start, or stopped by an
 * error (the pipeline stops feeding an output that throws). Otherwise transparent: every call
 * goes to the wrapped output, exceptions included.
 */
public final class MeteredOutput implements OutputAgent {
    private final OutputAgent delegate;
    private final String tag;
    private final MeterRegistry registry;
    /** Output thread only; datasets are a small set of interned constants. */
    private final Map<String, Counter> byDataset = new HashMap<>();
    private volatile boolean started;
    private volatile String failure;

    MeteredOutput(OutputAgent delegate, String tag, MeterRegistry registry) {
        this.delegate = delegate;
        this.tag = tag;
        this.registry = registry;
    }

    /** The wrapped output. */
    public OutputAgent delegate() {
        return delegate;
    }

    /** The {@code output} tag of this output's meters (its name, made unique). */
    public String tag() {
        return tag;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void start() throws Exception {
        try {
            delegate.start();
            started = true;
        } catch (Exception | Error e) {
            failure = "failed to start: " + e.getMessage();
            throw e;
        }
    }

    @Override
    public void onRecord(EventRecord record, boolean endOfBatch) throws Exception {
        try {
            delegate.onRecord(record, endOfBatch);
        } catch (Exception | Error e) {
            failure = "stopped after an error: " + e.getMessage();
            throw e;
        }
        Counter c = byDataset.get(record.dataset);
        if (c == null) {
            c = Counter.builder("vigil.output.events").tag("output", tag).tag("dataset", String.valueOf(record.dataset))
                    .description("Documents handed to each output, by dataset").register(registry);
            byDataset.put(record.dataset, c);
        }
        c.increment();
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }

    @Override
    public long delivered() {
        return delegate.delivered();
    }

    @Override
    public long failed() {
        return delegate.failed();
    }

    /** True once {@code start()} succeeded. */
    public boolean started() {
        return started;
    }

    /** Why the output no longer works, or null. */
    public String failure() {
        return failure;
    }
}
