package dev.vigil.protocol.snmp;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What vigil keeps of an SNMP community string (RFC 1157 section 3.2.5, RFC 1901): never the
 * string, only whether it is a well-known default and a salted fingerprint. The fingerprint is
 * HMAC-SHA256 keyed with a per-installation salt, truncated to 16 bytes: equal communities on
 * one installation have equal hashes (so "the same community everywhere" and "this device
 * changed its community" are visible), while the hash cannot be matched against a dictionary
 * without the salt, and hashes of two installations cannot be compared.
 *
 * <p>One instance per decoder (a {@link Mac} is not thread-safe). The community bytes passed
 * in are not retained.
 */
public final class SnmpCommunity {
    /**
     * Well-known default communities: vendor factory settings ("public" read-only and "private"
     * read-write on most agents, "cisco", "admin", "manager", "secret", "default", "snmp",
     * "community") and the first words of every SNMP scanner's dictionary. A match is reported
     * as {@code snmp.community.default: true}; ASCII case is ignored, because a case variant of
     * a default is as easy to guess as the default.
     */
    public static final List<String> DEFAULTS = List.of("public", "private", "community", "admin", "manager",
            "secret", "cisco", "snmp", "default");

    /** Shortest salt accepted (128 bits). */
    public static final int MIN_SALT_LENGTH = 16;
    /** Bytes of the HMAC kept in the hash (printed as twice as many hex digits). */
    public static final int HASH_BYTES = 16;

    private static final String HMAC = "HmacSHA256";
    private static final byte[][] DEFAULT_BYTES = DEFAULTS.stream()
            .map(s -> s.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Mac mac;

    /**
     * @param salt the installation's secret salt, at least {@link #MIN_SALT_LENGTH} bytes; copied
     * @throws IllegalArgumentException when the salt is missing or too short
     */
    public SnmpCommunity(byte[] salt) {
        if (salt == null || salt.length < MIN_SALT_LENGTH) {
            throw new IllegalArgumentException("the SNMP community salt must have at least " + MIN_SALT_LENGTH
                    + " bytes");
        }
        try {
            mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(salt.clone(), HMAC));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // every Java 17 runtime ships HmacSHA256
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** HMAC-SHA256(salt, community), first {@link #HASH_BYTES} bytes as lower-case hex. */
    public String hash(byte[] community) {
        byte[] h = mac.doFinal(community);
        char[] out = new char[HASH_BYTES * 2];
        for (int i = 0; i < HASH_BYTES; i++) {
            out[2 * i] = HEX[(h[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[h[i] & 0xF];
        }
        return new String(out);
    }

    /** True when the community is one of {@link #DEFAULTS}, ignoring ASCII case. */
    public static boolean isDefault(byte[] community) {
        for (byte[] d : DEFAULT_BYTES) {
            if (equalsIgnoreAsciiCase(d, community)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalsIgnoreAsciiCase(byte[] lowerCase, byte[] b) {
        if (lowerCase.length != b.length) {
            return false;
        }
        for (int i = 0; i < b.length; i++) {
            int c = b[i] & 0xFF;
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }
}
