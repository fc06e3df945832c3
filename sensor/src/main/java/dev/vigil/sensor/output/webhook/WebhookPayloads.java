package dev.vigil.sensor.output.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns a finding document (the JSON of a {@code vigil.finding} event) into what a webhook
 * sends, and decides whether an endpoint wants it.
 *
 * <p>The JSON body ({@link WebhookConfig.Format#JSON}):
 * <pre>{@code
 * {"id": "<event.id>",                     the Idempotency-Key too
 *  "finding":  {...the finding document without asset, evidence and observer...},
 *  "asset":    {...the finding's asset object, or null...},
 *  "evidence": {...the finding's evidence object, or null...},
 *  "sensor":   {...the finding's observer object (hostname, version, ...)...}}
 * }</pre>
 * Fields are looked up as nested objects ({@code {"rule": {"id": ...}}}) or, failing that, as
 * dotted keys ({@code {"rule.id": ...}}).
 */
public final class WebhookPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest idempotency key sent as is; a longer event id is replaced by its SHA-256. */
    static final int MAX_KEY_CHARS = 200;
    /** Longest message quoted in a Slack text. */
    private static final int MAX_SLACK_MESSAGE_CHARS = 1000;

    private WebhookPayloads() {
    }

    /** A finding ready for the spool: its idempotency key and the request body. */
    public record Prepared(String key, byte[] body) {
    }

    /**
     * Parses the finding and applies the endpoint's filter.
     *
     * @param fallbackId the record's deterministic id, used when the document has no {@code event.id}
     * @return null when the endpoint does not want this finding
     * @throws JsonProcessingException when the document is not a JSON object
     */
    public static Prepared prepare(byte[] doc, int length, String fallbackId, WebhookConfig config)
            throws JsonProcessingException {
        JsonNode root;
        try {
            root = JSON.readTree(doc, 0, length);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        }
        if (root == null || !root.isObject()) {
            throw new JsonProcessingException("finding is not a JSON object") {
            };
        }
        if (!wanted(root, config)) {
            return null;
        }
        String key = idempotencyKey(root, fallbackId, doc, length);
        byte[] body = config.format() == WebhookConfig.Format.SLACK ? slack(root) : json(root, key);
        return new Prepared(key, body);
    }

    /** Whether {@code finding} passes the severity and rule filter of {@code config}. */
    static boolean wanted(JsonNode finding, WebhookConfig config) {
        JsonNode sev = field(finding, "event", "severity");
        if (config.minSeverity() != Integer.MIN_VALUE) {
            // a finding without a numeric severity is sent: missing data must not silence an alert
            if (sev != null && sev.isNumber() && sev.asLong() < config.minSeverity()) {
                return false;
            }
        }
        if (!config.ruleIds().isEmpty()) {
            JsonNode id = field(finding, "rule", "id");
            return id != null && config.ruleIds().contains(id.asText());
        }
        return true;
    }

    /** {@code event.id}; else the record id; else the SHA-256 of the document: the same finding, the same key. */
    static String idempotencyKey(JsonNode finding, String fallbackId, byte[] doc, int length) {
        JsonNode id = field(finding, "event", "id");
        String key = id != null && id.isValueNode() && !id.asText().isEmpty() ? id.asText() : fallbackId;
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_CHARS || !printableAscii(key)) {
            byte[] digest = sha256(key == null || key.isEmpty() ? java.util.Arrays.copyOf(doc, length)
                    : key.getBytes(StandardCharsets.UTF_8));
            key = "sha256-" + WebhookSignature.hex(digest);
        }
        return key;
    }

    private static boolean printableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static byte[] json(JsonNode root, String key) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", key);
        ObjectNode finding = out.putObject("finding");
        JsonNode asset = null;
        JsonNode evidence = null;
        JsonNode observer = null;
        ObjectNode assetFlat = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            switch (k) {
                case "asset" -> asset = e.getValue();
                case "evidence" -> evidence = e.getValue();
                case "observer" -> observer = e.getValue();
                default -> {
                    if (k.startsWith("asset.")) {
                        if (assetFlat == null) {
                            assetFlat = JsonNodeFactory.instance.objectNode();
                        }
                        assetFlat.set(k.substring("asset.".length()), e.getValue());
                    } else {
                        finding.set(k, e.getValue());
                    }
                }
            }
        }
        if (evidence == null && root.path("vigil").path("evidence").isObject()) {
            evidence = root.path("vigil").path("evidence"); // where vigil's finding documents keep it
        }
        out.set("asset", asset != null ? asset : assetFlat != null ? assetFlat : JsonNodeFactory.instance.nullNode());
        out.set("evidence", evidence != null ? evidence : JsonNodeFactory.instance.nullNode());
        out.set("sensor", observer != null ? observer : JsonNodeFactory.instance.nullNode());
        return bytes(out);
    }

    /** {@code {"text": "[vigil] severity 4 Unknown device (asset.unknown): message. Asset: ..."}}. */
    private static byte[] slack(JsonNode root) {
        StringBuilder t = new StringBuilder("[vigil]");
        JsonNode sev = field(root, "event", "severity");
        if (sev != null && !sev.isNull()) {
            t.append(" severity ").append(sev.asText());
        }
        JsonNode name = field(root, "rule", "name");
        JsonNode id = field(root, "rule", "id");
        if (name != null) {
            t.append(' ').append(name.asText());
        }
        if (id != null) {
            t.append(" (").append(id.asText()).append(')');
        }
        JsonNode msg = field(root, "message", null);
        if (msg != null && !msg.asText().isEmpty()) {
            String m = msg.asText();
            t.append(": ").append(m.length() <= MAX_SLACK_MESSAGE_CHARS ? m : m.substring(0, MAX_SLACK_MESSAGE_CHARS) + "...");
        }
        StringBuilder asset = new StringBuilder();
        for (String f : new String[] {"name", "ip", "mac"}) {
            JsonNode v = field(root, "asset", f);
            if (v != null && v.isValueNode() && !v.asText().isEmpty()) {
                asset.append(asset.length() == 0 ? "" : " ").append(v.asText());
            }
        }
        if (asset.length() > 0) {
            t.append(". Asset: ").append(asset);
        }
        JsonNode host = field(root, "observer", "hostname");
        if (host != null) {
            t.append(". Sensor: ").append(host.asText());
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        // Slack mrkdwn: &, < and > must be escaped in text
        out.put("text", t.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        return bytes(out);
    }

    /** {@code root.a.b} as nested objects, else the dotted key {@code "a.b"}; b may be null for a top-level field. */
    static JsonNode field(JsonNode root, String a, String b) {
        JsonNode n = root.get(a);
        if (b == null) {
            return n;
        }
        if (n != null && n.isObject() && n.has(b)) {
            return n.get(b);
        }
        return root.get(a + "." + b);
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
