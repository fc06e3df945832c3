package dev.vigil.sensor.app.lldp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.PacketView;
import dev.vigil.sensor.event.EventWriter;

import java.io.IOException;
import java.util.List;

/** JSON pieces shared by the loggers of the link-layer discovery protocols (LLDP, CDP). */
public final class LinkFields {
    private LinkFields() {
    }

    /** {@code source.mac} and {@code destination.mac} of the frame (link-layer events have no IP endpoints). */
    public static void macs(EventWriter w, PacketView v) throws IOException {
        if (!v.hasMac) {
            return;
        }
        JsonGenerator g = w.json();
        g.writeObjectFieldStart("source");
        w.macField("mac", v.srcMac);
        g.writeEndObject();
        g.writeObjectFieldStart("destination");
        w.macField("mac", v.dstMac);
        g.writeEndObject();
    }

    /** {@code network.protocol} and the frame's VLAN tags ({@code network.vlan.id}, {@code network.inner.vlan.id}). */
    public static void network(JsonGenerator g, PacketView v, String protocol) throws IOException {
        g.writeObjectFieldStart("network");
        g.writeStringField("protocol", protocol);
        int outer = v.outerVlan();
        if (outer >= 0) {
            g.writeObjectFieldStart("vlan");
            g.writeStringField("id", Integer.toString(outer));
            g.writeEndObject();
            int inner = v.innerVlan();
            if (inner >= 0) {
                g.writeObjectFieldStart("inner");
                g.writeObjectFieldStart("vlan");
                g.writeStringField("id", Integer.toString(inner));
                g.writeEndObject();
                g.writeEndObject();
            }
        }
        g.writeEndObject();
    }

    /** The message's decode event keys as {@code anomalies}, when it has any. */
    public static void anomalies(JsonGenerator g, List<DecodeEventType> events) throws IOException {
        if (events.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("anomalies");
        for (DecodeEventType t : events) {
            g.writeString(t.key());
        }
        g.writeEndArray();
    }

    /** A string field, left out when the value is null. */
    public static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /** A number field, left out when the value is negative (absent). */
    public static void number(JsonGenerator g, String name, long value) throws IOException {
        if (value >= 0) {
            g.writeNumberField(name, value);
        }
    }

    /** An array of strings (written even when empty: an empty capability set is a value). */
    public static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }
}
