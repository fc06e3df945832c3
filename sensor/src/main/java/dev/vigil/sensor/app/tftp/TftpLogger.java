package dev.vigil.sensor.app.tftp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.tftp.TftpMessage;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.pipeline.PacketSlot;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the {@code vigil.tftp} documents: one per TFTP message (with {@code tftp.opcode}) and
 * one per transfer when it ends (with {@code tftp.transfer.state} and no {@code tftp.opcode}, so
 * message counts stay message counts).
 */
final class TftpLogger {
    static final String DATASET = "vigil.tftp";
    /** Id discriminator of a transfer summary, with its first frame (message documents use 0). */
    private static final long SUMMARY = 1L << 62;

    private TftpLogger() {
    }

    /**
     * One message: {@code tftp.opcode}; {@code tftp.filename} (the request's, also on the other
     * messages of a known transfer) and {@code tftp.mode} on requests; {@code tftp.block} on DATA
     * and ACK; {@code tftp.error.*}; {@code tftp.options} as a list of name/value objects.
     */
    static void message(AppContext ctx, PacketSlot slot, TftpMessage m, TftpTransfer t, boolean retransmission) {
        String id = ctx.eventId(DATASET, slot.frame, 0, null);
        ctx.begin(DATASET, slot.timestampNanos, slot.frame, id);
        ctx.writeEndpoints(slot);
        JsonGenerator g = ctx.writer().json();
        try {
            g.writeObjectFieldStart("tftp");
            g.writeStringField("opcode", m.opcodeName());
            String filename = m.isRequest() ? m.filename() : t != null ? t.filename : null;
            // an empty name is no name (tshark shows none either)
            if (filename != null && !filename.isEmpty()) {
                g.writeStringField("filename", filename);
            }
            if (m.mode() != null && !m.mode().isEmpty()) {
                g.writeStringField("mode", m.mode());
            }
            if (m.block() >= 0) {
                g.writeNumberField("block", m.block());
            }
            if (retransmission) {
                g.writeBooleanField("retransmission", true);
            }
            if (m.errorCode() >= 0) {
                g.writeObjectFieldStart("error");
                g.writeNumberField("code", m.errorCode());
                if (m.errorMessage() != null) {
                    g.writeStringField("message", m.errorMessage());
                }
                g.writeEndObject();
            }
            if (m.optionCount() > 0) {
                g.writeArrayFieldStart("options");
                for (int i = 0; i < m.optionCount(); i++) {
                    g.writeStartObject();
                    g.writeStringField("name", m.optionName(i));
                    if (m.optionValue(i) != null) {
                        g.writeStringField("value", m.optionValue(i));
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (m.statusName() != null) {
                g.writeStringField("status", m.statusName());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.emit(DATASET, id, slot.timestampNanos);
    }

    /**
     * The summary of an ended transfer, at its last packet: client as source, server (its
     * transfer port once it answered) as destination, {@code event.start/end/duration}.
     */
    static void transfer(AppContext ctx, TftpTransfer t) {
        String id = ctx.eventId(DATASET, t.lastFrame, SUMMARY | t.firstFrame, null);
        EventWriter w = ctx.writer();
        // ctx.begin without start/end: the writer's own begin also writes event.start, end and duration
        w.begin(DATASET, false, t.lastNanos, t.lastFrame, id, t.startNanos, t.lastNanos);
        JsonGenerator g = w.json();
        try {
            w.endpoint("source", t.clientHi, t.clientLo, t.clientPort, false, 0);
            w.endpoint("destination", t.serverHi, t.serverLo, t.serverPort, false, 0);
            g.writeObjectFieldStart("network");
            g.writeStringField("transport", "udp");
            g.writeStringField("type", t.ipVersion == 6 ? "ipv6" : "ipv4");
            if (t.outerVlan >= 0) {
                g.writeObjectFieldStart("vlan");
                g.writeStringField("id", Integer.toString(t.outerVlan));
                g.writeEndObject();
                if (t.innerVlan >= 0) {
                    g.writeObjectFieldStart("inner");
                    g.writeObjectFieldStart("vlan");
                    g.writeStringField("id", Integer.toString(t.innerVlan));
                    g.writeEndObject();
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
            g.writeObjectFieldStart("tftp");
            if (t.filename != null && !t.filename.isEmpty()) {
                g.writeStringField("filename", t.filename);
            }
            if (t.mode != null && !t.mode.isEmpty()) {
                g.writeStringField("mode", t.mode);
            }
            g.writeObjectFieldStart("transfer");
            g.writeStringField("state", t.stateName());
            if (t.direction() != null) {
                g.writeStringField("direction", t.direction());
            }
            g.writeNumberField("bytes", t.bytes);
            g.writeNumberField("blocks", t.blocks);
            g.writeNumberField("blksize", t.blksize);
            g.writeNumberField("retransmits", t.retransmits);
            g.writeEndObject();
            if (t.state == TftpTransfer.STATE_ERROR) {
                g.writeObjectFieldStart("error");
                g.writeNumberField("code", t.errorCode);
                if (t.errorMessage != null) {
                    g.writeStringField("message", t.errorMessage);
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.emit(DATASET, id, t.lastNanos);
    }
}
