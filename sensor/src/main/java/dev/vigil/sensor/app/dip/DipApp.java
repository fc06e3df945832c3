package dev.vigil.sensor.app.dip;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.dip.DipParser;
import dev.vigil.protocol.dip.DipStreamFramer;
import dev.vigil.protocol.dip.DipView;
import dev.vigil.protocol.reassembly.TcpReassemblyConfig;
import dev.vigil.protocol.reassembly.TcpSegmentPool;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.FlowStates;
import dev.vigil.sensor.app.PortClaims;
import dev.vigil.sensor.flow.FlowTable;
import dev.vigil.sensor.pipeline.PacketSlot;
import org.agrona.DirectBuffer;

/**
 * DIP, the intercom station control protocol: TCP 50001 (station to server and back) and UDP
 * 5001 (server to its multicast group {@code 239.192.<node>.0}). One {@code vigil.dip} event per
 * message, written by {@link DipLogger}.
 *
 * <p>TCP: each direction of a flow is reassembled ({@code TcpReassembler}, sharing this
 * decoder's {@link TcpSegmentPool}) and cut into messages by a {@link DipStreamFramer} (its
 * class comment states the framing rule, an assumption the vendor facts do not settle). A
 * message's event carries the frame that completed it. At the end of a flow, bytes still
 * buffered are passed on, and the per-flow state goes back to a pool.
 *
 * <p>UDP: each datagram is framed the same way (usually one message).
 */
public final class DipApp implements AppDecoder, DipStreamFramer.Sink {
    public static final String PROTOCOL = "dip";
    public static final String DATASET = "vigil.dip";
    /** "IP stations" in the vendor's Table 1: the server listens here. */
    public static final int TCP_PORT = 50001;
    /** "DIP multicast" in the vendor's Table 2. */
    public static final int UDP_PORT = 5001;
    /** Per-flow states kept for reuse. */
    static final int MAX_POOLED_STATES = 1024;
    /** Discriminator base of messages passed on at the end of a flow (no packet completed them). */
    private static final long FLOW_END_DISCRIMINATOR = 1_000_000L;

    /** DIP messages are at most 500 bytes: a small out-of-order window per direction is plenty. */
    static final TcpReassemblyConfig REASSEMBLY = TcpReassemblyConfig.builder()
            .pageSize(1024)
            .maxBufferedBytes(64 * 1024)
            .maxBufferedRanges(32)
            .poolBytes(16 * 1024 * 1024)
            .build();

    private final TcpSegmentPool pool = new TcpSegmentPool(REASSEMBLY);
    private final FlowStates<DipFlowState> states =
            new FlowStates<>(DipFlowState.class, MAX_POOLED_STATES, () -> new DipFlowState(REASSEMBLY, pool));
    private final DipParser parser = new DipParser();
    private final DipLogger logger = new DipLogger();
    private final DipStreamFramer datagram = new DipStreamFramer();

    // what the framer's callbacks need: the packet (or flow end) being processed
    private AppContext ctx;
    private PacketSlot slot;
    private int flow;
    private int direction;
    private boolean tcp;
    /** "to_server" / "to_station" for TCP (by port 50001), null when neither port is 50001. */
    private String toward;
    private long discriminator;

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public PortClaims claims() {
        return new PortClaims().tcp(TCP_PORT).udp(UDP_PORT);
    }

    @Override
    public void onPacket(AppContext ctx, int flow, int direction, PacketSlot slot) {
        PacketView v = slot.view;
        this.ctx = ctx;
        this.slot = slot;
        this.flow = flow;
        this.direction = direction;
        this.discriminator = 0;
        try {
            if (v.ipProtocol == 6) {
                tcp = true;
                toward = towardName(v.srcPort, v.dstPort);
                DipFlowState s = state(ctx.flows(), flow);
                s.reassembler(direction).onSegment(v.tcpSeq, v.tcpFlags, slot.buffer, v.payloadOffset,
                        v.payloadLength, s.framer(direction));
            } else if (v.ipProtocol == 17) {
                tcp = false;
                toward = null;
                if (v.payloadLength == 0) {
                    report(DipParser.EMPTY, slot.timestampNanos, slot.frame);
                    return;
                }
                datagram.reset(this);
                datagram.onData(slot.buffer, v.payloadOffset, v.payloadLength);
                datagram.flush();
            }
        } finally {
            this.slot = null;
        }
    }

    @Override
    public void onFlowEnd(AppContext ctx, int flow) {
        FlowTable t = ctx.flows();
        DipFlowState s = states.get(t, flow);
        if (s == null) {
            return;
        }
        this.ctx = ctx;
        this.slot = null;
        this.flow = flow;
        this.tcp = true;
        this.toward = null;
        this.discriminator = FLOW_END_DISCRIMINATOR;
        for (int d = 0; d < 2; d++) {
            direction = d;
            toward = d == 0 ? towardName(t.srcPort(flow), t.dstPort(flow)) : towardName(t.dstPort(flow), t.srcPort(flow));
            s.reassembler(d).flush(s.framer(d));
            s.framer(d).flush();
        }
        s.reset(this);
        states.release(t, flow, s);
    }

    private DipFlowState state(FlowTable t, int flow) {
        DipFlowState s = states.get(t, flow);
        if (s != null) {
            return s;
        }
        s = states.attach(t, flow);
        s.reset(this);
        return s;
    }

    private static String towardName(int srcPort, int dstPort) {
        if (dstPort == TCP_PORT) {
            return "to_server";
        }
        if (srcPort == TCP_PORT) {
            return "to_station";
        }
        return null;
    }

    // ---------------------------------------------------------------- DipStreamFramer.Sink

    @Override
    public void onMessage(DirectBuffer buffer, int offset, int length, int messageLength, boolean incomplete) {
        DipView m = parser.parse(buffer, offset, length, messageLength);
        FlowTable t = ctx.flows();
        long frame = slot != null ? slot.frame : t.lastFrame(flow);
        long ts = slot != null ? slot.timestampNanos : t.lastNanos(flow);
        if (m.messageLength() == 0) {
            report(DipParser.EMPTY, ts, frame);
            return;
        }
        String id = ctx.eventId(DATASET, frame, discriminator++, null);
        ctx.begin(DATASET, ts, frame, id);
        if (slot != null) {
            ctx.writeEndpoints(slot);
        } else {
            ctx.writeFlowEndpoints(flow, direction);
        }
        int dst = slot != null && slot.view.isIpv4() ? slot.view.dstIpv4() : 0;
        boolean badNumber = logger.write(ctx.writer(), m, tcp, toward, tcp ? 0 : dst, incomplete);
        ctx.emit(DATASET, id, ts);
        for (int i = 0; i < m.eventCount(); i++) {
            report(m.event(i), ts, frame);
        }
        if (badNumber) {
            report(DipParser.BAD_NUMBER, ts, frame);
        }
        if (incomplete) {
            report(DipParser.INCOMPLETE, ts, frame);
        }
    }

    @Override
    public void onStreamEvent(DecodeEventType type) {
        FlowTable t = ctx.flows();
        report(type, slot != null ? slot.timestampNanos : t.lastNanos(flow), slot != null ? slot.frame : t.lastFrame(flow));
    }

    private void report(DecodeEventType type, long ts, long frame) {
        if (slot != null) {
            ctx.decodeEvent(type, slot);
        } else {
            ctx.decodeEvent(type, ts, frame);
        }
    }
}
