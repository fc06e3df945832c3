package dev.vigil.protocol.tls;

import dev.vigil.protocol.DecodeEventType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

/** Arbitrary and mutated bytes never throw, whatever the segmenting; fingerprints never throw. */
class TlsProperties {
    private static final TlsHelloParser.Sink SINK = new TlsHelloParser.Sink() {
        @Override
        public void onClientHello(TlsClientHello h) {
            TlsFingerprints.ja3(h);
            TlsFingerprints.ja4(h);
            h.highestVersion();
        }

        @Override
        public void onServerHello(TlsServerHello h) {
            TlsFingerprints.ja3s(h);
        }

        @Override
        public void onCertificate(byte[] der, int offset, int length) {
            TlsCertificateInfo.parse(der, offset, length);
        }

        @Override
        public void onEvent(DecodeEventType type) {
        }
    };

    @Property(tries = 500)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 600) byte[] data, @ForAll @IntRange(min = 1, max = 64) int chunk) {
        feed(data, chunk);
    }

    @Property(tries = 1000)
    void mutatedHellosNeverThrow(@ForAll("mutated") byte[] data, @ForAll @IntRange(min = 1, max = 300) int chunk) {
        feed(data, chunk);
    }

    /** Arbitrary bytes after a valid record header: the handshake layer sees garbage. */
    @Property(tries = 500)
    void arbitraryHandshakeBodies(@ForAll @Size(min = 1, max = 2000) byte[] body) {
        byte[] hs = TlsBytes.concat(new byte[] {(byte) (1 + (body[0] & 1)), 0, (byte) (body.length >>> 8),
            (byte) body.length}, body);
        byte[] rec = TlsBytes.record(22, hs);
        feed(rec, rec.length);
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        byte[] base = TlsBytes.concat(TlsBytes.chromeLikeClientHello(),
                TlsBytes.record(22, TlsBytes.handshake(2, TlsBytes.serverHelloBody(0x0303, 0x1301,
                        TlsBytes.extension(43, new byte[] {3, 4})))));
        return Arbitraries.integers().between(0, base.length - 1).list().ofMinSize(1).ofMaxSize(8)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] b = base.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        b[positions.get(i)] = values.get(i);
                    }
                    return b;
                }));
    }

    private static void feed(byte[] data, int chunk) {
        TlsHelloParser p = new TlsHelloParser(SINK);
        UnsafeBuffer buf = new UnsafeBuffer(data);
        for (int i = 0; i < data.length; i += chunk) {
            p.onData(buf, i, Math.min(chunk, data.length - i));
        }
        p.onGap(5);
        p.finish();
    }
}
