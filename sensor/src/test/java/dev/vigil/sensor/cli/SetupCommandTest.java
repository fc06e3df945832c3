package dev.vigil.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.sensor.cli.AnalyzeCommandTest.Outcome;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchClients;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchConfig;
import dev.vigil.sensor.output.elasticsearch.ElasticsearchTemplates;
import dev.vigil.sensor.output.kibana.KibanaSavedObjects;
import dev.vigil.sensor.testing.ElasticsearchServer;
import dev.vigil.sensor.testing.FakeHttpServer;
import dev.vigil.sensor.testing.FakeHttpServer.Request;
import dev.vigil.sensor.testing.FakeHttpServer.Response;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil setup}: the Elasticsearch part against the real server ({@link ElasticsearchServer}),
 * the Kibana part against a local receiver that answers like Kibana's saved objects import API.
 */
class SetupCommandTest {
    private static final int OBJECTS = KibanaSavedObjects.parse(KibanaSavedObjects.ndjson()).size();

    @TempDir
    Path tmp;

    private static Response kibanaOk(Request r) {
        int n = KibanaSavedObjects.parse(fileContent(r)).size();
        return Response.json(200, "{\"success\":true,\"successCount\":" + n + ",\"warnings\":[]}");
    }

    /** The {@code file} part of a multipart import request, decoded with Netty. */
    private static String fileContent(Request r) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, r.path(),
                Unpooled.wrappedBuffer(r.body()));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, r.header("content-type"));
        HttpPostRequestDecoder decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request);
        try {
            FileUpload file = (FileUpload) decoder.getBodyHttpData("file");
            return file.getString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            decoder.destroy();
            request.release();
        }
    }

    @Test
    void installsTheTemplatesIntoElasticsearch() throws Exception {
        String es = ElasticsearchServer.shared();
        Outcome o = AnalyzeCommandTest.vigil("setup", "--es", es, "--retention", "30d");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("index templates:     logs-vigil, logs-vigil-findings-assets");
        try (ElasticsearchClient client = ElasticsearchClients.create(ElasticsearchConfig.builder().url(es).build())) {
            assertThat(ElasticsearchTemplates.installed(client)).isTrue();
            for (String c : ElasticsearchTemplates.COMPONENT_TEMPLATES) {
                assertThat(client.cluster().existsComponentTemplate(r -> r.name(c)).value()).as(c).isTrue();
            }
            boolean ilm = ElasticsearchTemplates.ilmAvailable(client);
            assertThat(o.out()).contains(ilm ? "vigil-events (delete after 30d)" : "none: this cluster has no ILM");
            if (ilm) {
                assertThat(client.ilm().getLifecycle(r -> r.name("vigil-events")).result()).containsKey("vigil-events");
            }
        }
    }

    @Test
    void importsTheSavedObjectsIntoKibanaForOneNamespaceAndSpace() throws Exception {
        try (FakeHttpServer kibana = new FakeHttpServer(SetupCommandTest::kibanaOk)) {
            Outcome o = AnalyzeCommandTest.vigil("setup", "--es", ElasticsearchServer.shared(), "--kibana", kibana.url(),
                    "--namespace", "site1", "--kibana-space", "site1");
            assertThat(o.status()).as(o.err()).isZero();
            assertThat(o.out()).contains("imported " + OBJECTS + " of " + OBJECTS + " saved objects (data views for namespace site1)");

            assertThat(kibana.requests()).hasSize(1);
            Request r = kibana.requests().get(0);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/s/site1/api/saved_objects/_import");
            assertThat(r.query()).isEqualTo("overwrite=true");
            assertThat(r.header("kbn-xsrf")).isNotBlank();
            assertThat(r.header("content-type")).startsWith("multipart/form-data; boundary=");
            List<ObjectNode> sent = KibanaSavedObjects.parse(fileContent(r));
            assertThat(sent).hasSize(OBJECTS);
            assertThat(sent.stream().filter(s -> s.path("type").asText().equals("index-pattern")))
                    .allSatisfy(s -> assertThat(s.at("/attributes/title").asText()).endsWith("-site1"));
        }
    }

    @Test
    void kibanaImportErrorsFailTheCommand() {
        String answer = "{\"success\":false,\"successCount\":" + (OBJECTS - 1) + ",\"errors\":[{\"id\":\"vigil-dashboard-assets\","
                + "\"type\":\"dashboard\",\"meta\":{\"title\":\"vigil Assets\"},\"error\":{\"type\":\"unknown\"}}]}";
        try (FakeHttpServer kibana = new FakeHttpServer(r -> Response.json(200, answer))) {
            Outcome o = AnalyzeCommandTest.vigil("setup", "--es", ElasticsearchServer.shared(), "--kibana", kibana.url());
            assertThat(o.status()).isEqualTo(1);
            assertThat(o.err()).contains("dashboard vigil-dashboard-assets (vigil Assets): unknown");
        }
    }

    @Test
    void kibanaRefusingTheRequestFailsTheCommand() {
        try (FakeHttpServer kibana = new FakeHttpServer(r -> Response.json(401,
                "{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"Unauthorized\"}"))) {
            Outcome o = AnalyzeCommandTest.vigil("setup", "--es", ElasticsearchServer.shared(), "--kibana", kibana.url());
            assertThat(o.status()).isEqualTo(1);
            assertThat(o.err()).contains("cannot import into Kibana").contains("HTTP 401");
        }
    }

    @Test
    void anUnreachableElasticsearchFailsBeforeKibanaIsTouched() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (FakeHttpServer kibana = new FakeHttpServer(SetupCommandTest::kibanaOk)) {
            Outcome o = AnalyzeCommandTest.vigil("setup", "--es", "http://127.0.0.1:" + closed, "--kibana", kibana.url());
            assertThat(o.status()).isEqualTo(1);
            assertThat(o.err()).contains("cannot install into Elasticsearch");
            assertThat(kibana.requests()).isEmpty();
        }
    }

    @Test
    void unusableArgumentsExitWith2() {
        assertThat(AnalyzeCommandTest.vigil("setup").status()).isEqualTo(2);
        assertThat(AnalyzeCommandTest.vigil("setup", "--es", "http://127.0.0.1:1", "--retention", "90").status()).isEqualTo(2);
        assertThat(AnalyzeCommandTest.vigil("setup", "--es", "http://127.0.0.1:1", "--findings-retention", "1y").status()).isEqualTo(2);
        assertThat(AnalyzeCommandTest.vigil("setup", "--es", "http://127.0.0.1:1", "--namespace", "x").status()).isEqualTo(2);
        Outcome o = AnalyzeCommandTest.vigil("setup", "--es", "http://127.0.0.1:1", "--kibana", "http://127.0.0.1:2",
                "--namespace", "Bad-NS");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("namespace");
        assertThat(AnalyzeCommandTest.vigil("setup", "--es", "http://127.0.0.1:1", "--kibana", "127.0.0.1:5601").status())
                .isEqualTo(2);
        assertThat(AnalyzeCommandTest.vigil("setup", "--help").out()).contains("--kibana", "--retention", "VIGIL_KIBANA_API_KEY_FILE");
    }

    @Test
    void kibanaCredentialsComeFromTheEnvironmentAndFiles() throws Exception {
        Path key = Files.writeString(tmp.resolve("kb-key"), "a2V5OnNlY3JldA==\n");
        Path pw = Files.writeString(tmp.resolve("pw"), "s3cret\nignored second line\n");
        Path esKey = Files.writeString(tmp.resolve("es-key"), "ZXM6a2V5\n");
        Path empty = Files.writeString(tmp.resolve("empty"), "\n");

        assertThat(SetupCommand.kibanaAuthorization(Map.<String, String>of()::get)).isNull();
        assertThat(SetupCommand.kibanaAuthorization(Map.of("VIGIL_KIBANA_API_KEY_FILE", key.toString())::get))
                .isEqualTo("ApiKey a2V5OnNlY3JldA==");
        assertThat(SetupCommand.kibanaAuthorization(Map.of("VIGIL_KIBANA_USERNAME", "vigil",
                "VIGIL_KIBANA_PASSWORD_FILE", pw.toString())::get))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("vigil:s3cret".getBytes(StandardCharsets.UTF_8)));
        // Kibana's own settings win over the Elasticsearch ones, which are the fallback
        assertThat(SetupCommand.kibanaAuthorization(Map.of("VIGIL_KIBANA_API_KEY_FILE", key.toString(),
                "VIGIL_ES_API_KEY_FILE", esKey.toString())::get)).isEqualTo("ApiKey a2V5OnNlY3JldA==");
        assertThat(SetupCommand.kibanaAuthorization(Map.of("VIGIL_ES_API_KEY_FILE", esKey.toString())::get))
                .isEqualTo("ApiKey ZXM6a2V5");
        assertThatThrownBy(() -> SetupCommand.kibanaAuthorization(Map.of("VIGIL_KIBANA_API_KEY_FILE", empty.toString())::get))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> SetupCommand.kibanaAuthorization(Map.of("VIGIL_KIBANA_API_KEY_FILE",
                tmp.resolve("missing").toString())::get)).isInstanceOf(IllegalArgumentException.class);

        assertThat(SetupCommand.kibanaCaCertificate(Map.<String, String>of()::get)).isNull();
        assertThat(SetupCommand.kibanaCaCertificate(Map.of("VIGIL_ES_CA_CERT", key.toString())::get)).isEqualTo(key);
        assertThatThrownBy(() -> SetupCommand.kibanaCaCertificate(Map.of("VIGIL_KIBANA_CA_CERT",
                tmp.resolve("missing.pem").toString())::get)).hasMessageContaining("not readable");
    }
}
