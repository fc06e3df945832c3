package dev.vigil.sensor.output.kibana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchTemplates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped Kibana saved objects ({@code deploy/kibana/vigil-saved-objects.ndjson}) without a
 * Kibana (none can be installed here): the file has the structure of Kibana 8.x's export format,
 * its references resolve within the file, and every field a data view, saved search, Lens
 * visualization or dashboard names (columns, sort, Lens columns, formats, labels, KQL queries,
 * filters) exists in the Elasticsearch mappings (which {@code VigilEventSchemaTest} keeps equal
 * to the event schema) or in {@code deploy/schema/pending-fields.json}, with a type its use needs.
 */
class KibanaSavedObjectsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TYPES = Set.of("index-pattern", "search", "lens", "dashboard");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    /** Kibana's dashboard grid has 48 columns. */
    private static final int GRID_COLUMNS = 48;
    /** Lens' pseudo-field of the count operation. */
    private static final String RECORDS = "___records___";
    private static final Set<String> NUMERIC = Set.of("long", "integer", "short", "byte", "double", "float",
            "half_float", "scaled_float", "unsigned_long");
    private static final Set<String> DATES = Set.of("date", "date_nanos");
    private static final Set<String> ES_TYPES = Set.of("keyword", "ip", "boolean", "date", "date_nanos", "long",
            "integer", "short", "byte", "double", "float", "half_float", "scaled_float", "unsigned_long", "text",
            "match_only_text", "wildcard", "constant_keyword");

    private static String ndjson;
    private static List<ObjectNode> objects;
    private static Map<String, ObjectNode> byId;
    /** Field -> Elasticsearch type: the mappings, then the pending fields (which win). */
    private static Map<String, String> fields;
    private static Map<String, String> mapped;
    private static Map<String, JsonNode> pending;

    @BeforeAll
    static void load() throws IOException {
        ndjson = KibanaSavedObjects.ndjson();
        objects = KibanaSavedObjects.parse(ndjson);
        byId = new HashMap<>();
        for (ObjectNode o : objects) {
            byId.put(o.path("id").asText(), o);
        }
        mapped = new TreeMap<>();
        mappingLeaves(JSON.readTree(ElasticsearchTemplates.json("vigil-mappings")).at("/template/mappings/properties"), "", mapped);
        pending = new TreeMap<>();
        try (InputStream in = KibanaSavedObjectsTest.class.getResourceAsStream("/deploy/schema/pending-fields.json")) {
            if (in != null) {
                JSON.readTree(in).properties().forEach(e -> pending.put(e.getKey(), e.getValue()));
            }
        }
        fields = new TreeMap<>(mapped);
        pending.forEach((name, spec) -> fields.put(name, spec.path("type").asText()));
    }

    // ------------------------------------------------------------------ import format

    @Test
    void everyLineIsASavedObjectOfTheExportFormat() {
        assertThat(ndjson).endsWith("\n").doesNotContain("\r");
        String[] lines = ndjson.split("\n");
        assertThat(lines).allSatisfy(line -> assertThat(line).isNotBlank());
        assertThat(objects).hasSize(lines.length).hasSizeGreaterThanOrEqualTo(30);
        for (ObjectNode o : objects) {
            String where = o.path("type").asText() + " " + o.path("id").asText();
            assertThat(o.path("id").isTextual() && !o.path("id").asText().isBlank()).as(where + ": id").isTrue();
            assertThat(TYPES).as(where + ": type").contains(o.path("type").asText());
            assertThat(o.path("attributes").isObject()).as(where + ": attributes").isTrue();
            assertThat(o.path("references").isArray()).as(where + ": references").isTrue();
            assertThat(o.path("coreMigrationVersion").asText()).as(where).matches(VERSION);
            assertThat(o.path("typeMigrationVersion").asText()).as(where).matches(VERSION);
            assertThat(o.path("attributes").path("title").asText()).as(where + ": title").isNotBlank();
            for (JsonNode ref : o.path("references")) {
                assertThat(ref.path("type").asText()).as(where + ": reference type").isNotBlank();
                assertThat(ref.path("id").asText()).as(where + ": reference id").isNotBlank();
                assertThat(ref.path("name").asText()).as(where + ": reference name").isNotBlank();
            }
        }
    }

    @Test
    void idsAreUniqueAndEveryReferenceResolvesWithinTheFile() {
        Set<String> ids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (ObjectNode o : objects) {
            assertThat(ids.add(o.path("id").asText())).as("duplicate id " + o.path("id").asText()).isTrue();
            String title = o.path("type").asText() + ":" + o.path("attributes").path("title").asText();
            assertThat(titles.add(title)).as("duplicate title " + title).isTrue();
            Set<String> names = new HashSet<>();
            for (JsonNode ref : o.path("references")) {
                ObjectNode target = byId.get(ref.path("id").asText());
                assertThat(target).as(o.path("id").asText() + " references missing " + ref).isNotNull();
                assertThat(target.path("type").asText()).as("type of " + ref).isEqualTo(ref.path("type").asText());
                assertThat(names.add(ref.path("name").asText())).as("duplicate reference name in " + o.path("id")).isTrue();
            }
        }
    }

    @Test
    void theFourDashboardsExistAndEveryObjectIsOnOne() {
        Map<String, ObjectNode> dashboards = new TreeMap<>();
        for (ObjectNode o : objects) {
            if (o.path("type").asText().equals("dashboard")) {
                dashboards.put(o.path("attributes").path("title").asText(), o);
            }
        }
        assertThat(dashboards.keySet()).containsExactlyInAnyOrder(
                "vigil Assets", "vigil Findings", "vigil SIP calls and RTP quality", "vigil Port policy");
        Set<String> onADashboard = new HashSet<>();
        for (ObjectNode d : dashboards.values()) {
            d.path("references").forEach(r -> onADashboard.add(r.path("id").asText()));
        }
        for (ObjectNode o : objects) {
            if (Set.of("lens", "search").contains(o.path("type").asText())) {
                assertThat(onADashboard).as(o.path("id").asText() + " is on no dashboard").contains(o.path("id").asText());
            }
        }
    }

    // ------------------------------------------------------------------ data views

    @Test
    void dataViewsCoverTheVigilDataStreamsAndNameKnownFields() throws IOException {
        Map<String, String> titles = new TreeMap<>();
        for (ObjectNode o : ofType("index-pattern")) {
            JsonNode a = o.path("attributes");
            String id = o.path("id").asText();
            titles.put(id, a.path("title").asText());
            for (String pattern : a.path("title").asText().split(",")) {
                // every pattern lies inside the index templates' logs-vigil.*-* (a data stream per dataset and namespace)
                assertThat(pattern).as(id).matches("logs-vigil\\.([a-z][a-z0-9_]*|\\*)-\\*");
            }
            assertThat(a.path("timeFieldName").asText()).as(id).isEqualTo("@timestamp");
            assertThat(DATES).as(id + " time field").contains(fields.get("@timestamp"));
            assertThat(a.path("fields").asText()).as(id + ": fields are read from Elasticsearch").isEqualTo("[]");
            JsonNode formats = JSON.readTree(a.path("fieldFormatMap").asText());
            formats.properties().forEach(e -> {
                assertKnown(id + " fieldFormatMap", e.getKey());
                String format = e.getValue().path("id").asText();
                assertThat(Set.of("duration", "number")).as(id + " format of " + e.getKey()).contains(format);
                assertThat(NUMERIC).as(id + ": " + format + " format needs a number: " + e.getKey()).contains(fields.get(e.getKey()));
            });
            JsonNode attrs = JSON.readTree(a.path("fieldAttrs").asText());
            attrs.fieldNames().forEachRemaining(f -> assertKnown(id + " fieldAttrs", f));
            assertThat(JSON.readTree(a.path("runtimeFieldMap").asText()).isObject()).isTrue();
            assertThat(JSON.readTree(a.path("sourceFilters").asText()).isArray()).isTrue();
        }
        assertThat(titles.values()).contains("logs-vigil.*-*", "logs-vigil.finding-*", "logs-vigil.asset-*",
                "logs-vigil.sip-*,logs-vigil.call-*,logs-vigil.rtp-*", "logs-vigil.flow-*");
    }

    // ------------------------------------------------------------------ saved searches

    @Test
    void savedSearchesUseKnownColumnsSortFieldsAndQueries() throws IOException {
        List<ObjectNode> searches = ofType("search");
        assertThat(searches).hasSizeGreaterThanOrEqualTo(6);
        for (ObjectNode o : searches) {
            String id = o.path("id").asText();
            JsonNode a = o.path("attributes");
            assertThat(a.path("columns")).as(id + " columns").isNotEmpty();
            a.path("columns").forEach(c -> assertKnown(id + " column", c.asText()));
            for (JsonNode sort : a.path("sort")) {
                assertKnown(id + " sort", sort.get(0).asText());
                assertThat(sort.get(1).asText()).isIn("asc", "desc");
            }
            JsonNode source = JSON.readTree(a.at("/kibanaSavedObjectMeta/searchSourceJSON").asText());
            checkQuery(id, source.path("query"));
            checkFilters(id, source.path("filter"));
            String refName = source.path("indexRefName").asText();
            assertThat(reference(o, refName)).as(id + " indexRefName " + refName).isNotNull();
            assertThat(reference(o, refName).path("type").asText()).isEqualTo("index-pattern");
        }
    }

    // ------------------------------------------------------------------ Lens

    @Test
    void lensColumnsUseKnownFieldsOfTheRightType() {
        List<ObjectNode> lenses = ofType("lens");
        assertThat(lenses).hasSizeGreaterThanOrEqualTo(15);
        for (ObjectNode o : lenses) {
            String id = o.path("id").asText();
            JsonNode a = o.path("attributes");
            assertThat(a.path("visualizationType").asText()).as(id).isIn("lnsXY", "lnsMetric", "lnsDatatable");
            JsonNode state = a.path("state");
            checkQuery(id, state.path("query"));
            checkFilters(id, state.path("filters"));
            JsonNode layers = state.at("/datasourceStates/formBased/layers");
            assertThat(layers.size()).as(id + " layers").isPositive();
            Set<String> columnIds = new HashSet<>();
            layers.properties().forEach(layer -> {
                String where = id + " layer " + layer.getKey();
                JsonNode ref = reference(o, "indexpattern-datasource-layer-" + layer.getKey());
                assertThat(ref).as(where + ": data view reference").isNotNull();
                assertThat(ref.path("type").asText()).isEqualTo("index-pattern");
                JsonNode columns = layer.getValue().path("columns");
                List<String> order = new ArrayList<>();
                layer.getValue().path("columnOrder").forEach(c -> order.add(c.asText()));
                List<String> keys = new ArrayList<>();
                columns.fieldNames().forEachRemaining(keys::add);
                assertThat(order).as(where + " columnOrder").containsExactlyInAnyOrderElementsOf(keys);
                columns.properties().forEach(c -> checkColumn(where + " column " + c.getKey(), c.getValue(), columns));
                columnIds.addAll(keys);
            });
            checkAccessors(id, state.path("visualization"), columnIds, layers);
        }
    }

    private void checkColumn(String where, JsonNode col, JsonNode columns) {
        String op = col.path("operationType").asText();
        String field = col.path("sourceField").asText();
        String dataType = col.path("dataType").asText();
        if (col.has("filter")) {
            assertThat(col.at("/filter/language").asText()).as(where).isEqualTo("kuery");
            checkKql(where + " filter", col.at("/filter/query").asText());
        }
        if (op.equals("count")) {
            assertThat(field).as(where).isEqualTo(RECORDS);
            assertThat(dataType).isEqualTo("number");
            return;
        }
        assertKnown(where, field);
        String esType = fields.get(field);
        switch (op) {
            case "date_histogram" -> {
                assertThat(DATES).as(where + ": date_histogram on " + field).contains(esType);
                assertThat(dataType).as(where).isEqualTo("date");
            }
            case "average", "sum", "median" -> {
                assertThat(NUMERIC).as(where + ": " + op + " on " + field).contains(esType);
                assertThat(dataType).as(where).isEqualTo("number");
            }
            case "max", "min" -> {
                assertThat(NUMERIC.contains(esType) || DATES.contains(esType)).as(where + ": " + op + " on " + field).isTrue();
                assertThat(dataType).as(where).isEqualTo(DATES.contains(esType) ? "date" : "number");
            }
            case "unique_count" -> assertThat(dataType).as(where).isEqualTo("number");
            case "terms", "last_value" -> {
                assertThat(dataType).as(where + " dataType of " + field).isEqualTo(lensType(esType));
                if (op.equals("terms")) {
                    String orderBy = col.at("/params/orderBy/columnId").asText();
                    assertThat(columns.has(orderBy)).as(where + " orders by a missing column " + orderBy).isTrue();
                } else {
                    String sort = col.at("/params/sortField").asText();
                    assertKnown(where + " sortField", sort);
                    assertThat(DATES).as(where + " sortField").contains(fields.get(sort));
                }
            }
            default -> throw new AssertionError(where + ": operation " + op + " not checked by this test");
        }
        assertThat(col.path("isBucketed").asBoolean()).as(where + " isBucketed").isEqualTo(op.equals("terms") || op.equals("date_histogram"));
    }

    private static void checkAccessors(String id, JsonNode vis, Set<String> columnIds, JsonNode layers) {
        List<String> used = new ArrayList<>();
        List<String> visLayers = new ArrayList<>();
        if (vis.has("layers")) {
            for (JsonNode l : vis.path("layers")) {
                visLayers.add(l.path("layerId").asText());
                used.add(l.path("xAccessor").asText());
                l.path("accessors").forEach(x -> used.add(x.asText()));
                if (l.has("splitAccessor")) {
                    used.add(l.path("splitAccessor").asText());
                }
            }
        } else {
            visLayers.add(vis.path("layerId").asText());
            if (vis.has("metricAccessor")) {
                used.add(vis.path("metricAccessor").asText());
            }
            vis.path("columns").forEach(c -> used.add(c.path("columnId").asText()));
        }
        List<String> dsLayers = new ArrayList<>();
        layers.fieldNames().forEachRemaining(dsLayers::add);
        assertThat(visLayers).as(id + " visualization layers").containsExactlyInAnyOrderElementsOf(dsLayers);
        assertThat(used).as(id + " accessors").isNotEmpty().allSatisfy(u -> assertThat(columnIds).as(id).contains(u));
        assertThat(columnIds).as(id + ": every column is shown").allSatisfy(c -> assertThat(used).contains(c));
    }

    private static String lensType(String esType) {
        if (NUMERIC.contains(esType)) {
            return "number";
        }
        if (DATES.contains(esType)) {
            return "date";
        }
        return switch (esType) {
            case "ip" -> "ip";
            case "boolean" -> "boolean";
            default -> "string";
        };
    }

    // ------------------------------------------------------------------ dashboards

    @Test
    void dashboardPanelsJsonParsesAndEveryPanelResolves() throws IOException {
        for (ObjectNode d : ofType("dashboard")) {
            String id = d.path("id").asText();
            JsonNode a = d.path("attributes");
            JsonNode panels = JSON.readTree(a.path("panelsJSON").asText());
            assertThat(panels.isArray()).as(id + " panelsJSON").isTrue();
            assertThat(panels.size()).as(id + " panels").isGreaterThanOrEqualTo(5);
            assertThat(JSON.readTree(a.path("optionsJSON").asText()).isObject()).as(id + " optionsJSON").isTrue();
            JsonNode source = JSON.readTree(a.at("/kibanaSavedObjectMeta/searchSourceJSON").asText());
            checkQuery(id, source.path("query"));
            checkFilters(id, source.path("filter"));
            Set<String> indexes = new HashSet<>();
            List<int[]> boxes = new ArrayList<>();
            for (JsonNode p : panels) {
                String index = p.path("panelIndex").asText();
                String where = id + " panel " + index;
                assertThat(indexes.add(index)).as(where + " duplicate panelIndex").isTrue();
                JsonNode g = p.path("gridData");
                assertThat(g.path("i").asText()).as(where).isEqualTo(index);
                int x = g.path("x").asInt(-1);
                int y = g.path("y").asInt(-1);
                int w = g.path("w").asInt(0);
                int h = g.path("h").asInt(0);
                assertThat(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= GRID_COLUMNS).as(where + " gridData " + g).isTrue();
                boxes.add(new int[] {x, y, w, h});
                String refName = index + ":" + p.path("panelRefName").asText();
                JsonNode ref = reference(d, refName);
                assertThat(ref).as(where + " reference " + refName).isNotNull();
                assertThat(ref.path("type").asText()).as(where).isEqualTo(p.path("type").asText());
                assertThat(byId).as(where).containsKey(ref.path("id").asText());
            }
            assertThat(d.path("references").size()).as(id + ": one reference per panel").isEqualTo(panels.size());
            for (int i = 0; i < boxes.size(); i++) {
                for (int j = i + 1; j < boxes.size(); j++) {
                    assertThat(overlap(boxes.get(i), boxes.get(j))).as(id + ": panels " + (i + 1) + " and " + (j + 1) + " overlap").isFalse();
                }
            }
        }
    }

    private static boolean overlap(int[] a, int[] b) {
        return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
    }

    // ------------------------------------------------------------------ fields and queries

    @Test
    void everyFieldUsedIsCollectedAndKnown() throws IOException {
        // the sum of the checks above, as one list a reviewer can read when this fails
        Set<String> used = new TreeSet<>();
        for (ObjectNode o : objects) {
            collectFields(o.path("attributes"), used);
        }
        assertThat(used).contains("rule.name", "asset.mac", "call.setup_ms", "rtp.mos", "destination.port");
        List<String> unknown = new ArrayList<>();
        for (String f : used) {
            if (!fields.containsKey(f)) {
                unknown.add(f);
            }
        }
        assertThat(unknown).as("fields used by saved objects but in neither the mappings nor pending-fields.json").isEmpty();
    }

    /** Field names in every place the saved objects keep them, string-encoded JSON included. */
    private static void collectFields(JsonNode node, Set<String> out) throws IOException {
        if (node.isObject()) {
            if (node.path("language").asText().equals("kuery") && node.path("query").isTextual()) {
                Kql.parse(node.path("query").asText()).forEach(c -> out.add(c.field()));
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String k = e.getKey();
                JsonNode v = e.getValue();
                switch (k) {
                    case "sourceField", "sortField", "timeFieldName" -> {
                        if (!v.asText().equals(RECORDS)) {
                            out.add(v.asText());
                        }
                    }
                    case "columns" -> {
                        if (v.isArray()) {
                            v.forEach(c -> {
                                if (c.isTextual()) {
                                    out.add(c.asText());
                                }
                            });
                        } else {
                            collectFields(v, out);
                        }
                    }
                    case "sort" -> v.forEach(s -> out.add(s.get(0).asText()));
                    case "fieldFormatMap", "fieldAttrs" -> JSON.readTree(v.asText()).fieldNames().forEachRemaining(out::add);
                    case "searchSourceJSON", "panelsJSON" -> collectFields(JSON.readTree(v.asText()), out);
                    default -> collectFields(v, out);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                collectFields(n, out);
            }
        }
    }

    /**
     * Fields the dashboards needed before their datasets existed waited in
     * {@code deploy/schema/pending-fields.json}; all are in the templates now, and a new one goes
     * straight into the schema and mappings.
     */
    @Test
    void everyFieldTheDashboardsUseIsInTheTemplatesNotPending() {
        assertThat(pending).as("deploy/schema/pending-fields.json entries: merge them into the schema and mappings")
                .isEmpty();
    }

    @Test
    void kqlParserAcceptsWhatKibanaAcceptsAndRejectsTheRest() {
        assertThat(Kql.parse("")).isEmpty();
        assertThat(Kql.parse("   ")).isEmpty();
        assertThat(Kql.parse("event.dataset : \"vigil.rtp\" and (rtp.mos < 3.6 or rtp.lost > 0)"))
                .extracting(Kql.Clause::field, Kql.Clause::op)
                .containsExactly(tuple("event.dataset", ":"),
                        tuple("rtp.mos", "<"),
                        tuple("rtp.lost", ">"));
        assertThat(Kql.parse("vigil.severity : (\"high\" or critical)").get(0).values()).containsExactly("high", "critical");
        assertThat(Kql.parse("not network.protocol : *").get(0).values()).containsExactly("*");
        assertThat(Kql.parse("a:1 AND NOT b:\"x \\\" y\"").get(1).values()).containsExactly("x \" y");
        for (String bad : new String[] {"rtp.mos <", "event.dataset : ", "(a : 1", "a : 1)", "free text", "a : 1 and",
                "a.* : 1", "a : \"open", "a < *", "a : {b : 1}", "and : 1", "a = 1"}) {
            assertThatThrownBy(() -> Kql.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ------------------------------------------------------------------ namespace

    @Test
    void forNamespaceNarrowsOnlyTheDataViewPatterns() {
        String narrowed = KibanaSavedObjects.forNamespace(ndjson, "site1");
        List<ObjectNode> after = KibanaSavedObjects.parse(narrowed);
        assertThat(after).hasSameSizeAs(objects);
        for (int i = 0; i < objects.size(); i++) {
            ObjectNode before = objects.get(i);
            ObjectNode now = after.get(i);
            assertThat(now.path("id")).isEqualTo(before.path("id"));
            if (before.path("type").asText().equals("index-pattern")) {
                String title = now.at("/attributes/title").asText();
                for (String p : title.split(",")) {
                    assertThat(p).endsWith("-site1").doesNotContain("-*");
                }
                assertThat(title.replace("-site1", "-*")).isEqualTo(before.at("/attributes/title").asText());
            } else {
                assertThat(now).isEqualTo(before);
            }
        }
        assertThat(after.stream().filter(o -> o.at("/attributes/title").asText().equals("logs-vigil.*-site1"))).hasSize(1);
        for (String bad : new String[] {"", "Site1", "site-1", "a b", "x".repeat(101)}) {
            assertThatThrownBy(() -> KibanaSavedObjects.forNamespace(ndjson, bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> KibanaSavedObjects.parse("{\"id\":1}\n[1]\n")).hasMessageContaining("line 2");
        assertThatThrownBy(() -> KibanaSavedObjects.parse("{\"id\":")).hasMessageContaining("line 1");
    }

    @Test
    void theShippedFileIsUtf8Ndjson() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(KibanaSavedObjects.RESOURCE)) {
            byte[] bytes = in.readAllBytes();
            assertThat(new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)).isEqualTo(bytes);
        }
        assertThat(KibanaSavedObjects.FILE_NAME).endsWith(".ndjson");
    }

    // ------------------------------------------------------------------ helpers

    private static void checkQuery(String where, JsonNode query) {
        if (query.isMissingNode()) {
            return;
        }
        assertThat(query.path("language").asText()).as(where + " query language").isEqualTo("kuery");
        checkKql(where + " query", query.path("query").asText());
    }

    private static void checkKql(String where, String kql) {
        for (Kql.Clause c : Kql.parse(kql)) {
            assertKnown(where + " KQL '" + kql + "'", c.field());
            String type = fields.get(c.field());
            if (!c.op().equals(":")) {
                assertThat(NUMERIC.contains(type) || DATES.contains(type) || type.equals("ip"))
                        .as(where + ": range on " + c.field() + " (" + type + ")").isTrue();
                c.values().forEach(v -> {
                    if (NUMERIC.contains(type)) {
                        assertThat(v).as(where + ": number for " + c.field()).matches("-?\\d+(\\.\\d+)?");
                    }
                });
            } else if (type.equals("boolean")) {
                assertThat(c.values()).as(where + ": " + c.field() + " is boolean").allSatisfy(v -> assertThat(v).isIn("true", "false", "*"));
            } else if (NUMERIC.contains(type)) {
                assertThat(c.values()).as(where + ": " + c.field() + " is numeric").allSatisfy(v -> assertThat(v).matches("\\*|-?\\d+(\\.\\d+)?"));
            }
        }
    }

    /** Filters (pinned or saved): each names its field in meta.key. */
    private static void checkFilters(String where, JsonNode filters) {
        if (filters.isMissingNode()) {
            return;
        }
        assertThat(filters.isArray()).as(where + " filters").isTrue();
        for (JsonNode f : filters) {
            assertKnown(where + " filter", f.at("/meta/key").asText());
        }
    }

    private static void assertKnown(String where, String field) {
        assertThat(fields).as(where + ": field '" + field + "' is in neither vigil-mappings.json nor pending-fields.json")
                .containsKey(field);
    }

    private static JsonNode reference(ObjectNode o, String name) {
        for (JsonNode r : o.path("references")) {
            if (r.path("name").asText().equals(name)) {
                return r;
            }
        }
        return null;
    }

    private static List<ObjectNode> ofType(String type) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode o : objects) {
            if (o.path("type").asText().equals(type)) {
                out.add(o);
            }
        }
        return out;
    }

    private static void mappingLeaves(JsonNode props, String prefix, Map<String, String> out) {
        props.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.has("properties")) {
                mappingLeaves(v.path("properties"), prefix + e.getKey() + ".", out);
            } else {
                out.put(prefix + e.getKey(), v.path("type").asText());
            }
        });
    }
}
