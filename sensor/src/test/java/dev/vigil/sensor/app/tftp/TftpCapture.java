package dev.vigil.sensor.app.tftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds small classic pcap files of Ethernet/IPv4/UDP frames carrying hand-written TFTP
 * datagrams, one frame per {@link #udp} call, 10 ms apart (frame numbers count from 1).
 */
final class TftpCapture {
    static final int CLIENT = 0xC0A8_0002;   // 192.168.0.2
    static final int SERVER = 0xC0A8_0001;   // 192.168.0.1
    static final long START_SECONDS = 1_700_000_000L;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int frames;
    private long stepMicros = 10_000;

    TftpCapture() {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(h.array());
    }

    /** Time between frames from now on. */
    TftpCapture step(long micros) {
        stepMicros = micros;
        return this;
    }

    /** One UDP datagram from src:sport to dst:dport. */
    TftpCapture udp(int src, int sport, int dst, int dport, byte[] payload) {
        return udp(src, sport, dst, dport, payload, payload.length);
    }

    /** One UDP datagram of which only {@code captured} payload bytes were captured (snaplen). */
    TftpCapture udp(int src, int sport, int dst, int dport, byte[] payload, int captured) {
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + 8 + payload.length);
        f.put(new byte[] {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01}).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload.length)).putShort((short) frames)
                .putShort((short) 0).put((byte) 64).put((byte) 17).putShort((short) 0).putInt(src).putInt(dst);
        f.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
        f.put(payload);
        byte[] frame = f.array();
        int caplen = frame.length - (payload.length - captured);
        long t = (long) frames * stepMicros;
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

    // ------------------------------------------------------------------ TFTP datagrams

    /** RRQ or WRQ: opcode, filename NUL, mode NUL, then option name NUL value NUL pairs. */
    static byte[] request(int opcode, String filename, String mode, String... options) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0);
        b.write(opcode);
        b.writeBytes(filename.getBytes(StandardCharsets.UTF_8));
        b.write(0);
        b.writeBytes(mode.getBytes(StandardCharsets.US_ASCII));
        b.write(0);
        for (String o : options) {
            b.writeBytes(o.getBytes(StandardCharsets.US_ASCII));
            b.write(0);
        }
        return b.toByteArray();
    }

    static byte[] rrq(String filename, String... options) {
        return request(1, filename, "octet", options);
    }

    static byte[] wrq(String filename, String... options) {
        return request(2, filename, "octet", options);
    }

    /** DATA: 00 03, block, {@code length} filler bytes. */
    static byte[] data(int block, int length) {
        byte[] b = new byte[4 + length];
        b[1] = 3;
        b[2] = (byte) (block >> 8);
        b[3] = (byte) block;
        for (int i = 0; i < length; i++) {
            b[4 + i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    /** ACK: 00 04, block. */
    static byte[] ack(int block) {
        return new byte[] {0, 4, (byte) (block >> 8), (byte) block};
    }

    /** ERROR: 00 05, code, message NUL. */
    static byte[] error(int code, String message) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0, 5, (byte) (code >> 8), (byte) code});
        b.writeBytes(message.getBytes(StandardCharsets.US_ASCII));
        b.write(0);
        return b.toByteArray();
    }

    /** OACK: 00 06, option name NUL value NUL pairs. */
    static byte[] oack(String... options) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0);
        b.write(6);
        for (String o : options) {
            b.writeBytes(o.getBytes(StandardCharsets.US_ASCII));
            b.write(0);
        }
        return b.toByteArray();
    }
}
