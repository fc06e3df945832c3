package dev.vigil.sensor.output.kibana;

import co.elastic.clients.transport.TransportUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Imports saved objects into Kibana with the saved objects import API,
 * {@code POST [/s/<space>]/api/saved_objects/_import?overwrite=true}: a
 * {@code multipart/form-data} body whose part {@code file} carries the NDJSON under a file name
 * ending in {@code .ndjson} (Kibana picks the parser by that extension), and the
 * {@code kbn-xsrf} header that Kibana requires of every API write. Overwriting makes a second
 * import replace the objects instead of failing with conflicts.
 *
 * <p>The JDK HTTP client is enough for one request; credentials are passed in as a ready
 * {@code Authorization} value so that they come from files or the environment, never the
 * command line.
 */
public final class KibanaImporter {
    /** Space ids Kibana accepts: lower-case letters, digits, {@code _} and {@code -}. */
    private static final Pattern SPACE = Pattern.compile("[a-z0-9_-]{1,100}");
    /** Longest response body excerpt put into an error message. */
    private static final int MAX_ERROR_BODY = 500;
    /** Most per-object import errors listed in a result's summary. */
    private static final int MAX_LISTED_ERRORS = 20;
    private static final String CRLF = "\r\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String space;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param url Kibana's base URL, with its {@code server.basePath} if any ({@code https://kb:5601/kibana})
     * @param space the Kibana space to import into; {@code null} for the default space
     * @param authorization value of the {@code Authorization} header ({@code ApiKey ...}, {@code Basic ...}), or {@code null}
     * @param caCertificate PEM CA certificate that signs Kibana's certificate; {@code null} for the JVM trust store
     * @param timeout connect and request timeout
     * @throws IllegalArgumentException for a URL that is not http(s)://host[:port][/path] or an invalid space id
     * @throws UncheckedIOException if the CA certificate cannot be read
     */
    public KibanaImporter(String url, String space, String authorization, Path caCertificate, Duration timeout) {
        URI uri = URI.create(Objects.requireNonNull(url, "url").strip());
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("Kibana URL must be http(s)://host[:port][/basePath]: " + url);
        }
        if (space != null && !SPACE.matcher(space).matches()) {
            throw new IllegalArgumentException("Kibana space id must be 1-100 characters of a-z, 0-9, _ and -: '" + space + "'");
        }
        this.base = uri;
        this.space = space;
        this.authorization = authorization;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        if (caCertificate != null) {
            try {
                b.sslContext(TransportUtils.sslContextFromHttpCaCrt(caCertificate.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load CA certificate " + caCertificate, e);
            }
        }
        this.http = b.build();
    }

    /** The import endpoint this importer posts to. */
    public URI endpoint() {
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (space != null) {
            path += "/s/" + space;
        }
        return base.resolve(path + "/api/saved_objects/_import?overwrite=true");
    }

    /**
     * One object Kibana did not import.
     *
     * @param type saved object type
     * @param id saved object id
     * @param title its title, when Kibana reports it
     * @param error Kibana's error type ({@code missing_references}, {@code conflict}, {@code unsupported_type}, ...)
     */
    public record ObjectError(String type, String id, String title, String error) {
        @Override
        public String toString() {
            return type + " " + id + (title.isEmpty() ? "" : " (" + title + ")") + ": " + error;
        }
    }

    /** Kibana's answer: whether every object was imported, how many were, and which were not. */
    public record Result(boolean success, int successCount, List<ObjectError> errors) {
        public Result {
            errors = List.copyOf(errors);
        }

        /** The errors for a message, at most 20 of them. */
        public String errorSummary() {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < errors.size() && i < MAX_LISTED_ERRORS; i++) {
                lines.add(errors.get(i).toString());
            }
            if (errors.size() > MAX_LISTED_ERRORS) {
                lines.add("... and " + (errors.size() - MAX_LISTED_ERRORS) + " more");
            }
            return String.join("; ", lines);
        }
    }

    /**
     * Posts the NDJSON as the import file.
     *
     * @throws IOException when Kibana cannot be reached or answers other than 200 (the status and
     *         the start of the body are in the message)
     */
    public Result importObjects(String ndjson) throws IOException, InterruptedException {
        String boundary = boundary(ndjson);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint())
                .timeout(timeout)
                .header("kbn-xsrf", "true")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, KibanaSavedObjects.FILE_NAME, ndjson)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IOException("Kibana answered HTTP " + response.statusCode() + " to POST " + endpoint() + ": "
                    + excerpt(response.body()));
        }
        return parse(response.body());
    }

    /** Parses the import API's response body. */
    static Result parse(String body) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.has("success")) {
            throw new IOException("not a saved objects import response: " + excerpt(body));
        }
        List<ObjectError> errors = new ArrayList<>();
        for (JsonNode e : root.path("errors")) {
            String title = e.path("meta").path("title").asText(e.path("title").asText(""));
            String error = e.path("error").path("type").asText("unknown");
            JsonNode refs = e.path("error").path("references");
            if (refs.isArray() && !refs.isEmpty()) {
                List<String> missing = new ArrayList<>();
                refs.forEach(r -> missing.add(r.path("type").asText() + " " + r.path("id").asText()));
                error += " " + missing;
            }
            errors.add(new ObjectError(e.path("type").asText(), e.path("id").asText(), title, error));
        }
        return new Result(root.path("success").asBoolean(false), root.path("successCount").asInt(0), errors);
    }

    /** A multipart/form-data body with one file part, {@code file} (RFC 7578). */
    static byte[] multipart(String boundary, String fileName, String content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length() + 512);
        String head = "--" + boundary + CRLF
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"" + CRLF
                + "Content-Type: application/ndjson" + CRLF
                + CRLF;
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content.getBytes(StandardCharsets.UTF_8));
        out.writeBytes((CRLF + "--" + boundary + "--" + CRLF).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** A random boundary that does not occur in the content (RFC 2046 section 5.1.1). */
    private static String boundary(String content) {
        SecureRandom random = new SecureRandom();
        while (true) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String b = "vigil-" + HexFormat.of().formatHex(bytes);
            if (!content.contains(b)) {
                return b;
            }
        }
    }

    private static String excerpt(String body) {
        String s = body == null ? "" : body.strip();
        return s.length() <= MAX_ERROR_BODY ? s : s.substring(0, MAX_ERROR_BODY) + "...";
    }

    /** The endpoint, for messages; never the credentials. */
    @Override
    public String toString() {
        return "KibanaImporter{" + endpoint() + ", auth=" + (authorization == null ? "none" : "set") + '}';
    }
}
