package dev.vigil.sensor.app.dhcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds small classic pcap files (LINKTYPE_ETHERNET, microsecond timestamps) of hand-written
 * UDP datagrams over Ethernet and IPv4, for the DHCP and NTP pipeline tests. Frame n is at
 * 1 700 000 000 + n seconds. Checksums are zero (UDP over IPv4: "none"; the IP checksum is not
 * verified by the sensor).
 */
public final class UdpCapture {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int frames;

    public UdpCapture() {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(h.array());
    }

    /** A datagram from {@code src}:{@code sport} to {@code dst}:{@code dport} (IPv4 as int), captured whole. */
    public UdpCapture datagram(int src, int sport, int dst, int dport, byte[] payload) {
        return datagram(src, sport, dst, dport, payload, Integer.MAX_VALUE);
    }

    /** The same, of which the capture kept only the first {@code caplen} bytes of the frame. */
    public UdpCapture datagram(int src, int sport, int dst, int dport, byte[] payload, int caplen) {
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + 8 + payload.length);
        f.put(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}); // dst MAC broadcast
        f.put(new byte[] {0x00, 0x13, (byte) 0xcb, 0x11, 0x22, 0x33});  // src MAC 00:13:cb:11:22:33
        f.putShort((short) 0x0800);                 // EtherType IPv4
        f.put((byte) 0x45).put((byte) 0);           // version 4, IHL 5; TOS
        f.putShort((short) (20 + 8 + payload.length)); // total length
        f.putShort((short) frames).putShort((short) 0); // identification; flags/fragment 0
        f.put((byte) 64).put((byte) 17).putShort((short) 0); // TTL 64, UDP, checksum
        f.putInt(src).putInt(dst);
        f.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
        f.put(payload);
        byte[] frame = f.array();
        int kept = Math.min(caplen, frame.length);
        frames++;
        ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        r.putInt(1_700_000_000 + frames).putInt(0).putInt(kept).putInt(frame.length);
        out.writeBytes(r.array());
        out.write(frame, 0, kept);
        return this;
    }

    public Path write(Path dir, String name) {
        Path p = dir.resolve(name);
        try {
            Files.write(p, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Hex digits (spaces allowed) to bytes. */
    public static byte[] hex(String... parts) {
        String s = String.join("", parts).replaceAll("\\s+", "");
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /** Concatenates parts. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}
