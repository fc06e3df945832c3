package dev.vigil.sensor.pipeline;

import com.lmax.disruptor.RingBuffer;
import dev.vigil.protocol.L2L4Events;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.output.EventRecord;
import dev.vigil.sensor.testing.Analyze;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-packet path allocates nothing after warm-up: the capture thread's copy into the ring
 * and the worker's L2-L4 decoding and flow update, driven here on the test thread so that
 * {@code getCurrentThreadAllocatedBytes} sees all of it. (JMH with -prof gc measures the same in
 * benchmarks/.)
 */
class PipelineAllocationTest {
    private static final int FLOWS = 64;

    /** Ethernet + IPv4 + UDP (or TCP) frame between two stations, port chosen per flow. */
    private static byte[] frame(int flow, boolean tcp) {
        int l4 = tcp ? 20 : 8;
        int payload = 160;
        byte[] f = new byte[14 + 20 + l4 + payload];
        // Ethernet: dst 00:13:cb:00:00:02, src 00:13:cb:00:00:01, type IPv4
        byte[] eth = {0, 0x13, (byte) 0xcb, 0, 0, 2, 0, 0x13, (byte) 0xcb, 0, 0, 1, 0x08, 0x00};
        System.arraycopy(eth, 0, f, 0, 14);
        int ipLen = 20 + l4 + payload;
        f[14] = 0x45;
        f[16] = (byte) (ipLen >> 8);
        f[17] = (byte) ipLen;
        f[22] = 64;
        f[23] = (byte) (tcp ? 6 : 17);
        f[26] = 10; f[27] = 20; f[28] = 0; f[29] = 101;   // 10.20.0.101
        f[30] = 10; f[31] = 20; f[32] = 0; f[33] = 10;    // 10.20.0.10
        int sport = 61000 + 2 * flow;
        f[34] = (byte) (sport >> 8);
        f[35] = (byte) sport;
        f[36] = (byte) (61100 >> 8);
        f[37] = (byte) 61100;
        if (tcp) {
            f[46] = 0x50;   // data offset 5
            f[47] = 0x18;   // PSH ACK
        } else {
            int ul = 8 + payload;
            f[38] = (byte) (ul >> 8);
            f[39] = (byte) ul;
        }
        return f;
    }

    @Test
    void steadyStateCopiesDecodesAndCountsWithoutAllocating() {
        L2L4Events.init();
        PipelineStats stats = new PipelineStats();
        RingBuffer<PacketSlot> packets = RingBuffer.createSingleProducer(PacketSlot::new, 1024);
        RingBuffer<EventRecord> records = RingBuffer.createMultiProducer(EventRecord::new, 1024);
        DecodeStage capture = new DecodeStage(packets, null, stats, true);
        Worker worker = new Worker(0, 1, PipelineConfig.DEFAULT, Analyze.TEST_OBSERVER,
                new RecordPublisher(records, stats), stats, Analyze.decoders(), new CountDownLatch(1),
                new L2L4Stage(stats), false);
        InputContext input = new InputContext("alloc.pcap", "alloc.pcap:0", true);
        capture.input(input);
        UnsafeBuffer[] frames = new UnsafeBuffer[FLOWS];
        for (int i = 0; i < FLOWS; i++) {
            frames[i] = new UnsafeBuffer(frame(i, i % 2 == 0));
        }
        long[] frameNo = {0};
        long[] consumed = {0};
        Runnable round = () -> {
            for (int i = 0; i < 512; i++) {
                UnsafeBuffer b = frames[i % FLOWS];
                long n = ++frameNo[0];
                capture.onPacket(n, 0, 1, 1_700_000_000_000_000_000L + n * 20_000L, b, 0, b.capacity(), b.capacity());
            }
            long hi = packets.getCursor();
            for (long s = consumed[0] + 1; s <= hi; s++) {
                worker.onEvent(packets.get(s), s, s == hi);
            }
            consumed[0] = hi;
        };
        for (int i = 0; i < 2_000; i++) {
            round.run();
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 400; i++) {
            round.run();
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(stats.packets()).isEqualTo(2_400L * 512);
        assertThat(stats.eventsTotal()).isZero();
        assertThat(allocated).as("bytes allocated for %d packets", 400 * 512).isZero();
    }
}
