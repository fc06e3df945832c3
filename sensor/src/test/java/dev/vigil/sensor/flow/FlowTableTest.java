package dev.vigil.sensor.flow;

import dev.vigil.protocol.PacketView;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FlowTableTest {
    private static final long S = 1_000_000_000L;
    private final List<int[]> ended = new ArrayList<>();
    private final List<String> endedKeys = new ArrayList<>();
    private final FlowTable.Listener listener = (t, f, reason) -> {
        ended.add(new int[] {f, reason});
        endedKeys.add(t.srcPort(f) + ">" + t.dstPort(f) + ":" + t.packets(f, 0) + "/" + t.packets(f, 1)
                + ":" + FlowTable.endReasonName(reason));
    };

    private static PacketView udp(int src, int sport, int dst, int dport) {
        PacketView v = new PacketView().reset();
        v.ipVersion = 4;
        v.setIpv4(src, dst);
        v.ipProtocol = 17;
        v.srcPort = sport;
        v.dstPort = dport;
        v.l4Offset = 34;
        v.flowHash = FlowTable.hash(v);
        return v;
    }

    private static PacketView tcp(int src, int sport, int dst, int dport, int flags) {
        PacketView v = udp(src, sport, dst, dport);
        v.ipProtocol = 6;
        v.tcpFlags = flags;
        v.flowHash = FlowTable.hash(v);
        return v;
    }

    @Test
    void bothDirectionsShareOneFlowAndTheFirstSenderIsTheSource() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULT.withMaxFlows(16));
        int f1 = t.update(udp(1, 5060, 2, 5062), S, 1, 100, listener);
        int f2 = t.update(udp(2, 5062, 1, 5060), 2 * S, 2, 200, listener);
        assertThat(f2).isEqualTo(f1);
        assertThat(t.direction()).isEqualTo(1);
        assertThat(t.srcPort(f1)).isEqualTo(5060);
        assertThat(t.packets(f1, 0)).isEqualTo(1);
        assertThat(t.bytes(f1, 1)).isEqualTo(200);
        assertThat(t.lastFrame(f1)).isEqualTo(2);
        assertThat(FlowTable.hash(udp(1, 5060, 2, 5062))).isEqualTo(FlowTable.hash(udp(2, 5062, 1, 5060)));
    }

    @Test
    void synAckFirstMakesItsReceiverTheSource() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULT.withMaxFlows(16));
        int f = t.update(tcp(2, 50001, 1, 40000, 0x12), S, 1, 60, listener);
        assertThat(t.srcPort(f)).isEqualTo(40000);
        assertThat(t.dstPort(f)).isEqualTo(50001);
        assertThat(t.packets(f, 1)).isEqualTo(1);
    }

    @Test
    void vlanSeparatesFlows() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULT.withMaxFlows(16));
        PacketView a = udp(1, 1000, 2, 2000);
        PacketView b = udp(1, 1000, 2, 2000);
        b.vlanIds[0] = 20;
        b.vlanCount = 1;
        b.flowHash = FlowTable.hash(b);
        assertThat(t.update(a, S, 1, 60, listener)).isNotEqualTo(t.update(b, S, 2, 60, listener));
        assertThat(t.size()).isEqualTo(2);
    }

    @Test
    void idleUdpFlowsEndAfterTheirTimeout() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULT.withMaxFlows(16));
        t.update(udp(1, 1, 2, 2), S, 1, 60, listener);
        t.expire(S + Duration.ofSeconds(59).toNanos(), listener);
        assertThat(ended).isEmpty();
        t.expire(S + Duration.ofSeconds(60).toNanos(), listener);
        assertThat(endedKeys).containsExactly("1>2:1/0:idle");
        assertThat(t.size()).isZero();
    }

    @Test
    void tcpFinFromBothSidesEndsAfterTheCloseTimeout() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULT.withMaxFlows(16));
        t.update(tcp(1, 40000, 2, 80, 0x02), S, 1, 60, listener);
        t.update(tcp(2, 80, 1, 40000, 0x12), S, 2, 60, listener);
        t.update(tcp(1, 40000, 2, 80, 0x11), S, 3, 60, listener);
        t.update(tcp(2, 80, 1, 40000, 0x11), S, 4, 60, listener);
        t.expire(2 * S, listener);
        assertThat(ended).isEmpty();
        t.expire(S + 5 * S, listener);
        assertThat(endedKeys).containsExactly("40000>80:2/2:tcp_fin");
    }

    @Test
    void rstEndsAndActiveTimeoutSplits() {
        FlowTable t = new FlowTable(new FlowConfig(16, Duration.ofSeconds(60), Duration.ofSeconds(300),
                Duration.ofSeconds(5), Duration.ofSeconds(10)));
        t.update(udp(1, 1, 2, 2), S, 1, 60, listener);
        t.update(udp(1, 1, 2, 2), 5 * S, 2, 60, listener);
        t.update(udp(1, 1, 2, 2), 12 * S, 3, 60, listener);
        assertThat(endedKeys).containsExactly("1>2:2/0:active");
        t.update(tcp(3, 1, 4, 2, 0x04), 12 * S, 4, 60, listener);
        t.expire(17 * S, listener);
        assertThat(endedKeys).containsExactly("1>2:2/0:active", "1>2:1/0:tcp_rst");
    }

    @Test
    void aFullTableEvictsTheLeastRecentlySeenOfASampleAndCountsIt() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULT.withMaxFlows(16));
        for (int i = 0; i < 16; i++) {
            t.update(udp(1, 1000 + i, 2, 2000), (i + 1) * S, i + 1, 60, listener);
        }
        t.update(udp(1, 3000, 2, 2000), 100 * S, 17, 60, listener);
        assertThat(t.evicted()).isEqualTo(1);
        assertThat(t.size()).isEqualTo(16);
        assertThat(ended.get(0)[1]).isEqualTo(FlowTable.END_EVICTED);
    }

    @Test
    void flushEndsEverythingInStartOrder() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULT.withMaxFlows(16));
        t.update(udp(1, 2, 2, 2), 2 * S, 1, 60, listener);
        t.update(udp(1, 1, 2, 2), 1 * S, 2, 60, listener);
        t.flushAll(FlowTable.END_EOF, listener);
        assertThat(endedKeys).containsExactly("1>2:1/0:eof", "2>2:1/0:eof");
        assertThat(t.size()).isZero();
    }

    /** Many flows inserted and removed in random order: the index never loses or confuses a flow. */
    @Property(tries = 50)
    void indexStaysConsistentUnderChurn(@ForAll @IntRange(min = 1, max = 2000) int n,
                                        @ForAll @IntRange(min = 0, max = 1000) int seed) {
        FlowTable t = new FlowTable(FlowConfig.DEFAULT.withMaxFlows(4096));
        java.util.Random r = new java.util.Random(seed);
        Map<Integer, Integer> flowOf = new HashMap<>();
        long now = S;
        for (int i = 0; i < n; i++) {
            int port = r.nextInt(300);
            now += r.nextInt(3) * S;
            int f = t.update(udp(7, port, 9, 53), now, i + 1, 60, (tt, ff, reason) -> flowOf.values().remove(ff));
            Integer prev = flowOf.put(port, f);
            assertThat(prev == null || prev == f).isTrue();
            if (r.nextInt(10) == 0) {
                t.expire(now + 61 * S, (tt, ff, reason) -> flowOf.values().remove(ff));
                now += 61 * S;
            }
        }
        assertThat(t.size()).isEqualTo(flowOf.size());
    }
}
