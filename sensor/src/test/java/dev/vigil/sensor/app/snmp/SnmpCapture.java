package dev.vigil.sensor.app.snmp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds small classic pcap files of Ethernet/IPv4/UDP frames carrying hand-written SNMP
 * datagrams, one frame per {@link #udp} call, 10 ms apart (frame numbers count from 1).
 */
final class SnmpCapture {
    static final int MANAGER = 0xC0A8_0002;   // 192.168.0.2
    static final int AGENT = 0xC0A8_0001;     // 192.168.0.1
    static final long START_SECONDS = 1_700_000_000L;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int frames;

    SnmpCapture() {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(h.array());
    }

    SnmpCapture udp(int src, int sport, int dst, int dport, byte[] payload) {
        return udp(src, sport, dst, dport, payload, payload.length);
    }

    /** One datagram of which only {@code captured} payload bytes were captured (snapshot length). */
    SnmpCapture udp(int src, int sport, int dst, int dport, byte[] payload, int captured) {
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + 8 + payload.length);
        f.put(new byte[] {0x00, 0x13, (byte) 0xCB, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02}).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload.length)).putShort((short) frames)
                .putShort((short) 0).put((byte) 64).put((byte) 17).putShort((short) 0).putInt(src).putInt(dst);
        f.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
        f.put(payload);
        byte[] frame = f.array();
        int caplen = frame.length - (payload.length - captured);
        long t = frames * 10_000L;
        ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        r.putInt((int) (START_SECONDS + t / 1_000_000)).putInt((int) (t % 1_000_000)).putInt(caplen)
                .putInt(frame.length);
        out.writeBytes(r.array());
        out.write(frame, 0, caplen);
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
}
