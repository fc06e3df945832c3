package dev.vigil.sensor.output.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.sensor.output.EventRecord;
import dev.vigil.sensor.testing.ElasticsearchServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ElasticsearchOutput} against a real Elasticsearch. Each test writes into its own
 * namespace: data streams cannot be deleted in this distribution.
 */
class ElasticsearchOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static final String[] DATASETS = {"vigil.flow", "vigil.arp", "vigil.decode"};

    private static String url;
    private static ElasticsearchClient client;

    @BeforeAll
    static void connect() {
        url = ElasticsearchServer.shared();
        client = ElasticsearchClients.create(ElasticsearchConfig.builder().url(url).build());
    }

    @AfterAll
    static void disconnect() throws IOException {
        client.close();
    }

    private static String namespace() {
        return "test" + ProcessHandle.current().pid() + "_" + NAMESPACES.incrementAndGet();
    }

    private static ElasticsearchConfig.Builder config(String namespace) {
        return ElasticsearchConfig.builder().url(url).namespace(namespace)
                .maxBatchRecords(100).maxRetryTime(Duration.ofSeconds(30));
    }

    /** Record {@code i} of a deterministic set: dataset, transport and source network vary with i. */
    private static EventRecord record(int i) {
        String dataset = DATASETS[i % DATASETS.length];
        String transport = i % 4 == 0 ? "tcp" : "udp";
        String sourceIp = i % 2 == 0 ? "10.0." + (i / 256 % 256) + "." + (i % 256) : "192.168.1." + (i % 256);
        Instant t = Instant.parse("2024-03-05T10:00:00Z").plusNanos(i * 1_000_000_007L);
        String json = "{\"@timestamp\":\"" + t + "\",\"event\":{\"dataset\":\"" + dataset
                + "\",\"kind\":\"event\",\"module\":\"vigil\",\"id\":\"r" + i + "\",\"sequence\":" + i + "},"
                + "\"observer\":{\"product\":\"vigil\"},"
                + "\"source\":{\"ip\":\"" + sourceIp + "\",\"port\":" + (1024 + i) + "},"
                + "\"destination\":{\"ip\":\"172.16.0.1\",\"port\":5060},"
                + "\"network\":{\"transport\":\"" + transport + "\",\"type\":\"ipv4\"}}";
        return record(dataset, "r" + i, json);
    }

    private static EventRecord record(String dataset, String id, String json) {
        EventRecord r = new EventRecord();
        r.dataset = dataset;
        r.id = id;
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        r.setJson(bytes, 0, bytes.length);
        return r;
    }

    /** Runs records through a fresh output and closes it. */
    private static ElasticsearchOutput deliver(ElasticsearchConfig config, List<EventRecord> records) throws Exception {
        ElasticsearchOutput out = new ElasticsearchOutput(config);
        out.start();
        try {
            EventRecord slot = new EventRecord(); // a reused ring slot, as in the pipeline
            for (int i = 0; i < records.size(); i++) {
                EventRecord r = records.get(i);
                slot.dataset = r.dataset;
                slot.id = r.id;
                slot.upsert = r.upsert;
                slot.setJson(r.json(), 0, r.length());
                out.onRecord(slot, i == records.size() - 1 || i % 250 == 249);
            }
        } finally {
            out.close();
        }
        return out;
    }

    private static void refresh(String namespace) throws IOException {
        client.indices().refresh(r -> r.index("logs-vigil.*-" + namespace));
    }

    private static long count(String index) throws IOException {
        return client.count(c -> c.index(index)).count();
    }

    @Test
    void indexingTheSameRecordsTwiceStoresEachOnce() throws Exception {
        String ns = namespace();
        int n = 1000;
        List<EventRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(record(i));
        }

        ElasticsearchOutput first = deliver(config(ns).build(), records);
        assertThat(first.failedByReason()).isEmpty();
        assertThat(first.delivered()).isEqualTo(n);
        assertThat(first.duplicates()).isZero();
        assertThat(first.failed()).isZero();
        assertThat(first.pending()).isZero();
        assertThat(first.bulkRequests()).isGreaterThanOrEqualTo(n / 100);

        ElasticsearchOutput second = deliver(config(ns).build(), records);
        assertThat(second.delivered()).isEqualTo(n);
        assertThat(second.duplicates()).isEqualTo(n);
        assertThat(second.failed()).isZero();

        refresh(ns);
        assertThat(count("logs-vigil.*-" + ns)).isEqualTo(n);
        Map<String, Long> perDataset = new TreeMap<>();
        for (String dataset : DATASETS) {
            perDataset.put(dataset, count("logs-" + dataset + "-" + ns));
        }
        assertThat(perDataset).containsExactlyInAnyOrderEntriesOf(Map.of(
                "vigil.flow", 334L, "vigil.arp", 333L, "vigil.decode", 333L));

        // a terms aggregation over all vigil data streams of the namespace
        SearchResponse<Void> agg = client.search(s -> s.index("logs-vigil.*-" + ns).size(0)
                .aggregations("transport", a -> a.terms(t -> t.field("network.transport"))), Void.class);
        Map<String, Long> transports = agg.aggregations().get("transport").sterms().buckets().array().stream()
                .collect(Collectors.toMap(b -> b.key().stringValue(), StringTermsBucket::docCount));
        assertThat(transports).isEqualTo(Map.of("tcp", 250L, "udp", 750L));

        // source.ip is an ip field: a CIDR term query
        long inTen = client.count(c -> c.index("logs-vigil.*-" + ns)
                .query(q -> q.term(t -> t.field("source.ip").value("10.0.0.0/8")))).count();
        assertThat(inTen).isEqualTo(n / 2);
        long inTenZeroOne = client.count(c -> c.index("logs-vigil.*-" + ns)
                .query(q -> q.term(t -> t.field("source.ip").value("10.0.1.0/24")))).count();
        assertThat(inTenZeroOne).isEqualTo(128);
    }

    @Test
    void assetDocumentsAreReplacedInPlaceWhileEventsAreCreatedOnce() throws Exception {
        String ns = namespace();
        List<EventRecord> records = new ArrayList<>();
        for (String vendor : new String[] {"unknown", "Zenitel Norway AS"}) {
            EventRecord a = record("vigil.asset", "asset-00-13-CB-00-00-01",
                    "{\"@timestamp\":\"2024-03-05T10:00:00Z\",\"event\":{\"dataset\":\"vigil.asset\",\"kind\":\"state\","
                            + "\"id\":\"asset-00-13-CB-00-00-01\"},\"asset\":{\"mac\":\"00-13-CB-00-00-01\",\"vendor\":\""
                            + vendor + "\"}}");
            a.upsert = true;
            records.add(a);
            records.add(record(records.size()));
        }
        ElasticsearchOutput out = deliver(config(ns).build(), records);
        assertThat(out.delivered()).isEqualTo(4);
        assertThat(out.failed()).isZero();
        client.indices().refresh(r -> r.index(ElasticsearchTemplates.ASSETS_INDEX_PREFIX + ns));
        SearchResponse<JsonNode> assets = client.search(s -> s.index(ElasticsearchTemplates.ASSETS_INDEX_PREFIX + ns),
                JsonNode.class);
        assertThat(assets.hits().hits()).singleElement()
                .satisfies(h -> assertThat(h.source().at("/asset/vendor").asText()).isEqualTo("Zenitel Norway AS"));
        refresh(ns);
        assertThat(count("logs-vigil.*-" + ns)).isEqualTo(2);
    }

    @Test
    void timestampsKeepNanosecondPrecision() throws Exception {
        String ns = namespace();
        String json = "{\"@timestamp\":\"2024-03-05T10:15:30.123456789Z\",\"event\":{\"dataset\":\"vigil.flow\","
                + "\"kind\":\"event\",\"id\":\"nanos\",\"start\":\"2024-03-05T10:15:30.000000001Z\"},"
                + "\"observer\":{\"product\":\"vigil\"}}";
        ElasticsearchOutput out = deliver(config(ns).build(), List.of(record("vigil.flow", "nanos", json)));
        assertThat(out.delivered()).isEqualTo(1);
        refresh(ns);
        String index = "logs-vigil.flow-" + ns;
        // one nanosecond either side of the stored instant
        assertThat(client.count(c -> c.index(index).query(q -> q.range(r -> r.date(d -> d.field("@timestamp")
                .gt("2024-03-05T10:15:30.123456788Z").lt("2024-03-05T10:15:30.123456790Z"))))).count())
                .isEqualTo(1);
        assertThat(client.count(c -> c.index(index).query(q -> q.range(r -> r.date(d -> d.field("@timestamp")
                .gt("2024-03-05T10:15:30.123456789Z"))))).count()).isZero();
        SearchResponse<JsonNode> hit = client.search(s -> s.index(index).docvalueFields(f -> f.field("@timestamp")),
                JsonNode.class);
        assertThat(hit.hits().hits().get(0).fields().get("@timestamp").toJson().toString())
                .contains("2024-03-05T10:15:30.123456789Z");
    }

    @Test
    void mappingErrorsAreCountedAsFailedWithTheirReason() throws Exception {
        String ns = namespace();
        List<EventRecord> records = new ArrayList<>(List.of(record(0), record(3), record(6)));
        records.add(record("vigil.flow", "bad-port",
                "{\"@timestamp\":\"2024-03-05T10:00:00Z\",\"event\":{\"dataset\":\"vigil.flow\",\"kind\":\"event\","
                        + "\"id\":\"bad-port\"},\"observer\":{\"product\":\"vigil\"},\"source\":{\"port\":\"abc\"}}"));
        records.add(record("vigil.flow", "bad-ip",
                "{\"@timestamp\":\"2024-03-05T10:00:00Z\",\"event\":{\"dataset\":\"vigil.flow\",\"kind\":\"event\","
                        + "\"id\":\"bad-ip\"},\"observer\":{\"product\":\"vigil\"},\"source\":{\"ip\":\"not-an-ip\"}}"));
        records.add(record("vigil.flow", "no-timestamp",
                "{\"event\":{\"dataset\":\"vigil.flow\",\"kind\":\"event\",\"id\":\"no-timestamp\"}}"));
        records.add(record("Vigil-Flow", "bad-dataset", "{}"));

        ElasticsearchOutput out = deliver(config(ns).build(), records);
        assertThat(out.delivered()).isEqualTo(3);
        assertThat(out.failed()).isEqualTo(4);
        assertThat(out.retries()).isZero();
        assertThat(out.failedByReason())
                .containsEntry("document_parsing_exception", 3L)
                .containsEntry("invalid_dataset", 1L);
        assertThat(out.pending()).isZero();
        refresh(ns);
        assertThat(count("logs-vigil.*-" + ns)).isEqualTo(3);
    }

    @Test
    void aPartialBatchIsSentAfterMaxDelayWithoutEndOfBatch() throws Exception {
        String ns = namespace();
        ElasticsearchOutput out = new ElasticsearchOutput(config(ns).maxDelay(Duration.ofMillis(200)).build());
        out.start();
        try {
            for (int i = 0; i < 3; i++) {
                out.onRecord(record(i), false);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.delivered() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(out.delivered()).isEqualTo(3);
            assertThat(out.bulkRequests()).isEqualTo(1);
        } finally {
            out.close();
        }
    }

    @Test
    void schemaSamplesIndexWithoutErrors() throws Exception {
        String ns = namespace();
        Path dir = Path.of(getClass().getResource("/schema-samples/valid").toURI());
        List<EventRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                JsonNode doc = JSON.readTree(f.toFile());
                records.add(record(doc.at("/event/dataset").asText(), doc.at("/event/id").asText(),
                        JSON.writeValueAsString(doc)));
            }
        }
        ElasticsearchOutput out = deliver(config(ns).build(), records);
        assertThat(out.failedByReason()).isEmpty();
        assertThat(out.delivered()).isEqualTo(records.size());
        refresh(ns);
        assertThat(count("logs-vigil.*-" + ns)).isEqualTo(records.size());
        assertThat(client.count(c -> c.index("logs-vigil.*-" + ns)
                .query(q -> q.term(t -> t.field("destination.ip").value("fe80::/10")))).count()).isEqualTo(1);
    }

    @Test
    void largeDocumentsSplitBatchesByBytes() throws Exception {
        String ns = namespace();
        String pad = "x".repeat(900);
        List<EventRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(record("vigil.flow", "big" + i, "{\"@timestamp\":\"2024-03-05T10:00:00Z\",\"event\":{"
                    + "\"dataset\":\"vigil.flow\",\"kind\":\"event\",\"id\":\"big" + i + "\"},"
                    + "\"observer\":{\"product\":\"vigil\"},\n\"decode\":{\"description\":\"" + pad + "\"}}"));
        }
        ElasticsearchOutput out = deliver(config(ns).maxBatchBytes(10_000).build(), records);
        assertThat(out.delivered()).isEqualTo(50);
        assertThat(out.bulkRequests()).isGreaterThanOrEqualTo(5);
    }
}
