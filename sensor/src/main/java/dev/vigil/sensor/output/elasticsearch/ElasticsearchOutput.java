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
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.sensor.output.EventRecord;
import dev.vigil.sensor.output.OutputAgent;
import dev.vigil.sensor.output.spool.DiskSpool;
import dev.vigil.sensor.output.spool.SpoolRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
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
import java.util.concurrent.CountDownLatch;
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
 *
 * <p>With a spool ({@link ElasticsearchConfig#spool()}) records go through a {@link DiskSpool}
 * instead of in-memory batches: {@code onRecord} appends each record and the sender thread
 * reads batches from the spool, acknowledging a batch only once every record in it is settled
 * (created, already present, or dead-lettered). So an Elasticsearch outage or a crash of the
 * sensor loses nothing: what was not acknowledged is sent again after the restart, and the
 * deterministic ids with {@code create} make the repeat harmless. With a spool, retryable
 * failures are retried without a time limit (the spool is the buffer; its cap bounds it);
 * records Elasticsearch refuses (mapping errors, other 4xx) are written with the reason to
 * {@value #DEAD_LETTER_FILE} in the spool directory and counted in {@link #failedByReason()}.
 * A full spool blocks {@code onRecord} for up to {@link ElasticsearchConfig#maxRetryTime()}
 * (offline) or counts the record as {@code spool_full} at once (live), see
 * {@link ElasticsearchConfig#blockWhenSpoolFull()}.
 */
public final class ElasticsearchOutput implements OutputAgent {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchOutput.class);
    /** event.dataset values allowed in a data stream name: lower case, no hyphen. */
    private static final Pattern DATASET = Pattern.compile("[a-z0-9_][a-z0-9_.]{0,99}");
    private static final Batch POISON = new Batch();
    private static final int DATASET_CACHE_LIMIT = 1024;
    /** Name of the dead-letter file in the spool directory. */
    public static final String DEAD_LETTER_FILE = "dead-letter.ndjson";
    /** How long the sender waits for a first record before it looks at the stop flag and the logs. */
    private static final long SPOOL_POLL_MILLIS = 100;
    /** Pause between tries to append to a full spool while blocking. */
    private static final long SPOOL_FULL_PAUSE_MILLIS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

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

    // spool mode
    private DiskSpool spool;
    /**
     * Number (counted from the spool's open, as {@link SpoolRecord#sequence()}) of the record
     * that ended the producer's last batch: the sender sends when it reaches it.
     */
    private volatile long flushMark;
    private volatile boolean stopping;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder deadLetterUnwritten = new LongAdder();

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
        if (config.installTemplates() && config.spool().isEmpty()) {
            installTemplates();
        }
        if (config.spool().isPresent()) {
            spool = DiskSpool.open(config.spool().get());
            accepted.add(spool.recoveredRecords()); // accepted by an earlier run, delivered by this one
            flushMark = spool.recoveredRecords(); // send those without waiting for more
            sender = new Thread(this::spoolLoop, "vigil-es-bulk");
        } else {
            sender = new Thread(this::sendLoop, "vigil-es-bulk");
        }
        sender.setDaemon(true);
        sender.start();
        LOG.info("Elasticsearch output to {} namespace {}{}", config.urls(), config.namespace(), spool == null ? ""
                : ", spooled in " + config.spool().get().directory() + " (" + spool.recoveredRecords()
                        + " record(s) from an earlier run)");
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
        if (spool != null) {
            onRecordSpooled(index, record, endOfBatch);
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

    private void onRecordSpooled(String index, EventRecord record, boolean endOfBatch) throws InterruptedException {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
        }
        accepted.increment();
        byte[] enc = encode(index, record);
        if (endOfBatch) {
            // set before the append, so the sender never holds this record without seeing the mark
            flushMark = spool.recoveredRecords() + spool.appendedRecords() + 1;
        }
        long waitUntil = System.nanoTime() + config.maxRetryTime().toNanos();
        while (true) {
            DiskSpool.Append a = spool.append(enc);
            if (a == DiskSpool.Append.APPENDED) {
                break;
            }
            if (a == DiskSpool.Append.FULL && config.blockWhenSpoolFull() && System.nanoTime() < waitUntil
                    && sender.isAlive()) {
                markFlush(); // let the sender take what it has at once
                TimeUnit.MILLISECONDS.sleep(SPOOL_FULL_PAUSE_MILLIS);
                continue;
            }
            String reason = switch (a) {
                case FULL -> "spool_full";
                case TOO_LARGE -> "too_large";
                default -> "spool_io";
            };
            fail(1, reason, "not spooled (" + a + ")", record.id);
            break;
        }
        if (endOfBatch) {
            spool.flush();
        }
    }

    private void markFlush() {
        flushMark = spool.recoveredRecords() + spool.appendedRecords();
    }

    /** Spool record: index (u16 length, UTF-8), id (u16 length, 0xffff for none, UTF-8), document. */
    private static byte[] encode(String index, EventRecord record) {
        byte[] ix = index.getBytes(StandardCharsets.UTF_8);
        byte[] id = record.id == null ? null : record.id.getBytes(StandardCharsets.UTF_8);
        if (id != null && id.length >= 0xffff) {
            id = Arrays.copyOf(id, 0xfffe); // ids are short; the cap only keeps the framing sound
        }
        ByteBuffer b = ByteBuffer.allocate(4 + ix.length + (id == null ? 0 : id.length) + record.length());
        b.putShort((short) ix.length).put(ix);
        if (id == null) {
            b.putShort((short) 0xffff);
        } else {
            b.putShort((short) id.length).put(id);
        }
        b.put(record.json(), 0, record.length());
        return b.array();
    }

    private static void addSpooled(Batch batch, SpoolRecord r) {
        byte[] d = r.data();
        ByteBuffer b = ByteBuffer.wrap(d);
        int ixLen = b.getShort() & 0xffff;
        String index = new String(d, 2, ixLen, StandardCharsets.UTF_8);
        b.position(2 + ixLen);
        int idLen = b.getShort() & 0xffff;
        int docStart = 4 + ixLen + (idLen == 0xffff ? 0 : idLen);
        String id = idLen == 0xffff ? null : new String(d, 4 + ixLen, idLen, StandardCharsets.UTF_8);
        batch.add(index, id, d, docStart, d.length - docStart);
    }

    /**
     * The sender with a spool: a batch is what the spool holds up to the batch limits, or up to
     * the producer's end of batch, or what arrives within {@code maxDelay} of its first record;
     * it is acknowledged once settled.
     */
    private void spoolLoop() {
        try {
            // spooled: Elasticsearch may be away at start; the events wait on disk meanwhile, and the
            // templates go in before the first bulk request, however long that takes
            while (config.installTemplates() && !stopping) {
                try {
                    installTemplates();
                    break;
                } catch (IOException e) {
                    LOG.warn("Elasticsearch output: {}; events wait in the spool, retrying", e.getMessage());
                }
            }
            while (!stopping) {
                try {
                    SpoolRecord first = spool.poll(SPOOL_POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        failureLog.summary(false);
                        continue;
                    }
                    Batch b = new Batch();
                    addSpooled(b, first);
                    SpoolRecord last = first;
                    long start = System.nanoTime();
                    // records up to the producer's last end of batch are there already; after it, wait up to maxDelay
                    while (b.count() < config.maxBatchRecords() && b.bytes < config.maxBatchBytes()
                            && last.sequence() != flushMark) {
                        long left = config.maxDelay().toNanos() - (System.nanoTime() - start);
                        SpoolRecord r = left <= 0 ? null : spool.poll(left, TimeUnit.NANOSECONDS);
                        if (r == null) {
                            break;
                        }
                        addSpooled(b, r);
                        last = r;
                    }
                    if (send(b, true)) {
                        spool.ack(last);
                    } else {
                        spool.rewind(); // stopping: sent again after the restart
                    }
                } catch (IOException e) {
                    LOG.warn("Elasticsearch output: spool error, retrying: {}", e.toString());
                    spool.rewind();
                    stop.await(1, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("Elasticsearch output: sender thread died", e);
            throw e;
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
        if (spool != null) {
            closeSpooled();
            return;
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

    /**
     * Keeps the sender going while it makes progress, stops it after {@code maxRetryTime}
     * without progress, and leaves what is left in the spool for the next start.
     */
    private void closeSpooled() throws InterruptedException, IOException {
        try {
            markFlush();
            spool.flush();
            long lastPending = spool.pendingRecords();
            long lastProgress = System.nanoTime();
            while (lastPending > 0 && sender.isAlive()
                    && System.nanoTime() - lastProgress < config.maxRetryTime().toNanos()) {
                Thread.sleep(5);
                long p = spool.pendingRecords();
                if (p < lastPending) {
                    lastPending = p;
                    lastProgress = System.nanoTime();
                }
            }
            stopping = true;
            stop.countDown();
            spool.wakeup();
            sender.join(2 * config.requestTimeout().toMillis() + 5_000);
            if (sender.isAlive()) {
                LOG.warn("Elasticsearch output: sender still busy at shutdown; closing the client under it");
                client.close();
                sender.join(10_000);
            }
            long left = spool.pendingRecords();
            if (left > 0) {
                LOG.warn("Elasticsearch output: {} record(s) still spooled in {}, indexed at the next start", left,
                        config.spool().get().directory());
            }
        } finally {
            try {
                spool.close();
            } finally {
                client.close();
                failureLog.summary(true);
                LOG.info("Elasticsearch output closed: delivered={} duplicates={} failed={} retries={} bulkRequests={}"
                        + " deadLettered={} spooled={}", delivered(), duplicates(), failed(), retries(),
                        bulkRequests(), deadLettered(), spooledRecords());
            }
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
                send(b, false);
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

    /**
     * Sends one batch, retrying what can be retried, and accounts for every record in it.
     *
     * @param persistent retry without a time limit and dead-letter refused records (spool mode)
     * @return true when every record is settled; false when a stop interrupted the retries
     */
    private boolean send(Batch batch, boolean persistent) throws InterruptedException {
        if (batch.isEmpty()) {
            return true;
        }
        List<Integer> pending = new ArrayList<>(batch.count());
        for (int i = 0; i < batch.count(); i++) {
            pending.add(i);
        }
        long deadline = System.nanoTime() + config.maxRetryTime().toNanos();
        String retryReason = null;
        for (int attempt = 1; ; attempt++) {
            List<Integer> idx = pending;
            List<BulkOperation> ops = new ArrayList<>(idx.size());
            for (int i : idx) {
                ops.add(batch.ops.get(i));
            }
            // events go to data streams only (a typo'd template must not create plain indices);
            // asset documents are replaced in place in a plain index, which a data stream cannot do
            BulkRequest request = new BulkRequest.Builder().operations(ops).requireDataStream(!batch.upserts).build();
            try {
                bulkRequests.increment();
                BulkResponse response = client.bulk(request);
                List<BulkResponseItem> items = response.items();
                List<Integer> again = new ArrayList<>();
                for (int i = 0; i < ops.size(); i++) {
                    BulkResponseItem item = i < items.size() ? items.get(i) : null;
                    int status = item == null ? 0 : item.status();
                    if (status == 200 || status == 201) {
                        delivered.increment();
                    } else if (status == 409) {
                        delivered.increment();
                        duplicates.increment();
                    } else if (item == null || retryable(status)) {
                        again.add(idx.get(i));
                        retryReason = item == null ? "missing_item" : errorType(item.error(), status);
                    } else {
                        ErrorCause error = item.error();
                        failOps(batch, List.of(idx.get(i)), errorType(error, status), errorDetail(error), persistent);
                    }
                }
                pending = again;
            } catch (ElasticsearchException e) {
                if (!retryable(e.status())) {
                    failOps(batch, idx, errorType(e.error(), e.status()), e.getMessage(), persistent);
                    return true;
                }
                retryReason = errorType(e.error(), e.status());
            } catch (TransportException e) {
                if (e.statusCode() != 0 && !retryable(e.statusCode())) {
                    failOps(batch, idx, "http_" + e.statusCode(), e.getMessage(), persistent);
                    return true;
                }
                retryReason = e.statusCode() != 0 ? "http_" + e.statusCode() : "connection";
            } catch (ResponseException e) {
                // the low-level client's own error for 502/503/504 (it marks the node dead)
                int status = e.getResponse().getStatusLine().getStatusCode();
                if (!retryable(status)) {
                    failOps(batch, idx, "http_" + status, e.getMessage(), persistent);
                    return true;
                }
                retryReason = "http_" + status;
            } catch (IOException e) {
                retryReason = "connection: " + e;
            } catch (RuntimeException e) {
                // a client-side bug or an unreadable response: retrying would repeat it
                failOps(batch, idx, "client_error", e.toString(), persistent);
                return true;
            }
            if (pending.isEmpty()) {
                return true;
            }
            failureLog.retrying(retryReason);
            if (persistent) {
                if (stop.await(backoffDelay(attempt), TimeUnit.NANOSECONDS)) {
                    return false;
                }
            } else if (!backoff(attempt, deadline)) {
                failOps(batch, pending, "retry_exhausted",
                        "gave up after " + config.maxRetryTime() + ", last cause " + retryReason, false);
                return true;
            }
            retries.increment();
        }
    }

    /** Counts records of {@code batch} as failed; with {@code deadLetter} also writes them to the dead-letter file. */
    private void failOps(Batch batch, List<Integer> idx, String reason, String detail, boolean deadLetter) {
        fail(idx.size(), reason, detail, idx.size() == 1 ? batch.docs.get(idx.get(0)).id : null);
        if (deadLetter) {
            for (int i : idx) {
                deadLetter(batch.docs.get(i), reason, detail);
            }
        }
    }

    /** One line of {@value #DEAD_LETTER_FILE}: time, index, id, reason, detail and the document. */
    private synchronized void deadLetter(Doc doc, String reason, String detail) {
        deadLettered.increment();
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("time", Instant.now().toString());
        line.put("index", doc.index);
        line.put("id", doc.id);
        line.put("reason", reason);
        line.put("detail", detail);
        try {
            line.set("document", JSON.readTree(doc.array, doc.offset, doc.length));
        } catch (IOException | RuntimeException e) {
            line.put("document", new String(doc.array, doc.offset, doc.length, StandardCharsets.UTF_8));
        }
        Path file = config.spool().orElseThrow().directory().resolve(DEAD_LETTER_FILE);
        try {
            byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (size + bytes.length > config.maxDeadLetterBytes()) {
                deadLetterUnwritten.increment();
                return;
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write(bytes);
            }
        } catch (IOException e) {
            deadLetterUnwritten.increment();
            LOG.warn("Elasticsearch output: cannot write dead letter to {}: {}", file, e.toString());
        }
    }

    /**
     * Sleeps before retry {@code attempt}: exponential, capped, with jitter (half fixed, half
     * random, so that senders do not retry in step).
     *
     * @return false when that would pass the deadline (no sleep then)
     */
    private boolean backoff(int attempt, long deadlineNanos) throws InterruptedException {
        long delay = backoffDelay(attempt);
        if (System.nanoTime() + delay > deadlineNanos) {
            return false;
        }
        TimeUnit.NANOSECONDS.sleep(delay);
        return true;
    }

    /** Exponential, capped, with jitter: half fixed, half random, so that senders do not retry in step. */
    private long backoffDelay(int attempt) {
        long initial = config.initialBackoff().toNanos();
        long max = config.maxBackoff().toNanos();
        long delay = attempt >= 62 ? max : Math.min(max, initial << Math.min(attempt - 1, 30));
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
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

    /** Records written to the dead-letter file (or, past its cap, only counted there): included in {@link #failed()}. */
    public long deadLettered() {
        return deadLettered.sum();
    }

    /** Dead letters that could not be written (file at its cap, disk error): counted and logged only. */
    public long deadLetterUnwritten() {
        return deadLetterUnwritten.sum();
    }

    /** Records in the spool not yet acknowledged (0 without a spool). */
    public long spooledRecords() {
        DiskSpool s = spool;
        return s == null ? 0 : s.pendingRecords();
    }

    /** The spool, or null without one (for its counters: overflow, disk bytes, damaged records). */
    public DiskSpool spool() {
        return spool;
    }

    /** Records accepted by {@link #onRecord} and not yet delivered or failed. */
    public long pending() {
        return accepted.sum() - delivered() - failed();
    }

    /** Where one operation's document lies, for dead letters. */
    private record Doc(String index, String id, byte[] array, int offset, int length) {
    }

    /** A bulk request in the making: its operations and the documents' bytes in one growing array. */
    private static final class Batch {
        final List<BulkOperation> ops = new ArrayList<>();
        /** The batch holds asset documents (op {@code index} into a plain index). */
        boolean upserts;
        final List<Doc> docs = new ArrayList<>();
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
            add(index, record.id, record.json(), 0, record.length());
        }

        void add(String index, String id, byte[] src, int srcOffset, int len) {
            if (ops.isEmpty()) {
                firstNanos = System.nanoTime();
            }
            if (buf.length - bytes < len) {
                // earlier operations keep referring to the old array, whose bytes stay valid
                buf = Arrays.copyOf(buf, Math.max(bytes + len, Math.max(64 * 1024, buf.length * 2)));
            }
            int offset = bytes;
            System.arraycopy(src, srcOffset, buf, offset, len);
            // bulk bodies are NDJSON: a line break inside a document can only be JSON whitespace
            for (int i = offset, end = offset + len; i < end; i++) {
                if (buf[i] == '\n' || buf[i] == '\r') {
                    buf[i] = ' ';
                }
            }
            bytes += len;
            BinaryData doc = BinaryData.of(buf, offset, len, ContentType.APPLICATION_JSON);
            docs.add(new Doc(index, id, buf, offset, len));
            if (index.startsWith(ElasticsearchTemplates.ASSETS_INDEX_PREFIX) && id != null) {
                // the asset's own document (the index says so, also after the spool): replaced in place
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
