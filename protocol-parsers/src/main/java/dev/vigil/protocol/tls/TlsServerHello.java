package dev.vigil.protocol.tls;

/**
 * A decoded ServerHello (RFC 8446 §4.1.3), reused by its {@link TlsHelloParser}: valid only during
 * {@link TlsHelloParser.Sink#onServerHello}.
 */
public final class TlsServerHello {
    public int legacyVersion;
    /** supported_versions selected_version (RFC 8446 §4.2.1), 0 when absent. */
    public int selectedVersion;
    public int cipher;
    public final int[] extensions = new int[TlsClientHello.MAX_EXTENSIONS];
    public int extensionCount;
    /** The ALPN protocol the server selected (RFC 7301 §3.1), null when none. */
    public String alpn;
    /** The random equals the HelloRetryRequest magic (RFC 8446 §4.1.3). */
    public boolean helloRetryRequest;

    void clear() {
        legacyVersion = selectedVersion = cipher = extensionCount = 0;
        alpn = null;
        helloRetryRequest = false;
    }

    /** The negotiated version: selected_version when present, else legacy_version. */
    public int version() {
        return selectedVersion != 0 ? selectedVersion : legacyVersion;
    }
}
