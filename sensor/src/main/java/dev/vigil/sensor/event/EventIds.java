package dev.vigil.sensor.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Deterministic document ids: SHA-256 over (input, dataset, sequence, discriminator), the first
 * 15 bytes in URL-safe base64 (20 characters). The same capture analysed twice gives the same
 * ids, so Elasticsearch {@code create} turns a re-delivery into a harmless conflict instead of a
 * duplicate. One instance per thread.
 */
public final class EventIds {
    private final MessageDigest sha;
    private final byte[] inputKey;
    private final byte[] scratch = new byte[8];

    /**
     * @param inputKey identifies the input: for a file its name and size; for a live capture the
     *                 sensor, interface and capture start time
     */
    public EventIds(String inputKey) {
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.inputKey = inputKey.getBytes(StandardCharsets.UTF_8);
    }

    public String id(String dataset, long sequence, long discriminator, String extra) {
        sha.reset();
        sha.update(inputKey);
        sha.update((byte) 0);
        sha.update(dataset.getBytes(StandardCharsets.US_ASCII));
        putLong(sequence);
        putLong(discriminator);
        if (extra != null) {
            sha.update(extra.getBytes(StandardCharsets.UTF_8));
        }
        byte[] d = sha.digest();
        byte[] head = new byte[15];
        System.arraycopy(d, 0, head, 0, 15);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(head);
    }

    private void putLong(long v) {
        for (int i = 7; i >= 0; i--) {
            scratch[i] = (byte) v;
            v >>>= 8;
        }
        sha.update(scratch);
    }
}
