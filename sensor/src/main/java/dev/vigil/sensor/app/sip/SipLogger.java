package dev.vigil.sensor.app.sip;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.sdp.SdpView;
import dev.vigil.protocol.sip.SipAuthorization;
import dev.vigil.protocol.sip.SipHeaders;
import dev.vigil.protocol.sip.SipMessageView;
import dev.vigil.protocol.sip.SipNameAddr;
import dev.vigil.protocol.sip.SipUri;
import dev.vigil.protocol.sip.SipValues;
import dev.vigil.protocol.sip.SipVia;
import dev.vigil.sensor.event.TextFormat;
import java.io.IOException;

/**
 * Writes one SIP message as the {@code sip} object of a {@code vigil.sip} document, with
 * Packetbeat's field names ({@code sip.method}, {@code sip.call_id}, {@code sip.from.tag} ...).
 * Of the credentials only the scheme, realm and username leave the process (never the Digest
 * response, nonce or a password); of the SDP never a key ({@code a=crypto} inline keys, MIKEY data).
 */
final class SipLogger {
    /** Via and Contact values logged per message. */
    static final int MAX_LIST = 16;

    private final SipNameAddr addr = new SipNameAddr();
    private final SipUri uri = new SipUri();
    private final SipVia via = new SipVia();
    private final SipAuthorization auth = new SipAuthorization();

    /**
     * @param sdpPresent the message carries an SDP body (single or multipart)
     * @param sdp        that body parsed, or null when absent or not inspected
     */
    void write(JsonGenerator g, SipMessageView m, String transport, boolean sdpPresent, SdpView sdp)
            throws IOException {
        byte[] b = m.buffer();
        g.writeObjectFieldStart("sip");
        g.writeStringField("transport", transport);
        if (m.isRequest()) {
            g.writeStringField("type", "request");
            g.writeStringField("method", m.method());
            g.writeObjectFieldStart("uri");
            uri.wrap(b, m.uriOffset(), m.uriOffset() + m.uriLength());
            g.writeStringField("original", uri.original());
            stringField(g, "user", uri.user());
            stringField(g, "host", uri.host());
            g.writeEndObject();
        } else {
            g.writeStringField("type", "response");
            g.writeNumberField("code", m.status());
            stringField(g, "status", m.reason());
        }
        stringField(g, "call_id", m.value(SipHeaders.CALL_ID));
        nameAddr(g, "from", m, SipHeaders.FROM);
        nameAddr(g, "to", m, SipHeaders.TO);
        if (m.cseq() >= 0) {
            g.writeObjectFieldStart("cseq");
            g.writeNumberField("code", m.cseq());
            g.writeStringField("method", m.cseqMethod());
            g.writeEndObject();
        }
        vias(g, m);
        contacts(g, m);
        String ua = m.value(SipHeaders.USER_AGENT);
        if (ua != null) {
            g.writeObjectFieldStart("user_agent");
            g.writeStringField("original", ua);
            g.writeEndObject();
        }
        stringField(g, "server", m.value(SipHeaders.SERVER));
        auth(g, m);
        stringField(g, "content_type", m.value(SipHeaders.CONTENT_TYPE));
        if (m.contentLength() >= 0) {
            g.writeNumberField("content_length", m.contentLength());
        }
        g.writeObjectFieldStart("sdp");
        g.writeBooleanField("present", sdpPresent);
        if (sdp != null && sdp.valid()) {
            sdp(g, sdp);
        }
        g.writeEndObject();
        if (m.truncated()) {
            g.writeBooleanField("truncated", true);
        }
        g.writeEndObject();
    }

    private void nameAddr(JsonGenerator g, String name, SipMessageView m, int id) throws IOException {
        int h = m.header(id);
        if (h < 0) {
            return;
        }
        byte[] b = m.buffer();
        int s = m.valueOffset(h);
        if (!addr.wrap(b, s, s + m.valueLength(h))) {
            return;
        }
        g.writeObjectFieldStart(name);
        stringField(g, "display_info", addr.displayName());
        g.writeObjectFieldStart("uri");
        g.writeStringField("original", addr.uriString());
        stringField(g, "user", addr.uri().user());
        stringField(g, "host", addr.uri().host());
        g.writeEndObject();
        stringField(g, "tag", addr.tag());
        g.writeEndObject();
    }

    private void vias(JsonGenerator g, SipMessageView m) throws IOException {
        int n = 0;
        byte[] b = m.buffer();
        for (int h = m.header(SipHeaders.VIA); h >= 0 && n < MAX_LIST; h = m.nextHeader(SipHeaders.VIA, h + 1)) {
            int s = m.valueOffset(h);
            int e = s + m.valueLength(h);
            while (s < e && n < MAX_LIST) {
                int x = SipValues.elementEnd(b, s, e);
                if (via.wrap(b, s, x)) {
                    if (n++ == 0) {
                        g.writeArrayFieldStart("via");
                    }
                    g.writeStartObject();
                    g.writeStringField("transport", via.transport());
                    stringField(g, "sent_by", via.sentBy());
                    stringField(g, "branch", via.branch());
                    g.writeEndObject();
                }
                s = x + 1;
            }
        }
        if (n > 0) {
            g.writeEndArray();
        }
    }

    private void contacts(JsonGenerator g, SipMessageView m) throws IOException {
        int n = 0;
        byte[] b = m.buffer();
        for (int h = m.header(SipHeaders.CONTACT); h >= 0 && n < MAX_LIST;
             h = m.nextHeader(SipHeaders.CONTACT, h + 1)) {
            int s = m.valueOffset(h);
            int e = s + m.valueLength(h);
            while (s < e && n < MAX_LIST) {
                int x = SipValues.elementEnd(b, s, e);
                boolean ok = addr.wrap(b, s, x);
                if (ok || addr.star()) {
                    if (n++ == 0) {
                        g.writeArrayFieldStart("contact");
                    }
                    g.writeString(ok ? addr.uriString() : "*");
                }
                s = x + 1;
            }
        }
        if (n > 0) {
            g.writeEndArray();
        }
    }

    private void auth(JsonGenerator g, SipMessageView m) throws IOException {
        int h = m.header(SipHeaders.AUTHORIZATION);
        if (h < 0) {
            h = m.header(SipHeaders.PROXY_AUTHORIZATION);
        }
        boolean credentials = h >= 0;
        if (h < 0) {
            h = m.header(SipHeaders.WWW_AUTHENTICATE);
        }
        if (h < 0) {
            h = m.header(SipHeaders.PROXY_AUTHENTICATE);
        }
        if (h < 0) {
            return;
        }
        int s = m.valueOffset(h);
        if (!auth.wrap(m.buffer(), s, s + m.valueLength(h))) {
            return;
        }
        g.writeObjectFieldStart("auth");
        g.writeStringField("scheme", auth.scheme());
        stringField(g, "realm", auth.realm());
        if (credentials) {
            stringField(g, "username", auth.username());
        }
        g.writeEndObject();
    }

    /**
     * The SDP summary (RFC 8866): origin, connection, how media keys are exchanged, and per media
     * line its transport, payload types and crypto suites. Key material never leaves: of
     * {@code a=crypto} only the suite and whether keys were inline, of {@code a=fingerprint} only
     * the hash function.
     */
    private static void sdp(JsonGenerator g, SdpView sdp) throws IOException {
        if (sdp.hasOrigin()) {
            g.writeObjectFieldStart("origin");
            g.writeStringField("username", sdp.originUsername());
            g.writeStringField("session_id", sdp.originSessionId());
            g.writeStringField("address", sdp.originAddress());
            g.writeEndObject();
        }
        int level = SdpView.SESSION;
        if (!ip(sdp, level) && sdp.mediaCount() > 0) {
            level = 0; // no session-level c=: the first media's
        }
        if (ip(sdp, level)) {
            g.writeStringField("connection", TextFormat.ipString(sdp.connectionHi(level), sdp.connectionLo(level)));
        }
        int keying = sdp.sessionKeying();
        if (keying >= 0) {
            g.writeStringField("crypto", SdpView.keyingName(keying));
        }
        stringField(g, "fingerprint_hash", sdp.anyFingerprintHash());
        boolean keys = false;
        for (int i = 0; i < sdp.mediaCount(); i++) {
            for (int k = 0; k < sdp.cryptoCount(i); k++) {
                keys |= sdp.cryptoKeysPresent(i, k);
            }
        }
        if (keys) {
            g.writeBooleanField("sdes_keys_present", true);
        }
        if (sdp.mediaCount() == 0) {
            return;
        }
        g.writeArrayFieldStart("media");
        for (int i = 0; i < sdp.mediaCount(); i++) {
            g.writeStartObject();
            g.writeStringField("type", sdp.mediaType(i));
            if (sdp.port(i) >= 0) {
                g.writeNumberField("port", sdp.port(i));
            }
            g.writeStringField("profile", sdp.profile(i));
            if (sdp.hasOwnConnection(i) && ip(sdp, i)) {
                g.writeStringField("connection", TextFormat.ipString(sdp.connectionHi(i), sdp.connectionLo(i)));
            }
            g.writeStringField("direction", SdpView.directionName(sdp.direction(i)));
            if (sdp.formatCount(i) > 0) {
                g.writeArrayFieldStart("payload_types");
                for (int k = 0; k < sdp.formatCount(i); k++) {
                    g.writeNumber(sdp.payloadType(i, k));
                }
                g.writeEndArray();
                int named = 0;
                for (int k = 0; k < sdp.formatCount(i); k++) {
                    String n = sdp.encodingName(i, k);
                    if (n != null) {
                        if (named++ == 0) {
                            g.writeArrayFieldStart("codecs");
                        }
                        g.writeString(n);
                    }
                }
                if (named > 0) {
                    g.writeEndArray();
                }
            }
            if (sdp.cryptoCount(i) > 0) {
                g.writeArrayFieldStart("crypto_suites");
                for (int k = 0; k < sdp.cryptoCount(i); k++) {
                    g.writeString(sdp.cryptoSuite(i, k));
                }
                g.writeEndArray();
            }
            if (sdp.rtp(i)) {
                g.writeBooleanField("encrypted", sdp.encrypted(i));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static boolean ip(SdpView sdp, int i) {
        int k = sdp.connectionKind(i);
        return k == SdpView.ADDR_IP4 || k == SdpView.ADDR_IP6;
    }

    private static void stringField(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
