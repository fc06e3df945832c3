package dev.vigil.sensor.output.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import dev.vigil.sensor.output.EventRecord;
import dev.vigil.sensor.output.OutputAgent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.elasticsearch.client.ResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes records into the data streams {@code logs-<event.dataset>-<namespace>} with the bulk
 * API: op {@code create}, {@code _id} = {@link EventRecord#id}, the record's JSON bytes sent as
 * they are (never re-serialised).
 *
 * <p>Threads: {@link #onRecord} (the agent's thread) fills a batch and hands it to one sender
 * thread when it reaches {@link ElasticsearchConfig#maxBatchRecords()} or
 * {@link ElasticsearchConfig#maxBatchBytes()}, at {@code endOfBatch}, or after
 * {@link ElasticsearchConfig#maxDelay()}. At most {@link ElasticsearchConfig#maxQueuedBatches()}
 * batches wait for the sender; beyond that {@code onRecord} blocks, which backs up the record
 * ring (whose drops the pipeline counts) and never the packet path.
 *
 * <p>Per item: created is delivered; 409 (the id is already in the data stream: a re-run over
 * the same input) is delivered and counted in {@link #duplicates()}; 429 and 5xx items, and
 * whole requests that fail on the connection, 429 or 5xx, are retried with exponential backoff
 * and jitter for up to {@link ElasticsearchConfig#maxRetryTime()}; other errors (mapping
 * conflicts, 400) are failed, counted by reason ({@link #failedByReason()}) and the first ones
 * logged. Duplicates are detected per backing index: after a rollover the same id can be
 * indexed again.
 */
public final class ElasticsearchOutput implements OutputAgent {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchOutput.class);
    /** event.dataset values allowed in a data stream name: lower case, no hyphen. */
    private static final Pattern DATASET = Pattern.compile("[a-z0-9_][a-z0-9_.]{0,99}");
    private static final Batch POISON = new Batch();
    private static final int DATASET_CACHE_LIMIT = 1024;

    private final ElasticsearchConfig config;
    private final Function<ElasticsearchConfig, ElasticsearchClient> clientFactory;
    private final BlockingQueue<Batch> queue;
    private final Map<String, String> indexByDataset = new HashMap<>();
    private final FailureLog failureLog = new FailureLog();

    private final Object lock = new Object();
    private Batch current = new Batch(); // guarded by lock
    private boolean closed; // guarded by lock

    private ElasticsearchClient client;
    private Thread sender;

    private final LongAdder accepted = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder bulkRequests = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> failedByReason = new ConcurrentHashMap<>();

    public ElasticsearchOutput(ElasticsearchConfig config) {
        this(config, ElasticsearchClients::create);
    }

    /** With another client factory (tests). */
    ElasticsearchOutput(ElasticsearchConfig config, Function<ElasticsearchConfig, ElasticsearchClient> clientFactory) {
        this.config = Objects.requireNonNull(config, "config");
        this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
        this.queue = new ArrayBlockingQueue<>(config.maxQueuedBatches() + 1); // + 1 for the end marker
    }

    @Override
    public String name() {
        return "elasticsearch";
    }

    /**
     * Connects, installs the templates (retried like a bulk request while Elasticsearch is
     * unreachable), and starts the sender thread.
     *
     * @throws IOException if Elasticsearch stays unreachable or refuses the templates
     */
    @Override
    public void start() throws IOException, InterruptedException {
        if (client != null) {
            throw new IllegalStateException("already started");
        }
        client = clientFactory.apply(config);
        if (config.installTemplates()) {
            installTemplates();
        }
        sender = new Thread(this::sendLoop, "vigil-es-bulk");
        sender.setDaemon(true);
        sender.start();
        LOG.info("Elasticsearch output to {} namespace {}", config.urls(), config.namespace());
    }

    private void installTemplates() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + config.maxRetryTime().toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                ElasticsearchTemplates.install(client);
                return;
            } catch (ElasticsearchException e) {
                if (!retryable(e.status()) || !backoff(attempt, deadline)) {
                    throw new IOException("Elasticsearch at " + config.urls() + " refused the vigil templates: "
                            + e.getMessage(), e);
                }
            } catch (IOException e) {
                int status = e instanceof TransportException te ? te.statusCode()
                        : e instanceof ResponseException re ? re.getResponse().getStatusLine().getStatusCode() : 0;
                if (status != 0 && !retryable(status) || !backoff(attempt, deadline)) {
                    throw new IOException("cannot install the vigil templates into Elasticsearch at "
                            + config.urls() + ": " + e, e);
                }
            }
            if (attempt == 1) {
                LOG.warn("Elasticsearch at {} not ready, retrying for up to {}", config.urls(), config.maxRetryTime());
            }
        }
    }

    @Override
    public void onRecord(EventRecord record, boolean endOfBatch) throws InterruptedException {
        String index = record.upsert ? ElasticsearchTemplates.ASSETS_INDEX_PREFIX + config.namespace()
                : indexFor(record.dataset);
        if (index == null) {
            accepted.increment();
            fail(1, "invalid_dataset", "event.dataset '" + record.dataset + "' cannot name a data stream", record.id);
            return;
        }
        Batch full = null;
        synchronized (lock) {
            if (closed || sender == null) {
                throw new IllegalStateException(closed ? "closed" : "not started");
            }
            accepted.increment();
            if (!current.isEmpty() && current.bytes + record.length() > config.maxBatchBytes()) {
                full = current;
                current = new Batch();
            }
            current.add(index, record);
        }
        if (full != null) {
            queue.put(full);
        }
        Batch ready = null;
        synchronized (lock) {
            Batch b = current; // empty if the sender just took it for being stale
            if (!b.isEmpty() && (endOfBatch || b.count() >= config.maxBatchRecords() || b.bytes >= config.maxBatchBytes()
                    || System.nanoTime() - b.firstNanos >= config.maxDelay().toNanos())) {
                ready = b;
                current = new Batch();
            }
        }
        if (ready != null) {
            queue.put(ready); // never while holding the lock: the sender takes it for stale batches
        }
    }

    private String indexFor(String dataset) {
        if (dataset == null) {
            return null;
        }
        String index = indexByDataset.get(dataset);
        if (index == null) {
            if (!DATASET.matcher(dataset).matches()) {
                return null;
            }
            index = "logs-" + dataset + "-" + config.namespace();
            if (indexByDataset.size() < DATASET_CACHE_LIMIT) {
                indexByDataset.put(dataset, index);
            }
        }
        return index;
    }

    /** Sends everything accepted so far, waits for it (bounded by the retry time), and closes the client. */
    @Override
    public void close() throws InterruptedException, IOException {
        Batch last;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            last = current;
            current = new Batch();
        }
        try {
            if (sender != null) {
                if (!last.isEmpty()) {
                    queue.put(last);
                }
                queue.put(POISON);
                long waitMillis = config.maxRetryTime().toMillis() + 2 * config.requestTimeout().toMillis() + 5_000;
                sender.join(waitMillis);
                if (sender.isAlive()) {
                    LOG.warn("Elasticsearch output: sender still busy after {} ms, abandoning what is left", waitMillis);
                    sender.interrupt();
                    sender.join(10_000);
                }
            } else if (!last.isEmpty()) {
                fail(last.count(), "not_started", "closed before start", null);
            }
        } finally {
            if (client != null) {
                client.close();
            }
            failureLog.summary(true);
            LOG.info("Elasticsearch output closed: delivered={} duplicates={} failed={} retries={} bulkRequests={}",
                    delivered(), duplicates(), failed(), retries(), bulkRequests());
        }
    }

    private void sendLoop() {
        long pollNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), config.maxDelay().toNanos() / 2);
        try {
            while (true) {
                Batch b = queue.poll(pollNanos, TimeUnit.NANOSECONDS);
                if (b == null) {
                    synchronized (lock) {
                        if (!current.isEmpty() && System.nanoTime() - current.firstNanos >= config.maxDelay().toNanos()) {
                            b = current;
                            current = new Batch();
                        }
                    }
                    failureLog.summary(false);
                    if (b == null) {
                        continue;
                    }
                }
                if (b == POISON) {
                    return;
                }
                send(b);
            }
        } catch (InterruptedException e) {
            // close() gave up waiting: count what never reached Elasticsearch
            int left = 0;
            for (Batch b : queue) {
                left += b == POISON ? 0 : b.count();
            }
            queue.clear();
            if (left > 0) {
                fail(left, "shutdown", "still queued at shutdown", null);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("Elasticsearch output: sender thread died", e);
            throw e;
        }
    }

    /** Sends one batch, retrying what can be retried, and accounts for every record in it. */
    private void send(Batch batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        List<BulkOperation> pending = batch.ops;
        long deadline = System.nanoTime() + config.maxRetryTime().toNanos();
        String retryReason = null;
        for (int attempt = 1; ; attempt++) {
            List<BulkOperation> ops = pending;
            // events go to data streams only (a typo'd template must not create plain indices);
            // asset documents are replaced in place in a plain index, which a data stream cannot do
            BulkRequest request = new BulkRequest.Builder().operations(ops).requireDataStream(!batch.upserts).build();
            try {
                bulkRequests.increment();
                BulkResponse response = client.bulk(request);
                List<BulkResponseItem> items = response.items();
                List<BulkOperation> again = new ArrayList<>();
                for (int i = 0; i < ops.size(); i++) {
                    BulkResponseItem item = i < items.size() ? items.get(i) : null;
                    int status = item == null ? 0 : item.status();
                    if (status == 200 || status == 201) {
                        delivered.increment();
                    } else if (status == 409) {
                        delivered.increment();
                        duplicates.increment();
                    } else if (item == null || retryable(status)) {
                        again.add(ops.get(i));
                        retryReason = item == null ? "missing_item" : errorType(item.error(), status);
                    } else {
                        ErrorCause error = item.error();
                        fail(1, errorType(error, status), errorDetail(error), item.id());
                    }
                }
                pending = again;
            } catch (ElasticsearchException e) {
                if (!retryable(e.status())) {
                    fail(ops.size(), errorType(e.error(), e.status()), e.getMessage(), null);
                    return;
                }
                retryReason = errorType(e.error(), e.status());
            } catch (TransportException e) {
                if (e.statusCode() != 0 && !retryable(e.statusCode())) {
                    fail(ops.size(), "http_" + e.statusCode(), e.getMessage(), null);
                    return;
                }
                retryReason = e.statusCode() != 0 ? "http_" + e.statusCode() : "connection";
            } catch (ResponseException e) {
                // the low-level client's own error for 502/503/504 (it marks the node dead)
                int status = e.getResponse().getStatusLine().getStatusCode();
                if (!retryable(status)) {
                    fail(ops.size(), "http_" + status, e.getMessage(), null);
                    return;
                }
                retryReason = "http_" + status;
            } catch (IOException e) {
                retryReason = "connection: " + e;
            } catch (RuntimeException e) {
                // a client-side bug or an unreadable response: retrying would repeat it
                fail(ops.size(), "client_error", e.toString(), null);
                return;
            }
            if (pending.isEmpty()) {
                return;
            }
            failureLog.retrying(retryReason);
            if (!backoff(attempt, deadline)) {
                fail(pending.size(), "retry_exhausted",
                        "gave up after " + config.maxRetryTime() + ", last cause " + retryReason, null);
                return;
            }
            retries.increment();
        }
    }

    /**
     * Sleeps before retry {@code attempt}: exponential, capped, with jitter (half fixed, half
     * random, so that senders do not retry in step).
     *
     * @return false when that would pass the deadline (no sleep then)
     */
    private boolean backoff(int attempt, long deadlineNanos) throws InterruptedException {
        long initial = config.initialBackoff().toNanos();
        long max = config.maxBackoff().toNanos();
        long delay = attempt >= 62 ? max : Math.min(max, initial << Math.min(attempt - 1, 30));
        delay = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
        if (System.nanoTime() + delay > deadlineNanos) {
            return false;
        }
        TimeUnit.NANOSECONDS.sleep(delay);
        return true;
    }

    private static boolean retryable(int status) {
        return status == 429 || status == 408 || status >= 500;
    }

    private static String errorType(ErrorCause error, int status) {
        return error != null && error.type() != null ? error.type() : "http_" + status;
    }

    private static String errorDetail(ErrorCause error) {
        if (error == null) {
            return null;
        }
        String detail = error.reason();
        ErrorCause cause = error.causedBy();
        if (cause != null && cause.reason() != null) {
            detail = detail + " (caused by " + cause.type() + ": " + cause.reason() + ")";
        }
        return detail;
    }

    private void fail(int count, String reason, String detail, String id) {
        failed.add(count);
        failedByReason.computeIfAbsent(reason, r -> new LongAdder()).add(count);
        failureLog.failed(count, reason, detail, id);
    }

    @Override
    public long delivered() {
        return delivered.sum();
    }

    @Override
    public long failed() {
        return failed.sum();
    }

    /** Records Elasticsearch already held (409 on create): included in {@link #delivered()}. */
    public long duplicates() {
        return duplicates.sum();
    }

    /** Bulk requests re-sent after a retryable failure. */
    public long retries() {
        return retries.sum();
    }

    /** Bulk requests sent, retries included. */
    public long bulkRequests() {
        return bulkRequests.sum();
    }

    /** Failed records by reason: the Elasticsearch error type ({@code document_parsing_exception}, ...) or ours. */
    public Map<String, Long> failedByReason() {
        Map<String, Long> m = new TreeMap<>();
        failedByReason.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Records accepted by {@link #onRecord} and not yet delivered or failed. */
    public long pending() {
        return accepted.sum() - delivered() - failed();
    }

    /** A bulk request in the making: its operations and the documents' bytes in one growing array. */
    private static final class Batch {
        final List<BulkOperation> ops = new ArrayList<>();
        /** The batch holds asset documents (op {@code index} into a plain index). */
        boolean upserts;
        byte[] buf = new byte[0];
        int bytes;
        long firstNanos;

        boolean isEmpty() {
            return ops.isEmpty();
        }

        int count() {
            return ops.size();
        }

        void add(String index, EventRecord record) {
            int len = record.length();
            if (ops.isEmpty()) {
                firstNanos = System.nanoTime();
            }
            if (buf.length - bytes < len) {
                // earlier operations keep referring to the old array, whose bytes stay valid
                buf = Arrays.copyOf(buf, Math.max(bytes + len, Math.max(64 * 1024, buf.length * 2)));
            }
            int offset = bytes;
            System.arraycopy(record.json(), 0, buf, offset, len);
            // bulk bodies are NDJSON: a line break inside a document can only be JSON whitespace
            for (int i = offset, end = offset + len; i < end; i++) {
                if (buf[i] == '\n' || buf[i] == '\r') {
                    buf[i] = ' ';
                }
            }
            bytes += len;
            BinaryData doc = BinaryData.of(buf, offset, len, ContentType.APPLICATION_JSON);
            String id = record.id;
            if (record.upsert && id != null) {
                upserts = true;
                ops.add(BulkOperation.of(op -> op.index(c -> c.index(index).id(id).document(doc))));
                return;
            }
            ops.add(BulkOperation.of(op -> op.create(c -> {
                c.index(index).document(doc);
                if (id != null) {
                    c.id(id);
                }
                return c;
            })));
        }
    }

    /**
     * Rate-limited failure logging: the first few failures in full, then one summary line per
     * minute with the counts by reason (never one line per record).
     */
    private final class FailureLog {
        private static final int FIRST = 5;
        private static final long SUMMARY_NANOS = TimeUnit.MINUTES.toNanos(1);
        private int logged;
        private boolean retryLogged;
        private long failedSinceSummary;
        private long lastSummary = System.nanoTime();

        synchronized void failed(int count, String reason, String detail, String id) {
            failedSinceSummary += count;
            if (logged < FIRST) {
                logged++;
                LOG.warn("Elasticsearch output: {} record(s) failed: {}{}{}", count, reason,
                        detail == null ? "" : ": " + abbreviate(detail), id == null ? "" : " (id " + id + ")");
                if (logged == FIRST) {
                    LOG.warn("Elasticsearch output: further failures are summarised once a minute");
                }
            } else {
                summary(false);
            }
        }

        synchronized void retrying(String cause) {
            if (!retryLogged) {
                retryLogged = true;
                LOG.warn("Elasticsearch output: {} not accepting records ({}), retrying for up to {}",
                        config.urls(), cause, config.maxRetryTime());
            }
        }

        synchronized void summary(boolean force) {
            long now = System.nanoTime();
            if (failedSinceSummary > 0 && (force || now - lastSummary >= SUMMARY_NANOS) && logged >= FIRST) {
                LOG.warn("Elasticsearch output: {} record(s) failed in the last {} s; totals by reason {}",
                        failedSinceSummary, TimeUnit.NANOSECONDS.toSeconds(now - lastSummary), failedByReason());
            }
            if (force || now - lastSummary >= SUMMARY_NANOS) {
                failedSinceSummary = 0;
                lastSummary = now;
                retryLogged = false;
            }
        }

        private String abbreviate(String s) {
            return s.length() <= 300 ? s : s.substring(0, 300) + "...";
        }
    }
}
