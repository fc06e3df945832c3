package dev.vigil.sensor.output.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import dev.vigil.sensor.testing.EventSchema;

/**
 * The event schema ({@code deploy/schema/vigil-event.schema.json}) against the JSON Schema
 * meta-schema, sample documents, and the Elasticsearch mappings: every leaf of the schema has
 * a mapping of a compatible type and every mapped leaf is in the schema.
 */
class VigilEventSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode schemaNode;
    private static JsonSchema schema;

    @BeforeAll
    static void load() {
        schemaNode = EventSchema.node();
        schema = EventSchema.schema();
    }

    @Test
    void schemaIsValidDraft202012() {
        JsonSchema meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(meta.validate(schemaNode)).isEmpty();
        assertThat(schemaNode.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schemaNode.path("required")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("@timestamp", "event", "observer");
        assertThat(schemaNode.at("/properties/event/required")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("dataset", "kind", "id");
        assertThat(schemaNode.at("/properties/observer/required")).extracting(JsonNode::asText)
                .containsExactly("product");
    }

    static Stream<Path> validSamples() throws IOException, URISyntaxException {
        URL dir = VigilEventSchemaTest.class.getResource("/schema-samples/valid");
        assertThat(dir).isNotNull();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
            s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("validSamples")
    void sampleValidates(Path sample) throws IOException {
        assertThat(schema.validate(JSON.readTree(sample.toFile()))).isEmpty();
    }

    static Stream<Arguments> invalidMutations() {
        return Stream.of(
                mutation("timestamp with 10 fractional digits", d -> d.put("@timestamp", "2024-03-05T10:15:30.1234567891Z")),
                mutation("timestamp with an offset", d -> d.put("@timestamp", "2024-03-05T10:15:30+01:00")),
                mutation("timestamp before 1970 (date_nanos)", d -> d.put("@timestamp", "1969-12-31T23:59:59Z")),
                mutation("timestamp not a date", d -> d.put("@timestamp", "2024-02-30T10:15:30Z")),
                mutation("no @timestamp", d -> d.remove("@timestamp")),
                mutation("no event.id", d -> obj(d, "event").remove("id")),
                mutation("no event.dataset", d -> obj(d, "event").remove("dataset")),
                mutation("no event.kind", d -> obj(d, "event").remove("kind")),
                mutation("no observer.product", d -> obj(d, "observer").remove("product")),
                mutation("event.kind unknown", d -> obj(d, "event").put("kind", "metric")),
                mutation("event.dataset with a hyphen", d -> obj(d, "event").put("dataset", "vigil.sip-dialog")),
                mutation("event.dataset outside vigil", d -> obj(d, "event").put("dataset", "zeek.conn")),
                mutation("event.sequence negative", d -> obj(d, "event").put("sequence", -1)),
                mutation("event.duration a string", d -> obj(d, "event").put("duration", "30s")),
                mutation("unknown field in event", d -> obj(d, "event").put("category", "network")),
                mutation("unknown field in source", d -> obj(d, "source").put("address", "10.1.2.3")),
                mutation("unknown field in network", d -> obj(d, "network").put("direction", "inbound")),
                mutation("source.port a string", d -> obj(d, "source").put("port", "abc")),
                mutation("source.port out of range", d -> obj(d, "source").put("port", 70000)),
                mutation("source.ip not an address", d -> obj(d, "source").put("ip", "10.0.0.256")),
                mutation("source.ip with a prefix", d -> obj(d, "source").put("ip", "10.0.0.0/8")),
                mutation("source.mac with colons", d -> obj(d, "source").put("mac", "00:13:CB:11:22:33")),
                mutation("source.mac lower case", d -> obj(d, "source").put("mac", "00-13-cb-11-22-33")),
                mutation("network.type unknown", d -> obj(d, "network").put("type", "ipx")),
                mutation("network.iana_number a number", d -> obj(d, "network").put("iana_number", 17)),
                mutation("network.vlan.id out of range", d -> obj(obj(d, "network"), "vlan").put("id", "4096")),
                mutation("network.community_id malformed", d -> obj(d, "network").put("community_id", "1:abc")),
                mutation("observer.product other", d -> obj(d, "observer").put("product", "zeek")),
                mutation("flow.end_reason unknown", d -> obj(d, "flow").put("end_reason", "timeout")),
                mutation("vigil.tunnel.id a string", d -> obj(obj(d, "vigil"), "tunnel").put("id", "7")));
    }

    private static Arguments mutation(String name, Consumer<ObjectNode> change) {
        return Arguments.of(name, change);
    }

    private static ObjectNode obj(ObjectNode parent, String field) {
        return (ObjectNode) parent.get(field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidMutations")
    void invalidDocumentIsRejected(String name, Consumer<ObjectNode> change) throws IOException {
        ObjectNode doc;
        try (InputStream in = getClass().getResourceAsStream("/schema-samples/valid/flow.json")) {
            doc = (ObjectNode) JSON.readTree(in);
        }
        assertThat(schema.validate(doc)).as("the unchanged sample").isEmpty();
        change.accept(doc);
        Set<ValidationMessage> errors = schema.validate(doc);
        assertThat(errors).as(name).isNotEmpty();
    }

    @Test
    void protocolObjectsAndNewProtocolsMayAddFields() throws IOException {
        ObjectNode doc;
        try (InputStream in = getClass().getResourceAsStream("/schema-samples/valid/arp.json")) {
            doc = (ObjectNode) JSON.readTree(in);
        }
        obj(doc, "arp").put("hardware_type", 1);
        doc.putObject("rtsp").put("method", "DESCRIBE");
        assertThat(schema.validate(doc)).isEmpty();
    }

    /** A community string in clear is not a valid document: the schema has only its hash. */
    @Test
    void snmpCommunityInClearIsRejected() throws IOException {
        ObjectNode doc;
        try (InputStream in = getClass().getResourceAsStream("/schema-samples/valid/arp.json")) {
            doc = (ObjectNode) JSON.readTree(in);
        }
        doc.putObject("snmp").put("community", "public");
        assertThat(schema.validate(doc)).isNotEmpty();
    }

    @Test
    void everySchemaLeafIsMappedWithACompatibleTypeAndViceVersa() throws IOException {
        Map<String, String> schemaLeaves = new TreeMap<>();
        schemaLeaves(schemaNode, "", schemaLeaves);
        JsonNode mappings = JSON.readTree(ElasticsearchTemplates.json("vigil-mappings")).at("/template/mappings");
        Map<String, String> mappedLeaves = new TreeMap<>();
        mappingLeaves(mappings.path("properties"), "", mappedLeaves);

        assertThat(schemaLeaves).hasSizeGreaterThan(60);
        assertThat(mappedLeaves.keySet()).as("mapped fields").isEqualTo(schemaLeaves.keySet());
        List<String> mismatches = new ArrayList<>();
        schemaLeaves.forEach((field, kind) -> {
            String esType = mappedLeaves.get(field);
            if (!compatible(kind, esType)) {
                mismatches.add(field + ": schema " + kind + ", mapping " + esType);
            }
        });
        assertThat(mismatches).isEmpty();
        // unknown fields (later protocols) are mapped, but strings never become dates
        assertThat(mappings.path("dynamic").asBoolean()).isTrue();
        assertThat(mappings.path("date_detection").asBoolean(true)).isFalse();
    }

    @Test
    void indexTemplateComposesBothComponentTemplates() throws IOException {
        JsonNode t = JSON.readTree(ElasticsearchTemplates.json(ElasticsearchTemplates.INDEX_TEMPLATE));
        assertThat(t.path("index_patterns")).extracting(JsonNode::asText).containsExactly("logs-vigil.*-*");
        assertThat(t.path("data_stream").isObject()).isTrue();
        assertThat(t.path("priority").asInt()).isEqualTo(250);
        assertThat(t.path("composed_of")).extracting(JsonNode::asText)
                .containsExactly("vigil-settings", "vigil-mappings", "vigil-lifecycle-events");
        assertThat(t.path("ignore_missing_component_templates")).extracting(JsonNode::asText)
                .containsExactly("vigil-lifecycle-events");
        JsonNode settings = JSON.readTree(ElasticsearchTemplates.json("vigil-settings")).at("/template/settings/index");
        assertThat(settings.path("number_of_shards").asInt()).isEqualTo(1);
        assertThat(settings.path("number_of_replicas").asInt()).isZero();
    }

    /** Schema leaf kinds: date, ip, integer, number, boolean, string. */
    private static void schemaLeaves(JsonNode node, String path, Map<String, String> out) {
        node = resolve(node);
        if ("array".equals(node.path("type").asText()) && node.has("items")) {
            // Elasticsearch has no array type: any field holds one value or several
            schemaLeaves(node.path("items"), path, out);
            return;
        }
        JsonNode props = node.path("properties");
        if (props.isObject() && props.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                schemaLeaves(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
            }
            return;
        }
        String type = node.path("type").asText("");
        String kind = switch (type) {
            case "integer", "number", "boolean" -> type;
            case "string" -> "date-time".equals(node.path("format").asText()) ? "date"
                    : isIp(node) ? "ip" : "string";
            // a small bag of facts whose keys vary (a finding's details): one flattened field
            case "object" -> node.path("x-es-flattened").asBoolean() ? "flattened"
                    : failLeaf(path, node);
            default -> throw new AssertionError(path + ": schema leaf without a scalar type: " + node);
        };
        out.put(path, kind);
    }

    private static String failLeaf(String path, JsonNode node) {
        throw new AssertionError(path + ": schema leaf without a scalar type: " + node);
    }

    private static boolean isIp(JsonNode node) {
        for (JsonNode alt : node.path("anyOf")) {
            String f = alt.path("format").asText();
            if (f.equals("ipv4") || f.equals("ipv6")) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertThat(ref).startsWith("#/");
            node = schemaNode.at(ref.substring(1));
            assertThat(node.isMissingNode()).as("$ref " + ref).isFalse();
        }
        return node;
    }

    private static void mappingLeaves(JsonNode props, String path, Map<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode m = e.getValue();
            if (m.has("properties")) {
                mappingLeaves(m.get("properties"), p, out);
            } else {
                out.put(p, m.path("type").asText("object"));
            }
        }
    }

    private static boolean compatible(String schemaKind, String esType) {
        if (esType == null) {
            return false;
        }
        return switch (schemaKind) {
            case "date" -> esType.equals("date_nanos") || esType.equals("date");
            case "ip" -> esType.equals("ip");
            case "integer" -> Set.of("long", "integer", "short", "byte", "unsigned_long").contains(esType);
            case "number" -> Set.of("double", "float", "half_float", "scaled_float").contains(esType);
            case "boolean" -> esType.equals("boolean");
            case "flattened" -> esType.equals("flattened");
            case "string" -> Set.of("keyword", "constant_keyword", "wildcard", "text", "match_only_text").contains(esType);
            default -> false;
        };
    }
}
