package dev.vigil.sensor.app.syslog;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.syslog.SyslogParser;
import dev.vigil.protocol.syslog.SyslogStreamFramer;
import dev.vigil.protocol.syslog.SyslogView;
import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.flow.FlowTable;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the {@code syslog} object of a {@code vigil.syslog} event: priority, facility and
 * severity (code and RFC 5424 keyword), the header fields, and the message text cut to
 * {@link #MAX_TEXT_BYTES} bytes. The sender's TIMESTAMP is kept as written (a claim of the
 * sender's clock; RFC 3164 timestamps have no year), never as the event time.
 */
final class SyslogLogger {
    /** Cap on the message text and on STRUCTURED-DATA in an event, in bytes (cut at a UTF-8 boundary). */
    static final int MAX_TEXT_BYTES = 1024;

    /**
     * @param framing  {@link SyslogStreamFramer#FRAMING_OCTET_COUNTING} or
     *                 {@link SyslogStreamFramer#FRAMING_NON_TRANSPARENT} for TCP, 0 for UDP
     * @param incomplete   the TCP frame was cut short ({@code syslog.incomplete})
     * @param frameTooLong the TCP frame was longer than the framer keeps ({@code syslog.frame_too_long})
     */
    static void write(EventWriter w, SyslogView m, int framing, boolean incomplete, boolean frameTooLong) {
        JsonGenerator g = w.json();
        try {
            g.writeObjectFieldStart("syslog");
            g.writeStringField("format", m.formatName());
            if (framing == SyslogStreamFramer.FRAMING_OCTET_COUNTING) {
                g.writeStringField("framing", "octet_counting");
            } else if (framing == SyslogStreamFramer.FRAMING_NON_TRANSPARENT) {
                g.writeStringField("framing", "non_transparent");
            }
            if (m.priority() >= 0) {
                g.writeNumberField("priority", m.priority());
                g.writeObjectFieldStart("facility");
                g.writeNumberField("code", m.facility());
                g.writeStringField("name", SyslogView.facilityName(m.facility()));
                g.writeEndObject();
                g.writeObjectFieldStart("severity");
                g.writeNumberField("code", m.severity());
                g.writeStringField("name", SyslogView.severityName(m.severity()));
                g.writeEndObject();
            }
            if (m.version() >= 0) {
                g.writeNumberField("version", m.version());
            }
            field(g, "timestamp", m.timestamp());
            field(g, "hostname", m.hostname());
            field(g, "appname", m.appname());
            field(g, "procid", m.procid());
            field(g, "msgid", m.msgid());
            field(g, "structured_data", m.structuredData(MAX_TEXT_BYTES));
            if (m.messageLength() >= 0) {
                g.writeStringField("message", m.message(MAX_TEXT_BYTES));
                g.writeNumberField("message_length", m.messageLength());
            }
            if (incomplete) {
                g.writeBooleanField("incomplete", true);
            }
            boolean tooLong = m.messageLength() > MAX_TEXT_BYTES;
            if (m.eventCount() > 0 || tooLong || incomplete || frameTooLong) {
                g.writeArrayFieldStart("anomalies");
                for (int i = 0; i < m.eventCount(); i++) {
                    g.writeString(m.event(i).key());
                }
                if (tooLong) {
                    g.writeString(SyslogParser.MESSAGE_TOO_LONG.key());
                }
                if (incomplete) {
                    g.writeString(SyslogStreamFramer.INCOMPLETE.key());
                }
                if (frameTooLong) {
                    g.writeString(SyslogStreamFramer.FRAME_TOO_LONG.key());
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
