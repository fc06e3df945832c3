package dev.vigil.sensor.app.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A classic pcap (Ethernet, IPv4, TCP) written connection by connection for the TCP app tests
 * (HTTP, SSH, Telnet): {@link #connect} does the three-way handshake, {@link Conn#send} a data
 * segment, {@link Conn#sendAt} a segment at an explicit offset (out of order), {@link Conn#close}
 * the FIN exchange. One millisecond per frame; frame numbers start at 1 ({@link #frames()} is the
 * number of the last frame written).
 */
public final class TcpCapture {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long micros = 1_772_438_400_000_000L; // 2026-03-02T08:00:00Z
    private int frames;

    public TcpCapture() {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262_144).putInt(1);
        out.writeBytes(h.array());
    }

    public int frames() {
        return frames;
    }

    /** Side 0 is the client. Initial sequence numbers 1000 (client) and 900000 (server). */
    public Conn connect(int clientHost, int clientPort, int serverHost, int serverPort) {
        return new Conn(clientHost, clientPort, serverHost, serverPort);
    }

    public final class Conn {
        final int[] host = new int[2];
        final int[] port = new int[2];
        final long[] isn = {1000, 900_000};
        final long[] next = new long[2];

        Conn(int c, int cp, int s, int sp) {
            host[0] = c;
            host[1] = s;
            port[0] = cp;
            port[1] = sp;
            segment(0, isn[0], 0x02, new byte[0]);
            segment(1, isn[1], 0x12, new byte[0]);
            next[0] = isn[0] + 1;
            next[1] = isn[1] + 1;
            segment(0, next[0], 0x10, new byte[0]);
        }

        public Conn send(int side, String text) {
            return send(side, text.getBytes(StandardCharsets.ISO_8859_1));
        }

        public Conn send(int side, byte[] data) {
            segment(side, next[side], 0x18, data);
            next[side] += data.length;
            return this;
        }

        /** A segment at stream offset {@code offset} of a side, not moving its send pointer. */
        public Conn sendAt(int side, long offset, String text) {
            segment(side, isn[side] + 1 + offset, 0x18, text.getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        /** Moves a side's send pointer to a stream offset. */
        public Conn seek(int side, long offset) {
            next[side] = isn[side] + 1 + offset;
            return this;
        }

        public Conn close() {
            segment(0, next[0]++, 0x11, new byte[0]);
            segment(1, next[1]++, 0x11, new byte[0]);
            segment(0, next[0], 0x10, new byte[0]);
            return this;
        }

        private void segment(int side, long seq, int flags, byte[] payload) {
            ByteBuffer t = ByteBuffer.allocate(20 + payload.length);
            t.putShort((short) port[side]).putShort((short) port[1 - side]).putInt((int) seq)
                    .putInt((int) next[1 - side]).putShort((short) (0x5000 | flags)).putShort((short) 65535)
                    .putInt(0).put(payload);
            frame(host[side], host[1 - side], t.array());
        }
    }

    private void frame(int src, int dst, byte[] tcp) {
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + tcp.length);
        f.putShort((short) 0x0013).putInt(0xCB000000 | (dst & 0xFFFF)); // destination MAC 00:13:cb:00:xx:xx
        f.putShort((short) 0x0013).putInt(0xCB000000 | (src & 0xFFFF));
        f.putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcp.length)).putShort((short) frames)
                .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0).putInt(src).putInt(dst);
        int sum = 0;
        for (int i = 14; i < 34; i += 2) {
            sum += ((f.get(i) & 0xFF) << 8) | (f.get(i + 1) & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        f.putShort(24, (short) ~sum);
        f.put(tcp);
        byte[] frame = f.array();
        ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        micros += 1000;
        r.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(frame.length)
                .putInt(frame.length);
        out.writeBytes(r.array());
        out.writeBytes(frame);
        frames++;
    }

    /** 10.0.0.x as an int. */
    public static int ip(int last) {
        return (10 << 24) | last;
    }

    public Path write(Path dir, String name) {
        try {
            Path p = dir.resolve(name);
            Files.write(p, out.toByteArray());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
