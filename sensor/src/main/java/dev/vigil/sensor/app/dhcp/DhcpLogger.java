package dev.vigil.sensor.app.dhcp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.dhcp.DhcpMessage;
import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.event.TextFormat;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the {@code dhcp} object of a {@code vigil.dhcp} event. Field names follow the DHCP
 * vocabulary (Zeek's dhcp.log, Suricata's EVE) in ECS style; addresses are strings, MACs in
 * ECS form ({@code 00-13-CB-11-22-33}). Absent options are omitted, as are all-zero header
 * addresses (ciaddr, yiaddr, siaddr, giaddr mean "none" when zero).
 */
final class DhcpLogger {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final char[] scratch = new char[TextFormat.MAX_CHARS];

    void write(EventWriter w, DhcpMessage m) {
        try {
            JsonGenerator g = w.json();
            g.writeObjectFieldStart("dhcp");
            g.writeStringField("op", DhcpMessage.opName(m.op));
            // BOOTP when option 53 is absent (RFC 951 message, or DHCP options without a type)
            g.writeStringField("message_type", DhcpMessage.messageTypeName(m.messageType));
            g.writeFieldName("transaction_id");
            g.writeString(scratch, 0, hex32(m.xid));
            if (m.clientMac != DhcpMessage.ABSENT) {
                w.macField("client_mac", m.clientMac);
            }
            address(w, "client_ip", m.ciaddr);
            address(w, "assigned_ip", m.yiaddr);
            address(w, "next_server", m.siaddr);
            if (m.giaddr != 0) {
                g.writeObjectFieldStart("relay");
                w.ipv4Field("agent", (int) m.giaddr);
                g.writeEndObject();
            }
            if (m.hops != 0) {
                g.writeNumberField("hops", m.hops);
            }
            option(w, "requested_ip", m.requestedIp);
            option(w, "server_id", m.serverId);
            option(w, "subnet_mask", m.subnetMask);
            if (m.leaseTime != DhcpMessage.ABSENT) {
                g.writeNumberField("lease_time", m.leaseTime);
            }
            list(g, "router", m.routers);
            list(g, "dns_servers", m.dnsServers);
            list(g, "ntp_servers", m.ntpServers);
            list(g, "log_servers", m.logServers);
            text(g, "hostname", m.hostname);
            text(g, "domain_name", m.domainName);
            text(g, "vendor_class", m.vendorClass);
            if (m.parameterList != null) {
                g.writeArrayFieldStart("parameter_list");
                StringBuilder fingerprint = new StringBuilder(m.parameterList.length * 4);
                for (int i = 0; i < m.parameterList.length; i++) {
                    g.writeNumber(m.parameterList[i]);
                    if (i > 0) {
                        fingerprint.append(',');
                    }
                    fingerprint.append(m.parameterList[i]);
                }
                g.writeEndArray();
                g.writeStringField("fingerprint", fingerprint.toString());
            }
            text(g, "tftp_server_name", m.tftpServerName);
            text(g, "bootfile_name", m.bootfileName);
            text(g, "server_name", m.serverName);
            text(g, "boot_file", m.bootFile);
            if (m.overload != 0) {
                g.writeNumberField("overload", m.overload);
            }
            DecodeEventType e = m.firstEvent();
            if (e != null) {
                g.writeStringField("decode_error", e.key());
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private int hex32(long v) {
        for (int i = 0; i < 8; i++) {
            scratch[i] = HEX[(int) (v >>> (28 - 4 * i)) & 0xF];
        }
        return 8;
    }

    /** A header address: zero means none. */
    private static void address(EventWriter w, String name, long addr) throws IOException {
        if (addr != 0) {
            w.ipv4Field(name, (int) addr);
        }
    }

    private static void option(EventWriter w, String name, long addr) throws IOException {
        if (addr != DhcpMessage.ABSENT) {
            w.ipv4Field(name, (int) addr);
        }
    }

    private void list(JsonGenerator g, String name, long[] addrs) throws IOException {
        if (addrs == null) {
            return;
        }
        g.writeArrayFieldStart(name);
        for (long a : addrs) {
            g.writeString(scratch, 0, TextFormat.ipv4((int) a, scratch, 0));
        }
        g.writeEndArray();
    }

    private static void text(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
