package dev.vigil.sensor.app.snmp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** BER values for hand-written SNMP datagrams (X.690 definite lengths). */
final class Ber {
    private Ber() {
    }

    static byte[] tlv(int identifier, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : contents) {
            body.writeBytes(c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(identifier);
        int n = body.size();
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    static byte[] seq(byte[]... contents) {
        return tlv(0x30, contents);
    }

    static byte[] integer(long v) {
        int n = 1;
        while (n < 8 && (v < -(1L << (8 * n - 1)) || v >= (1L << (8 * n - 1)))) {
            n++;
        }
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >> (8 * (n - 1 - i)));
        }
        return tlv(0x02, b);
    }

    static byte[] octets(String s) {
        return tlv(0x04, s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] octets(byte[] b) {
        return tlv(0x04, b);
    }

    static byte[] nul() {
        return new byte[] {0x05, 0x00};
    }

    static byte[] oid(String dotted) {
        String[] p = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        subid(out, Long.parseLong(p[0]) * 40 + Long.parseLong(p[1]));
        for (int i = 2; i < p.length; i++) {
            subid(out, Long.parseLong(p[i]));
        }
        return tlv(0x06, out.toByteArray());
    }

    private static void subid(ByteArrayOutputStream out, long v) {
        int groups = 1;
        while (groups < 10 && (v >>> (7 * groups)) != 0) {
            groups++;
        }
        for (int g = groups - 1; g >= 0; g--) {
            int b = (int) ((v >>> (7 * g)) & 0x7F);
            out.write(g == 0 ? b : b | 0x80);
        }
    }

    static byte[] varbind(String oid, byte[] value) {
        return seq(oid(oid), value);
    }

    static byte[] pdu(int tag, long requestId, long errorStatus, long errorIndex, byte[]... varbinds) {
        return tlv(0xA0 | tag, integer(requestId), integer(errorStatus), integer(errorIndex), seq(varbinds));
    }

    static byte[] message(int version, String community, byte[] pdu) {
        return seq(integer(version), octets(community), pdu);
    }

    static byte[] v3(long msgId, int flags, String user, byte[] engineId, byte[] msgData) {
        byte[] usm = seq(octets(engineId), integer(3), integer(1234), octets(user), octets(""), octets(""));
        return seq(integer(3), seq(integer(msgId), integer(65507), octets(new byte[] {(byte) flags}), integer(3)),
                octets(usm), msgData);
    }
}
