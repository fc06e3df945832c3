package dev.vigil.sensor.app.sip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A classic pcap of UDP datagrams over Ethernet and IPv4 or IPv6 for the call tests, with a clock
 * the test moves: each packet is 1 ms after the previous one unless {@link #at} or {@link #after}
 * says otherwise (call timeouts are minutes and hours of packet time).
 */
final class CallCapture {
    /** 2026-03-02T08:00:00Z in microseconds. */
    static final long T0 = 1_772_438_400_000_000L;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long micros = T0;
    private int frames;

    CallCapture() {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262_144).putInt(1);
        out.writeBytes(h.array());
    }

    /** The next packet is {@code seconds} after the previous one. */
    CallCapture after(double seconds) {
        micros += Math.round(seconds * 1_000_000) - 1000;
        return this;
    }

    /** Time of the packet written last, in epoch nanoseconds (for expected values). */
    long nanos() {
        return micros * 1000;
    }

    int frames() {
        return frames;
    }

    /** A UDP datagram between two IPv4 or two IPv6 literals. */
    CallCapture udp(String src, int sport, String dst, int dport, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] s = addr(src);
        byte[] d = addr(dst);
        ByteBuffer u = ByteBuffer.allocate(8 + payload.length);
        u.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
        u.put(payload);
        byte[] l4 = u.array();
        ByteBuffer ip;
        int etherType;
        if (s.length == 4) {
            ip = ByteBuffer.allocate(20 + l4.length);
            ip.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putShort((short) frames)
                .putShort((short) 0x4000).put((byte) 64).put((byte) 17).putShort((short) 0).put(s).put(d);
            etherType = 0x0800;
        } else {
            ip = ByteBuffer.allocate(40 + l4.length);
            ip.putInt(0x6000_0000).putShort((short) l4.length).put((byte) 17).put((byte) 64).put(s).put(d);
            etherType = 0x86DD;
        }
        ip.put(l4);
        ByteBuffer eth = ByteBuffer.allocate(14 + ip.capacity());
        eth.put(new byte[] {0x00, 0x13, (byte) 0xCB, 0, 0, 2}).put(new byte[] {0x00, 0x13, (byte) 0xCB, 0, 0, 1})
            .putShort((short) etherType).put(ip.array());
        byte[] frame = eth.array();
        micros += 1000;
        ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        rec.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(frame.length)
            .putInt(frame.length);
        out.writeBytes(rec.array());
        out.writeBytes(frame);
        frames++;
        return this;
    }

    Path write(Path dir, String name) {
        try {
            Path p = dir.resolve(name);
            Files.write(p, out.toByteArray());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] addr(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress(); // literals only: no name lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
