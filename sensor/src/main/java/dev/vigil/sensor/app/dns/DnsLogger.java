package dev.vigil.sensor.app.dns;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.dns.DnsDecoder;
import dev.vigil.protocol.dns.DnsFlyweight;
import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.event.TextFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the {@code dns} object of a {@code vigil.dns} or {@code vigil.mdns} event from a decoded
 * message, with ECS {@code dns.*} names (id, type, op_code, response_code, header_flags,
 * question, answers, resolved_ip) and Packetbeat's {@code authorities}/{@code additionals} and
 * {@code *_count}. Names are built as strings here because they leave the process. For mDNS the
 * top bit of a class is the unicast-response / cache-flush bit (RFC 6762 sections 5.4, 10.2):
 * it is reported apart and masked off the class.
 */
public final class DnsLogger {
    /** Characters of TXT text kept per record. */
    public static final int DEFAULT_MAX_TXT = 256;

    private final byte[] name = new byte[DnsDecoder.MAX_NAME_TEXT];
    private final char[] scratch = new char[TextFormat.MAX_CHARS];
    private final StringBuilder text = new StringBuilder();
    private final int maxTxt;
    private boolean txtCut;

    public DnsLogger() {
        this(DEFAULT_MAX_TXT);
    }

    public DnsLogger(int maxTxt) {
        this.maxTxt = maxTxt;
    }

    /** True when the last {@link #write} cut a TXT record's text ({@link DnsDecoder#TXT_TOO_LONG}). */
    public boolean txtCut() {
        return txtCut;
    }

    /** The name at message offset {@code at} as text: "." for the root, null when broken. */
    public String name(DnsDecoder d, int at) {
        int n = d.name(at, name);
        if (n < 0) {
            return null;
        }
        return n == 0 ? "." : new String(name, 0, n, StandardCharsets.UTF_8);
    }

    public void write(EventWriter w, DnsDecoder d, boolean mdns) {
        txtCut = false;
        DnsFlyweight h = d.header();
        try {
            JsonGenerator g = w.json();
            g.writeObjectFieldStart("dns");
            g.writeStringField("id", Integer.toString(h.id()));
            g.writeStringField("type", h.response() ? "answer" : "query");
            String op = DnsDecoder.opcodeName(h.opcode());
            g.writeStringField("op_code", op != null ? op : Integer.toString(h.opcode()));
            if (h.response()) {
                String rc = DnsDecoder.rcodeName(h.rcode());
                g.writeStringField("response_code", rc != null ? rc : Integer.toString(h.rcode()));
            }
            int flags = h.flags();
            g.writeArrayFieldStart("header_flags");
            flag(g, flags, DnsFlyweight.FLAG_AA, "AA");
            flag(g, flags, DnsFlyweight.FLAG_TC, "TC");
            flag(g, flags, DnsFlyweight.FLAG_RD, "RD");
            flag(g, flags, DnsFlyweight.FLAG_RA, "RA");
            flag(g, flags, DnsFlyweight.FLAG_AD, "AD");
            flag(g, flags, DnsFlyweight.FLAG_CD, "CD");
            g.writeEndArray();
            g.writeNumberField("questions_count", h.questionCount());
            g.writeNumberField("answers_count", h.answerCount());
            g.writeNumberField("authorities_count", h.authorityCount());
            g.writeNumberField("additionals_count", h.additionalCount());
            if (d.questions() > 0) {
                g.writeFieldName("question");
                question(g, d, 0, mdns);
                if (d.questions() > 1) {
                    g.writeArrayFieldStart("questions");
                    for (int i = 0; i < d.questions(); i++) {
                        question(g, d, i, mdns);
                    }
                    g.writeEndArray();
                }
            }
            section(w, d, DnsDecoder.SECTION_ANSWER, "answers", mdns);
            section(w, d, DnsDecoder.SECTION_AUTHORITY, "authorities", mdns);
            section(w, d, DnsDecoder.SECTION_ADDITIONAL, "additionals", mdns);
            boolean any = false;
            for (int i = 0; i < d.records(); i++) {
                int t = d.recordType(i);
                if (d.recordSection(i) != DnsDecoder.SECTION_ANSWER || !d.rdataValid(i)
                        || (t != DnsDecoder.TYPE_A && t != DnsDecoder.TYPE_AAAA)) {
                    continue;
                }
                if (!any) {
                    g.writeArrayFieldStart("resolved_ip");
                    any = true;
                }
                g.writeString(scratch, 0, ip(d, i));
            }
            if (any) {
                g.writeEndArray();
            }
            if (d.eventCount() > 0) {
                g.writeStringField("decode_error", d.event(0).key());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flag(JsonGenerator g, int flags, int bit, String label) throws IOException {
        if ((flags & bit) != 0) {
            g.writeString(label);
        }
    }

    private void question(JsonGenerator g, DnsDecoder d, int i, boolean mdns) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name(d, d.questionName(i)));
        g.writeStringField("type", typeText(d.questionType(i)));
        int cls = d.questionClass(i);
        if (mdns) {
            g.writeBooleanField("unicast_response", (cls & 0x8000) != 0);
            cls &= 0x7FFF;
        }
        g.writeStringField("class", classText(cls));
        g.writeEndObject();
    }

    private void section(EventWriter w, DnsDecoder d, int section, String field, boolean mdns) throws IOException {
        JsonGenerator g = w.json();
        boolean open = false;
        for (int i = 0; i < d.records(); i++) {
            if (d.recordSection(i) != section) {
                continue;
            }
            if (!open) {
                g.writeArrayFieldStart(field);
                open = true;
            }
            g.writeStartObject();
            String owner = name(d, d.recordName(i));
            g.writeStringField("name", owner);
            int type = d.recordType(i);
            g.writeStringField("type", typeText(type));
            int cls = d.recordClass(i);
            if (type == DnsDecoder.TYPE_OPT) {
                // RFC 6891 section 6.1.2: CLASS is the requestor's UDP payload size, TTL the extended flags
                g.writeNumberField("udp_payload_size", cls);
            } else {
                if (mdns) {
                    g.writeBooleanField("cache_flush", (cls & 0x8000) != 0);
                    cls &= 0x7FFF;
                }
                g.writeStringField("class", classText(cls));
                g.writeNumberField("ttl", d.recordTtl(i));
                data(g, d, i);
            }
            g.writeEndObject();
        }
        if (open) {
            g.writeEndArray();
        }
    }

    /** The record's data as ECS renders it: an address, a name, "prio weight port target" ... */
    private void data(JsonGenerator g, DnsDecoder d, int i) throws IOException {
        if (!d.rdataValid(i)) {
            return;
        }
        int at = d.recordData(i);
        int len = d.recordDataLength(i);
        switch (d.recordType(i)) {
            case DnsDecoder.TYPE_A:
            case DnsDecoder.TYPE_AAAA:
                g.writeFieldName("data");
                g.writeString(scratch, 0, ip(d, i));
                break;
            case DnsDecoder.TYPE_NS:
            case DnsDecoder.TYPE_CNAME:
            case DnsDecoder.TYPE_PTR:
            case DnsDecoder.TYPE_DNAME:
                g.writeStringField("data", name(d, at));
                break;
            case DnsDecoder.TYPE_MX:
                g.writeStringField("data", d.u16At(at) + " " + name(d, at + 2));
                break;
            case DnsDecoder.TYPE_SRV:
                g.writeStringField("data", d.u16At(at) + " " + d.u16At(at + 2) + " " + d.u16At(at + 4) + " "
                        + name(d, at + 6));
                break;
            case DnsDecoder.TYPE_SOA: {
                String mname = name(d, at);
                int p = skipName(d, at);
                String rname = name(d, p);
                p = skipName(d, p);
                g.writeStringField("data", mname + " " + rname + " " + d.u32At(p) + " " + d.u32At(p + 4) + " "
                        + d.u32At(p + 8) + " " + d.u32At(p + 12) + " " + d.u32At(p + 16));
                break;
            }
            case DnsDecoder.TYPE_TXT:
                g.writeStringField("data", txt(d, at, len, " "));
                break;
            case DnsDecoder.TYPE_NSEC: {
                // presentation format (RFC 4034 section 4.2): next name, then the types of the bit maps
                StringBuilder b = new StringBuilder(name(d, at));
                int p = skipName(d, at);
                int end = at + len;
                while (p + 2 <= end) {
                    int window = d.u8At(p);
                    int n = d.u8At(p + 1);
                    for (int k = 0; k < n && p + 2 + k < end; k++) {
                        int bits = d.u8At(p + 2 + k);
                        for (int bit = 0; bit < 8; bit++) {
                            if ((bits & (0x80 >>> bit)) != 0) {
                                b.append(' ').append(typeText(window * 256 + k * 8 + bit));
                            }
                        }
                    }
                    p += 2 + n;
                }
                g.writeStringField("data", b.toString());
                break;
            }
            default:
                break;
        }
    }

    /**
     * The strings of a TXT RDATA joined by {@code separator}, cut at the logger's cap (then
     * {@link #txtCut()} is true). Non-printable bytes become '.'.
     */
    public String txt(DnsDecoder d, int at, int len, String separator) {
        text.setLength(0);
        int p = at;
        int end = at + len;
        byte[] buf = name;
        boolean first = true;
        while (p < end) {
            int n = d.u8At(p);
            p++;
            if (!first) {
                text.append(separator);
            }
            first = false;
            int k = Math.min(Math.min(n, buf.length), end - p);
            d.bytesAt(p, buf, 0, k);
            text.append(new String(buf, 0, k, StandardCharsets.UTF_8));
            p += n;
            if (text.length() > maxTxt) {
                text.setLength(maxTxt);
                txtCut = true;
                break;
            }
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 0x20 || text.charAt(i) == 0x7F) {
                text.setCharAt(i, '.');
            }
        }
        return text.toString();
    }

    /** Offset just after the (possibly compressed) name at {@code at}; the name was validated. */
    static int skipName(DnsDecoder d, int at) {
        int p = at;
        while (true) {
            int len = d.u8At(p);
            if ((len & 0xC0) == 0xC0) {
                return p + 2;
            }
            if (len == 0) {
                return p + 1;
            }
            p += 1 + len;
        }
    }

    /** Writes the A/AAAA record {@code i}'s address into {@code scratch}; returns its length. */
    private int ip(DnsDecoder d, int i) {
        int at = d.recordData(i);
        if (d.recordType(i) == DnsDecoder.TYPE_A) {
            return TextFormat.ipv4((int) d.u32At(at), scratch, 0);
        }
        long hi = (d.u32At(at) << 32) | d.u32At(at + 4);
        long lo = (d.u32At(at + 8) << 32) | d.u32At(at + 12);
        return TextFormat.ip(hi, lo, scratch);
    }

    /** The address of A/AAAA record {@code i} as text. */
    public String address(DnsDecoder d, int i) {
        return new String(scratch, 0, ip(d, i));
    }

    public static String typeText(int type) {
        String s = DnsDecoder.typeName(type);
        return s != null ? s : Integer.toString(type);
    }

    public static String classText(int cls) {
        String s = DnsDecoder.className(cls);
        return s != null ? s : Integer.toString(cls);
    }
}
