package dev.vigil.sensor.asset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.event.Observer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever JSON arrives, {@code apply} neither throws nor fails inside (the inventory catches
 * and counts exceptions as {@code errors}: that counter must stay 0), and the documents it
 * writes afterwards can be written. Trees are built from the field names the inventory reads,
 * with values of every JSON type, so the generated input reaches the dataset handlers.
 */
class AssetInventoryPropertiesTest {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final List<String> DATASETS = List.of("vigil.arp", "vigil.dhcp", "vigil.flow", "vigil.lldp", "vigil.cdp",
            "vigil.snmp", "vigil.sip", "vigil.dip", "vigil.discovery", "vigil.http", "vigil.tls", "vigil.ssh",
            "vigil.telnet", "vigil.ntp", "vigil.syslog", "vigil.igmp", "vigil.mdns", "vigil.dns", "vigil.ssdp",
            "vigil.decode", "vigil.asset", "x");
    static final List<String> KEYS = List.of("mac", "ip", "port", "sender", "target", "message_type", "op",
            "client_mac", "assigned_ip", "router", "hostname", "vendor_class", "system", "name", "description",
            "object_id", "enabled_capabilities", "capabilities", "device_id", "software_version", "med", "model",
            "manufacturer", "software_revision", "firmware_revision", "version", "pdu_type", "type", "method",
            "code", "cseq", "contact", "via", "sent_by", "from", "display_info", "user_agent", "original", "server",
            "command", "direction", "params", "directory_number", "strings", "request", "response", "client",
            "alpn", "session", "mode_code", "group", "addresses", "answers", "data", "transport", "protocol",
            "vlan", "inner", "id", "tcp_flags", "source", "destination");
    static final List<String> STRINGS = List.of("", "00-13-CB-14-00-0A", "00:13:cb:14:01:01", "FF-FF-FF-FF-FF-FF",
            "10.20.0.10", "10.20.0.101", "203.0.113.7", "239.192.1.0", "fe80::1", "::", "0.0.0.0", "ACK", "request",
            "REGISTER", "response", "stu", "con", "to_server", "to_station", "get-response", "snmpv2-trap", "2c", "3",
            "tcp", "udp", "rtp", "SYN", "SYN,ACK", "router", "answer", "PTR", "v2_report",
            "101.0.20.10.in-addr.arpa", "sip:201@10.20.0.121:5060", "10.20.0.121:5060", "\"IP Station\"",
            "7.6.3.2", "1.3.6.1.4.1.26122.1.1", "20", "4096", "\u0000\u0001", "é\uD83D\uDE00", "x".repeat(300));

    @Property(tries = 3000)
    void arbitraryJsonNeverThrows(@ForAll("events") List<JsonNode> events) {
        AssetInventory inv = new AssetInventory(AssetConfig.DEFAULT.withPerAssetCaps(4, 4, 4, 4, 4)
                .withRouterIpThreshold(3), OuiRegistry.empty());
        for (JsonNode e : events) {
            inv.apply(e);
        }
        assertThat(inv.stats().errors()).as("exceptions inside apply").isZero();
        AssetLogger logger = new AssetLogger(new EventWriter(new Observer("h", "t", null), "default"));
        for (Asset a : inv.drainChanged()) {
            logger.writeAsset(a);
        }
        for (AssetChange c : inv.drainChanges()) {
            logger.writeChange(c);
        }
    }

    /** Real documents of the demo capture with one field replaced by any value. */
    @Property(tries = 300)
    void mutatedRealEventsNeverThrow(@ForAll("mutations") List<int[]> mutations) throws IOException {
        List<JsonNode> real = golden();
        AssetInventory inv = new AssetInventory(AssetConfig.DEFAULT, OuiRegistry.empty());
        for (int[] m : mutations) {
            JsonNode doc = real.get(Math.floorMod(m[0], real.size())).deepCopy();
            mutate(doc, m[1], m[2]);
            inv.apply(doc);
        }
        assertThat(inv.stats().errors()).isZero();
    }

    @Provide
    Arbitrary<List<int[]>> mutations() {
        Arbitrary<int[]> one = Combinators.combine(Arbitraries.integers(), Arbitraries.integers(),
                Arbitraries.integers()).as((a, b, c) -> new int[] {a, b, c});
        return one.list().ofMinSize(1).ofMaxSize(40);
    }

    private static List<JsonNode> cached;

    static synchronized List<JsonNode> golden() {
        if (cached == null) {
            try {
                Path p = Path.of("src/test/resources/golden/intercom-site.pcap.ndjson");
                cached = Files.readAllLines(p).stream().map(Events::json).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cached;
    }

    /** Replaces the {@code which}-th value node (depth first) with a value chosen by {@code kind}. */
    static void mutate(JsonNode doc, int which, int kind) {
        List<Object[]> slots = new java.util.ArrayList<>();
        collect(doc, slots);
        if (slots.isEmpty()) {
            return;
        }
        Object[] slot = slots.get(Math.floorMod(which, slots.size()));
        JsonNode value = switch (Math.floorMod(kind, 8)) {
            case 0 -> F.nullNode();
            case 1 -> F.textNode(STRINGS.get(Math.floorMod(kind / 8, STRINGS.size())));
            case 2 -> F.numberNode(kind);
            case 3 -> F.booleanNode(kind % 2 == 0);
            case 4 -> F.arrayNode();
            case 5 -> F.objectNode();
            case 6 -> F.numberNode(kind * 1.5);
            default -> F.textNode(Integer.toString(kind));
        };
        if (slot[0] instanceof ObjectNode o) {
            o.set((String) slot[1], value);
        } else if (slot[0] instanceof ArrayNode a) {
            a.set((Integer) slot[1], value);
        }
    }

    private static void collect(JsonNode n, List<Object[]> slots) {
        if (n instanceof ObjectNode o) {
            o.fieldNames().forEachRemaining(k -> {
                slots.add(new Object[] {o, k});
                collect(o.get(k), slots);
            });
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new Object[] {a, i});
                collect(a.get(i), slots);
            }
        }
    }

    /**
     * Event trees from a seed: jqwik's recursive combinators spend seconds per try building deep
     * JSON, a seeded builder microseconds; a failure still names its seed.
     */
    @Provide
    Arbitrary<List<JsonNode>> events() {
        return Arbitraries.longs().map(seed -> {
            java.util.Random r = new java.util.Random(seed);
            List<JsonNode> out = new java.util.ArrayList<>();
            int n = 1 + r.nextInt(20);
            for (int i = 0; i < n; i++) {
                out.add(event(r));
            }
            return out;
        });
    }

    static JsonNode event(java.util.Random r) {
        String ds = pick(r, DATASETS);
        ObjectNode root = F.objectNode();
        if (r.nextInt(10) > 0) {
            root.put("@timestamp", pick(r, List.of("2026-03-02T08:00:00Z", "2026-03-02T08:00:01.5Z",
                    "1970-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "nope", "")));
        } else {
            root.set("@timestamp", value(r, 1));
        }
        if (r.nextInt(10) > 0) {
            root.putObject("event").put("dataset", ds);
        } else {
            root.set("event", value(r, 2));
        }
        root.set("source", r.nextBoolean() ? endpoint(r) : value(r, 2));
        root.set("destination", r.nextBoolean() ? endpoint(r) : value(r, 2));
        JsonNode body = value(r, 3);
        root.set(ds.startsWith("vigil.") ? ds.substring(6) : ds, body);
        root.set("network", r.nextBoolean() ? body : value(r, 2));
        root.set("flow", value(r, 2));
        if (ds.equals("vigil.mdns") || ds.equals("vigil.dns")) {
            root.set("dns", value(r, 3));
            root.set("mdns", value(r, 3));
        }
        return root;
    }

    static JsonNode endpoint(java.util.Random r) {
        ObjectNode e = F.objectNode();
        e.set("mac", r.nextInt(4) > 0 ? F.textNode(pick(r, STRINGS)) : value(r, 0));
        e.set("ip", r.nextInt(4) > 0 ? F.textNode(pick(r, STRINGS)) : value(r, 0));
        e.set("port", value(r, 0));
        return e;
    }

    static JsonNode value(java.util.Random r, int depth) {
        int kind = r.nextInt(depth == 0 ? 7 : 10);
        switch (kind) {
            case 0: return F.textNode(pick(r, STRINGS));
            case 1: return F.numberNode(r.nextInt(70003) - 2);
            case 2: return F.numberNode(r.nextLong());
            case 3: return F.numberNode(r.nextDouble() * 1e6);
            case 4: return F.booleanNode(r.nextBoolean());
            case 5: return F.nullNode();
            case 6: {
                StringBuilder sb = new StringBuilder();
                for (int i = r.nextInt(12); i > 0; i--) {
                    sb.append((char) r.nextInt(0x3000));
                }
                return F.textNode(sb.toString());
            }
            case 7: {
                ArrayNode a = F.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(value(r, depth - 1));
                }
                return a;
            }
            default: {
                ObjectNode o = F.objectNode();
                for (int i = r.nextInt(6); i > 0; i--) {
                    o.set(pick(r, KEYS), value(r, depth - 1));
                }
                return o;
            }
        }
    }

    static <T> T pick(java.util.Random r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }
}
