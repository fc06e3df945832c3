package dev.vigil.protocol.tls;

import static dev.vigil.protocol.tls.TlsBytes.concat;
import static dev.vigil.protocol.tls.TlsBytes.handshake;
import static dev.vigil.protocol.tls.TlsBytes.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Commented byte arrays: the decoded fields, the fingerprints, and one test per decode event key. */
class TlsHelloParserTest {
    /** Records what the parser reports; Strings copied out because the hellos are reused. */
    static final class Recorder implements TlsHelloParser.Sink {
        final List<String> events = new ArrayList<>();
        final List<String> sni = new ArrayList<>();
        final List<String> ja3 = new ArrayList<>();
        final List<String> ja3String = new ArrayList<>();
        final List<String> ja4 = new ArrayList<>();
        final List<Integer> highest = new ArrayList<>();
        final List<Integer> serverVersions = new ArrayList<>();
        final List<String> ja3sString = new ArrayList<>();
        final List<Integer> certLengths = new ArrayList<>();
        final List<String> alpn = new ArrayList<>();
        int groups;
        int done;
        int encrypted;

        @Override
        public void onClientHello(TlsClientHello h) {
            sni.add(h.serverName);
            ja3.add(TlsFingerprints.ja3(h));
            ja3String.add(TlsFingerprints.ja3String(h));
            ja4.add(TlsFingerprints.ja4(h));
            highest.add(h.highestVersion());
            alpn.addAll(Arrays.asList(h.alpn).subList(0, h.alpnCount));
            groups = h.groupCount;
        }

        @Override
        public void onServerHello(TlsServerHello h) {
            serverVersions.add(h.version());
            ja3sString.add(TlsFingerprints.ja3sString(h));
        }

        @Override
        public void onCertificate(byte[] der, int offset, int length) {
            certLengths.add(length);
        }

        @Override
        public void onServerHelloDone() {
            done++;
        }

        @Override
        public void onEncrypted() {
            encrypted++;
        }

        @Override
        public void onEvent(DecodeEventType type) {
            events.add(type.key());
        }
    }

    private static Recorder feed(byte[] stream) {
        Recorder r = new Recorder();
        new TlsHelloParser(r).onData(stream, 0, stream.length);
        return r;
    }

    @Test
    void clientHelloFieldsAndFingerprints() {
        // GREASE (RFC 8701) in ciphers 0x1a1a, extension 0x2a2a, group 0x0a0a, version 0x3a3a: all ignored
        Recorder r = feed(TlsBytes.chromeLikeClientHello());
        assertThat(r.events).isEmpty();
        assertThat(r.sni).containsExactly("intercom.example");
        assertThat(r.highest).containsExactly(0x0304);
        assertThat(r.alpn).containsExactly("h2", "http/1.1");
        assertThat(r.ja3String).containsExactly("771,4865-4866-49195,0-10-11-13-16-43,29-23,0");
        // md5 of that string and the JA4 parts, computed independently (Python hashlib)
        assertThat(r.ja3).containsExactly("11138d9933242c3a03b6aad35a296476");
        // a: TCP, 1.3, SNI, 3 ciphers, 6 extensions, ALPN h2; b: sha256("1301,1302,c02b");
        // c: sha256("000a,000b,000d,002b_0403,0804") (SNI and ALPN left out of c)
        assertThat(r.ja4).containsExactly("t13d0306h2_5559582ccdc4_fb71836bce29");
    }

    @Test
    void oneByteSegmentsAndAHandshakeSpanningRecords() {
        byte[] hello = TlsBytes.chromeLikeClientHello();
        byte[] msg = Arrays.copyOfRange(hello, 5, hello.length);
        // the same handshake message cut into three records (RFC 8446 §5.1 allows fragmentation)
        byte[] stream = concat(record(22, Arrays.copyOfRange(msg, 0, 3)), record(22, Arrays.copyOfRange(msg, 3, 40)),
                record(22, Arrays.copyOfRange(msg, 40, msg.length)));
        Recorder r = new Recorder();
        TlsHelloParser p = new TlsHelloParser(r);
        UnsafeBuffer buf = new UnsafeBuffer(stream);
        for (int i = 0; i < stream.length; i++) {
            p.onData(buf, i, 1); // every TCP segment one byte long
        }
        assertThat(r.events).isEmpty();
        assertThat(r.sni).containsExactly("intercom.example");
        assertThat(p.records()).isEqualTo(3);
    }

    @Test
    void serverFlightTls12WithCertificateInOneRecord() {
        byte[] sh = handshake(2, TlsBytes.serverHelloBody(0x0303, 0xc02f, TlsBytes.extension(0xff01, new byte[] {0})));
        byte[] der = {0x30, 0x03, 0x02, 0x01, 0x01}; // a stand-in: the parser only frames it
        byte[] cert = handshake(11, new TlsBytes().u24(der.length + 3).u24(der.length).bytes(der).build());
        byte[] shd = handshake(14, new byte[0]);
        // ServerHello, Certificate, ServerHelloDone in one record, then ChangeCipherSpec
        Recorder r = feed(concat(record(22, concat(sh, cert, shd)), record(20, new byte[] {1}),
                record(22, new byte[40])));
        assertThat(r.events).isEmpty();
        assertThat(r.serverVersions).containsExactly(0x0303);
        assertThat(r.ja3sString).containsExactly("771,49199,65281");
        assertThat(r.certLengths).containsExactly(5);
        assertThat(r.done).isEqualTo(1);
        assertThat(r.encrypted).isEqualTo(1);
    }

    @Test
    void serverHelloSupportedVersionsWins() {
        // TLS 1.3: legacy_version 0x0303, supported_versions selects 0x0304 (RFC 8446 §4.2.1)
        Recorder r = feed(record(22, handshake(2, TlsBytes.serverHelloBody(0x0303, 0x1301,
                TlsBytes.extension(43, new byte[] {3, 4})))));
        assertThat(r.serverVersions).containsExactly(0x0304);
        assertThat(r.ja3sString).containsExactly("771,4865,43");
    }

    @Test
    void legacyOnlyClientHelloWithoutExtensions() {
        // TLS 1.0 hello with no extensions block at all (allowed before RFC 5246's extensions)
        byte[] body = new TlsBytes().u16(0x0301).zeros(32).u8(0).u16(2).u16(0x002f).u8(1).u8(0).build();
        Recorder r = feed(record(22, handshake(1, body)));
        assertThat(r.events).isEmpty();
        assertThat(r.highest).containsExactly(0x0301);
        assertThat(r.ja3String).containsExactly("769,47,,,");
        assertThat(r.ja4.get(0)).startsWith("t10i010000_");
        assertThat(r.ja4.get(0)).endsWith("_000000000000");
    }

    @Test
    void invalidRecord() {
        // content type 99 is no TLS content type (RFC 8446 §5.1)
        Recorder r = feed(new byte[] {99, 3, 3, 0, 1, 0});
        assertThat(r.events).containsExactly("tls.invalid_record");
    }

    @Test
    void invalidRecordLength() {
        // a handshake record claiming 0xffff bytes: over 2^14 + 2048
        Recorder r = feed(new byte[] {22, 3, 1, (byte) 0xff, (byte) 0xff, 1});
        assertThat(r.events).containsExactly("tls.invalid_record");
    }

    @Test
    void invalidHandshake() {
        // ClientHello whose cipher_suites length (0x0100) runs past the message
        byte[] body = new TlsBytes().u16(0x0303).zeros(32).u8(0).u16(0x0100).u16(0x1301).build();
        Recorder r = feed(record(22, handshake(1, body)));
        assertThat(r.events).containsExactly("tls.invalid_handshake");
        assertThat(r.sni).isEmpty();
    }

    @Test
    void invalidExtensionKeepsTheHello() {
        // the SNI extension's list length overruns the extension: the hello is still delivered
        byte[] badSni = TlsBytes.extension(0, new byte[] {0, 9, 0, 0, 1, 'a'});
        Recorder r = feed(record(22, handshake(1, TlsBytes.clientHelloBody(0x0303, new int[] {0x1301},
                TlsBytes.supportedVersions(0x0304), badSni))));
        assertThat(r.events).containsExactly("tls.invalid_handshake");
        assertThat(r.highest).containsExactly(0x0304);
    }

    @Test
    void handshakeTooLarge() {
        // a Certificate message announcing 70000 bytes (> 64 KiB buffer): skipped, the next message still parsed
        byte[] big = handshake(11, new byte[70000]);
        byte[] stream = new TlsBytes().bytes(record(22, Arrays.copyOfRange(big, 0, 16000)))
                .bytes(record(22, Arrays.copyOfRange(big, 16000, 32000)))
                .bytes(record(22, Arrays.copyOfRange(big, 32000, 48000)))
                .bytes(record(22, Arrays.copyOfRange(big, 48000, 64000)))
                .bytes(record(22, concat(Arrays.copyOfRange(big, 64000, big.length), handshake(14, new byte[0]))))
                .build();
        Recorder r = feed(stream);
        assertThat(r.events).containsExactly("tls.handshake_too_large");
        assertThat(r.certLengths).isEmpty();
        assertThat(r.done).isEqualTo(1);
    }

    @Test
    void truncated() {
        // the capture ends 10 bytes into a ClientHello record
        byte[] hello = TlsBytes.chromeLikeClientHello();
        Recorder r = new Recorder();
        TlsHelloParser p = new TlsHelloParser(r);
        p.onData(hello, 0, 10);
        p.finish();
        assertThat(r.events).containsExactly("tls.truncated");
        assertThat(r.sni).isEmpty();
    }

    @Test
    void gapInsideAMessageIsTruncated() {
        byte[] hello = TlsBytes.chromeLikeClientHello();
        Recorder r = new Recorder();
        TlsHelloParser p = new TlsHelloParser(r);
        p.onData(hello, 0, 20);
        p.onGap(30);
        p.onData(hello, 50, hello.length - 50);
        assertThat(r.events).containsExactly("tls.truncated");
        assertThat(p.abandoned()).isTrue();
    }

    @Test
    void sslv2Hello() {
        // SSL 2.0 CLIENT-HELLO: 2-byte header with the MSB set (length 0x2e), msg_type 1, version 0x0301
        Recorder r = feed(new byte[] {(byte) 0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15});
        assertThat(r.events).containsExactly("tls.sslv2_hello");
    }

    @Test
    void listOverflow() {
        // 600 cipher suites: more than the 512 kept
        int[] ciphers = new int[600];
        for (int i = 0; i < ciphers.length; i++) {
            ciphers[i] = 0x0100 + i;
        }
        Recorder r = feed(record(22, handshake(1, TlsBytes.clientHelloBody(0x0303, ciphers))));
        assertThat(r.events).containsExactly("tls.list_overflow");
        assertThat(r.ja4.get(0)).startsWith("t12i9900");
    }

    @Test
    void applicationDataEndsParsing() {
        Recorder r = new Recorder();
        TlsHelloParser p = new TlsHelloParser(r);
        byte[] s = concat(record(23, new byte[10]), TlsBytes.chromeLikeClientHello());
        p.onData(s, 0, s.length);
        assertThat(p.finished()).isTrue();
        assertThat(r.sni).isEmpty();
        assertThat(r.events).isEmpty();
    }

    @Test
    void draftServerHelloLayout() {
        // TLS 1.3 draft 18 ServerHello (version 0x7f12): random, cipher, extensions; no session id or compression
        byte[] body = new TlsBytes().u16(0x7f12).zeros(32).u16(0x1301).u16(0).build();
        Recorder r = feed(record(22, handshake(2, body)));
        assertThat(r.events).isEmpty();
        assertThat(r.ja3sString).containsExactly("32530,4865,");
        assertThat(TlsVersions.name(r.serverVersions.get(0))).isEqualTo("1.3");
    }

    @Test
    void versionNames() {
        assertThat(TlsVersions.name(0x0300)).isEqualTo("3.0");
        assertThat(TlsVersions.protocol(0x0300)).isEqualTo("ssl");
        assertThat(TlsVersions.name(0xfb1a)).isEqualTo("1.3"); // Fizz draft, as tshark
        assertThat(TlsVersions.name(0x1234)).isNull();
        assertThat(TlsVersions.isGrease(0xdada)).isTrue();
        assertThat(TlsVersions.isGrease(0xda0a)).isFalse();
    }
}
