package dev.vigil.sensor.app.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.L2L4Events;
import dev.vigil.protocol.LinkType;
import dev.vigil.protocol.PacketDecoder;
import dev.vigil.protocol.PacketView;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.flow.FlowConfig;
import dev.vigil.sensor.flow.FlowTable;
import dev.vigil.sensor.pipeline.InputContext;
import dev.vigil.sensor.pipeline.PacketSlot;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The RTP decoder's per-packet path allocates nothing after warm-up: flow lookup, demultiplexing,
 * header check, stream lookup in the flow state, statistics, and RTCP compounds attached through
 * the SSRC directory, for 64 port-range flows with a stream in each direction (interim summaries
 * off: an emitted document is per stream, not per packet). Driven on the test thread so that
 * {@code getCurrentThreadAllocatedBytes} sees all of it.
 */
class RtpAppAllocationTest {
    private static final int FLOWS = 64;

    /** Ethernet + IPv4 + UDP + RTP (PCMU, 160 bytes) or an RTCP RR, between two stations. */
    private static byte[] frame(int flow, int direction, boolean rtcp) {
        int payload = rtcp ? 32 : 12 + 160;
        byte[] f = new byte[14 + 20 + 8 + payload];
        byte[] eth = {0, 0x13, (byte) 0xcb, 0, 0, 2, 0, 0x13, (byte) 0xcb, 0, 0, 1, 0x08, 0x00};
        System.arraycopy(eth, 0, f, 0, 14);
        int ipLen = 20 + 8 + payload;
        f[14] = 0x45;
        f[16] = (byte) (ipLen >> 8);
        f[17] = (byte) ipLen;
        f[22] = 64;
        f[23] = 17;
        byte[] a = {10, 20, 0, 101};
        byte[] b = {10, 20, 0, 10};
        System.arraycopy(direction == 0 ? a : b, 0, f, 26, 4);
        System.arraycopy(direction == 0 ? b : a, 0, f, 30, 4);
        int pa = 61000 + 2 * flow + (rtcp ? 1 : 0);
        int pb = 61200 + (rtcp ? 1 : 0);
        int sport = direction == 0 ? pa : pb;
        int dport = direction == 0 ? pb : pa;
        f[34] = (byte) (sport >> 8);
        f[35] = (byte) sport;
        f[36] = (byte) (dport >> 8);
        f[37] = (byte) dport;
        int ul = 8 + payload;
        f[38] = (byte) (ul >> 8);
        f[39] = (byte) ul;
        int ssrcA = 0x1000 + flow;
        int ssrcB = 0x2000 + flow;
        if (rtcp) {
            // RR from this side about the other side's stream: fraction 1/256, 3 lost, jitter 8
            byte[] rr = {(byte) 0x81, (byte) 201, 0, 7};
            System.arraycopy(rr, 0, f, 42, 4);
            putInt(f, 46, direction == 0 ? ssrcA : ssrcB);
            putInt(f, 50, direction == 0 ? ssrcB : ssrcA);
            putInt(f, 54, 0x01000003);
            putInt(f, 58, 100);
            putInt(f, 62, 8);
        } else {
            f[42] = (byte) 0x80;
            f[43] = 0;
            putInt(f, 50, direction == 0 ? ssrcA : ssrcB);
        }
        return f;
    }

    private static void putInt(byte[] f, int at, int v) {
        f[at] = (byte) (v >>> 24);
        f[at + 1] = (byte) (v >>> 16);
        f[at + 2] = (byte) (v >>> 8);
        f[at + 3] = (byte) v;
    }

    @Test
    void steadyStateAllocatesNothing() {
        L2L4Events.init();
        FlowTable flows = new FlowTable(FlowConfig.DEFAULT);
        Context ctx = new Context(flows);
        RtpApp app = new RtpApp(new RtpSettings(61000, 61250, Duration.ZERO, 8, 65_536, true));
        PacketDecoder decoder = new PacketDecoder();
        FlowTable.Listener ends = (t, f, reason) -> app.onFlowEnd(ctx, f);
        byte[][][] frames = new byte[FLOWS][2][];
        byte[][][] rtcp = new byte[FLOWS][2][];
        for (int i = 0; i < FLOWS; i++) {
            for (int d = 0; d < 2; d++) {
                frames[i][d] = frame(i, d, false);
                rtcp[i][d] = frame(i, d, true);
            }
        }
        PacketSlot slot = new PacketSlot();
        long[] now = {1_700_000_000_000_000_000L};
        int[] seq = {0};
        long[] frameNo = {0};
        Runnable round = () -> {
            seq[0]++;
            for (int i = 0; i < FLOWS; i++) {
                for (int d = 0; d < 2; d++) {
                    boolean control = seq[0] % 250 == 0;
                    byte[] f = control ? rtcp[i][d] : frames[i][d];
                    slot.ensureCapacity(f.length);
                    slot.buffer.putBytes(0, f);
                    if (!control) {
                        slot.buffer.putShort(44, (short) seq[0], ByteOrder.BIG_ENDIAN);
                        slot.buffer.putInt(46, 160 * seq[0], ByteOrder.BIG_ENDIAN);
                    }
                    now[0] += 150_000L + (seq[0] * 7919L + i) % 400_000L;
                    slot.timestampNanos = now[0];
                    slot.frame = ++frameNo[0];
                    PacketView v = slot.view;
                    decoder.decode(slot.buffer, 0, f.length, f.length, LinkType.ETHERNET, v);
                    v.flowHash = FlowTable.hash(v);
                    int flow = flows.update(v, now[0], slot.frame, f.length, ends);
                    if (flows.appId(flow) == 0) {
                        flows.setAppId(flow, 1);
                    }
                    app.onPacket(ctx, flow, flows.direction(), slot);
                }
            }
        };
        for (int i = 0; i < 3_000; i++) {
            round.run();
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000; i++) {
            round.run();
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(ctx.decodeEvents).isZero();
        assertThat(allocated).as("bytes allocated for %d packets", 1_000 * FLOWS * 2).isZero();
    }

    /** Only what the packet path uses; emitting documents is not part of it. */
    private static final class Context implements AppContext {
        private final FlowTable flows;
        int decodeEvents;

        Context(FlowTable flows) {
            this.flows = flows;
        }

        @Override
        public FlowTable flows() {
            return flows;
        }

        @Override
        public EventWriter writer() {
            throw new UnsupportedOperationException("no document expected on the packet path");
        }

        @Override
        public String eventId(String dataset, long sequence, long discriminator, String extra) {
            throw new UnsupportedOperationException("no document expected on the packet path");
        }

        @Override
        public void begin(String dataset, long timestampNanos, long sequence, String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void emit(String dataset, String id, long timestampNanos) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void decodeEvent(DecodeEventType type, long timestampNanos, long sequence) {
            decodeEvents++;
        }

        @Override
        public void decodeEvent(DecodeEventType type, PacketSlot slot) {
            decodeEvents++;
        }

        @Override
        public InputContext input() {
            return null;
        }

        @Override
        public void writeEndpoints(PacketSlot slot) {
        }

        @Override
        public void writeFlowEndpoints(int flow, int direction) {
        }

        @Override
        public void expect(AppDecoder decoder, int transport, long hostHi, long hostLo, long peerHi, long peerLo,
                           int peerPort, long untilNanos, Object attachment) {
        }

        @Override
        public AppDecoder decoder(String protocol) {
            return null;
        }
    }
}
