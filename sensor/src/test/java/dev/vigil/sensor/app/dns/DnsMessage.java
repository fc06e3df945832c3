package dev.vigil.sensor.app.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds DNS messages for tests: uncompressed names, records appended in order. */
public final class DnsMessage {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final byte[] header = new byte[12];
    private final int[] counts = new int[4];

    public DnsMessage(int id, int flags) {
        header[0] = (byte) (id >> 8);
        header[1] = (byte) id;
        header[2] = (byte) (flags >> 8);
        header[3] = (byte) flags;
    }

    public static byte[] name(String dotted) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (!dotted.equals(".")) {
            for (String label : dotted.split("\\.")) {
                byte[] l = label.getBytes(StandardCharsets.UTF_8);
                b.write(l.length);
                b.writeBytes(l);
            }
        }
        b.write(0);
        return b.toByteArray();
    }

    public DnsMessage question(String name, int type, int cls) {
        out.writeBytes(name(name));
        u16(type);
        u16(cls);
        counts[0]++;
        return this;
    }

    /** section 1 answer, 2 authority, 3 additional. */
    public DnsMessage record(int section, String name, int type, int cls, long ttl, byte[] rdata) {
        out.writeBytes(name(name));
        u16(type);
        u16(cls);
        u16((int) (ttl >>> 16));
        u16((int) ttl);
        u16(rdata.length);
        out.writeBytes(rdata);
        counts[section]++;
        return this;
    }

    public static byte[] txt(String... strings) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String s : strings) {
            byte[] x = s.getBytes(StandardCharsets.UTF_8);
            b.write(x.length);
            b.writeBytes(x);
        }
        return b.toByteArray();
    }

    public static byte[] srv(int priority, int weight, int port, String target) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int v : new int[] {priority, weight, port}) {
            b.write(v >> 8);
            b.write(v);
        }
        b.writeBytes(name(target));
        return b.toByteArray();
    }

    private void u16(int v) {
        out.write(v >> 8);
        out.write(v);
    }

    public byte[] bytes() {
        for (int i = 0; i < 4; i++) {
            header[4 + 2 * i] = (byte) (counts[i] >> 8);
            header[5 + 2 * i] = (byte) counts[i];
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(header);
        b.writeBytes(out.toByteArray());
        return b.toByteArray();
    }
}
