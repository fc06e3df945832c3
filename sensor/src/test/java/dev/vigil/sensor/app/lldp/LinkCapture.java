package dev.vigil.sensor.app.lldp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds small classic pcap files (LINKTYPE_ETHERNET, microsecond timestamps) of hand-written
 * link-layer frames for the LLDP and CDP pipeline tests. Frame n is at 1 700 000 000 + n seconds.
 */
public final class LinkCapture {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int frames;

    public LinkCapture() {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(h.array());
    }

    /** A frame captured whole. */
    public LinkCapture frame(byte[] frame) {
        return frame(frame, frame.length);
    }

    /** A frame of which the capture kept only the first {@code caplen} bytes (snap length). */
    public LinkCapture frame(byte[] frame, int caplen) {
        frames++;
        ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        r.putInt(1_700_000_000 + frames).putInt(0).putInt(caplen).putInt(frame.length);
        out.writeBytes(r.array());
        out.write(frame, 0, caplen);
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

    /** Concatenates parts. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
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

    /** Pads a frame with zeros to the Ethernet minimum of 60 bytes (without FCS). */
    public static byte[] pad(byte[] frame) {
        return frame.length >= 60 ? frame : concat(frame, new byte[60 - frame.length]);
    }
}
