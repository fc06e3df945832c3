package dev.vigil.sensor.app.dip;

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
 * Builds small classic pcap files (Ethernet, IPv4, UDP or TCP) packet by packet for the app
 * decoder tests: each packet is a commented call, so a test reads like the exchange it models.
 * Timestamps advance by one millisecond per packet. TCP sessions keep their own sequence numbers.
 */
public final class TestCapture {
    public static final long SERVER_MAC = 0x0013CB14000AL;
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long micros = 1_772_438_400_000_000L; // 2026-03-02T08:00:00Z
    private int ipId = 1;
    private int frames;

    public TestCapture() {
        ByteBuffer h = le(24);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262_144).putInt(1);
        out.writeBytes(h.array());
    }

    public int frames() {
        return frames;
    }

    /** A UDP datagram; {@code capture} bytes of the frame are kept (-1: all). */
    public TestCapture udp(long srcMac, String src, int sport, long dstMac, String dst, int dport, byte[] payload,
                           int capture) {
        ByteBuffer u = be(8 + payload.length);
        u.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
        u.put(payload);
        return ip(srcMac, src, dstMac, dst, 17, u.array(), capture);
    }

    public TestCapture udp(long srcMac, String src, int sport, long dstMac, String dst, int dport, byte[] payload) {
        return udp(srcMac, src, sport, dstMac, dst, dport, payload, -1);
    }

    public TestCapture udp(String src, int sport, String dst, int dport, String text) {
        return udp(mac(src), src, sport, mac(dst), dst, dport, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A TCP segment. */
    public TestCapture tcp(String src, int sport, String dst, int dport, long seq, long ack, int flags, byte[] payload) {
        ByteBuffer t = be(20 + payload.length);
        t.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack)
                .putShort((short) (0x5000 | flags)).putShort((short) 29200).putShort((short) 0).putShort((short) 0);
        t.put(payload);
        return ip(mac(src), src, mac(dst), dst, 6, t.array(), -1);
    }

    /** Any IPv4 packet: {@code l4} follows the 20-byte IP header (SCTP, protocol 132, in the SIP tests). */
    public TestCapture ipv4(String src, String dst, int protocol, byte[] l4) {
        return ip(mac(src), src, mac(dst), dst, protocol, l4, -1);
    }

    /** Opens a TCP session (SYN, SYN/ACK, ACK) from client to server. */
    public Session session(String client, int cport, String server, int sport) {
        return new Session(client, cport, server, sport);
    }

    /** One TCP connection; side 0 is the client. */
    public final class Session {
        final String[] host = new String[2];
        final int[] port = new int[2];
        final long[] next = {1000, 500_000};

        Session(String client, int cport, String server, int sport) {
            host[0] = client;
            host[1] = server;
            port[0] = cport;
            port[1] = sport;
            tcp(client, cport, server, sport, next[0]++, 0, 0x02, new byte[0]);
            tcp(server, sport, client, cport, next[1]++, next[0], 0x12, new byte[0]);
            tcp(client, cport, server, sport, next[0], next[1], 0x10, new byte[0]);
        }

        /** Data from a side (PSH, ACK). */
        public Session send(int side, String text) {
            return send(side, text.getBytes(StandardCharsets.ISO_8859_1));
        }

        public Session send(int side, byte[] data) {
            tcp(host[side], port[side], host[1 - side], port[1 - side], next[side], next[1 - side], 0x18, data);
            next[side] += data.length;
            return this;
        }

        /** Data sent later than bytes that are never captured: the reassembler sees a gap. */
        public Session sendAfterLoss(int side, int lost, String text) {
            next[side] += lost;
            return send(side, text);
        }

        /** Data placed at an explicit stream offset (out-of-order delivery), without moving the send pointer. */
        public Session sendAt(int side, long streamOffset, String text) {
            byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
            long base = side == 0 ? 1001 : 500_001;
            tcp(host[side], port[side], host[1 - side], port[1 - side], base + streamOffset, next[1 - side], 0x18, data);
            return this;
        }

        /** Moves a side's send pointer to a stream offset. */
        public Session seek(int side, long streamOffset) {
            next[side] = (side == 0 ? 1001 : 500_001) + streamOffset;
            return this;
        }

        /** FIN from a side and the peer's FIN, then the last ACK. */
        public Session close(int side) {
            tcp(host[side], port[side], host[1 - side], port[1 - side], next[side]++, next[1 - side], 0x11, new byte[0]);
            tcp(host[1 - side], port[1 - side], host[side], port[side], next[1 - side]++, next[side], 0x11, new byte[0]);
            tcp(host[side], port[side], host[1 - side], port[1 - side], next[side], next[1 - side], 0x10, new byte[0]);
            return this;
        }
    }

    /** Writes the capture to a file in {@code dir}. */
    public Path write(Path dir, String name) {
        try {
            Path p = dir.resolve(name);
            Files.write(p, out.toByteArray());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stable MAC per host: the vendor OUI and the address's last two bytes. */
    public static long mac(String ip) {
        byte[] a = addr(ip);
        if ((a[0] & 0xF0) == 0xE0) {
            return 0x01005E000000L | ((a[1] & 0x7FL) << 16) | ((a[2] & 0xFFL) << 8) | (a[3] & 0xFFL);
        }
        if (ip.equals("255.255.255.255")) {
            return BROADCAST;
        }
        return 0x0013CB000000L | ((a[2] & 0xFFL) << 8) | (a[3] & 0xFFL);
    }

    private TestCapture ip(long srcMac, String src, long dstMac, String dst, int proto, byte[] l4, int capture) {
        ByteBuffer f = be(14 + 20 + l4.length);
        putMac(f, dstMac);
        putMac(f, srcMac);
        f.putShort((short) 0x0800);
        int ipStart = f.position();
        f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putShort((short) ipId++)
                .putShort((short) 0x4000).put((byte) 64).put((byte) proto).putShort((short) 0)
                .put(addr(src)).put(addr(dst));
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((f.get(ipStart + i) & 0xFF) << 8) | (f.get(ipStart + i + 1) & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        f.putShort(ipStart + 10, (short) ~sum);
        f.put(l4);
        byte[] frame = f.array();
        int keep = capture < 0 ? frame.length : Math.min(capture, frame.length);
        ByteBuffer r = le(16);
        micros += 1000;
        r.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(keep).putInt(frame.length);
        out.writeBytes(r.array());
        out.write(frame, 0, keep);
        frames++;
        return this;
    }

    private static void putMac(ByteBuffer b, long mac) {
        for (int s = 40; s >= 0; s -= 8) {
            b.put((byte) (mac >>> s));
        }
    }

    private static byte[] addr(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer be(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.BIG_ENDIAN);
    }
}
