package dev.vigil.protocol.tls;

/** TLS/SSL version numbers (RFC 8446 §4.2.1, RFC 8701 GREASE) and their names. */
public final class TlsVersions {
    private TlsVersions() {
    }

    /** GREASE values are 0x?A?A with equal bytes (RFC 8701 §2). */
    public static boolean isGrease(int v) {
        return (v & 0x0f0f) == 0x0a0a && (v >>> 8) == (v & 0xff);
    }

    /**
     * Ordering rank for "highest version": SSL 3.0 .. TLS 1.3, with TLS 1.3 drafts (0x7fxx, 0x7exx)
     * and Facebook Fizz's 1.3 drafts (0xfbxx) counted as 1.3 (as tshark does); -1 for unknown.
     */
    static int rank(int v) {
        if (v >= 0x0300 && v <= 0x0304) {
            return v - 0x0300 + 1;
        }
        if (v == 0x0002) {
            return 0;
        }
        if ((v >>> 8) == 0x7f || (v >>> 8) == 0x7e || (v >>> 8) == 0xfb) {
            return 5; // below final 1.3 only if both appear: they map to the same name
        }
        return -1;
    }

    /** ECS {@code tls.version}: "1.0" .. "1.3", "3.0" for SSL 3.0, "2.0" for SSL 2; null when unknown. */
    public static String name(int v) {
        switch (v) {
            case 0x0002: return "2.0";
            case 0x0300: return "3.0";
            case 0x0301: return "1.0";
            case 0x0302: return "1.1";
            case 0x0303: return "1.2";
            case 0x0304: return "1.3";
            default:
                return rank(v) == 5 ? "1.3" : null;
        }
    }

    /** ECS {@code tls.version_protocol}: "ssl" for SSL 2/3, else "tls". */
    public static String protocol(int v) {
        return v == 0x0002 || v == 0x0300 ? "ssl" : "tls";
    }

    /** JA4 version field (FoxIO): "13", "12", "11", "10", "s3", "s2"; "00" for anything else (drafts included). */
    static String ja4(int v) {
        switch (v) {
            case 0x0304: return "13";
            case 0x0303: return "12";
            case 0x0302: return "11";
            case 0x0301: return "10";
            case 0x0300: return "s3";
            case 0x0002: return "s2";
            default: return "00";
        }
    }

    /** "0x0303" style. */
    public static String hex(int v) {
        char[] c = {'0', 'x', HEX[(v >>> 12) & 15], HEX[(v >>> 8) & 15], HEX[(v >>> 4) & 15], HEX[v & 15]};
        return new String(c);
    }

    static final char[] HEX = "0123456789abcdef".toCharArray();
}
