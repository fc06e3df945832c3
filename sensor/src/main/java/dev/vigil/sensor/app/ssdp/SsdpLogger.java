package dev.vigil.sensor.app.ssdp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.ssdp.SsdpParser;
import dev.vigil.sensor.event.EventWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the {@code ssdp} object: {@code type} (request/response), {@code method}, {@code uri},
 * {@code version}, {@code status_code}, the SSDP headers in lower case with '-' as '_'
 * ({@code host}, {@code st}, {@code nt}, {@code nts}, {@code usn}, {@code location},
 * {@code server}, {@code user_agent}, {@code cache_control}, {@code man}, {@code mx}),
 * {@code max_age} read from CACHE-CONTROL, and {@code decode_error}. Values are cut to
 * {@link #MAX_VALUE} characters; control characters become '.'.
 */
final class SsdpLogger {
    static final int MAX_VALUE = 512;
    private static final String[] FIELDS = {"host", "st", "nt", "nts", "usn", "location", "server", "user_agent",
        "cache_control", "man", "mx"};
    private final byte[] bytes = new byte[MAX_VALUE];

    void write(EventWriter w, SsdpParser p) {
        try {
            JsonGenerator g = w.json();
            g.writeObjectFieldStart("ssdp");
            if (p.isRequest()) {
                g.writeStringField("type", "request");
                g.writeStringField("method", text(p, p.methodOffset(), p.methodLength()));
                g.writeStringField("uri", text(p, p.uriOffset(), p.uriLength()));
            } else {
                g.writeStringField("type", "response");
                g.writeNumberField("status_code", p.statusCode());
            }
            g.writeStringField("version", text(p, p.versionOffset(), p.versionLength()));
            for (int h = 0; h < SsdpParser.KNOWN_HEADERS; h++) {
                if (p.has(h)) {
                    g.writeStringField(FIELDS[h], text(p, p.valueOffset(h), p.valueLength(h)));
                }
            }
            if (p.has(SsdpParser.CACHE_CONTROL)) {
                long age = maxAge(text(p, p.valueOffset(SsdpParser.CACHE_CONTROL),
                        p.valueLength(SsdpParser.CACHE_CONTROL)));
                if (age >= 0) {
                    g.writeNumberField("max_age", age);
                }
            }
            if (p.eventCount() > 0) {
                g.writeStringField("decode_error", p.event(0).key());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String text(SsdpParser p, int offset, int length) {
        int n = Math.min(length, MAX_VALUE);
        p.buffer().getBytes(offset, bytes, 0, n);
        for (int i = 0; i < n; i++) {
            if ((bytes[i] & 0xFF) < 0x20 || bytes[i] == 0x7F) {
                bytes[i] = '.';
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /** The max-age directive's seconds (RFC 9111 section 5.2.2.1), or -1. */
    static long maxAge(String cacheControl) {
        String s = cacheControl.toLowerCase(java.util.Locale.ROOT);
        int i = s.indexOf("max-age");
        if (i < 0) {
            return -1;
        }
        i += 7;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '=')) {
            i++;
        }
        long v = 0;
        int digits = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && digits < 10) {
            v = v * 10 + (s.charAt(i++) - '0');
            digits++;
        }
        return digits == 0 ? -1 : v;
    }
}
