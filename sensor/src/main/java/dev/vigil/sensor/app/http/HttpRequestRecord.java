package dev.vigil.sensor.app.http;

import dev.vigil.protocol.DecodeEventType;

/**
 * A request waiting for its response: the fields that leave the process, as Strings (the
 * parser's buffer is reused for the next message). Never holds credentials: only the auth
 * scheme and the Basic user-id. Pooled per flow state.
 */
final class HttpRequestRecord {
    String method;
    String uri;
    String host;
    String userAgent;
    String mimeType;
    String authScheme;
    String authUser;
    boolean basic;
    /** The Basic credentials are a vendor's factory default (decided and forgotten while parsing). */
    boolean defaultCredentials;
    int versionMajor;
    int versionMinor;
    long bodyBytes;
    long frame;
    long timestampNanos;
    DecodeEventType failure;

    void clear() {
        method = uri = host = userAgent = mimeType = authScheme = authUser = null;
        basic = false;
        defaultCredentials = false;
        versionMajor = versionMinor = -1;
        bodyBytes = 0;
        frame = 0;
        timestampNanos = 0;
        failure = null;
    }
}
