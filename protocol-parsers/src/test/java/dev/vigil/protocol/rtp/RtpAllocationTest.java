package dev.vigil.protocol.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.testing.Hex;
import java.lang.management.ManagementFactory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The per-packet RTP work allocates nothing after construction: header check, stream statistics
 * (jitter, loss, duplicates window, telephone events) and an RTCP compound walk with reports and
 * a CNAME. (The JMH benchmark RtpStreamStatsBenchmark measures the same with -prof gc.)
 */
class RtpAllocationTest {

    @Test
    void packetPathDoesNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] p = new byte[172];
        UnsafeBuffer b = new UnsafeBuffer(p);
        byte[] c = Hex.hex("81c8000c 5a3361b3 e7f2a1b0 00000000 00012c00 00000018 00000f00",
                "42f433d4 19fffffe 00011a2b 00000020 a1b00000 00010000",
                "81ca0003 5a3361b3 01036162 63000000");
        UnsafeBuffer cb = new UnsafeBuffer(c);
        RtpFlyweight rtp = new RtpFlyweight();
        RtcpParser rtcp = new RtcpParser();
        RtpStreamStats[] streams = {new RtpStreamStats().reset(1, 0), new RtpStreamStats().reset(2, 1)};
        long sum = 0;
        long t = 1_700_000_000_000_000_000L;
        int seq = 0;
        for (int round = 0; round < 2; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 50_000; i++) {
                seq++;
                t += 20_000_000L + (i % 7) * 10_000L;
                boolean event = i % 50 > 45;
                b.putByte(0, (byte) 0x80);
                b.putByte(1, (byte) (event ? 101 : 0));
                b.putShort(2, (short) seq, java.nio.ByteOrder.BIG_ENDIAN);
                b.putInt(4, 160 * seq, java.nio.ByteOrder.BIG_ENDIAN);
                b.putInt(8, 1, java.nio.ByteOrder.BIG_ENDIAN);
                b.putInt(12, 0x05000000 | i, java.nio.ByteOrder.BIG_ENDIAN);
                RtpFlyweight r = rtp.wrap(b, 0, p.length);
                if (r.check(p.length) == RtpFlyweight.OK) {
                    RtpStreamStats s = streams[i & 1];
                    s.update(r, t, i, p.length - r.headerLength(), event ? 0 : 8000, event, true);
                    sum += s.lost();
                }
                if (i % 100 == 0 && rtcp.wrap(cb, 0, c.length, c.length) == RtcpParser.STATUS_OK) {
                    while (rtcp.next()) {
                        for (int k = 0; k < rtcp.reportCount(); k++) {
                            streams[0].rtcpReceiverReport(rtcp.reportFractionLost(k), rtcp.reportCumulativeLost(k),
                                    rtcp.reportJitter(k));
                        }
                        sum += rtcp.chunkCount();
                    }
                }
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                assertThat(allocated).as("bytes allocated by 50000 packets").isZero();
            }
        }
        assertThat(sum).isNotZero();
        assertThat(streams[0].rtcpReports()).isPositive();
    }
}
