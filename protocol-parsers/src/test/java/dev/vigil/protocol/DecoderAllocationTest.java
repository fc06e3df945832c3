package dev.vigil.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;

import dev.vigil.protocol.testing.SeedFrames;
import dev.vigil.protocol.testing.SeedFrames.Seed;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Decoding allocates nothing: 100k frames of a mix (Ethernet, VLAN, IPv4, IPv6, UDP, TCP, GRE,
 * ERSPAN, VXLAN, truncated and malformed ones) after warm-up, on heap and direct buffers.
 */
class DecoderAllocationTest {
    private static final int FRAMES = 100_000;

    @Test
    void decodingAllocatesNothingAfterWarmUp() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);

        List<Seed> seeds = SeedFrames.handBuilt();
        int n = seeds.size() * 2;
        UnsafeBuffer[] buffers = new UnsafeBuffer[n];
        int[] lengths = new int[n];
        int[] originals = new int[n];
        int[] links = new int[n];
        for (int i = 0; i < seeds.size(); i++) {
            byte[] f = seeds.get(i).frame();
            buffers[2 * i] = new UnsafeBuffer(f);
            ByteBuffer direct = ByteBuffer.allocateDirect(f.length);
            buffers[2 * i + 1] = new UnsafeBuffer(direct);
            buffers[2 * i + 1].putBytes(0, f);
            lengths[2 * i] = f.length;
            lengths[2 * i + 1] = i % 3 == 0 ? f.length / 2 : f.length;       // some cut: events recorded
            originals[2 * i] = f.length;
            originals[2 * i + 1] = i % 6 == 0 ? f.length : lengths[2 * i + 1]; // some snaplen, some truncated
            links[2 * i] = links[2 * i + 1] = seeds.get(i).linkType();
        }
        PacketDecoder decoder = new PacketDecoder();
        PacketView view = new PacketView();

        long sink = run(decoder, view, buffers, lengths, originals, links, 200_000); // warm-up: JIT
        long allocated = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && allocated != 0; attempt++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            sink += run(decoder, view, buffers, lengths, originals, links, FRAMES);
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertThat(sink).isNotZero();
        assertThat(allocated).as("bytes allocated decoding %d frames", FRAMES).isZero();
    }

    private static long run(PacketDecoder decoder, PacketView view, UnsafeBuffer[] buffers, int[] lengths,
                            int[] originals, int[] links, int count) {
        long sink = 0;
        int n = buffers.length;
        for (int i = 0; i < count; i++) {
            int k = i % n;
            sink += decoder.decode(buffers[k], 0, lengths[k], originals[k], links[k], view);
            sink += view.srcPort + view.l4Offset + view.eventCount;
        }
        return sink;
    }
}
