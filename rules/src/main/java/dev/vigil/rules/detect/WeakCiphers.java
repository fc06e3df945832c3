package dev.vigil.rules.detect;

/**
 * TLS cipher suites that give no real protection today, by IANA code point: no encryption (NULL), no
 * server authentication (anon), export grade, RC4 (RFC 7465 prohibits it), single DES and 3DES
 * (64-bit blocks: the SWEET32 attack), RC2, IDEA, and MD5 MACs. The table was generated from
 * the suite names of the IANA TLS Cipher Suites registry as Wireshark 4.0 lists them
 * ({@code tshark -G values}, field {@code tls.handshake.ciphersuite}), selecting names that contain
 * one of those algorithms; TLS 1.3 suites are all strong.
 */
final class WeakCiphers {
    private static final String[] REASON = new String[65536];

    static {
        REASON[0x0000] = "null"; // TLS_NULL_WITH_NULL_NULL
        REASON[0x0001] = "null"; // TLS_RSA_WITH_NULL_MD5
        REASON[0x0002] = "null"; // TLS_RSA_WITH_NULL_SHA
        REASON[0x0003] = "export"; // TLS_RSA_EXPORT_WITH_RC4_40_MD5
        REASON[0x0004] = "rc4"; // TLS_RSA_WITH_RC4_128_MD5
        REASON[0x0005] = "rc4"; // TLS_RSA_WITH_RC4_128_SHA
        REASON[0x0006] = "export"; // TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5
        REASON[0x0007] = "idea"; // TLS_RSA_WITH_IDEA_CBC_SHA
        REASON[0x0008] = "export"; // TLS_RSA_EXPORT_WITH_DES40_CBC_SHA
        REASON[0x0009] = "des"; // TLS_RSA_WITH_DES_CBC_SHA
        REASON[0x000a] = "3des"; // TLS_RSA_WITH_3DES_EDE_CBC_SHA
        REASON[0x000b] = "export"; // TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA
        REASON[0x000c] = "des"; // TLS_DH_DSS_WITH_DES_CBC_SHA
        REASON[0x000d] = "3des"; // TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA
        REASON[0x000e] = "export"; // TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA
        REASON[0x000f] = "des"; // TLS_DH_RSA_WITH_DES_CBC_SHA
        REASON[0x0010] = "3des"; // TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA
        REASON[0x0011] = "export"; // TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA
        REASON[0x0012] = "des"; // TLS_DHE_DSS_WITH_DES_CBC_SHA
        REASON[0x0013] = "3des"; // TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA
        REASON[0x0014] = "export"; // TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA
        REASON[0x0015] = "des"; // TLS_DHE_RSA_WITH_DES_CBC_SHA
        REASON[0x0016] = "3des"; // TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA
        REASON[0x0017] = "anon"; // TLS_DH_anon_EXPORT_WITH_RC4_40_MD5
        REASON[0x0018] = "anon"; // TLS_DH_anon_WITH_RC4_128_MD5
        REASON[0x0019] = "anon"; // TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA
        REASON[0x001a] = "anon"; // TLS_DH_anon_WITH_DES_CBC_SHA
        REASON[0x001b] = "anon"; // TLS_DH_anon_WITH_3DES_EDE_CBC_SHA
        REASON[0x001c] = "null"; // SSL_FORTEZZA_KEA_WITH_NULL_SHA
        REASON[0x001e] = "des"; // TLS_KRB5_WITH_DES_CBC_SHA
        REASON[0x001f] = "3des"; // TLS_KRB5_WITH_3DES_EDE_CBC_SHA
        REASON[0x0020] = "rc4"; // TLS_KRB5_WITH_RC4_128_SHA
        REASON[0x0021] = "idea"; // TLS_KRB5_WITH_IDEA_CBC_SHA
        REASON[0x0022] = "des"; // TLS_KRB5_WITH_DES_CBC_MD5
        REASON[0x0023] = "3des"; // TLS_KRB5_WITH_3DES_EDE_CBC_MD5
        REASON[0x0024] = "rc4"; // TLS_KRB5_WITH_RC4_128_MD5
        REASON[0x0025] = "idea"; // TLS_KRB5_WITH_IDEA_CBC_MD5
        REASON[0x0026] = "export"; // TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA
        REASON[0x0027] = "export"; // TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA
        REASON[0x0028] = "export"; // TLS_KRB5_EXPORT_WITH_RC4_40_SHA
        REASON[0x0029] = "export"; // TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5
        REASON[0x002a] = "export"; // TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5
        REASON[0x002b] = "export"; // TLS_KRB5_EXPORT_WITH_RC4_40_MD5
        REASON[0x002c] = "null"; // TLS_PSK_WITH_NULL_SHA
        REASON[0x002d] = "null"; // TLS_DHE_PSK_WITH_NULL_SHA
        REASON[0x002e] = "null"; // TLS_RSA_PSK_WITH_NULL_SHA
        REASON[0x0034] = "anon"; // TLS_DH_anon_WITH_AES_128_CBC_SHA
        REASON[0x003a] = "anon"; // TLS_DH_anon_WITH_AES_256_CBC_SHA
        REASON[0x003b] = "null"; // TLS_RSA_WITH_NULL_SHA256
        REASON[0x0046] = "anon"; // TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA
        REASON[0x0060] = "export"; // TLS_RSA_EXPORT1024_WITH_RC4_56_MD5
        REASON[0x0061] = "export"; // TLS_RSA_EXPORT1024_WITH_RC2_CBC_56_MD5
        REASON[0x0062] = "export"; // TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA
        REASON[0x0063] = "export"; // TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA
        REASON[0x0064] = "export"; // TLS_RSA_EXPORT1024_WITH_RC4_56_SHA
        REASON[0x0065] = "export"; // TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA
        REASON[0x0066] = "rc4"; // TLS_DHE_DSS_WITH_RC4_128_SHA
        REASON[0x006c] = "anon"; // TLS_DH_anon_WITH_AES_128_CBC_SHA256
        REASON[0x006d] = "anon"; // TLS_DH_anon_WITH_AES_256_CBC_SHA256
        REASON[0x0082] = "null"; // TLS_GOSTR341094_WITH_NULL_GOSTR3411
        REASON[0x0083] = "null"; // TLS_GOSTR341001_WITH_NULL_GOSTR3411
        REASON[0x0089] = "anon"; // TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA
        REASON[0x008a] = "rc4"; // TLS_PSK_WITH_RC4_128_SHA
        REASON[0x008b] = "3des"; // TLS_PSK_WITH_3DES_EDE_CBC_SHA
        REASON[0x008e] = "rc4"; // TLS_DHE_PSK_WITH_RC4_128_SHA
        REASON[0x008f] = "3des"; // TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA
        REASON[0x0092] = "rc4"; // TLS_RSA_PSK_WITH_RC4_128_SHA
        REASON[0x0093] = "3des"; // TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA
        REASON[0x009b] = "anon"; // TLS_DH_anon_WITH_SEED_CBC_SHA
        REASON[0x00a6] = "anon"; // TLS_DH_anon_WITH_AES_128_GCM_SHA256
        REASON[0x00a7] = "anon"; // TLS_DH_anon_WITH_AES_256_GCM_SHA384
        REASON[0x00b0] = "null"; // TLS_PSK_WITH_NULL_SHA256
        REASON[0x00b1] = "null"; // TLS_PSK_WITH_NULL_SHA384
        REASON[0x00b4] = "null"; // TLS_DHE_PSK_WITH_NULL_SHA256
        REASON[0x00b5] = "null"; // TLS_DHE_PSK_WITH_NULL_SHA384
        REASON[0x00b8] = "null"; // TLS_RSA_PSK_WITH_NULL_SHA256
        REASON[0x00b9] = "null"; // TLS_RSA_PSK_WITH_NULL_SHA384
        REASON[0x00bf] = "anon"; // TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256
        REASON[0x00c5] = "anon"; // TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256
        REASON[0xc001] = "null"; // TLS_ECDH_ECDSA_WITH_NULL_SHA
        REASON[0xc002] = "rc4"; // TLS_ECDH_ECDSA_WITH_RC4_128_SHA
        REASON[0xc003] = "3des"; // TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA
        REASON[0xc006] = "null"; // TLS_ECDHE_ECDSA_WITH_NULL_SHA
        REASON[0xc007] = "rc4"; // TLS_ECDHE_ECDSA_WITH_RC4_128_SHA
        REASON[0xc008] = "3des"; // TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA
        REASON[0xc00b] = "null"; // TLS_ECDH_RSA_WITH_NULL_SHA
        REASON[0xc00c] = "rc4"; // TLS_ECDH_RSA_WITH_RC4_128_SHA
        REASON[0xc00d] = "3des"; // TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA
        REASON[0xc010] = "null"; // TLS_ECDHE_RSA_WITH_NULL_SHA
        REASON[0xc011] = "rc4"; // TLS_ECDHE_RSA_WITH_RC4_128_SHA
        REASON[0xc012] = "3des"; // TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA
        REASON[0xc015] = "null"; // TLS_ECDH_anon_WITH_NULL_SHA
        REASON[0xc016] = "anon"; // TLS_ECDH_anon_WITH_RC4_128_SHA
        REASON[0xc017] = "anon"; // TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA
        REASON[0xc018] = "anon"; // TLS_ECDH_anon_WITH_AES_128_CBC_SHA
        REASON[0xc019] = "anon"; // TLS_ECDH_anon_WITH_AES_256_CBC_SHA
        REASON[0xc01a] = "3des"; // TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA
        REASON[0xc01b] = "3des"; // TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA
        REASON[0xc01c] = "3des"; // TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA
        REASON[0xc033] = "rc4"; // TLS_ECDHE_PSK_WITH_RC4_128_SHA
        REASON[0xc034] = "3des"; // TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA
        REASON[0xc039] = "null"; // TLS_ECDHE_PSK_WITH_NULL_SHA
        REASON[0xc03a] = "null"; // TLS_ECDHE_PSK_WITH_NULL_SHA256
        REASON[0xc03b] = "null"; // TLS_ECDHE_PSK_WITH_NULL_SHA384
        REASON[0xc046] = "anon"; // TLS_DH_anon_WITH_ARIA_128_CBC_SHA256
        REASON[0xc047] = "anon"; // TLS_DH_anon_WITH_ARIA_256_CBC_SHA384
        REASON[0xc05a] = "anon"; // TLS_DH_anon_WITH_ARIA_128_GCM_SHA256
        REASON[0xc05b] = "anon"; // TLS_DH_anon_WITH_ARIA_256_GCM_SHA384
        REASON[0xc084] = "anon"; // TLS_DH_anon_WITH_CAMELLIA_128_GCM_SHA256
        REASON[0xc085] = "anon"; // TLS_DH_anon_WITH_CAMELLIA_256_GCM_SHA384
        REASON[0xfefe] = "des"; // SSL_RSA_FIPS_WITH_DES_CBC_SHA
        REASON[0xfeff] = "3des"; // SSL_RSA_FIPS_WITH_3DES_EDE_CBC_SHA
        REASON[0xffe0] = "3des"; // SSL_RSA_FIPS_WITH_3DES_EDE_CBC_SHA
        REASON[0xffe1] = "des"; // SSL_RSA_FIPS_WITH_DES_CBC_SHA
    }

    private WeakCiphers() {
    }

    /** Why the suite is weak ({@code "rc4"}, {@code "3des"} ...), or null when it is not in the table. */
    static String reason(int code) {
        return code >= 0 && code < REASON.length ? REASON[code] : null;
    }

    /** Parses {@code tls.cipher} as the sensor writes it ({@code "0xc02f"}); -1 when it is not that form. */
    static int parse(String hex) {
        if (hex == null || hex.length() < 3 || hex.length() > 6 || hex.charAt(0) != '0'
                || (hex.charAt(1) != 'x' && hex.charAt(1) != 'X')) {
            return -1;
        }
        int v = 0;
        for (int i = 2; i < hex.length(); i++) {
            int d = Character.digit(hex.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
