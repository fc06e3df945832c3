package dev.vigil.sensor.app.tls;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.tls.TlsCertificateInfo;
import dev.vigil.protocol.tls.TlsVersions;
import dev.vigil.sensor.event.EventWriter;
import java.io.IOException;

/**
 * Writes the {@code tls} object of a {@code vigil.tls} document (ECS {@code tls.*} names where ECS
 * has them; {@code tls.client.alpn}, {@code tls.client.version}, {@code tls.client.supported_versions},
 * {@code tls.client.supported_groups}, {@code tls.server.version}, {@code tls.server.hello_retry_request}
 * and {@code tls.server.self_signed} are vigil's).
 */
final class TlsLogger {
    private TlsLogger() {
    }

    static void write(EventWriter w, TlsTransaction t) throws IOException {
        JsonGenerator g = w.json();
        g.writeObjectFieldStart("tls");
        if (t.client) {
            // ECS: negotiated version when known; a ClientHello alone gives the client's highest offer
            String v = t.version();
            if (v != null) {
                g.writeStringField("version", v);
            }
            g.writeStringField("version_protocol", TlsVersions.protocol(t.versionNumber()));
        }
        if (t.server) {
            g.writeStringField("cipher", TlsVersions.hex(t.cipher));
            if (t.nextProtocol != null) {
                g.writeStringField("next_protocol", t.nextProtocol);
            }
        }
        if (t.client) {
            g.writeObjectFieldStart("client");
            if (t.serverName != null) {
                g.writeStringField("server_name", t.serverName);
            }
            String cv = TlsVersions.name(t.highestVersion);
            if (cv != null) {
                g.writeStringField("version", cv);
            }
            strings(g, "supported_versions", t.supportedVersions);
            strings(g, "supported_ciphers", t.ciphers);
            g.writeArrayFieldStart("supported_groups");
            for (long x : t.groups) {
                g.writeNumber(x);
            }
            g.writeEndArray();
            strings(g, "alpn", t.alpn);
            g.writeStringField("ja3", t.ja3);
            g.writeStringField("ja4", t.ja4);
            g.writeEndObject();
        }
        if (t.server) {
            g.writeObjectFieldStart("server");
            String sv = TlsVersions.name(t.serverVersion);
            g.writeStringField("version", sv != null ? sv : TlsVersions.hex(t.serverVersion));
            g.writeStringField("ja3s", t.ja3s);
            if (t.helloRetryRequest) {
                g.writeBooleanField("hello_retry_request", true);
            }
            TlsCertificateInfo c = t.certificate;
            if (c != null) {
                g.writeStringField("subject", c.subject());
                g.writeStringField("issuer", c.issuer());
                // ISO-8601 text: validity may run past 2262, beyond epoch nanoseconds in a long
                g.writeStringField("not_before", c.notBefore().toString());
                g.writeStringField("not_after", c.notAfter().toString());
                g.writeBooleanField("self_signed", c.selfSigned());
                g.writeObjectFieldStart("x509");
                g.writeStringField("public_key_algorithm", c.keyAlgorithm());
                if (c.keySize() > 0) {
                    g.writeNumberField("public_key_size", c.keySize());
                }
                g.writeStringField("serial_number", c.serial());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String name, String[] values) throws IOException {
        if (values == null || values.length == 0) {
            return;
        }
        g.writeArrayFieldStart(name);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }
}
