package dev.vigil.sensor.output.kibana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link KibanaImporter} against a local receiver (no Kibana can be installed here), checked
 * against what Kibana's saved objects import API documents: {@code POST
 * [/s/<space_id>]/api/saved_objects/_import?overwrite=true}, the {@code kbn-xsrf} header, a
 * {@code multipart/form-data} body whose {@code file} part is an NDJSON export (Kibana picks the
 * parser by the {@code .ndjson} file name), and the response {@code {success, successCount,
 * errors}}. The body is decoded with Netty's multipart decoder, not with our own code.
 */
class KibanaImporterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String OK = "{\"successCount\":2,\"success\":true,\"warnings\":[],\"successResults\":["
            + "{\"type\":\"index-pattern\",\"id\":\"a\",\"meta\":{\"title\":\"logs-*\",\"icon\":\"indexPatternApp\"}},"
            + "{\"type\":\"dashboard\",\"id\":\"b\",\"meta\":{\"title\":\"B\",\"icon\":\"dashboardApp\"}}]}";

    /** One decoded multipart part. */
    record Part(String name, String fileName, String contentType, String content) {
    }

    /** Decodes a recorded request body as multipart/form-data with Netty. */
    static List<Part> multipartParts(Request r) throws IOException {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, r.path(),
                Unpooled.wrappedBuffer(r.body()));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, r.header("content-type"));
        HttpPostRequestDecoder decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request);
        try {
            assertThat(decoder.isMultipart()).as("multipart body").isTrue();
            List<Part> parts = new ArrayList<>();
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                assertThat(data).as("a file part").isInstanceOf(FileUpload.class);
                FileUpload f = (FileUpload) data;
                parts.add(new Part(f.getName(), f.getFilename(), f.getContentType(), f.getString(StandardCharsets.UTF_8)));
            }
            return parts;
        } finally {
            decoder.destroy();
            request.release();
        }
    }

    @Test
    void postsTheNdjsonAsTheDocumentedMultipartImport() throws Exception {
        String ndjson = KibanaSavedObjects.ndjson();
        try (FakeHttpServer kibana = new FakeHttpServer(r -> Response.json(200, OK))) {
            KibanaImporter importer = new KibanaImporter(kibana.url(), null, "ApiKey c2VjcmV0", null, TIMEOUT);
            KibanaImporter.Result result = importer.importObjects(ndjson);

            assertThat(result.success()).isTrue();
            assertThat(result.successCount()).isEqualTo(2);
            assertThat(result.errors()).isEmpty();
            assertThat(kibana.requests()).hasSize(1);
            Request r = kibana.requests().get(0);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/api/saved_objects/_import");
            assertThat(r.query()).isEqualTo("overwrite=true");
            assertThat(r.header("kbn-xsrf")).isNotBlank();
            assertThat(r.header("authorization")).isEqualTo("ApiKey c2VjcmV0");
            assertThat(r.header("content-type")).startsWith("multipart/form-data; boundary=");

            List<Part> parts = multipartParts(r);
            assertThat(parts).hasSize(1);
            Part file = parts.get(0);
            assertThat(file.name()).isEqualTo("file");
            assertThat(file.fileName()).isEqualTo("vigil-saved-objects.ndjson").endsWith(".ndjson");
            assertThat(file.content()).isEqualTo(ndjson);
            assertThat(KibanaSavedObjects.parse(file.content())).hasSize(KibanaSavedObjects.parse(ndjson).size());
        }
    }

    @Test
    void spaceAndBasePathArePartOfThePathAndNoCredentialsMeansNoHeader() throws Exception {
        try (FakeHttpServer kibana = new FakeHttpServer(r -> Response.json(200, OK))) {
            KibanaImporter importer = new KibanaImporter(kibana.url() + "/kibana/", "site_1", null, null, TIMEOUT);
            assertThat(importer.endpoint().toString()).isEqualTo(kibana.url() + "/kibana/s/site_1/api/saved_objects/_import?overwrite=true");
            importer.importObjects("{\"type\":\"index-pattern\",\"id\":\"a\",\"attributes\":{\"title\":\"x-*\"},\"references\":[]}\n");
            Request r = kibana.requests().get(0);
            assertThat(r.path()).isEqualTo("/kibana/s/site_1/api/saved_objects/_import");
            assertThat(r.header("authorization")).isNull();
            assertThat(importer.toString()).doesNotContain("ApiKey");
        }
    }

    @Test
    void perObjectErrorsAreReported() throws Exception {
        String body = "{\"success\":false,\"successCount\":1,\"errors\":[{\"id\":\"vigil-lens-x\",\"type\":\"lens\","
                + "\"meta\":{\"title\":\"X\",\"icon\":\"lensApp\"},\"error\":{\"type\":\"missing_references\","
                + "\"references\":[{\"type\":\"index-pattern\",\"id\":\"vigil-dv-flows\"}]}},"
                + "{\"id\":\"d\",\"type\":\"dashboard\",\"title\":\"D\",\"error\":{\"type\":\"conflict\"}}],\"warnings\":[]}";
        try (FakeHttpServer kibana = new FakeHttpServer(r -> Response.json(200, body))) {
            KibanaImporter.Result result = new KibanaImporter(kibana.url(), null, null, null, TIMEOUT).importObjects("{}\n");
            assertThat(result.success()).isFalse();
            assertThat(result.successCount()).isEqualTo(1);
            assertThat(result.errors()).hasSize(2);
            assertThat(result.errorSummary())
                    .contains("lens vigil-lens-x (X): missing_references [index-pattern vigil-dv-flows]")
                    .contains("dashboard d (D): conflict");
        }
    }

    @Test
    void anHttpErrorCarriesTheStatusAndABoundedExcerpt() {
        String huge = "{\"statusCode\":403,\"error\":\"Forbidden\",\"message\":\"" + "x".repeat(5000) + "\"}";
        try (FakeHttpServer kibana = new FakeHttpServer(r -> Response.json(403, huge))) {
            KibanaImporter importer = new KibanaImporter(kibana.url(), null, "Basic dTpw", null, TIMEOUT);
            assertThatThrownBy(() -> importer.importObjects("{}\n")).isInstanceOf(IOException.class)
                    .hasMessageContaining("HTTP 403").hasMessageContaining("Forbidden")
                    .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(1000));
        }
    }

    @Test
    void aResponseThatIsNotAnImportResultIsAnError() {
        try (FakeHttpServer kibana = new FakeHttpServer(r -> Response.json(200, "{\"hello\":1}"))) {
            assertThatThrownBy(() -> new KibanaImporter(kibana.url(), null, null, null, TIMEOUT).importObjects("{}\n"))
                    .isInstanceOf(IOException.class).hasMessageContaining("not a saved objects import response");
        }
    }

    @Test
    void badUrlsAndSpacesAreRefused() {
        for (String url : new String[] {"kibana:5601", "ftp://k:21", "http://", "http://k:5601/?x=1"}) {
            assertThatThrownBy(() -> new KibanaImporter(url, null, null, null, TIMEOUT)).as(url)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String space : new String[] {"", "Ops", "a/b", "a b"}) {
            assertThatThrownBy(() -> new KibanaImporter("http://127.0.0.1:5601", space, null, null, TIMEOUT)).as(space)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theMultipartBodyIsWellFormedForAnyContent() throws Exception {
        // content that looks like a boundary line must not end the part
        String tricky = "--vigil-\r\n--x--\r\nline two\n";
        byte[] body = KibanaImporter.multipart("vigil-0123", "f.ndjson", tricky);
        Request r = new Request("POST", "/", null, Map.of("content-type",
                List.of("multipart/form-data; boundary=vigil-0123")), body);
        List<Part> parts = multipartParts(r);
        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).content()).isEqualTo(tricky);
        assertThat(parts.get(0).contentType()).isEqualTo("application/ndjson");
    }
}
