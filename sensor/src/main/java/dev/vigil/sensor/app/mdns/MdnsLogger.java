package dev.vigil.sensor.app.mdns;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.dns.DnsDecoder;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.dns.DnsApp;
import dev.vigil.sensor.app.dns.DnsLogger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the {@code mdns} object: what a DNS-SD responder announces about itself (RFC 6763),
 * read from the records of a response (all sections). Records a querier lists as known answers
 * describe other devices, so queries get no {@code mdns} object.
 * <ul>
 * <li>{@code services}: service types ({@code _ipp._tcp.local}) from PTR records of a service
 *     type or of {@code _services._dns-sd._udp} (RFC 6763 section 9);</li>
 * <li>{@code instances}: service instance names (PTR targets, SRV and TXT owners);</li>
 * <li>{@code hosts}: host names (SRV targets, A/AAAA owners);</li>
 * <li>{@code srv}: {name, target, port}; {@code txt}: {name, values[key=value]};
 *     {@code addresses}: {name, ip}.</li>
 * </ul>
 * Each list keeps at most {@link #DEFAULT_MAX_ITEMS} entries ({@link #TOO_MANY_NAMES} beyond).
 * Allocates (strings for output): mDNS responses are few.
 */
final class MdnsLogger implements DnsApp.Extra {
    public static final DecodeEventType TOO_MANY_NAMES = DecodeEventType.register("mdns.too_many_names",
            "An mDNS response names more services, instances, hosts or TXT values than the cap; the rest are dropped.",
            DecodeEventType.KIND_OVERFLOW);
    public static final int DEFAULT_MAX_ITEMS = 64;
    public static final int MAX_TXT_VALUES = 32;

    private final DnsLogger names;
    private final int maxItems;
    private final Set<String> services = new LinkedHashSet<>();
    private final Set<String> instances = new LinkedHashSet<>();
    private final Set<String> hosts = new LinkedHashSet<>();
    private final List<String[]> srv = new ArrayList<>();
    private final List<Object[]> txt = new ArrayList<>();
    private final List<String[]> addresses = new ArrayList<>();
    private boolean overflow;

    MdnsLogger(DnsLogger names) {
        this(names, DEFAULT_MAX_ITEMS);
    }

    MdnsLogger(DnsLogger names, int maxItems) {
        this.names = names;
        this.maxItems = maxItems;
    }

    @Override
    public DecodeEventType write(AppContext ctx, DnsDecoder d) {
        if (!d.header().response() || d.records() == 0) {
            return null;
        }
        collect(d);
        if (services.isEmpty() && instances.isEmpty() && hosts.isEmpty()) {
            return overflow ? TOO_MANY_NAMES : null;
        }
        try {
            JsonGenerator g = ctx.writer().json();
            g.writeObjectFieldStart("mdns");
            strings(g, "services", services);
            strings(g, "instances", instances);
            strings(g, "hosts", hosts);
            if (!srv.isEmpty()) {
                g.writeArrayFieldStart("srv");
                for (String[] s : srv) {
                    g.writeStartObject();
                    g.writeStringField("name", s[0]);
                    g.writeStringField("target", s[1]);
                    g.writeNumberField("port", Integer.parseInt(s[2]));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (!txt.isEmpty()) {
                g.writeArrayFieldStart("txt");
                for (Object[] t : txt) {
                    g.writeStartObject();
                    g.writeStringField("name", (String) t[0]);
                    g.writeArrayFieldStart("values");
                    @SuppressWarnings("unchecked")
                    List<String> values = (List<String>) t[1];
                    for (String v : values) {
                        g.writeString(v);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (!addresses.isEmpty()) {
                g.writeArrayFieldStart("addresses");
                for (String[] a : addresses) {
                    g.writeStartObject();
                    g.writeStringField("name", a[0]);
                    g.writeStringField("ip", a[1]);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return overflow ? TOO_MANY_NAMES : null;
    }

    private static void strings(JsonGenerator g, String field, Set<String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private void collect(DnsDecoder d) {
        services.clear();
        instances.clear();
        hosts.clear();
        srv.clear();
        txt.clear();
        addresses.clear();
        overflow = false;
        for (int i = 0; i < d.records(); i++) {
            if (!d.rdataValid(i)) {
                continue;
            }
            String owner = names.name(d, d.recordName(i));
            if (owner == null) {
                continue;
            }
            int at = d.recordData(i);
            switch (d.recordType(i)) {
                case DnsDecoder.TYPE_PTR: {
                    String target = names.name(d, at);
                    if (target == null) {
                        break;
                    }
                    if (isServiceEnumeration(owner)) {
                        add(services, serviceType(target));
                    } else if (serviceType(owner) != null) {
                        add(services, serviceType(owner));
                        add(instances, target);
                    }
                    break;
                }
                case DnsDecoder.TYPE_SRV: {
                    String target = names.name(d, at + 6);
                    add(instances, owner);
                    add(services, serviceType(owner));
                    add(hosts, target);
                    if (srv.size() < maxItems) {
                        srv.add(new String[] {owner, target, Integer.toString(d.u16At(at + 4))});
                    } else {
                        overflow = true;
                    }
                    break;
                }
                case DnsDecoder.TYPE_TXT: {
                    if (serviceType(owner) == null) {
                        break;
                    }
                    add(instances, owner);
                    List<String> values = txtValues(d, at, d.recordDataLength(i));
                    if (values.isEmpty()) {
                        break;
                    }
                    if (txt.size() < maxItems) {
                        txt.add(new Object[] {owner, values});
                    } else {
                        overflow = true;
                    }
                    break;
                }
                case DnsDecoder.TYPE_A:
                case DnsDecoder.TYPE_AAAA:
                    add(hosts, owner);
                    if (addresses.size() < maxItems) {
                        addresses.add(new String[] {owner, names.address(d, i)});
                    } else {
                        overflow = true;
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private List<String> txtValues(DnsDecoder d, int at, int len) {
        List<String> values = new ArrayList<>();
        int p = at;
        int end = at + len;
        while (p < end) {
            int n = d.u8At(p);
            if (n > 0) {
                if (values.size() == MAX_TXT_VALUES) {
                    overflow = true;
                    break;
                }
                values.add(names.txt(d, p, 1 + n, ""));
            }
            p += 1 + n;
        }
        return values;
    }

    private void add(Set<String> set, String value) {
        if (value == null || set.contains(value)) {
            return;
        }
        if (set.size() == maxItems) {
            overflow = true;
            return;
        }
        set.add(value);
    }

    /** {@code _services._dns-sd._udp.<domain>}: its PTR targets are service types (RFC 6763 section 9). */
    static boolean isServiceEnumeration(String name) {
        return name.regionMatches(true, 0, "_services._dns-sd._udp.", 0, 23);
    }

    /**
     * The service type a name belongs to: for {@code Instance._ipp._tcp.local},
     * {@code x._sub._ipp._tcp.local} and {@code _ipp._tcp.local} it is {@code _ipp._tcp.local};
     * null when the name has no {@code _tcp}/{@code _udp} label after a {@code _service} label.
     */
    static String serviceType(String name) {
        if (name == null) {
            return null;
        }
        int proto = indexOfProto(name);
        if (proto <= 0) {
            return null;
        }
        // the label before "._tcp." / "._udp." must start with '_'
        int start = name.lastIndexOf('.', proto - 1) + 1;
        if (start >= proto || name.charAt(start) != '_') {
            return null;
        }
        return name.substring(start);
    }

    private static int indexOfProto(String name) {
        int t = indexOfIgnoreCase(name, "._tcp.");
        int u = indexOfIgnoreCase(name, "._udp.");
        if (t < 0) {
            return u;
        }
        return u < 0 ? t : Math.min(t, u);
    }

    private static int indexOfIgnoreCase(String s, String needle) {
        for (int i = 0; i + needle.length() <= s.length(); i++) {
            if (s.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }
}
