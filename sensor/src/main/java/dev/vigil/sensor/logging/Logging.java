package dev.vigil.sensor.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import co.elastic.logging.logback.EcsEncoder;
import dev.vigil.sensor.event.BuildInfo;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.util.Locale;

/**
 * The sensor's log output: one line per message on standard error (journald keeps it under
 * systemd), either as text or as ECS JSON ({@code @timestamp}, {@code log.level},
 * {@code message}, {@code log.logger}, {@code error.*}, MDC entries as fields), which
 * Filebeat or Elastic Agent ship into Elasticsearch without parsing. Repeats of a message are
 * rate-limited by {@link RepeatFilter}.
 *
 * <p>SLF4J is bound to logback; {@code logback.xml} in the jar sets the text format for the
 * commands, and {@code vigil run} calls {@link #configure} with its configuration's format and
 * level.
 */
public final class Logging {
    /** The text layout: time with offset, level, short logger name, message. */
    public static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} [%level] %logger{0} - %msg%n";
    /** {@code event.dataset} of the sensor's own log lines in JSON. */
    public static final String LOG_DATASET = "vigil.log";

    private Logging() {
    }

    /**
     * Replaces the logging setup.
     *
     * @param format {@code text} or {@code json}
     * @param level  {@code error}, {@code warn}, {@code info}, {@code debug} or {@code trace}
     * @return false when SLF4J is not bound to logback (nothing changed)
     */
    public static boolean configure(String format, String level) {
        return configure(format, level, System.err);
    }

    /** As {@link #configure(String, String)}, writing to {@code out} (tests). */
    public static boolean configure(String format, String level, OutputStream out) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext ctx)) {
            return false;
        }
        ctx.reset();
        RepeatFilter repeats = new RepeatFilter();
        repeats.setContext(ctx);
        repeats.start();
        ctx.addTurboFilter(repeats);

        Encoder<ILoggingEvent> encoder;
        if ("json".equals(format)) {
            EcsEncoder ecs = new EcsEncoder();
            ecs.setServiceName("vigil");
            ecs.setServiceVersion(BuildInfo.version());
            ecs.setEventDataset(LOG_DATASET);
            ecs.setStackTraceAsArray(false);
            encoder = ecs;
        } else if ("text".equals(format)) {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(TEXT_PATTERN);
            encoder = text;
        } else {
            throw new IllegalArgumentException("log format must be text or json: " + format);
        }
        encoder.setContext(ctx);
        encoder.start();

        OutputStreamAppender<ILoggingEvent> console = new OutputStreamAppender<>();
        console.setContext(ctx);
        console.setName("console");
        console.setEncoder(encoder);
        console.setOutputStream(new KeepOpen(out));
        console.start();

        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
        root.addAppender(console);
        // the Elasticsearch client logs every deprecation warning header
        ctx.getLogger("org.elasticsearch.client").setLevel(Level.ERROR);
        // pcap4j reports every loop start and default property at INFO
        ctx.getLogger("org.pcap4j").setLevel(Level.WARN);
        return true;
    }

    /** The appender closes its stream when logging is reconfigured: standard error must stay open. */
    private static final class KeepOpen extends OutputStream {
        private final OutputStream out;

        KeepOpen(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            out.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            out.flush();
        }
    }
}
