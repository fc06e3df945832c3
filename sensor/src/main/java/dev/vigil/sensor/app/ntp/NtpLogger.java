package dev.vigil.sensor.app.ntp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.ntp.NtpDecoder;
import dev.vigil.protocol.ntp.NtpFlyweight;
import dev.vigil.sensor.event.EventWriter;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the {@code ntp} object of a {@code vigil.ntp} event from a decoded message. Modes 0 to
 * 5 carry the header values (stratum, poll, precision, reference id, transmit time); control
 * (6) and private (7) messages their own header values. A truncated message carries what its
 * first byte says and {@code decode_error}. Allocation-free.
 */
final class NtpLogger {
    private final char[] scratch = new char[32];

    void write(EventWriter w, NtpDecoder d) {
        NtpFlyweight f = d.flyweight();
        try {
            JsonGenerator g = w.json();
            g.writeObjectFieldStart("ntp");
            int mode = f.mode();
            g.writeNumberField("version", f.version());
            g.writeStringField("mode", NtpDecoder.modeName(mode));
            g.writeNumberField("mode_code", mode);
            if (mode != NtpFlyweight.MODE_PRIVATE) {
                // in mode 7 these two bits are the response and more flags, not a leap indicator
                g.writeNumberField("leap", f.leap());
            }
            if (d.complete()) {
                if (mode == NtpFlyweight.MODE_CONTROL) {
                    g.writeObjectFieldStart("control");
                    g.writeNumberField("opcode", f.controlOpcode());
                    g.writeBooleanField("response", f.controlResponse());
                    g.writeBooleanField("error", f.controlError());
                    g.writeNumberField("sequence", f.controlSequence());
                    g.writeNumberField("association_id", f.controlAssociationId());
                    g.writeEndObject();
                } else if (mode == NtpFlyweight.MODE_PRIVATE) {
                    g.writeObjectFieldStart("private");
                    g.writeNumberField("request_code", f.privateRequestCode());
                    g.writeNumberField("implementation", f.privateImplementation());
                    g.writeBooleanField("response", f.privateResponse());
                    g.writeNumberField("items", f.privateItems());
                    g.writeEndObject();
                } else {
                    g.writeNumberField("stratum", f.stratum());
                    g.writeNumberField("poll", f.poll());
                    g.writeNumberField("precision", f.precision());
                    int n = NtpDecoder.referenceId(f, scratch, 0);
                    if (n > 0) {
                        g.writeFieldName("reference_id");
                        g.writeString(scratch, 0, n);
                    }
                    long xmt = f.transmitTimestamp();
                    if (xmt != 0) {
                        // zero means "unknown" (RFC 5905 section 6)
                        w.timestampField("transmit_time", NtpDecoder.toEpochNanos(xmt));
                    }
                }
            }
            if (d.eventCount() > 0) {
                g.writeStringField("decode_error", d.event(0).key());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
