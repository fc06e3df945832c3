package dev.vigil.sensor.app.rtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds classic pcap files (Ethernet, microsecond timestamps) of UDP datagrams over IPv4 or
 * IPv6 at chosen times, and RTP/RTCP payloads, for the RTP pipeline tests. Checksums are zero.
 */
final class RtpCapture {
    static final long T0 = 1_700_000_000_000_000L; // microseconds
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    RtpCapture() {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(h.array());
    }

    /** A datagram at T0 + {@code micros}, captured whole. */
    RtpCapture udp(long micros, String src, int sport, String dst, int dport, byte[] payload) {
        return udp(micros, src, sport, dst, dport, payload, Integer.MAX_VALUE);
    }

    /** The same, of which the capture kept the first {@code caplen} bytes of the frame. */
    RtpCapture udp(long micros, String src, int sport, String dst, int dport, byte[] payload, int caplen) {
        byte[] s = addr(src);
        byte[] d = addr(dst);
        boolean v6 = s.length == 16;
        int l3 = v6 ? 40 : 20;
        ByteBuffer f = ByteBuffer.allocate(14 + l3 + 8 + payload.length);
        f.put(new byte[] {0x00, 0x13, (byte) 0xcb, 0x00, 0x00, 0x02});   // dst MAC
        f.put(new byte[] {0x00, 0x13, (byte) 0xcb, 0x00, 0x00, 0x01});   // src MAC 00:13:cb (Zenitel)
        f.putShort((short) (v6 ? 0x86DD : 0x0800));
        if (v6) {
            f.putInt(0x60000000).putShort((short) (8 + payload.length)).put((byte) 17).put((byte) 64);
        } else {
            f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + payload.length));
            f.putShort((short) 0).putShort((short) 0).put((byte) 64).put((byte) 17).putShort((short) 0);
        }
        f.put(s).put(d);
        f.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
        f.put(payload);
        byte[] frame = f.array();
        int kept = Math.min(caplen, frame.length);
        long t = T0 + micros;
        ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        r.putInt((int) (t / 1_000_000)).putInt((int) (t % 1_000_000)).putInt(kept).putInt(frame.length);
        out.writeBytes(r.array());
        out.write(frame, 0, kept);
        return this;
    }

    /**
     * {@code count} packets of a 20 ms stream: sequence from {@code seq}, timestamp + 160 each,
     * arrival every 20 ms from {@code startMicros} plus 0-{@code jitterMicros} (deterministic).
     */
    RtpCapture stream(long startMicros, String src, int sport, String dst, int dport, int pt, long ssrc, int seq,
                      int count, int jitterMicros) {
        for (int i = 0; i < count; i++) {
            long at = startMicros + 20_000L * i + (jitterMicros == 0 ? 0 : (i * 7919L) % jitterMicros);
            udp(at, src, sport, dst, dport, rtp(pt, false, seq + i, 160L * i, ssrc, new byte[160]));
        }
        return this;
    }

    Path write(Path dir, String name) {
        Path p = dir.resolve(name);
        try {
            Files.write(p, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static byte[] addr(String s) {
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** An RTP packet: V=2, no padding, extension or CSRC. */
    static byte[] rtp(int pt, boolean marker, int seq, long ts, long ssrc, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | pt)).putShort((short) seq).putInt((int) ts)
                .putInt((int) ssrc).put(payload);
        return b.array();
    }

    /** An RFC 4733 event payload: event, E bit, volume 10, duration. */
    static byte[] event(int event, boolean end, int duration) {
        return new byte[] {(byte) event, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
    }
}
