package dev.vigil.sensor.asset;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.sensor.event.EventWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Writes the inventory's {@code vigil.asset} documents through an {@link EventWriter}:
 *
 * <ul>
 * <li>{@link #writeAsset}: the device's state, one document per MAC. Its id depends on the MAC
 *     alone ({@link #assetId}), so the output indexes it with op {@code index} (not
 *     {@code create}): each write replaces the previous one, and the analyst's inventory view
 *     has one row per device. {@code @timestamp} is the device's {@code last_seen}.</li>
 * <li>{@link #writeChange}: one event per {@link AssetChange}, {@code event.action} naming it
 *     ({@code asset-discovered}, {@code ip-added}, {@code software-changed}, ...), with a
 *     snapshot of the device (id, MAC, vendor, name, IPs) and {@code asset.change.{value,
 *     previous, source}}. Its id is deterministic over (MAC, action, value, previous, time), so
 *     a re-run over the same capture gives the same ids and {@code create} drops duplicates.</li>
 * </ul>
 *
 * <p>After a write the document is the writer's {@link EventWriter#bytes()} up to
 * {@link EventWriter#length()}. One instance per thread.
 */
public final class AssetLogger {
    public static final String DATASET = "vigil.asset";

    private final EventWriter writer;
    private final MessageDigest sha;

    public AssetLogger(EventWriter writer) {
        this.writer = writer;
        this.sha = sha256();
    }

    /** Writes the state document of {@code a}; returns its id. The record's time is {@link Asset#lastSeen()}. */
    public String writeAsset(Asset a) {
        String id = assetId(a.mac);
        writer.begin(DATASET, false, a.lastSeen, 0, id, 0, 0, null);
        try {
            JsonGenerator g = writer.json();
            g.writeObjectFieldStart("asset");
            AssetJson.writeFields(g, a, false);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writer.finish();
        return id;
    }

    /** Writes the change event; returns its id. The record's time is {@link AssetChange#timestampNanos()}. */
    public String writeChange(AssetChange c) {
        String id = changeId(c);
        Asset a = c.asset();
        writer.begin(DATASET, false, c.timestampNanos(), 0, id, 0, 0, c.action().key());
        try {
            JsonGenerator g = writer.json();
            g.writeObjectFieldStart("asset");
            g.writeStringField("id", assetId(a.mac));
            g.writeStringField("mac", a.macText);
            if (a.vendor != null) {
                g.writeStringField("vendor", a.vendor);
            }
            String name = a.primaryName();
            if (name != null) {
                g.writeStringField("name", name);
            }
            if (!a.ips.isEmpty()) {
                g.writeArrayFieldStart("ips");
                for (String ip : a.ips.keySet()) {
                    g.writeString(ip);
                }
                g.writeEndArray();
            }
            String role = a.role();
            if (!role.isEmpty()) {
                g.writeStringField("role", role);
            }
            if (a.authorized != null) {
                g.writeBooleanField("authorized", a.authorized);
            }
            g.writeObjectFieldStart("change");
            g.writeStringField("value", c.value());
            if (c.previous() != null) {
                g.writeStringField("previous", c.previous());
            }
            g.writeStringField("source", c.source());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writer.finish();
        return id;
    }

    /** The document id of a device: 20 URL-safe base64 characters of SHA-256 over the MAC. */
    public static String assetId(long mac) {
        MessageDigest d = sha256();
        d.update("vigil.asset\u0000".getBytes(StandardCharsets.US_ASCII));
        d.update(Addresses.macString(mac).getBytes(StandardCharsets.US_ASCII));
        return encode(d.digest());
    }

    /** The same from any common MAC notation; null when {@code mac} is not one. */
    public static String assetId(String mac) {
        long m = Addresses.parseMac(mac);
        return m < 0 ? null : assetId(m);
    }

    /** The id of a change event. */
    public String changeId(AssetChange c) {
        sha.reset();
        sha.update("vigil.asset.change\u0000".getBytes(StandardCharsets.US_ASCII));
        part(c.asset().macText);
        part(c.action().key());
        part(c.value());
        part(c.previous() == null ? "" : c.previous());
        part(Long.toString(c.timestampNanos()));
        return encode(sha.digest());
    }

    private void part(String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static String encode(byte[] digest) {
        byte[] head = new byte[15];
        System.arraycopy(digest, 0, head, 0, 15);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(head);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
