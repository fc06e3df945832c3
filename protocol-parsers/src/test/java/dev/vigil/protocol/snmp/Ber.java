package dev.vigil.protocol.snmp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds BER values for tests (X.690, definite short or long form lengths), so variants of the
 * commented byte arrays stay readable. Checked against a hand-written literal in
 * {@code SnmpDecoderTest#theBuilderWritesTheCommentedBytes}.
 */
final class Ber {
    private Ber() {
    }

    /** identifier octet, definite length (long form from 128 bytes on), contents. */
    static byte[] tlv(int identifier, byte[]... contents) {
        byte[] body = cat(contents);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(identifier);
        writeLength(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    static void writeLength(ByteArrayOutputStream out, int n) {
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
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] seq(byte[]... contents) {
        return tlv(0x30, contents);
    }

    /** INTEGER, minimal two's complement. */
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

    /** OBJECT IDENTIFIER from its dotted form. */
    static byte[] oid(String dotted) {
        String[] p = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeSubid(out, Long.parseLong(p[0]) * 40 + Long.parseLong(p[1]));
        for (int i = 2; i < p.length; i++) {
            writeSubid(out, Long.parseLong(p[i]));
        }
        return tlv(0x06, out.toByteArray());
    }

    private static void writeSubid(ByteArrayOutputStream out, long v) {
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

    /** A v1/v2c PDU: request-id, error-status, error-index, varbinds. */
    static byte[] pdu(int tag, long requestId, long errorStatus, long errorIndex, byte[]... varbinds) {
        return tlv(0xA0 | tag, integer(requestId), integer(errorStatus), integer(errorIndex), seq(varbinds));
    }

    /** A v1 (version 0) or v2c (version 1) message. */
    static byte[] message(int version, String community, byte[] pdu) {
        return seq(integer(version), octets(community), pdu);
    }

    /** UsmSecurityParameters (RFC 3414 section 2.4), wrapped in the msgSecurityParameters OCTET STRING. */
    static byte[] usm(byte[] engineId, long boots, long time, String user) {
        return octets(seq(octets(engineId), integer(boots), integer(time), octets(user), octets(""), octets("")));
    }

    /** A v3 message with USM. */
    static byte[] v3(long msgId, int flags, byte[] securityParameters, byte[] msgData) {
        return seq(integer(3), seq(integer(msgId), integer(65507), octets(new byte[] {(byte) flags}), integer(3)),
                securityParameters, msgData);
    }

    /** ScopedPDU with an empty context name. */
    static byte[] scoped(byte[] contextEngineId, byte[] pdu) {
        return seq(octets(contextEngineId), octets(""), pdu);
    }
}
