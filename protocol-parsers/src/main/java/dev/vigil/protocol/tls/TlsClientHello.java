package dev.vigil.protocol.tls;

/**
 * A decoded ClientHello (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2), reused by its {@link TlsHelloParser}:
 * valid only during {@link TlsHelloParser.Sink#onClientHello}. Lists keep wire order and include
 * GREASE values (RFC 8701); {@link TlsFingerprints} drops them where the fingerprints say so.
 * Lists longer than their cap are cut ({@code tls.list_overflow}).
 */
public final class TlsClientHello {
    /** Caps on the stored lists. */
    public static final int MAX_CIPHERS = 512;
    public static final int MAX_EXTENSIONS = 128;
    public static final int MAX_LIST = 128;
    /** Longest server name / ALPN protocol kept (RFC 6066: host_name up to 2^16-1; DNS names fit in 255). */
    public static final int MAX_NAME = 255;
    public static final int MAX_ALPN = 16;

    public int legacyVersion;
    public final int[] ciphers = new int[MAX_CIPHERS];
    public int cipherCount;
    public final int[] extensions = new int[MAX_EXTENSIONS];
    public int extensionCount;
    public final int[] supportedVersions = new int[MAX_LIST];
    public int supportedVersionCount;
    public final int[] groups = new int[MAX_LIST];
    public int groupCount;
    public final int[] pointFormats = new int[MAX_LIST];
    public int pointFormatCount;
    public final int[] signatureAlgorithms = new int[MAX_LIST];
    public int signatureAlgorithmCount;
    /** SNI host_name (RFC 6066 §3), null when absent. */
    public String serverName;
    public final String[] alpn = new String[MAX_ALPN];
    public int alpnCount;
    /** True when the extension list carried server_name (JA4 "d"), even if its host name was unusable. */
    public boolean sniExtension;

    void clear() {
        legacyVersion = 0;
        cipherCount = extensionCount = supportedVersionCount = groupCount = pointFormatCount = 0;
        signatureAlgorithmCount = alpnCount = 0;
        serverName = null;
        sniExtension = false;
    }

    /** The highest version offered (supported_versions, else legacy_version; GREASE ignored), as a wire value. */
    public int highestVersion() {
        int best = 0;
        int bestRank = -1;
        if (supportedVersionCount > 0) {
            for (int i = 0; i < supportedVersionCount; i++) {
                int v = supportedVersions[i];
                int r = TlsVersions.rank(v);
                if (!TlsVersions.isGrease(v) && r > bestRank) {
                    best = v;
                    bestRank = r;
                }
            }
            if (bestRank >= 0) {
                return best;
            }
        }
        return legacyVersion;
    }
}
