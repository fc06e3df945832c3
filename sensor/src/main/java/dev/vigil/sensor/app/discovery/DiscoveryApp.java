package dev.vigil.sensor.app.discovery;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.NetworkOrder;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.discovery.DiscoveryDecoder;
import dev.vigil.protocol.discovery.DiscoveryView;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.PortClaims;
import dev.vigil.sensor.pipeline.PacketSlot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The intercom discovery protocol on UDP 5002 ("Discovery protocol for IP intercom devices",
 * vendor Table 2), whose payload format is not public: one {@code vigil.discovery} event per
 * datagram with who sent it to whom (addresses, ports and MACs: every sender is a device for
 * the inventory), its size, a digest that groups identical payloads, its printable strings
 * ({@link DiscoveryDecoder}) and whether it was broadcast.
 *
 * <p>Broadcast: to 255.255.255.255, to a multicast group, or to the Ethernet broadcast address
 * (which is how a subnet-directed broadcast such as 10.20.0.255 reaches the wire; the sensor
 * does not know the subnet masks).
 */
public final class DiscoveryApp implements AppDecoder {
    public static final String PROTOCOL = "discovery";
    public static final String DATASET = "vigil.discovery";
    public static final int UDP_PORT = 5002;
    /** Bytes of the SHA-256 digest kept (hex: twice as many characters). */
    public static final int DIGEST_BYTES = 16;
    private static final long BROADCAST_MAC = 0xFFFF_FFFF_FFFFL;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final DiscoveryDecoder decoder = new DiscoveryDecoder();
    private final MessageDigest sha256;
    private final byte[] digest = new byte[32];
    private final char[] digestHex = new char[2 * DIGEST_BYTES];
    private byte[] scratch = new byte[2048];

    public DiscoveryApp() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public PortClaims claims() {
        return new PortClaims().udp(UDP_PORT);
    }

    @Override
    public void onPacket(AppContext ctx, int flow, int direction, PacketSlot slot) {
        PacketView v = slot.view;
        if (v.ipProtocol != 17) {
            return;
        }
        DiscoveryView d = decoder.decode(slot.buffer, v.payloadOffset, v.payloadLength, declaredPayload(slot));
        digest(slot, v.payloadOffset, v.payloadLength);

        String id = ctx.eventId(DATASET, slot.frame, 0, null);
        ctx.begin(DATASET, slot.timestampNanos, slot.frame, id);
        ctx.writeEndpoints(slot);
        JsonGenerator g = ctx.writer().json();
        try {
            g.writeObjectFieldStart("discovery");
            g.writeNumberField("size", d.length());
            g.writeFieldName("digest");
            g.writeString(digestHex, 0, digestHex.length);
            if (d.stringCount() > 0) {
                g.writeArrayFieldStart("strings");
                for (int i = 0; i < d.stringCount(); i++) {
                    g.writeString(d.string(i));
                }
                g.writeEndArray();
            }
            g.writeNumberField("string_count", d.totalStrings());
            g.writeBooleanField("broadcast", broadcast(v));
            if (d.truncated()) {
                g.writeBooleanField("truncated", true);
                g.writeNumberField("declared_size", d.declaredLength());
            }
            if (d.eventCount() > 0) {
                g.writeArrayFieldStart("anomalies");
                for (int i = 0; i < d.eventCount(); i++) {
                    g.writeString(d.event(i).key());
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.emit(DATASET, id, slot.timestampNanos);
        for (int i = 0; i < d.eventCount(); i++) {
            ctx.decodeEvent(d.event(i), slot);
        }
    }

    /**
     * The payload length the headers declare (UDP length, bounded by the IP total length): more
     * than the captured payload when the capture cut the datagram (snaplen).
     */
    static int declaredPayload(PacketSlot slot) {
        PacketView v = slot.view;
        if (v.l4Offset < 0 || v.payloadOffset - v.l4Offset < 8) {
            return v.payloadLength;
        }
        long udpEnd = v.l4Offset + (long) NetworkOrder.uint16(slot.buffer, v.l4Offset + 4);
        if (v.ipTotalLength > 0) {
            udpEnd = Math.min(udpEnd, (long) v.l3Offset + v.ipTotalLength);
        }
        return (int) Math.max(v.payloadLength, udpEnd - v.payloadOffset);
    }

    /** To 255.255.255.255, to IPv4 or IPv6 multicast, or to the Ethernet broadcast address. */
    static boolean broadcast(PacketView v) {
        if (v.hasMac && v.dstMac == BROADCAST_MAC) {
            return true;
        }
        if (v.isIpv4()) {
            int dst = v.dstIpv4();
            return dst == 0xFFFF_FFFF || (dst >>> 28) == 0xE;
        }
        return v.ipVersion == 6 && (v.dstHi >>> 56) == 0xFF;
    }

    /** SHA-256 of the captured payload; the first {@link #DIGEST_BYTES} bytes in lower-case hex into {@link #digestHex}. */
    private void digest(PacketSlot slot, int offset, int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, 2 * scratch.length)];
        }
        slot.buffer.getBytes(offset, scratch, 0, length);
        sha256.reset();
        sha256.update(scratch, 0, length);
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < DIGEST_BYTES; i++) {
            digestHex[2 * i] = HEX[(digest[i] >>> 4) & 0xF];
            digestHex[2 * i + 1] = HEX[digest[i] & 0xF];
        }
    }
}
