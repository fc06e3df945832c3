package dev.vigil.protocol.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Parsing allocates nothing after construction; Strings are made only by the accessors that return them. */
class SdpParserAllocationTest {

    @Test
    void parsingDoesNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] a = SdpParserTest.crlf(SdpParserTest.RFC8866);
        byte[] b = SdpParserTest.crlf(SdpParserTest.RFC4568);
        SdpParser p = new SdpParser();
        SdpView v = p.newView();
        long sum = 0;
        for (int round = 0; round < 2; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                if (p.parse(a, 0, a.length, v)) {
                    sum += v.mediaCount() + v.connectionLo(2) + v.sessionKeying();
                }
                if (p.parse(b, 0, b.length, v)) {
                    sum += v.cryptoCount(0) + v.keying(0);
                }
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                assertThat(allocated).as("bytes allocated by 40000 parses").isLessThan(4096);
            }
        }
        assertThat(sum).isNotZero();
    }
}
