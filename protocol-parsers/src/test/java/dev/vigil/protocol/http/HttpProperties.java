package dev.vigil.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Arbitrary and mutated streams, split anywhere, never make the HTTP parser throw; every header
 * offset lies inside the head buffer; heap and direct buffers give the same messages; the
 * Authorization helpers never throw.
 */
class HttpProperties {
    private static final String[] SEEDS = {
        "GET /a?b=c HTTP/1.1\r\nHost: h:80\r\nAuthorization: Basic YWRtaW46eA==\r\nUser-Agent: u\r\n\r\n"
            + "POST /p HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
        "HTTP/1.1 200 OK\r\nServer: s\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nT: x\r\n\r\n"
            + "HTTP/1.1 304 NM\r\n\r\nHTTP/1.0 200 OK\r\n\r\nclose-delimited",
        "POST / HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n1;e\r\nx\r\n0\r\n\r\n",
    };

    @Provide
    Arbitrary<byte[]> mutated() {
        return Arbitraries.of(SEEDS).flatMap(s -> Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            return b;
        }));
    }

    @Property(tries = 500)
    void mutatedNeverThrows(@ForAll("mutated") byte[] b, @ForAll long splitSeed) {
        check(b, splitSeed);
    }

    @Property(tries = 500)
    void arbitraryNeverThrows(@ForAll byte[] b, @ForAll long splitSeed) {
        check(b, splitSeed);
    }

    @Property(tries = 300)
    void authorizationNeverThrows(@ForAll byte[] b) {
        HttpAuthorization.scheme(b, 0, b.length);
        HttpAuthorization.basicUser(b, 0, b.length, 16);
        HttpAuthorization.basicIsVendorDefault(b, 0, b.length);
        byte[] basic = new byte[b.length + 6];
        System.arraycopy("Basic ".getBytes(StandardCharsets.US_ASCII), 0, basic, 0, 6);
        System.arraycopy(b, 0, basic, 6, b.length);
        String u = HttpAuthorization.basicUser(basic, 0, basic.length, 16);
        HttpAuthorization.basicIsVendorDefault(basic, 0, basic.length);
        if (u != null) {
            assertThat(u.length()).isLessThanOrEqualTo(16);
        }
    }

    private static void check(byte[] b, long splitSeed) {
        for (boolean requests : new boolean[] {true, false}) {
            List<String> heap = run(requests, b, splitSeed, false);
            List<String> direct = run(requests, b, splitSeed, true);
            assertThat(direct).isEqualTo(heap);
        }
    }

    private static List<String> run(boolean requests, byte[] b, long splitSeed, boolean direct) {
        HttpParser p = new HttpParser(requests, 128, 4);
        List<String> out = new ArrayList<>();
        p.reset(new HttpParser.Sink() {
            @Override
            public void onMessage(HttpMessageView m) {
                for (int i = 0; i < m.headerCount(); i++) {
                    assertThat(m.valueOffset(i)).isBetween(0, 128);
                    assertThat(m.valueOffset(i) + m.valueLength(i)).isBetween(0, 128);
                }
                out.add(m.method() + " " + m.target(64) + " " + m.status() + " " + m.bodyBytes() + " " + m.failure());
            }

            @Override
            public void onEvent(DecodeEventType type) {
                out.add(type.key());
            }
        });
        Random r = new Random(splitSeed);
        int i = 0;
        while (i < b.length) {
            int n = 1 + r.nextInt(b.length - i);
            UnsafeBuffer buf;
            if (direct) {
                ByteBuffer d = ByteBuffer.allocateDirect(n);
                d.put(b, i, n);
                buf = new UnsafeBuffer(d);
            } else {
                buf = new UnsafeBuffer(java.util.Arrays.copyOfRange(b, i, i + n));
            }
            if (r.nextInt(20) == 0) {
                p.onGap(1 + r.nextInt(10));
            }
            p.onData(buf, 0, n);
            i += n;
        }
        p.finish();
        return out;
    }
}
