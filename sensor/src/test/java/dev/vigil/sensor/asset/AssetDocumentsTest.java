package dev.vigil.sensor.asset;

import static dev.vigil.sensor.asset.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.event.Observer;
import dev.vigil.sensor.testing.EventSchema;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code vigil.asset} documents: header of the event contract, ids, and the {@code asset}
 * object against the proposed schema fragment ({@code asset/asset.schema-fragment.json}, merged
 * here into the shipped schema the way the lead will merge it).
 */
class AssetDocumentsTest {
    static final String SERVER_MAC = "00-13-CB-14-00-0A";

    final EventWriter writer = new EventWriter(new Observer("test-sensor", "test", null), "default");
    final AssetLogger logger = new AssetLogger(writer);

    static JsonSchema mergedSchema() throws Exception {
        ObjectNode schema = EventSchema.node().deepCopy();
        JsonNode fragment;
        try (InputStream in = AssetDocumentsTest.class.getResourceAsStream("/asset/asset.schema-fragment.json")) {
            fragment = Events.JSON.readTree(in);
        }
        ((ObjectNode) schema.get("properties")).set("asset", fragment.get("asset"));
        ((ObjectNode) schema.path("properties").path("event").get("properties")).set("action", fragment.get("event_action"));
        ((ObjectNode) schema.get("$defs")).set("asset_services", fragment.get("asset_services"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(schema, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }

    AssetInventory richInventory() {
        AssetInventory inv = new AssetInventory(AssetConfig.DEFAULT, OuiRegistry.empty());
        inv.apply(event("vigil.arp", 1).src(SERVER_MAC, "10.20.0.10", -1).set("arp.sender.mac", SERVER_MAC)
                .set("arp.sender.ip", "10.20.0.10").vlan(20).node());
        inv.apply(event("vigil.snmp", 2).src(SERVER_MAC, "10.20.0.10", 161).dst("6C-2B-59-3E-8A-17", "10.20.0.50", 5000)
                .udp().set("snmp.version", "2c").set("snmp.pdu_type", "get-response")
                .set("snmp.system.description", "Zenitel ICX-AlphaCom, software 11.2.3.2, node 1")
                .set("snmp.system.object_id", "1.3.6.1.4.1.26122.1.1").node());
        inv.apply(event("vigil.snmp", 3).src("6C-2B-59-3E-8A-17", "10.20.0.50", 5000).dst(SERVER_MAC, "10.20.0.10", 161)
                .udp().set("snmp.version", "2c").set("snmp.pdu_type", "get-request").node());
        inv.apply(event("vigil.flow", 4).src("00-13-CB-14-01-01", "10.20.0.101", 51935).dst(SERVER_MAC, "10.20.0.10", 50001)
                .tcp("SYN,ACK", "SYN,ACK").set("network.protocol", "dip").node());
        inv.apply(event("vigil.flow", 5).src(SERVER_MAC, "10.20.0.10", 61002).dst("01-00-5E-40-01-01", "239.192.1.1", 61002)
                .udp().set("network.protocol", "rtp").node());
        inv.apply(event("vigil.ntp", 6).src(SERVER_MAC, "10.20.0.10", 123).dst("EC-46-70-01-2C-33", "10.20.0.2", 123)
                .udp().set("ntp.mode_code", 3).node());
        inv.apply(event("vigil.syslog", 7).src(SERVER_MAC, "10.20.0.10", 514).dst("0C-C4-7A-5D-90-03", "10.20.0.3", 514)
                .udp().set("syslog.hostname", "icx-alphacom").node());
        inv.apply(event("vigil.sip", 8).src(SERVER_MAC, "10.20.0.10", 5060).dst("80-5E-C0-5A-21-01", "10.20.0.121", 5060)
                .udp().set("sip.type", "response").set("sip.code", 200).set("sip.cseq.method", "REGISTER")
                .set("sip.server", "ICX-AlphaCom 11.2.3.2").node());
        inv.apply(event("vigil.discovery", 9).src(SERVER_MAC, "10.20.0.10", 5002).dst("FF-FF-FF-FF-FF-FF", "255.255.255.255", 5002)
                .udp().set("discovery.strings", new String[] {"ICX-AlphaCom", "11.2.3.2", "00:13:CB:14:00:0A", "icx-alphacom"})
                .node());
        inv.apply(event("vigil.discovery", 10).src(SERVER_MAC, "10.20.0.10", 5002).dst("FF-FF-FF-FF-FF-FF", "255.255.255.255", 5002)
                .udp().set("discovery.strings", new String[] {"ICX-AlphaCom", "11.2.4.0", "00:13:CB:14:00:0A", "icx-alphacom"})
                .node());
        inv.apply(event("vigil.igmp", 11).src("00-13-CB-14-01-01", "10.20.0.101", -1).dst("01-00-5E-40-01-01", "239.192.1.1", -1)
                .set("igmp.type", "v2_report").set("igmp.group", "239.192.1.1").node());
        return inv;
    }

    JsonNode written() {
        return Events.json(new String(writer.bytes(), 0, writer.length(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void stateDocumentIsOnePerMacAndFollowsTheContract() throws Exception {
        AssetInventory inv = richInventory();
        JsonSchema schema = mergedSchema();
        List<JsonNode> docs = new ArrayList<>();
        for (Asset a : inv.drainChanged()) {
            String id = logger.writeAsset(a);
            JsonNode d = written();
            docs.add(d);
            assertThat(d.path("event").path("id").asText()).isEqualTo(id).isEqualTo(AssetLogger.assetId(a.mac()));
            assertThat(d.path("event").path("dataset").asText()).isEqualTo("vigil.asset");
            assertThat(d.path("event").has("action")).isFalse();
            assertThat(d.path("@timestamp").asText()).isEqualTo(d.path("asset").path("last_seen").asText());
            assertThat(schema.validate(d)).as(d.toString()).isEmpty();
        }
        JsonNode server = docs.stream().filter(d -> d.path("asset").path("mac").asText().equals(SERVER_MAC)).findFirst()
                .orElseThrow();
        JsonNode a = server.path("asset");
        assertThat(a.path("ips").toString()).isEqualTo("[\"10.20.0.10\"]");
        assertThat(a.path("ip_history").get(0).path("source").asText()).isEqualTo("arp");
        assertThat(a.path("vlans").toString()).isEqualTo("[\"20\"]");
        assertThat(a.path("name").asText()).isEqualTo("icx-alphacom");
        assertThat(a.path("snmp").path("enterprise").asLong()).isEqualTo(26122);
        assertThat(a.path("services").path("offered").toString()).contains("{\"transport\":\"tcp\",\"port\":50001,\"protocol\":\"dip\"}");
        assertThat(a.path("services").path("used").toString()).contains("{\"transport\":\"udp\",\"protocol\":\"rtp\"}");
        assertThat(a.path("multicast_sent").toString()).isEqualTo("[\"239.192.1.1\"]");
        assertThat(a.path("management").toString()).isEqualTo("[\"snmpv2c\"]");
        assertThat(a.path("ntp").path("servers").toString()).isEqualTo("[\"10.20.0.2\"]");
        assertThat(a.path("syslog").path("servers").toString()).isEqualTo("[\"10.20.0.3\"]");
        assertThat(a.path("role").asText()).isEqualTo("server");
        assertThat(a.path("role_source").asText()).isEqualTo("guess");
        assertThat(a.has("authorized")).as("unknown until the policy says").isFalse();
    }

    @Test
    void changeEventsCarryActionAndDeterministicIds() throws Exception {
        JsonSchema schema = mergedSchema();
        List<AssetChange> changes = richInventory().drainChanges();
        List<String> ids = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        for (AssetChange c : changes) {
            ids.add(logger.writeChange(c));
            JsonNode d = written();
            actions.add(d.path("event").path("action").asText());
            assertThat(d.path("asset").path("change").path("value").asText()).isEqualTo(c.value());
            assertThat(schema.validate(d)).as(d.toString()).isEmpty();
        }
        assertThat(actions).contains("asset-discovered", "ip-added", "vlan-added", "software-added",
                "software-changed", "snmp-object-id", "service-offered", "service-used", "management-added",
                "manages-added", "ntp-server-added", "syslog-server-added", "multicast-sent", "multicast-joined",
                "name-added");
        assertThat(ids).doesNotHaveDuplicates();
        List<String> again = new ArrayList<>();
        for (AssetChange c : richInventory().drainChanges()) {
            again.add(logger.writeChange(c));
        }
        assertThat(again).as("the same input gives the same ids").isEqualTo(ids);
    }

    @Test
    void assetIdDependsOnTheMacAlone() {
        assertThat(AssetLogger.assetId("00:13:cb:14:00:0a")).isEqualTo(AssetLogger.assetId(SERVER_MAC))
                .hasSize(20).matches("[A-Za-z0-9_-]{20}");
        assertThat(AssetLogger.assetId("00-13-CB-14-00-0B")).isNotEqualTo(AssetLogger.assetId(SERVER_MAC));
        assertThat(AssetLogger.assetId("not a mac")).isNull();
    }

    @Test
    void eventWriterWithoutActionWritesTheSameHeaderAsBefore() {
        writer.begin("vigil.flow", false, 1_000_000_000L, 7, "abc", 0, 0);
        writer.finish();
        String plain = new String(writer.bytes(), 0, writer.length(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(plain).startsWith("{\"@timestamp\":\"1970-01-01T00:00:01.000000Z\",\"event\":{\"dataset\":\"vigil.flow\","
                + "\"kind\":\"event\",\"module\":\"vigil\",\"id\":\"abc\",\"sequence\":7}");
        writer.begin("vigil.asset", false, 1_000_000_000L, 0, "abc", 0, 0, "ip-added");
        writer.finish();
        assertThat(written().path("event").path("action").asText()).isEqualTo("ip-added");
    }
}
