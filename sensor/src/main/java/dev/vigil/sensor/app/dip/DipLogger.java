package dev.vigil.sensor.app.dip;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.dip.DipParser;
import dev.vigil.protocol.dip.DipView;
import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.flow.FlowTable;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the {@code dip} object of a {@code vigil.dip} event.
 *
 * <p>Every message gets its reference, command word and raw parameters. For the commands the
 * vendor facts document, only the parameters whose position the facts make certain are named:
 * <ul>
 *   <li>{@code con} (phy_ind, dirno, name, volume, three voice ports with priorities, port_udp,
 *       mcast-ip, server MAC since 10.23): the first four by position. The voice-port part's
 *       exact layout is not stated, so the rest is anchored on the one dotted IPv4 parameter
 *       (numbers are hexadecimal, only IPv4 addresses are dotted): it is mcast-ip, the parameter
 *       before it port_udp, the one after it (when present and shaped like a MAC) the server's
 *       MAC.</li>
 *   <li>{@code auc} (port, codec, packet length, volume, config bitmap): by position.</li>
 *   <li>{@code agc} (logical channel, op, multicast IP, codec, group bitmap, server MAC): by
 *       position. {@code age} shares the sentence in the facts but is not certain to carry the
 *       same list, so it stays raw.</li>
 *   <li>{@code ind stl|dak|out ...}: the indicator word.</li>
 * </ul>
 * A documented number that is not a hexadecimal number (or an address that is not dotted IPv4)
 * is left out and reported as {@code dip.bad_number}. Every other command word is a value.
 */
final class DipLogger {
    private boolean badNumber;

    /**
     * Writes {@code "dip": {...}}.
     *
     * @param toward      "to_server", "to_station" or null
     * @param dstIpv4     the UDP destination (IPv4) or 0: a multicast destination is reported
     * @return true when a documented number or address did not parse ({@code dip.bad_number})
     */
    boolean write(EventWriter w, DipView m, boolean tcp, String toward, int dstIpv4, boolean incomplete) {
        badNumber = false;
        JsonGenerator g = w.json();
        try {
            g.writeObjectFieldStart("dip");
            g.writeStringField("transport", tcp ? "tcp" : "udp");
            if (toward != null) {
                g.writeStringField("direction", toward);
            }
            if (m.ref() >= 0) {
                g.writeNumberField("ref", m.ref());
            }
            if (m.hasCommand()) {
                g.writeStringField("command", m.command());
            }
            g.writeNumberField("length", m.messageLength());
            if (m.paramCount() > 0) {
                g.writeArrayFieldStart("params");
                for (int i = 0; i < m.paramCount(); i++) {
                    g.writeString(m.paramRaw(i));
                }
                g.writeEndArray();
            }
            g.writeNumberField("param_count", m.totalParams());
            if ((dstIpv4 >>> 28) == 0xE) {
                // IPv4 multicast (224.0.0.0/4); the default DIP group is 239.192.<node>.0
                w.ipv4Field("multicast_group", dstIpv4);
                if ((dstIpv4 & 0xFFFF00FF) == 0xEFC00000) {
                    g.writeNumberField("node", (dstIpv4 >>> 8) & 0xFF);
                }
            }
            if (m.commandIs("con")) {
                con(w, g, m);
            } else if (m.commandIs("auc")) {
                auc(g, m);
            } else if (m.commandIs("agc")) {
                agc(w, g, m);
            } else if (m.commandIs("ind") && m.paramCount() > 0
                    && (m.paramIs(0, "stl") || m.paramIs(0, "dak") || m.paramIs(0, "out"))) {
                g.writeStringField("indicator", m.paramText(0));
            }
            if (incomplete) {
                g.writeBooleanField("incomplete", true);
            }
            if (m.eventCount() > 0 || badNumber || incomplete) {
                g.writeArrayFieldStart("anomalies");
                for (int i = 0; i < m.eventCount(); i++) {
                    g.writeString(m.event(i).key());
                }
                if (badNumber) {
                    g.writeString(DipParser.BAD_NUMBER.key());
                }
                if (incomplete) {
                    g.writeString(DipParser.INCOMPLETE.key());
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return badNumber;
    }

    /** con: phy_ind, dirno, name, volume, voice ports with priorities, port_udp, mcast-ip, [server MAC]. */
    private void con(EventWriter w, JsonGenerator g, DipView m) throws IOException {
        int n = m.paramCount();
        number(g, m, 0, "physical_number");
        if (n > 1) {
            g.writeStringField("directory_number", m.paramText(1));
        }
        if (n > 2) {
            g.writeStringField("name", m.paramText(2));
        }
        number(g, m, 3, "volume");
        int ip = -1;
        for (int i = 4; i < n; i++) {
            if (m.paramIsIpv4(i)) {
                ip = i;
                break;
            }
        }
        if (ip < 0) {
            return;
        }
        if (ip - 1 >= 4) {
            number(g, m, ip - 1, "udp_port");
        }
        w.ipv4Field("multicast_ip", m.paramIpv4(ip));
        mac(w, m, ip + 1, "server_mac", false);
    }

    /** auc: port, codec, packet length, volume, config bitmap. */
    private void auc(JsonGenerator g, DipView m) throws IOException {
        if (m.paramCount() == 0) {
            return;
        }
        g.writeObjectFieldStart("audio");
        number(g, m, 0, "port");
        number(g, m, 1, "codec");
        number(g, m, 2, "packet_length");
        number(g, m, 4, "config");
        g.writeEndObject();
        number(g, m, 3, "volume");
    }

    /** agc: logical channel, op, multicast IP, codec, group bitmap, server MAC. */
    private void agc(EventWriter w, JsonGenerator g, DipView m) throws IOException {
        int n = m.paramCount();
        if (n == 0) {
            return;
        }
        g.writeObjectFieldStart("group");
        number(g, m, 0, "channel");
        number(g, m, 1, "op");
        if (n > 4) {
            if (hexDigits(m, 4)) {
                g.writeStringField("bitmap", m.paramText(4).toLowerCase(java.util.Locale.ROOT));
            } else {
                badNumber = true;
            }
        }
        g.writeEndObject();
        if (n > 2) {
            if (m.paramIsIpv4(2)) {
                w.ipv4Field("multicast_ip", m.paramIpv4(2));
            } else {
                badNumber = true;
            }
        }
        if (n > 3) {
            g.writeObjectFieldStart("audio");
            number(g, m, 3, "codec");
            g.writeEndObject();
        }
        mac(w, m, 5, "server_mac", true);
    }

    /** Writes parameter {@code i} as a hexadecimal number when present; flags it when it is not one. */
    private void number(JsonGenerator g, DipView m, int i, String name) throws IOException {
        if (i >= m.paramCount()) {
            return;
        }
        long v = m.paramHex(i);
        if (v < 0) {
            badNumber = true;
            return;
        }
        g.writeNumberField(name, v);
    }

    /** A bitmap may be longer than a long: any run of hex digits, unquoted. */
    private static boolean hexDigits(DipView m, int i) {
        if (m.paramQuoted(i) || m.paramLength(i) == 0) {
            return false;
        }
        DirectBuffer b = m.buffer();
        for (int k = 0; k < m.paramLength(i); k++) {
            if (Character.digit(b.getByte(m.paramOffset(i) + k) & 0xFF, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes parameter {@code i} as a MAC address when it is 12 hex digits or six hex pairs
     * separated by ':' or '-'. The facts name the field but not its notation.
     *
     * @param required true when the position is documented as a MAC (a mismatch is bad_number)
     */
    private void mac(EventWriter w, DipView m, int i, String name, boolean required) throws IOException {
        if (i >= m.paramCount()) {
            return;
        }
        long mac = parseMac(m.buffer(), m.paramOffset(i), m.paramQuoted(i) ? -1 : m.paramLength(i));
        if (mac >= 0) {
            w.macField(name, mac);
        } else if (required) {
            badNumber = true;
        }
    }

    /** A MAC address in the low 48 bits, or -1. */
    static long parseMac(DirectBuffer b, int off, int len) {
        if (len == 12) {
            long v = 0;
            for (int k = 0; k < 12; k++) {
                int d = Character.digit(b.getByte(off + k) & 0xFF, 16);
                if (d < 0) {
                    return -1;
                }
                v = (v << 4) | d;
            }
            return v;
        }
        if (len == 17) {
            long v = 0;
            byte sep = b.getByte(off + 2);
            if (sep != ':' && sep != '-') {
                return -1;
            }
            for (int k = 0; k < 17; k++) {
                if (k % 3 == 2) {
                    if (b.getByte(off + k) != sep) {
                        return -1;
                    }
                    continue;
                }
                int d = Character.digit(b.getByte(off + k) & 0xFF, 16);
                if (d < 0) {
                    return -1;
                }
                v = (v << 4) | d;
            }
            return v;
        }
        return -1;
    }
}
