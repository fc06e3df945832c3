package dev.vigil.sensor.output.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Vigil-Signature-256} header, modelled on Stripe's webhook signatures, so that a
 * receiver can check that a request comes from a sensor holding the shared secret and is not a
 * replay of an old one.
 *
 * <pre>
 *   X-Vigil-Signature-256: t=1767225600,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd
 *
 *   t   the time of this delivery attempt, Unix seconds
 *   v1  lower-case hex of HMAC-SHA256(key = the shared secret as UTF-8,
 *                                     message = t + "." + the raw request body)
 * </pre>
 *
 * To verify, a receiver: (1) splits the header on {@code ,} and each part on the first {@code =};
 * (2) builds the signed text from {@code t}, a dot and the body exactly as received (before any
 * JSON parsing); (3) computes the HMAC with its copy of the secret and compares it with each
 * {@code v1} value in constant time; (4) rejects a {@code t} more than a few minutes from its
 * own clock (the tolerance bounds replays). Each retry is signed anew with its own {@code t};
 * the body and the {@code Idempotency-Key} header stay the same, so a receiver de-duplicates on
 * the key. Further schemes ({@code v2=...}) may be added to the header later; receivers ignore
 * the ones they do not know.
 */
public final class WebhookSignature {
    /** Name of the header. */
    public static final String HEADER = "X-Vigil-Signature-256";

    private WebhookSignature() {
    }

    /** The header value for {@code body} sent at {@code unixSeconds}. */
    public static String header(byte[] secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + hex(hmac(secret, unixSeconds, body));
    }

    /**
     * Verifies a header as a receiver would: some {@code v1} matches and {@code t} is within
     * {@code toleranceSeconds} of {@code nowUnixSeconds}.
     */
    public static boolean verify(String header, byte[] secret, byte[] body, long nowUnixSeconds,
            long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        long t = -1;
        java.util.List<String> v1 = new java.util.ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String k = part.substring(0, eq).trim();
            String v = part.substring(eq + 1).trim();
            if (k.equals("t")) {
                try {
                    t = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (k.equals("v1")) {
                v1.add(v);
            }
        }
        if (t < 0 || Math.abs(nowUnixSeconds - t) > toleranceSeconds) {
            return false;
        }
        byte[] expected = hex(hmac(secret, t, body)).getBytes(StandardCharsets.US_ASCII);
        boolean ok = false;
        for (String candidate : v1) {
            ok |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
        }
        return ok;
    }

    static byte[] hmac(byte[] secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
