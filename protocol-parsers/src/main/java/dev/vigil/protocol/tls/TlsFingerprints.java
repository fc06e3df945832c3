package dev.vigil.protocol.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Hello fingerprints. Built once per handshake (Strings and digests allocate: not per packet).
 *
 * <ul>
 * <li>JA3 (Salesforce): MD5 of {@code version,ciphers,extensions,groups,point_formats}, decimal
 *     values joined by '-', GREASE (RFC 8701) removed from every list; version is the legacy
 *     client_version.</li>
 * <li>JA3S: MD5 of {@code version,cipher,extensions} of the ServerHello (legacy version).</li>
 * <li>JA4 (FoxIO, github.com/FoxIO-LLC/ja4 technical details): {@code a_b_c} with
 *     a = "t" (TCP) + version + "d"|"i" (SNI present) + 2-digit cipher count + 2-digit extension
 *     count (both without GREASE, capped at 99) + first and last character of the first ALPN value
 *     ("00" without ALPN); b = first 12 hex of SHA-256 of the sorted 4-hex cipher list joined by ',';
 *     c = the same of the sorted extension list without GREASE, SNI (0x0000) and ALPN (0x0010), then
 *     '_' and the signature algorithms in wire order (no '_' part when there are none).
 *     Where the spec leaves room: version is the numerically highest non-GREASE supported_versions
 *     value (else legacy_version) mapped to 13/12/11/10/s3/s2 and "00" for anything else (drafts,
 *     Fizz) — this is what nDPI and the FoxIO reference code output; an ALPN value whose first or
 *     last byte is not ASCII alphanumeric contributes the first hex digit of its first byte and the
 *     last hex digit of its last byte; an empty cipher or extension list hashes to "000000000000".</li>
 * </ul>
 */
public final class TlsFingerprints {
    private TlsFingerprints() {
    }

    /** The JA3 string (before hashing). */
    public static String ja3String(TlsClientHello h) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(h.legacyVersion).append(',');
        decimal(sb, h.ciphers, h.cipherCount).append(',');
        decimal(sb, h.extensions, h.extensionCount).append(',');
        decimal(sb, h.groups, h.groupCount).append(',');
        decimal(sb, h.pointFormats, h.pointFormatCount);
        return sb.toString();
    }

    public static String ja3(TlsClientHello h) {
        return md5(ja3String(h));
    }

    /** The JA3S string (before hashing). */
    public static String ja3sString(TlsServerHello h) {
        StringBuilder sb = new StringBuilder(64);
        sb.append(h.legacyVersion).append(',').append(h.cipher).append(',');
        decimal(sb, h.extensions, h.extensionCount);
        return sb.toString();
    }

    public static String ja3s(TlsServerHello h) {
        return md5(ja3sString(h));
    }

    /** JA4 of a ClientHello carried over TCP. */
    public static String ja4(TlsClientHello h) {
        int version = 0;
        for (int i = 0; i < h.supportedVersionCount; i++) {
            int v = h.supportedVersions[i];
            if (!TlsVersions.isGrease(v) && v > version) {
                version = v;
            }
        }
        if (version == 0) {
            version = h.legacyVersion;
        }
        int[] ciphers = withoutGrease(h.ciphers, h.cipherCount);
        int[] ext = withoutGrease(h.extensions, h.extensionCount);
        StringBuilder a = new StringBuilder(10);
        a.append('t').append(TlsVersions.ja4(version)).append(h.sniExtension ? 'd' : 'i');
        twoDigits(a, ciphers.length);
        twoDigits(a, ext.length);
        a.append(alpnChars(h));

        Arrays.sort(ciphers);
        String b = ciphers.length == 0 ? "000000000000" : sha12(hexList(ciphers, ciphers.length));

        int[] sortedExt = new int[ext.length];
        int n = 0;
        for (int e : ext) {
            if (e != 0x0000 && e != 0x0010) {
                sortedExt[n++] = e;
            }
        }
        Arrays.sort(sortedExt, 0, n);
        String c;
        if (n == 0) {
            c = "000000000000";
        } else {
            String s = hexList(sortedExt, n);
            int[] sig = withoutGrease(h.signatureAlgorithms, h.signatureAlgorithmCount);
            if (sig.length > 0) {
                s = s + "_" + hexList(sig, sig.length);
            }
            c = sha12(s);
        }
        return a + "_" + b + "_" + c;
    }

    private static String alpnChars(TlsClientHello h) {
        if (h.alpnCount == 0 || h.alpn[0] == null || h.alpn[0].isEmpty()) {
            return "00";
        }
        byte[] v = h.alpn[0].getBytes(StandardCharsets.ISO_8859_1);
        int f = v[0] & 0xff;
        int l = v[v.length - 1] & 0xff;
        if (alnum(f) && alnum(l)) {
            return "" + (char) f + (char) l;
        }
        return "" + TlsVersions.HEX[f >>> 4] + TlsVersions.HEX[l & 15];
    }

    private static boolean alnum(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static void twoDigits(StringBuilder sb, int n) {
        int v = Math.min(n, 99);
        sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private static int[] withoutGrease(int[] a, int n) {
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!TlsVersions.isGrease(a[i])) {
                out[k++] = a[i];
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static String hexList(int[] a, int n) {
        StringBuilder sb = new StringBuilder(n * 5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            int v = a[i];
            sb.append(TlsVersions.HEX[(v >>> 12) & 15]).append(TlsVersions.HEX[(v >>> 8) & 15])
                    .append(TlsVersions.HEX[(v >>> 4) & 15]).append(TlsVersions.HEX[v & 15]);
        }
        return sb.toString();
    }

    private static StringBuilder decimal(StringBuilder sb, int[] a, int n) {
        boolean first = true;
        for (int i = 0; i < n; i++) {
            if (TlsVersions.isGrease(a[i])) {
                continue;
            }
            if (!first) {
                sb.append('-');
            }
            sb.append(a[i]);
            first = false;
        }
        return sb;
    }

    static String md5(String s) {
        return hex(digest("MD5", s), 16);
    }

    static String sha12(String s) {
        return hex(digest("SHA-256", s), 6);
    }

    private static byte[] digest(String alg, String s) {
        try {
            return MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.ISO_8859_1));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(alg + " is required by the Java platform", e);
        }
    }

    private static String hex(byte[] d, int bytes) {
        char[] c = new char[bytes * 2];
        for (int i = 0; i < bytes; i++) {
            c[2 * i] = TlsVersions.HEX[(d[i] >>> 4) & 15];
            c[2 * i + 1] = TlsVersions.HEX[d[i] & 15];
        }
        return new String(c);
    }
}
