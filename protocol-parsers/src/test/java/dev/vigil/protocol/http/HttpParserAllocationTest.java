package dev.vigil.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Framing allocates nothing after construction: Strings are made only by the caller, per message. */
class HttpParserAllocationTest {

    @Test
    void framingDoesNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] rq = "GET /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);
        byte[] rs = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);
        UnsafeBuffer reqBuf = new UnsafeBuffer(rq);
        UnsafeBuffer respBuf = new UnsafeBuffer(rs);
        long[] count = new long[1];
        HttpParser.Sink sink = new HttpParser.Sink() {
            @Override
            public void onMessage(HttpMessageView m) {
                count[0] += m.header("host") + m.status();
            }

            @Override
            public void onEvent(DecodeEventType type) {
                count[0]++;
            }
        };
        HttpParser req = new HttpParser(true);
        HttpParser resp = new HttpParser(false);
        for (int round = 0; round < 2; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                req.reset(sink);
                req.onData(reqBuf, 0, 20);
                req.onData(reqBuf, 20, rq.length - 20);
                req.finish();
                resp.reset(sink);
                resp.onData(respBuf, 0, 30);
                resp.onData(respBuf, 30, rs.length - 30);
                resp.finish();
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                assertThat(allocated).as("bytes allocated by 20000 request and response streams").isLessThan(4096);
            }
        }
        assertThat(count[0]).isNotZero();
    }
}
