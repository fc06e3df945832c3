package dev.vigil.sensor.app.snmp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.snmp.SnmpView;
import dev.vigil.sensor.event.EventWriter;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the {@code snmp} object of a {@code vigil.snmp} event from a decoded message. Only what
 * the message carried is written: a field the message did not reach is absent, and a partial
 * message carries its failure in {@code snmp.decode_error} (the decode event key). The community
 * string is never written: {@code snmp.community.{present,default,hash}} stand for it.
 */
final class SnmpLogger {

    void write(EventWriter w, SnmpView m) {
        try {
            JsonGenerator g = w.json();
            g.writeObjectFieldStart("snmp");
            String version = m.version();
            if (version != null) {
                g.writeStringField("version", version);
                g.writeNumberField("version_number", m.versionNumber());
                g.writeObjectFieldStart("community");
                g.writeBooleanField("present", m.communityPresent());
                if (m.communityPresent()) {
                    g.writeBooleanField("default", m.communityDefault());
                    g.writeStringField("hash", m.communityHash());
                }
                g.writeEndObject();
            }
            if (m.msgFlags() >= 0 || m.msgId() != SnmpView.NONE || m.user() != null || m.engineId() != null) {
                writeV3(g, m);
            }
            String pduType = m.pduType();
            if (pduType != null) {
                g.writeStringField("pdu_type", pduType);
                if ("unknown".equals(pduType)) {
                    g.writeNumberField("pdu_tag", m.pduTag());
                }
            }
            number(g, "request_id", m.requestId());
            String errorStatus = m.errorStatusName();
            if (errorStatus != null) {
                g.writeStringField("error_status", errorStatus);
            }
            number(g, "error_index", m.errorIndex());
            number(g, "non_repeaters", m.nonRepeaters());
            number(g, "max_repetitions", m.maxRepetitions());
            if (m.isTrapV1()) {
                writeTrap(w, g, m);
            }
            if (m.pduTag() >= 0 && !"unknown".equals(pduType)) {
                g.writeNumberField("varbind_count", m.varbindCount());
            }
            if (m.oidCount() > 0) {
                g.writeArrayFieldStart("oids");
                for (int i = 0; i < m.oidCount(); i++) {
                    g.writeString(m.oid(i));
                }
                g.writeEndArray();
            }
            writeSystem(g, m);
            String vendor = m.vendor();
            if (vendor != null) {
                g.writeStringField("vendor", vendor);
            }
            DecodeEventType error = m.error();
            if (error != null) {
                g.writeStringField("decode_error", error.key());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeV3(JsonGenerator g, SnmpView m) throws IOException {
        g.writeObjectFieldStart("v3");
        number(g, "msg_id", m.msgId());
        number(g, "max_size", m.msgMaxSize());
        if (m.msgFlags() >= 0) {
            g.writeNumberField("flags", m.msgFlags());
            g.writeStringField("security_level", m.securityLevel());
        }
        number(g, "security_model", m.securityModel());
        text(g, "user", m.user());
        text(g, "engine_id", m.engineId());
        number(g, "engine_boots", m.engineBoots());
        number(g, "engine_time", m.engineTime());
        text(g, "context_name", m.contextName());
        g.writeEndObject();
    }

    private static void writeTrap(EventWriter w, JsonGenerator g, SnmpView m) throws IOException {
        g.writeObjectFieldStart("trap");
        text(g, "enterprise", m.trapEnterprise());
        if (m.hasAgentAddress()) {
            w.ipv4Field("agent_address", m.agentAddress());
        }
        text(g, "generic", m.trapGenericName());
        number(g, "specific", m.trapSpecific());
        number(g, "time_ticks", m.trapTimeTicks());
        g.writeEndObject();
    }

    private static void writeSystem(JsonGenerator g, SnmpView m) throws IOException {
        if (m.sysDescr() == null && m.sysObjectId() == null && m.sysName() == null && m.sysContact() == null
                && m.sysLocation() == null) {
            return;
        }
        g.writeObjectFieldStart("system");
        text(g, "description", m.sysDescr());
        text(g, "object_id", m.sysObjectId());
        text(g, "name", m.sysName());
        text(g, "contact", m.sysContact());
        text(g, "location", m.sysLocation());
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String name, long value) throws IOException {
        if (value != SnmpView.NONE) {
            g.writeNumberField(name, value);
        }
    }

    private static void text(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
