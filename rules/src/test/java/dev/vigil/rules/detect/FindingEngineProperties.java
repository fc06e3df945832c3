package dev.vigil.rules.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arbitrary documents never make the engine throw, and never even reach its last-resort catch:
 * every field may be missing, of another type, or nonsense. The documents are biased towards the
 * sensor's field names and values so that the rules' code paths are reached, not just the dispatch.
 */
class FindingEngineProperties {
    static final String[] DATASETS = {"vigil.flow", "vigil.arp", "vigil.sip", "vigil.call", "vigil.rtp",
        "vigil.tls", "vigil.snmp", "vigil.tftp", "vigil.http", "vigil.telnet", "vigil.ssh", "vigil.ntp",
        "vigil.syslog", "vigil.dhcp", "vigil.discovery", "vigil.dip", "vigil.lldp", "vigil.cdp", "vigil.decode",
        "vigil.finding", "other"};
    static final String[] KEYS = {"source", "destination", "network", "event", "ip", "mac", "port", "packets",
        "transport", "protocol", "vlan", "id", "action", "dataset", "sip", "auth", "scheme", "username", "sdp",
        "crypto", "call", "media_encryption", "call_id", "rtp", "srtp", "tls", "version", "version_protocol",
        "cipher", "server", "client", "subject", "issuer", "not_after", "not_before", "self_signed", "snmp",
        "pdu_type", "community", "default", "v3", "security_level", "system", "description", "http", "request",
        "response", "cleartext", "default_credentials", "method", "url", "original", "telnet", "session", "ssh",
        "software", "tftp", "opcode", "filename", "dhcp", "op", "message_type", "client_mac", "assigned_ip",
        "requested_ip", "vendor_class", "ntp", "mode", "discovery", "strings", "dip", "command", "params", "lldp",
        "med", "model", "firmware_revision", "cdp", "software_version", "flow", "tcp_flags", "user_agent",
        "@timestamp"};
    static final String[] TEXTS = {"udp", "tcp", "tls", "icmp", "igmp", "start", "10.20.0.101", "10.20.0.66",
        "10.20.0.10", "8.8.8.8", "fd00:20::7", "0.0.0.0", "255.255.255.255", "239.192.1.0", "not an ip",
        "00-13-CB-14-01-01", "A4-F2-E0-7B-19-C4", "FF-FF-FF-FF-FF-FF", "00:13:cb:14:01:02", "zz", "", "20", "4096",
        "-1", "Digest", "Basic", "sdes", "none", "1.0", "ssl", "0x000a", "0xzz", "0x", "get-response", "snmpv2-trap",
        "2c", "1", "3", "noAuthNoPriv", "RRQ", "WRQ", "POST", "/login", "stu", "request", "ACK", "client", "server",
        "IP Station 5.2.3.1", "Zenitel IP Station 7.6.3.2", "ICX-AlphaCom, software 11", "SYN", "CN=x",
        "2026-03-02T08:00:01Z", "2026-03-02T08:00:00.5Z", "2035-01-01T00:00:00Z", "2262-04-11T23:47:16.854775807Z",
        "1969-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "2026-02-30T00:00:00Z", "vigil.flow"};

    @Provide
    Arbitrary<List<JsonNode>> documentLists() {
        return documents().list().ofMaxSize(20);
    }

    Arbitrary<JsonNode> documents() {
        Arbitrary<String> dataset = Arbitraries.of(DATASETS);
        Arbitrary<String> time = Arbitraries.longs().between(1_700_000_000_000L, 1_800_000_000_000L)
                .map(ms -> Instant.ofEpochMilli(ms).toString());
        return Combinators.combine(dataset, time, objects(3), Arbitraries.of(TEXTS)).as((ds, ts, body, id) -> {
            ObjectNode doc = body.isObject() ? (ObjectNode) body : JsonNodeFactory.instance.objectNode();
            if (!doc.has("event")) {
                doc.putObject("event").put("dataset", ds).put("id", id);
            }
            if (!doc.has("@timestamp")) {
                doc.put("@timestamp", ts);
            }
            return doc;
        });
    }

    static Arbitrary<JsonNode> values(int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<Arbitrary<? extends JsonNode>> options = new ArrayList<>(List.of(
                Arbitraries.of(TEXTS).map(f::textNode),
                Arbitraries.strings().ofMaxLength(40).map(f::textNode),
                Arbitraries.integers().map(f::numberNode),
                Arbitraries.longs().map(f::numberNode),
                Arbitraries.doubles().map(f::numberNode),
                Arbitraries.of(true, false).map(f::booleanNode),
                Arbitraries.just(f.nullNode())));
        if (depth > 0) {
            options.add(objects(depth - 1));
            options.add(values(depth - 1).list().ofMaxSize(4).map(l -> {
                ArrayNode a = f.arrayNode();
                l.forEach(a::add);
                return a;
            }));
        }
        return Arbitraries.oneOf(options);
    }

    static Arbitrary<JsonNode> objects(int depth) {
        return Combinators.combine(Arbitraries.of(KEYS), values(depth)).as(Tuple::of).list().ofMaxSize(6)
                .map(pairs -> {
                    ObjectNode o = JsonNodeFactory.instance.objectNode();
                    for (Tuple.Tuple2<String, JsonNode> p : pairs) {
                        o.set(p.get1(), p.get2());
                    }
                    return o;
                });
    }

    static final dev.vigil.rules.policy.Policy LEARNING = Events.site("learning: {period: 10s}\n");
    static final dev.vigil.rules.policy.Policy SITE = Events.site();

    @Property(tries = 1000)
    void arbitraryDocumentsNeverThrow(@ForAll("documentLists") List<JsonNode> docs) {
        FindingEngine e = new FindingEngine(LEARNING);
        List<Finding> out = new ArrayList<>();
        for (JsonNode d : docs) {
            e.onEvent(d, out::add);
        }
        e.advance(Long.MAX_VALUE / 2, out::add);
        e.advance(Long.MIN_VALUE, out::add);
        e.finish(out::add);
        assertThat(e.stats().errors()).as("documents that reached the catch-all").isZero();
        for (Finding f : out) {
            assertThat(f.message()).doesNotContain("\n");
            assertThat(FindingDocument.toJson(f).get("event").get("severity").asInt()).isEqualTo(f.severity().code());
        }
    }

    @Property(tries = 300)
    void arbitraryJsonValuesNeverThrow(@ForAll("anyJson") JsonNode doc) {
        FindingEngine e = new FindingEngine(SITE);
        e.onEvent(doc, f -> { });
        assertThat(e.stats().errors()).isZero();
    }

    @Provide
    Arbitrary<JsonNode> anyJson() {
        return values(3);
    }

    @Property
    void timestampsParseLikeInstant(@ForAll("instants") String s) {
        Instant i = Instant.parse(s);
        assertThat(Timestamps.parseNanos(s)).isEqualTo(i.getEpochSecond() * 1_000_000_000L + i.getNano());
    }

    @Provide
    Arbitrary<String> instants() {
        return Combinators.combine(Arbitraries.longs().between(0, 9_000_000_000L),
                Arbitraries.integers().between(0, 999_999_999), Arbitraries.integers().between(0, 9))
                .as((sec, nano, digits) -> {
                    String base = Instant.ofEpochSecond(sec).toString(); // ...:ssZ
                    if (digits == 0) {
                        return base;
                    }
                    String frac = String.format("%09d", nano).substring(0, digits);
                    return base.substring(0, base.length() - 1) + "." + frac + "Z";
                });
    }

    static final Map<String, Long> EDGE = Map.of("2026-02-30T00:00:00Z", Timestamps.INVALID,
            "2026-13-02T08:00:00Z", Timestamps.INVALID, "yesterday", Timestamps.INVALID);

    @net.jqwik.api.Example
    void invalidTimestampsAreInvalid() {
        EDGE.forEach((s, v) -> assertThat(Timestamps.parseNanos(s)).as(s).isEqualTo(v));
        assertThat(Timestamps.parseNanos("2026-03-02T08:00:00+01:00")).as("an offset, via Instant.parse")
                .isEqualTo(Timestamps.parseNanos("2026-03-02T07:00:00Z"));
    }
}
