package dev.vigil.sensor.event;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Serialises one event document at a time into a reused byte buffer, in the event contract's
 * shape: {@code @timestamp}, {@code event.*}, {@code observer.*}, {@code data_stream.*}, then the
 * fields the caller writes (endpoints, {@code network.*}, one object per protocol).
 *
 * <p>One writer per thread. Nothing is allocated per event by the writer itself: strings
 * for timestamps and addresses are formatted into a scratch {@code char[]}. The caller writes
 * protocol fields through {@link #json()} between {@link #begin} and {@link #finish}.
 */
public final class EventWriter {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final SerializedString F_TIMESTAMP = new SerializedString("@timestamp");

    private final Buffer out = new Buffer();
    private final JsonGenerator g;
    private final char[] scratch = new char[TextFormat.MAX_CHARS];
    private final Observer observer;
    private final String namespace;

    public EventWriter(Observer observer, String namespace) {
        this.observer = observer;
        this.namespace = namespace;
        try {
            this.g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        g.setRootValueSeparator(null);
    }

    /** The generator, positioned inside the top-level object between {@link #begin} and {@link #finish}. */
    public JsonGenerator json() {
        return g;
    }

    /**
     * Starts a document and writes the common header.
     *
     * @param sequence   {@code event.sequence} (frame number), written when &gt; 0
     * @param startNanos {@code event.start}, written with {@code event.end} and {@code event.duration} when &gt; 0
     */
    public void begin(String dataset, boolean alert, long timestampNanos, long sequence, String id,
                      long startNanos, long endNanos) {
        begin(dataset, alert, timestampNanos, sequence, id, startNanos, endNanos, null);
    }

    /**
     * The same with {@code event.action} (ECS: the action the event captures, e.g. an asset
     * inventory's {@code ip-added}); null writes none.
     */
    public void begin(String dataset, boolean alert, long timestampNanos, long sequence, String id,
                      long startNanos, long endNanos, String action) {
        begin(dataset, alert, timestampNanos, sequence, id, startNanos, endNanos, action, null, 0);
    }

    /** The same with {@code event.severity} (ECS: 21 low ... 99 critical) when &gt; 0: findings. */
    public void begin(String dataset, boolean alert, long timestampNanos, long sequence, String id,
                      long startNanos, long endNanos, String action, int severity) {
        begin(dataset, alert, timestampNanos, sequence, id, startNanos, endNanos, action, null, severity);
    }

    /**
     * The whole header: {@code event.action} and {@code event.type} (an ECS categorisation value
     * such as {@code info} for an interim summary, written as a one-element array) when not null,
     * {@code event.severity} when &gt; 0.
     */
    public void begin(String dataset, boolean alert, long timestampNanos, long sequence, String id,
                      long startNanos, long endNanos, String action, String eventType, int severity) {
        out.reset();
        try {
            g.writeStartObject();
            g.writeFieldName(F_TIMESTAMP);
            writeTimestamp(timestampNanos);
            g.writeObjectFieldStart("event");
            g.writeStringField("dataset", dataset);
            g.writeStringField("kind", alert ? "alert" : "event");
            g.writeStringField("module", "vigil");
            g.writeStringField("id", id);
            if (action != null) {
                g.writeStringField("action", action);
            }
            if (severity > 0) {
                g.writeNumberField("severity", severity);
            }
            if (sequence > 0) {
                g.writeNumberField("sequence", sequence);
            }
            if (eventType != null) {
                g.writeArrayFieldStart("type");
                g.writeString(eventType);
                g.writeEndArray();
            }
            if (startNanos > 0) {
                g.writeFieldName("start");
                writeTimestamp(startNanos);
                g.writeFieldName("end");
                writeTimestamp(endNanos);
                g.writeNumberField("duration", endNanos - startNanos);
            }
            g.writeEndObject();
            g.writeObjectFieldStart("observer");
            g.writeStringField("hostname", observer.hostname());
            g.writeStringField("product", "vigil");
            g.writeStringField("vendor", "vigil");
            g.writeStringField("type", "sensor");
            g.writeStringField("version", observer.version());
            if (observer.interfaceName() != null) {
                g.writeObjectFieldStart("ingress");
                g.writeObjectFieldStart("interface");
                g.writeStringField("name", observer.interfaceName());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("data_stream");
            g.writeStringField("type", "logs");
            g.writeStringField("dataset", dataset);
            g.writeStringField("namespace", namespace);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the document; its bytes are {@link #bytes()}[0, {@link #length()}) until the next {@link #begin}. */
    public void finish() {
        try {
            g.writeEndObject();
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] bytes() {
        return out.buf;
    }

    public int length() {
        return out.count;
    }

    /** Writes a timestamp value (after a field name). */
    public void writeTimestamp(long epochNanos) throws IOException {
        g.writeString(scratch, 0, TextFormat.timestamp(epochNanos, scratch));
    }

    public void timestampField(String name, long epochNanos) throws IOException {
        g.writeFieldName(name);
        writeTimestamp(epochNanos);
    }

    public void ipField(String name, long hi, long lo) throws IOException {
        g.writeFieldName(name);
        g.writeString(scratch, 0, TextFormat.ip(hi, lo, scratch));
    }

    public void ipv4Field(String name, int addr) throws IOException {
        g.writeFieldName(name);
        g.writeString(scratch, 0, TextFormat.ipv4(addr, scratch, 0));
    }

    public void macField(String name, long mac) throws IOException {
        g.writeFieldName(name);
        g.writeString(scratch, 0, TextFormat.mac(mac, scratch));
    }

    /** Writes {@code "name": {"ip": ..., "port": ..., "mac": ...}}; port &lt; 0 and !hasMac omit fields. */
    public void endpoint(String name, long hi, long lo, int port, boolean hasMac, long mac) throws IOException {
        g.writeObjectFieldStart(name);
        ipField("ip", hi, lo);
        if (port >= 0) {
            g.writeNumberField("port", port);
        }
        if (hasMac) {
            macField("mac", mac);
        }
        g.writeEndObject();
    }

    /** A growable byte sink whose array is reused between documents. */
    private static final class Buffer extends OutputStream {
        byte[] buf = new byte[4096];
        int count;

        void reset() {
            count = 0;
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }
    }
}
