package dev.vigil.sensor.app.tls;

import dev.vigil.protocol.tls.TlsCertificateInfo;
import dev.vigil.protocol.tls.TlsClientHello;
import dev.vigil.protocol.tls.TlsFingerprints;
import dev.vigil.protocol.tls.TlsServerHello;
import dev.vigil.protocol.tls.TlsVersions;

/**
 * One hello exchange of a connection as it will be logged: the ClientHello's fields and
 * fingerprints, the ServerHello's answer and, for TLS ≤ 1.2, the server's leaf certificate.
 * Strings are built here because they leave the process.
 */
final class TlsTransaction {
    boolean client;
    long clientFrame;
    long clientNanos;
    int clientDirection;
    int legacyVersion;
    int highestVersion;
    String serverName;
    String[] ciphers;
    String[] supportedVersions;
    long[] groups;
    String[] alpn;
    String ja3;
    String ja4;

    boolean server;
    long serverFrame;
    long serverNanos;
    int serverVersion;
    int cipher;
    String ja3s;
    String nextProtocol;
    boolean helloRetryRequest;
    TlsCertificateInfo certificate;

    boolean pending() {
        return client || server;
    }

    void clear() {
        client = server = false;
        serverName = ja3 = ja4 = ja3s = nextProtocol = null;
        ciphers = supportedVersions = alpn = null;
        groups = null;
        certificate = null;
        helloRetryRequest = false;
        serverVersion = cipher = legacyVersion = highestVersion = 0;
    }

    void client(TlsClientHello h, long frame, long nanos, int direction) {
        client = true;
        clientFrame = frame;
        clientNanos = nanos;
        clientDirection = direction;
        legacyVersion = h.legacyVersion;
        highestVersion = h.highestVersion();
        serverName = h.serverName;
        int n = 0;
        String[] c = new String[h.cipherCount];
        for (int i = 0; i < h.cipherCount; i++) {
            if (!TlsVersions.isGrease(h.ciphers[i])) {
                c[n++] = TlsVersions.hex(h.ciphers[i]);
            }
        }
        ciphers = java.util.Arrays.copyOf(c, n);
        n = 0;
        String[] v = new String[h.supportedVersionCount];
        for (int i = 0; i < h.supportedVersionCount; i++) {
            if (!TlsVersions.isGrease(h.supportedVersions[i])) {
                v[n++] = TlsVersions.hex(h.supportedVersions[i]);
            }
        }
        supportedVersions = java.util.Arrays.copyOf(v, n);
        n = 0;
        long[] g = new long[h.groupCount];
        for (int i = 0; i < h.groupCount; i++) {
            if (!TlsVersions.isGrease(h.groups[i])) {
                g[n++] = h.groups[i];
            }
        }
        groups = java.util.Arrays.copyOf(g, n);
        alpn = java.util.Arrays.copyOf(h.alpn, h.alpnCount);
        ja3 = TlsFingerprints.ja3(h);
        ja4 = TlsFingerprints.ja4(h);
    }

    void server(TlsServerHello h, long frame, long nanos) {
        server = true;
        serverFrame = frame;
        serverNanos = nanos;
        serverVersion = h.version();
        cipher = h.cipher;
        ja3s = TlsFingerprints.ja3s(h);
        nextProtocol = h.alpn;
        helloRetryRequest = h.helloRetryRequest;
    }

    /** ECS tls.version: negotiated when the server answered, else the client's highest offer. */
    String version() {
        return TlsVersions.name(server ? serverVersion : highestVersion);
    }

    int versionNumber() {
        return server ? serverVersion : highestVersion;
    }
}
