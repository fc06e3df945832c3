package dev.vigil.protocol.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds TLS records and hellos for tests, field by field (RFC 8446 §4.1.2, §5.1). */
final class TlsBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TlsBytes u8(int v) {
        out.write(v);
        return this;
    }

    TlsBytes u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    TlsBytes u24(int v) {
        out.write(v >>> 16);
        return u16(v & 0xffff);
    }

    TlsBytes bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    TlsBytes zeros(int n) {
        return bytes(new byte[n]);
    }

    byte[] build() {
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        TlsBytes t = new TlsBytes();
        for (byte[] p : parts) {
            t.bytes(p);
        }
        return t.build();
    }

    /** One record of the given content type around {@code body}. */
    static byte[] record(int type, byte[] body) {
        return new TlsBytes().u8(type).u16(0x0301).u16(body.length).bytes(body).build();
    }

    /** A handshake message header + body. */
    static byte[] handshake(int type, byte[] body) {
        return new TlsBytes().u8(type).u24(body.length).bytes(body).build();
    }

    static byte[] extension(int type, byte[] data) {
        return new TlsBytes().u16(type).u16(data.length).bytes(data).build();
    }

    static byte[] sni(String host) {
        byte[] h = host.getBytes(StandardCharsets.US_ASCII);
        return extension(0, new TlsBytes().u16(h.length + 3).u8(0).u16(h.length).bytes(h).build());
    }

    static byte[] alpn(String... protocols) {
        TlsBytes l = new TlsBytes();
        for (String p : protocols) {
            l.u8(p.length()).bytes(p.getBytes(StandardCharsets.US_ASCII));
        }
        byte[] list = l.build();
        return extension(16, new TlsBytes().u16(list.length).bytes(list).build());
    }

    static byte[] u16ListExtension(int type, int... values) {
        TlsBytes t = new TlsBytes().u16(values.length * 2);
        for (int v : values) {
            t.u16(v);
        }
        return extension(type, t.build());
    }

    static byte[] supportedVersions(int... versions) {
        TlsBytes t = new TlsBytes().u8(versions.length * 2);
        for (int v : versions) {
            t.u16(v);
        }
        return extension(43, t.build());
    }

    static byte[] pointFormats(int... formats) {
        TlsBytes t = new TlsBytes().u8(formats.length);
        for (int v : formats) {
            t.u8(v);
        }
        return extension(11, t.build());
    }

    /** A ClientHello body: version, zero random, empty session id, the ciphers, null compression, extensions. */
    static byte[] clientHelloBody(int version, int[] ciphers, byte[]... extensions) {
        TlsBytes t = new TlsBytes().u16(version).zeros(32).u8(0).u16(ciphers.length * 2);
        for (int c : ciphers) {
            t.u16(c);
        }
        t.u8(1).u8(0);
        byte[] ext = concat(extensions);
        t.u16(ext.length).bytes(ext);
        return t.build();
    }

    /** A ServerHello body. */
    static byte[] serverHelloBody(int version, int cipher, byte[]... extensions) {
        TlsBytes t = new TlsBytes().u16(version).zeros(32).u8(0).u16(cipher).u8(0);
        byte[] ext = concat(extensions);
        t.u16(ext.length).bytes(ext);
        return t.build();
    }

    /** A typical browser-like ClientHello as one record (GREASE included). */
    static byte[] chromeLikeClientHello() {
        byte[] body = clientHelloBody(0x0303, new int[] {0x1a1a, 0x1301, 0x1302, 0xc02b},
                extension(0x2a2a, new byte[0]),
                sni("intercom.example"),
                u16ListExtension(10, 0x0a0a, 29, 23),
                pointFormats(0),
                u16ListExtension(13, 0x0403, 0x0804),
                alpn("h2", "http/1.1"),
                supportedVersions(0x3a3a, 0x0304, 0x0303));
        return record(22, handshake(1, body));
    }
}
