package dev.vigil.sensor.output.kibana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The vigil Kibana content (data views, saved searches, Lens visualizations, dashboards) as
 * shipped in the jar: {@code /deploy/kibana/vigil-saved-objects.ndjson}, a file in the format of
 * Kibana's saved-object export, which {@code POST /api/saved_objects/_import} and the Saved
 * Objects page accept. Its source is {@code deploy/kibana/build_saved_objects.py}.
 *
 * <p>The data views cover every namespace ({@code logs-vigil.finding-*});
 * {@link #forNamespace} narrows them to one ({@code logs-vigil.finding-site1}) for a Kibana that
 * serves several sensors' namespaces from separate spaces.
 */
public final class KibanaSavedObjects {
    /** Name of the file on the classpath and in the import request (Kibana requires {@code .ndjson}). */
    public static final String FILE_NAME = "vigil-saved-objects.ndjson";
    /** Classpath resource of the shipped file. */
    public static final String RESOURCE = "/deploy/kibana/" + FILE_NAME;
    /** Data stream namespace rules of Elasticsearch, as in {@code ElasticsearchConfig}. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9_]{1,100}");
    private static final String ALL_NAMESPACES = "-*";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KibanaSavedObjects() {
    }

    /** The shipped NDJSON, one saved object per line. */
    public static String ndjson() {
        try (InputStream in = KibanaSavedObjects.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The saved objects of an NDJSON text, in order; blank lines are skipped. */
    public static List<ObjectNode> parse(String ndjson) {
        List<ObjectNode> out = new ArrayList<>();
        int lineNumber = 0;
        for (String line : ndjson.split("\n", -1)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (!(node instanceof ObjectNode object)) {
                    throw new IllegalArgumentException("line " + lineNumber + ": not a JSON object");
                }
                out.add(object);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("line " + lineNumber + ": " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    /**
     * The NDJSON with every data view's index patterns narrowed from all namespaces
     * ({@code logs-vigil.rtp-*}) to {@code namespace} ({@code logs-vigil.rtp-site1}). Ids stay
     * the same, so the dashboards keep their references.
     *
     * @throws IllegalArgumentException if the namespace is not a valid data stream namespace
     */
    public static String forNamespace(String ndjson, String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException(
                    "namespace must be 1-100 characters of a-z, 0-9 and _: '" + namespace + "'");
        }
        StringBuilder out = new StringBuilder(ndjson.length() + 256);
        for (ObjectNode object : parse(ndjson)) {
            if ("index-pattern".equals(object.path("type").asText())
                    && object.path("attributes") instanceof ObjectNode attributes) {
                List<String> patterns = new ArrayList<>();
                for (String pattern : attributes.path("title").asText().split(",")) {
                    String p = pattern.strip();
                    patterns.add(p.endsWith(ALL_NAMESPACES)
                            ? p.substring(0, p.length() - ALL_NAMESPACES.length()) + "-" + namespace
                            : p);
                }
                attributes.put("title", String.join(",", patterns));
                attributes.put("name", attributes.path("name").asText() + " [" + namespace + "]");
            }
            out.append(object).append('\n');
        }
        return out.toString();
    }
}
