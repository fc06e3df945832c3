package dev.vigil.sensor.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes small pcap and pcapng files byte by byte for the reader tests. */
final class CaptureBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Integer> recordOffsets = new ArrayList<>();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    /** A classic pcap file header (24 bytes). */
    static CaptureBytes pcap(ByteOrder order, boolean nanos, int snaplen, int linkType) {
        CaptureBytes c = new CaptureBytes();
        c.order = order;
        ByteBuffer b = c.buf(24);
        b.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(snaplen).putInt(linkType);
        c.out.writeBytes(b.array());
        return c;
    }

    /** A pcapng file starting with a section header in the given byte order. */
    static CaptureBytes pcapng(ByteOrder order) {
        return new CaptureBytes().section(order);
    }

    /** Adds a pcap record; {@code tsFraction} in µs or ns according to the file header. */
    CaptureBytes record(long seconds, long fraction, byte[] data, int origLen) {
        recordOffsets.add(out.size());
        ByteBuffer b = buf(16);
        b.putInt((int) seconds).putInt((int) fraction).putInt(data.length).putInt(origLen);
        out.writeBytes(b.array());
        out.writeBytes(data);
        return this;
    }

    CaptureBytes section(ByteOrder order) {
        this.order = order;
        ByteBuffer body = buf(16);
        body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
        return block(0x0A0D0D0A, body.array());
    }

    /** IDB with optional if_tsresol (when tsresol >= 0), if_tsoffset (when non-zero) and if_name. */
    CaptureBytes idb(int linkType, int snaplen, int tsresol, long tsoffset, String name) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(buf(8).putShort((short) linkType).putShort((short) 0).putInt(snaplen).array());
        if (name != null) {
            body.writeBytes(option(2, name.getBytes(StandardCharsets.UTF_8)));
        }
        if (tsresol >= 0) {
            body.writeBytes(option(9, new byte[]{(byte) tsresol}));
        }
        if (tsoffset != 0) {
            body.writeBytes(option(14, buf(8).putLong(tsoffset).array()));
        }
        if (body.size() > 8) {
            body.writeBytes(option(0, new byte[0]));
        }
        return block(1, body.toByteArray());
    }

    CaptureBytes epb(int interfaceId, long ticks, byte[] data, int origLen) {
        ByteBuffer b = buf(20 + pad(data.length));
        b.putInt(interfaceId).putInt((int) (ticks >>> 32)).putInt((int) ticks).putInt(data.length).putInt(origLen)
                .put(data);
        return block(6, b.array());
    }

    /** Obsolete Packet Block (type 2): 16-bit interface id and drops count. */
    CaptureBytes packetBlock(int interfaceId, long ticks, byte[] data, int origLen) {
        ByteBuffer b = buf(20 + pad(data.length));
        b.putShort((short) interfaceId).putShort((short) 0).putInt((int) (ticks >>> 32)).putInt((int) ticks)
                .putInt(data.length).putInt(origLen).put(data);
        return block(2, b.array());
    }

    CaptureBytes spb(int origLen, byte[] data) {
        ByteBuffer b = buf(4 + pad(data.length));
        b.putInt(origLen).put(data);
        return block(3, b.array());
    }

    CaptureBytes isb(int interfaceId, long received, long dropped) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(buf(12).putInt(interfaceId).putInt(0).putInt(0).array());
        body.writeBytes(option(4, buf(8).putLong(received).array()));
        body.writeBytes(option(5, buf(8).putLong(dropped).array()));
        body.writeBytes(option(0, new byte[0]));
        return block(5, body.toByteArray());
    }

    /** Any block with the given type and body (padded to 32 bits). */
    CaptureBytes block(int type, byte[] body) {
        recordOffsets.add(out.size());
        int length = 12 + pad(body.length);
        ByteBuffer b = buf(length);
        b.putInt(type).putInt(length).put(body);
        b.position(length - 4);
        b.putInt(length);
        out.writeBytes(b.array());
        return this;
    }

    CaptureBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** Offsets of the records/blocks added, in order (the SHB is one of them). */
    List<Integer> offsets() {
        return recordOffsets;
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    Path write(Path file) throws IOException {
        Files.write(file, out.toByteArray());
        return file;
    }

    static byte[] payload(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    private byte[] option(int code, byte[] value) {
        ByteBuffer b = buf(4 + pad(value.length));
        b.putShort((short) code).putShort((short) value.length).put(value);
        return b.array();
    }

    private ByteBuffer buf(int n) {
        return ByteBuffer.allocate(n).order(order);
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }
}
