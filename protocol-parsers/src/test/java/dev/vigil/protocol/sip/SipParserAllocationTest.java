package dev.vigil.protocol.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Parsing allocates nothing after construction (views and flyweights are reused); Strings are
 * made only by the accessors that return them, for fields that leave the process.
 */
class SipParserAllocationTest {

    @Test
    void parsingDoesNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] b = SipParserTest.crlf(SipParserTest.OPTIONS);
        UnsafeBuffer probe = new UnsafeBuffer(b);
        SipParser p = new SipParser();
        SipMessageView v = p.newView();
        SipNameAddr a = new SipNameAddr();
        SipVia via = new SipVia();
        long sum = 0;
        for (int round = 0; round < 2; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                if (SipParser.looksLikeSip(probe, 0, b.length) && p.parseDatagram(b, 0, b.length, v)) {
                    sum += v.cseq() + v.headerCount();
                }
                sum += p.parseHead(b, 0, b.length, v);
                int h = v.header(SipHeaders.FROM);
                if (a.wrap(b, v.valueOffset(h), v.valueOffset(h) + v.valueLength(h))) {
                    sum++;
                }
                h = v.header(SipHeaders.VIA);
                if (via.wrap(b, v.valueOffset(h), v.valueOffset(h) + v.valueLength(h))) {
                    sum++;
                }
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                assertThat(allocated).as("bytes allocated by 20000 parses").isLessThan(4096);
            }
        }
        assertThat(sum).isNotZero();
    }
}
