package dev.vigil.sensor.output.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final byte[] SECRET = "whsec_test".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesAnIndependentHmacSha256() {
        // printf '%s' '1767225600.{"a":1}' | openssl dgst -sha256 -hmac 'whsec_test'
        assertThat(WebhookSignature.header(SECRET, 1767225600L, BODY))
                .isEqualTo("t=1767225600,v1=6d204545ff126a339c00513d93603299c984074ce1331c3537c3f6c976b49019");
    }

    @Test
    void verifyChecksSecretBodyAndTimestampTolerance() {
        String h = WebhookSignature.header(SECRET, 1767225600L, BODY);
        assertThat(WebhookSignature.verify(h, SECRET, BODY, 1767225600L + 299, 300)).isTrue();
        assertThat(WebhookSignature.verify(h, SECRET, BODY, 1767225600L + 301, 300)).isFalse();
        assertThat(WebhookSignature.verify(h, SECRET, "{\"a\":2}".getBytes(StandardCharsets.UTF_8), 1767225600L, 300))
                .isFalse();
        assertThat(WebhookSignature.verify(h, "other".getBytes(StandardCharsets.UTF_8), BODY, 1767225600L, 300))
                .isFalse();
        // a receiver ignores schemes it does not know and accepts any matching v1
        assertThat(WebhookSignature.verify("t=1767225600,v0=zz,v1=00," + h.substring(h.indexOf("v1=")), SECRET, BODY,
                1767225600L, 300)).isTrue();
        assertThat(WebhookSignature.verify("v1=abc", SECRET, BODY, 1767225600L, 300)).isFalse();
        assertThat(WebhookSignature.verify(null, SECRET, BODY, 1767225600L, 300)).isFalse();
    }
}
