package dev.vigil.sensor.output.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends findings to one webhook endpoint. It sees every record and keeps the alerts
 * ({@link EventRecord#alert}) that pass the endpoint's severity and rule filter: each becomes a
 * request body (see {@link WebhookPayloads}) appended to the endpoint's {@link DiskSpool}, so
 * {@link #onRecord} never waits for the network, and what is queued survives a receiver outage
 * and a restart of the sensor.
 *
 * <p>A delivery thread takes the spool's records in order and POSTs each with
 * {@code Content-Type: application/json}, {@code Idempotency-Key} (the finding's
 * {@code event.id}: the same finding always has the same key, so a receiver drops repeats) and
 * {@code X-Vigil-Signature-256} (see {@link WebhookSignature}). A record leaves the spool only
 * after a 2xx answer (delivered at least once), or after it is written to the dead-letter file:
 * <ul>
 *   <li>connection and TLS errors, timeouts, 408, 429 and 5xx are retried after a random delay
 *       up to {@code initialBackoff * 2^(attempt-1)}, capped at {@code maxBackoff} (exponential
 *       backoff with "full jitter"), or after the receiver's {@code Retry-After} (seconds or an
 *       HTTP date, capped at {@code maxRetryAfter}); after {@code maxRetryTime} the finding is
 *       dead-lettered as {@code retry_exhausted};</li>
 *   <li>any other status (4xx, 3xx: redirects are not followed) is dead-lettered at once with
 *       the status and the start of the answer as the reason.</li>
 * </ul>
 * The dead-letter file ({@code dead-letter.ndjson} in the spool directory, one JSON object per
 * line: time, url, key, status, reason, body) is capped; every dead letter is counted and the
 * first ones logged, none is dropped silently.
 */
public final class WebhookAgent implements OutputAgent {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookAgent.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Name of the dead-letter file inside the spool directory. */
    public static final String DEAD_LETTER_FILE = "dead-letter.ndjson";
    /** Full log lines of one kind before only counts are logged periodically. */
    private static final int LOG_FIRST = 5;
    /** Longest wait for a record in one poll (close wakes the thread at once anyway). */
    private static final long IDLE_POLL_MILLIS = 1000;

    private final WebhookConfig config;
    private final LongSupplier clock; // epoch seconds for signatures
    private final byte[] secret;
    private final String label;
    private DiskSpool spool;
    private WebhookHttpClient http;
    private Thread sender;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean stopping;
    private boolean closed;

    private final LongAdder alerts = new LongAdder();
    private final LongAdder filtered = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final LongAdder queued = new LongAdder();
    private final LongAdder overflow = new LongAdder();
    private final LongAdder spoolErrors = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder deadLetterUnwritten = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> failuresByReason = new ConcurrentHashMap<>();
    private long logged;

    public WebhookAgent(WebhookConfig config) {
        this(config, () -> Instant.now().getEpochSecond());
    }

    /** With another clock for the signature timestamp (tests). */
    WebhookAgent(WebhookConfig config, LongSupplier epochSeconds) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = epochSeconds;
        this.secret = config.secret().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.label = WebhookConfig.redacted(config.url());
    }

    @Override
    public String name() {
        return "webhook";
    }

    /**
     * Opens the spool (what an earlier run left is delivered first) and starts the delivery thread.
     *
     * @throws IOException if the spool directory cannot be used
     */
    @Override
    public void start() throws IOException {
        if (spool != null) {
            throw new IllegalStateException("already started");
        }
        spool = DiskSpool.open(config.spool());
        try {
            http = new WebhookHttpClient(config.url(), config.caCertificate().orElse(null), config.connectTimeout(),
                    config.readTimeout());
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e instanceof IOException io ? io : new IOException("webhook " + label + ": TLS setup failed: " + e, e);
        }
        if (secret == null) {
            LOG.warn("webhook {}: no secret configured, requests are not signed", label);
        }
        sender = new Thread(this::deliveryLoop, "vigil-webhook");
        sender.setDaemon(true);
        sender.start();
        LOG.info("webhook output to {} ({} queued from an earlier run)", label, spool.recoveredRecords());
    }

    /** Spools an alert that the endpoint wants; everything else is ignored. Never blocks on the network. */
    @Override
    public void onRecord(EventRecord record, boolean endOfBatch) {
        if (!record.alert) {
            return;
        }
        if (spool == null || closed) {
            throw new IllegalStateException(closed ? "closed" : "not started");
        }
        alerts.increment();
        WebhookPayloads.Prepared p;
        try {
            p = WebhookPayloads.prepare(record.json(), record.length(), record.id, config);
        } catch (JsonProcessingException | RuntimeException e) {
            invalid.increment();
            warn("invalid_finding", "finding " + record.id + " is not a JSON object: " + e.getMessage());
            return;
        }
        if (p == null) {
            filtered.increment();
        } else {
            DiskSpool.Append a = spool.append(encode(p.key(), p.body()));
            switch (a) {
                case APPENDED -> queued.increment();
                case FULL -> {
                    overflow.increment();
                    count("spool_full");
                    warn("spool_full", "spool full (" + config.spool().maxBytes() + " bytes), finding " + p.key()
                            + " not queued");
                }
                case TOO_LARGE, IO_ERROR -> {
                    spoolErrors.increment();
                    count(a == DiskSpool.Append.TOO_LARGE ? "too_large" : "spool_io");
                    warn("spool", "finding " + p.key() + " not queued: " + a);
                }
            }
        }
        if (endOfBatch) {
            spool.flush();
        }
    }

    // ---------------------------------------------------------------- delivery thread

    private void deliveryLoop() {
        try {
            while (!stopping) {
                SpoolRecord r;
                try {
                    r = spool.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (IOException e) {
                    warn("spool_read", "cannot read the spool: " + e);
                    pause(1000);
                    continue;
                }
                if (r == null) {
                    continue;
                }
                if (deliver(r)) {
                    try {
                        spool.ack(r);
                    } catch (IOException e) {
                        // delivered; without the cursor it is sent again after a restart (same key)
                        warn("spool_ack", "cannot record delivery in the spool: " + e);
                    }
                } else {
                    spool.rewind(); // stopping: left for the next start
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("webhook {}: delivery thread died", label, e);
            throw e;
        }
    }

    /**
     * Delivers one record, retrying as the class comment says.
     *
     * @return true when it is done with (delivered or dead-lettered), false when stopping first
     */
    private boolean deliver(SpoolRecord r) throws InterruptedException {
        ByteBuffer b = ByteBuffer.wrap(r.data());
        int keyLen = b.getShort() & 0xffff;
        String key = new String(r.data(), 2, keyLen, StandardCharsets.UTF_8);
        byte[] body = java.util.Arrays.copyOfRange(r.data(), 2 + keyLen, r.data().length);
        long firstAttempt = System.nanoTime();
        String lastCause = null;
        for (int attempt = 1; ; attempt++) {
            if (stopping) {
                return false;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Idempotency-Key", key);
            headers.put("User-Agent", "vigil/" + dev.vigil.sensor.event.BuildInfo.version());
            if (secret != null) {
                headers.put(WebhookSignature.HEADER, WebhookSignature.header(secret, clock.getAsLong(), body));
            }
            long delayNanos;
            try {
                WebhookHttpClient.Response resp = http.post(body, headers);
                int s = resp.status();
                if (s >= 200 && s < 300) {
                    sent.increment();
                    return true;
                }
                if (s != 408 && s != 429 && s < 500) {
                    deadLetter(key, body, s, "http_" + s, resp.body());
                    return true;
                }
                lastCause = "http_" + s;
                delayNanos = retryAfterNanos(resp.retryAfter());
                if (delayNanos < 0) {
                    delayNanos = backoffNanos(attempt);
                }
            } catch (IOException e) {
                lastCause = cause(e);
                delayNanos = backoffNanos(attempt);
            }
            count(lastCause.startsWith("http_") ? lastCause : lastCause.substring(0, lastCause.indexOf(':')));
            if (System.nanoTime() - firstAttempt + delayNanos > config.maxRetryTime().toNanos()) {
                deadLetter(key, body, 0, "retry_exhausted", "gave up after " + attempt + " attempt(s), last cause "
                        + lastCause);
                return true;
            }
            warn("retry", "delivery of " + key + " failed (" + lastCause + "), retrying in "
                    + TimeUnit.NANOSECONDS.toMillis(delayNanos) + " ms");
            if (stop.await(delayNanos, TimeUnit.NANOSECONDS)) {
                return false;
            }
            retried.increment();
        }
    }

    /** Full jitter: uniform in [0, min(max, initial * 2^(attempt-1))]. */
    long backoffNanos(int attempt) {
        long initial = config.initialBackoff().toNanos();
        long max = config.maxBackoff().toNanos();
        long cap = attempt > 62 ? max : Math.min(max, initial << Math.min(attempt - 1, 40));
        if (cap <= 0) {
            cap = max; // overflow of the shift
        }
        return ThreadLocalRandom.current().nextLong(cap + 1);
    }

    /** {@code Retry-After} in nanoseconds (seconds or an HTTP date, capped), or -1 when absent or unreadable. */
    long retryAfterNanos(String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        long nanos;
        String v = value.trim();
        try {
            nanos = TimeUnit.SECONDS.toNanos(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                nanos = Math.max(0, Duration.between(Instant.now(), at.toInstant()).toNanos());
            } catch (DateTimeParseException e2) {
                return -1;
            }
        }
        return Math.min(nanos, config.maxRetryAfter().toNanos());
    }

    /** {@code tls: ...}, {@code timeout: ...} or {@code connection: ...} with the root cause. */
    static String cause(IOException e) {
        String kind = "connection";
        Throwable t = e;
        for (int depth = 0; depth < 20; depth++) {
            if (t instanceof javax.net.ssl.SSLException) {
                kind = "tls";
            } else if (!kind.equals("tls") && (t instanceof java.net.SocketTimeoutException
                    || t instanceof io.netty.channel.ConnectTimeoutException)) {
                kind = "timeout";
            }
            if (t.getCause() == null || t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        return kind + ": " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
    }

    private void deadLetter(String key, byte[] body, int status, String reason, String detail) {
        try {
            writeDeadLetter(key, body, status, reason, detail);
        } finally {
            // counted once the line is in the file, so a reader of the counter finds it there
            deadLettered.increment();
            count(reason);
        }
    }

    private void writeDeadLetter(String key, byte[] body, int status, String reason, String detail) {
        warn("dead_letter", "finding " + key + " dead-lettered: " + reason + (detail == null || detail.isEmpty()
                ? "" : " (" + detail.replace('\n', ' ') + ")"));
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("time", Instant.now().toString());
        line.put("url", label);
        line.put("idempotency_key", key);
        if (status != 0) {
            line.put("status", status);
        }
        line.put("reason", reason);
        line.put("detail", detail);
        try {
            line.set("body", JSON.readTree(body));
        } catch (IOException e) {
            line.put("body", new String(body, StandardCharsets.UTF_8));
        }
        Path file = config.spool().directory().resolve(DEAD_LETTER_FILE);
        try {
            byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (size + bytes.length > config.maxDeadLetterBytes()) {
                deadLetterUnwritten.increment();
                warn("dead_letter_full", "dead-letter file " + file + " is at its cap of " + config.maxDeadLetterBytes()
                        + " bytes; dead letter " + key + " only counted");
                return;
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write(bytes);
            }
        } catch (IOException e) {
            deadLetterUnwritten.increment();
            warn("dead_letter_io", "cannot write dead-letter file " + file + ": " + e);
        }
    }

    private void count(String reason) {
        failuresByReason.computeIfAbsent(reason.length() > 40 ? reason.substring(0, 40) : reason,
                r -> new LongAdder()).increment();
    }

    /** Rate-limited: the first few lines, then one in a hundred. */
    private synchronized void warn(String kind, String message) {
        logged++;
        if (logged <= LOG_FIRST || logged % 100 == 0) {
            LOG.warn("webhook {}: {}{}", label, message, logged == LOG_FIRST ? " (further warnings: 1 in 100)" : "");
        }
    }

    private void pause(long millis) throws InterruptedException {
        stop.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Spool record: key length (2 bytes), key (UTF-8), body. */
    private static byte[] encode(String key, byte[] body) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + k.length + body.length);
        b.putShort((short) k.length).put(k).put(body);
        return b.array();
    }

    // ---------------------------------------------------------------- lifecycle and counters

    /**
     * Keeps delivering for up to {@link WebhookConfig#drainTimeout()} while findings are queued,
     * then stops the delivery thread (an attempt in flight finishes or times out) and closes the
     * spool; what is left is delivered at the next start.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        if (spool == null) {
            return;
        }
        spool.flush();
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        while (spool.pendingRecords() > 0 && System.nanoTime() < deadline && sender.isAlive()) {
            Thread.sleep(10);
        }
        stopping = true;
        stop.countDown();
        spool.wakeup();
        long waitMillis = config.connectTimeout().toMillis() + 2 * config.readTimeout().toMillis() + 2000;
        sender.join(waitMillis);
        if (sender.isAlive()) {
            sender.interrupt();
            sender.join(2000);
        }
        long left = spool.pendingRecords();
        if (left > 0) {
            LOG.warn("webhook {}: {} finding(s) still queued in {}, sent at the next start", label, left,
                    config.spool().directory());
        }
        http.close();
        spool.close();
        LOG.info("webhook {} closed: sent={} retried={} deadLettered={} overflow={} filtered={} queued={}", label,
                sent(), retried(), deadLettered(), overflow(), filtered(), left);
    }

    /** Findings answered with 2xx. */
    @Override
    public long delivered() {
        return sent.sum();
    }

    /** Findings given up: dead-lettered, refused by a full spool, or not spooled for a disk error. */
    @Override
    public long failed() {
        return deadLettered.sum() + overflow.sum() + spoolErrors.sum();
    }

    /** Findings answered with 2xx. */
    public long sent() {
        return sent.sum();
    }

    /** Attempts repeated after a retryable failure. */
    public long retried() {
        return retried.sum();
    }

    /** Findings written to (or, past its cap, counted for) the dead-letter file. */
    public long deadLettered() {
        return deadLettered.sum();
    }

    /** Dead letters that could not be written to the file (its cap, a disk error): counted and logged only. */
    public long deadLetterUnwritten() {
        return deadLetterUnwritten.sum();
    }

    /** Findings refused because the spool was at its cap (each one should raise a finding of its own). */
    public long overflow() {
        return overflow.sum();
    }

    /** Alert records seen. */
    public long alerts() {
        return alerts.sum();
    }

    /** Alerts this endpoint's filter left out. */
    public long filtered() {
        return filtered.sum();
    }

    /** Alert records whose JSON could not be read. */
    public long invalid() {
        return invalid.sum();
    }

    /** Findings waiting in the spool (including the one being delivered). */
    public long queueDepth() {
        DiskSpool s = spool;
        return s == null ? 0 : s.pendingRecords();
    }

    /** Failed attempts and given-up findings by reason ({@code http_503}, {@code connection}, {@code spool_full}, ...). */
    public Map<String, Long> failuresByReason() {
        Map<String, Long> m = new TreeMap<>();
        failuresByReason.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public WebhookConfig config() {
        return config;
    }
}
