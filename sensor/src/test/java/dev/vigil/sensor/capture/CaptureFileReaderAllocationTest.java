package dev.vigil.sensor.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.protocol.LinkType;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packet loop allocates nothing per packet (STYLE 5): a cheap check with the thread allocation counter. */
class CaptureFileReaderAllocationTest {
    private static final int PACKETS = 50_000;

    @TempDir
    Path tmp;

    private static final class Sum implements PacketHandler {
        long sum;

        @Override
        public boolean onPacket(long frameNumber, int interfaceId, int linkType, long timestampNanos,
                                DirectBuffer buffer, int offset, int capturedLength, int originalLength) {
            sum += timestampNanos + buffer.getByte(offset) + capturedLength;
            return true;
        }
    }

    @Test
    void readingAllocatesNothingPerPacket() throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        var counter = (com.sun.management.ThreadMXBean) threads;
        assumeTrue(counter.isThreadAllocatedMemorySupported(), "no allocation counter");
        counter.setThreadAllocatedMemoryEnabled(true);

        CaptureBytes pc = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, LinkType.ETHERNET);
        CaptureBytes ng = CaptureBytes.pcapng(ByteOrder.BIG_ENDIAN).idb(LinkType.ETHERNET, 0, 9, 0, null)
                .idb(LinkType.RAW, 0, 0x80 | 20, 0, null);
        for (int i = 0; i < PACKETS; i++) {
            byte[] data = CaptureBytes.payload(60 + i % 200, i);
            pc.record(1_700_000_000L + i, i % 1_000_000, data, data.length + i % 2);
            ng.epb(i % 2, 1_700_000_000_000_000_000L + i, data, data.length);
        }
        for (Path file : new Path[]{pc.write(tmp.resolve("a.pcap")), ng.write(tmp.resolve("a.pcapng"))}) {
            Sum sum = new Sum();
            long allocated = 0;
            for (int round = 0; round < 4; round++) {   // the last rounds run compiled code
                try (CaptureFileReader reader = CaptureFileReader.open(file)) {
                    long before = counter.getCurrentThreadAllocatedBytes();
                    assertThat(reader.read(sum)).isEqualTo(PACKETS);
                    allocated = counter.getCurrentThreadAllocatedBytes() - before;
                }
            }
            // one window mapping and a few objects per read, nothing per packet (would be >= 800 KB)
            assertThat(allocated).as("bytes allocated reading %s", file.getFileName()).isLessThan(16 * 1024);
            assertThat(sum.sum).isNotZero();
        }
    }
}
