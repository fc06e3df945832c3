package dev.vigil.sensor.app.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.http.HttpMessageView;
import java.io.IOException;

/**
 * Writes the HTTP fields of a {@code vigil.http} document (ECS names where ECS has them:
 * {@code http.*}, {@code url.*}, {@code user_agent.original}). A request is written from its
 * {@link HttpRequestRecord}, a response straight from the parser's view.
 */
final class HttpLogger {
    /** Longest url.original, Host, User-Agent, Server and content type written. */
    static final int MAX_URI = 2048;
    static final int MAX_FIELD = 512;
    static final int MAX_MIME = 128;
    static final int MAX_USER = 128;

    private HttpLogger() {
    }

    /** Copies the request fields the document needs out of the parser's buffer. */
    static void capture(HttpRequestRecord r, HttpMessageView m) {
        r.method = m.method();
        r.uri = m.target(MAX_URI);
        r.host = m.headerValue("host", MAX_FIELD);
        r.userAgent = m.headerValue("user-agent", MAX_FIELD);
        r.mimeType = mime(m);
        r.versionMajor = m.versionMajor();
        r.versionMinor = m.versionMinor();
        r.bodyBytes = m.bodyBytes();
        r.failure = m.failure();
    }

    static String mime(HttpMessageView m) {
        int h = m.header("content-type");
        if (h < 0) {
            return null;
        }
        byte[] b = m.buffer();
        int s = m.valueOffset(h);
        int e = s + m.valueLength(h);
        int k = s;
        while (k < e && b[k] != ';' && b[k] != ' ' && b[k] != '\t') {
            k++;
        }
        return k == s ? null : m.ascii(s, k - s, MAX_MIME).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Writes {@code http}, {@code url} and {@code user_agent}; either side may be null.
     *
     * @param paired the document pairs a request with its response: http.request.frame is written
     */
    static void write(JsonGenerator g, HttpRequestRecord req, HttpMessageView resp, boolean paired)
            throws IOException {
        g.writeObjectFieldStart("http");
        if (req != null && req.versionMajor >= 0) {
            g.writeStringField("version", req.versionMajor + "." + req.versionMinor);
        } else if (resp != null && resp.versionMajor() >= 0) {
            g.writeStringField("version", resp.versionMajor() + "." + resp.versionMinor());
        }
        if (req != null) {
            g.writeObjectFieldStart("request");
            if (req.method != null) {
                g.writeStringField("method", req.method);
            }
            if (req.host != null) {
                g.writeStringField("host", req.host);
            }
            if (paired) {
                g.writeNumberField("frame", req.frame);
            }
            g.writeObjectFieldStart("body");
            g.writeNumberField("bytes", req.bodyBytes);
            g.writeEndObject();
            if (req.mimeType != null) {
                g.writeStringField("mime_type", req.mimeType);
            }
            if (req.authScheme != null) {
                g.writeObjectFieldStart("auth");
                g.writeStringField("scheme", req.authScheme);
                if (req.authUser != null) {
                    g.writeStringField("username", req.authUser);
                }
                if (req.basic) {
                    g.writeBooleanField("cleartext", true); // Basic over plain HTTP: the password is on the wire
                }
                if (req.defaultCredentials) {
                    g.writeBooleanField("default_credentials", true); // the vendor's factory user and password
                }
                g.writeEndObject();
            }
            if (req.failure != null) {
                g.writeStringField("failure", req.failure.key());
            }
            g.writeEndObject();
        }
        if (resp != null) {
            g.writeObjectFieldStart("response");
            if (resp.status() >= 0) {
                g.writeNumberField("status_code", resp.status());
            }
            String server = resp.headerValue("server", MAX_FIELD);
            if (server != null) {
                g.writeStringField("server", server);
            }
            g.writeObjectFieldStart("body");
            g.writeNumberField("bytes", resp.bodyBytes());
            g.writeEndObject();
            String mime = mime(resp);
            if (mime != null) {
                g.writeStringField("mime_type", mime);
            }
            if (resp.failure() != null) {
                g.writeStringField("failure", resp.failure().key());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        if (req != null && (req.uri != null || req.host != null)) {
            g.writeObjectFieldStart("url");
            if (req.uri != null) {
                g.writeStringField("original", req.uri);
            }
            if (req.host != null) {
                writeDomain(g, req.host);
            }
            g.writeEndObject();
        }
        if (req != null && req.userAgent != null) {
            g.writeObjectFieldStart("user_agent");
            g.writeStringField("original", req.userAgent);
            g.writeEndObject();
        }
    }

    /** url.domain and url.port from a Host value ({@code host [":" port]}, IPv6 in brackets; RFC 9110 §7.2). */
    static void writeDomain(JsonGenerator g, String host) throws IOException {
        String domain = host;
        int port = -1;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close > 0) {
                domain = host.substring(1, close);
                if (close + 1 < host.length() && host.charAt(close + 1) == ':') {
                    port = port(host, close + 2);
                }
            }
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && host.indexOf(':') == colon) {
                domain = host.substring(0, colon);
                port = port(host, colon + 1);
            }
        }
        if (!domain.isEmpty()) {
            g.writeStringField("domain", domain);
        }
        if (port >= 0) {
            g.writeNumberField("port", port);
        }
    }

    private static int port(String s, int from) {
        if (from >= s.length() || s.length() - from > 5) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 65535 ? v : -1;
    }
}
