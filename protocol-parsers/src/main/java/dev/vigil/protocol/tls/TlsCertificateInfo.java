package dev.vigil.protocol.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import javax.security.auth.x500.X500Principal;

/**
 * What vigil logs of a server's leaf certificate (RFC 5280), read with the platform's X.509
 * {@link CertificateFactory} — once per TLS ≤ 1.2 handshake, off the per-packet path.
 *
 * @param subject         RFC 2253 distinguished name
 * @param issuer          RFC 2253 distinguished name
 * @param notBefore       validity start
 * @param notAfter        validity end
 * @param keyAlgorithm    "RSA", "EC", "DSA", "Ed25519" ... as the platform names it
 * @param keySize         bits (RSA modulus, EC field/order, DSA p), 0 when unknown
 * @param selfSigned      subject equals issuer and the signature verifies with the certificate's own key
 * @param serial          serial number in hex
 */
public record TlsCertificateInfo(String subject, String issuer, Instant notBefore, Instant notAfter,
                                 String keyAlgorithm, int keySize, boolean selfSigned, String serial) {

    /** Parses one DER certificate; null when the platform cannot read it. */
    public static TlsCertificateInfo parse(byte[] der, int offset, int length) {
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            X509Certificate c = (X509Certificate) f.generateCertificate(
                    new ByteArrayInputStream(der, offset, length));
            X500Principal s = c.getSubjectX500Principal();
            X500Principal i = c.getIssuerX500Principal();
            PublicKey k = c.getPublicKey();
            boolean self = s.equals(i) && verifies(c, k);
            return new TlsCertificateInfo(s.getName(X500Principal.RFC2253), i.getName(X500Principal.RFC2253),
                    c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), k.getAlgorithm(), keySize(k),
                    self, c.getSerialNumber().toString(16));
        } catch (Exception | LinkageError e) { // a Kaitai-like boundary: any failure is "not readable"
            return null;
        }
    }

    private static boolean verifies(X509Certificate c, PublicKey k) {
        try {
            c.verify(k);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static int keySize(PublicKey k) {
        if (k instanceof RSAPublicKey r) {
            return r.getModulus().bitLength();
        }
        if (k instanceof ECPublicKey e) {
            return e.getParams().getCurve().getField().getFieldSize();
        }
        if (k instanceof DSAPublicKey d && d.getParams() != null) {
            BigInteger p = d.getParams().getP();
            return p.bitLength();
        }
        String a = k.getAlgorithm();
        if ("Ed25519".equals(a) || "X25519".equals(a)) {
            return 255;
        }
        if ("Ed448".equals(a) || "X448".equals(a)) {
            return 448;
        }
        return 0;
    }
}
