package dev.vigil.sensor.app.dns;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.dns.DnsDecoder;
import dev.vigil.protocol.dns.DnsTcpFramer;
import dev.vigil.protocol.reassembly.TcpReassembler;
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
 * DNS (RFC 1035) on UDP and TCP 53: one {@code vigil.dns} event per message, with the decode
 * events it caused. Which names intercoms and servers resolve (SIP servers, NTP pools,
 * provisioning hosts) and what they get back. UDP is stateless; on TCP each direction goes
 * through the TCP reassembler and {@link DnsTcpFramer} (2-byte length prefix, RFC 7766), and a
 * message's event carries the frame that completes it. A message shorter than the 12-byte
 * header leaves only a decode event.
 */
public final class DnsApp implements AppDecoder {
    public static final String PROTOCOL = "dns";
    public static final String DATASET = "vigil.dns";
    public static final int PORT = 53;
    static final int MAX_POOLED_STATES = 256;
    static final TcpReassemblyConfig REASSEMBLY = TcpReassemblyConfig.builder()
            .pageSize(4096)
            .maxBufferedBytes(64 * 1024)
            .maxBufferedRanges(32)
            .poolBytes(8 * 1024 * 1024)
            .build();

    private final DnsDecoder decoder = new DnsDecoder();
    private final DnsLogger logger = new DnsLogger();
    private TcpSegmentPool pool;
    private final FlowStates<State> states = new FlowStates<>(State.class, MAX_POOLED_STATES, State::new);

    /** Per TCP flow: one reassembler and framer per direction. */
    final class State {
        final TcpReassembler[] reassembler = new TcpReassembler[2];
        final DnsTcpFramer[] framer = {new DnsTcpFramer(), new DnsTcpFramer()};
        final Direction[] sinks = {new Direction(), new Direction()};

        State() {
            for (int d = 0; d < 2; d++) {
                reassembler[d] = new TcpReassembler(REASSEMBLY, pool);
            }
        }
    }

    /** Where one direction's framer delivers: the packet being processed, or the flow's end. */
    final class Direction implements DnsTcpFramer.Sink {
        AppContext ctx;
        PacketSlot slot;
        int flow;
        long index;

        @Override
        public void onMessage(DirectBuffer buffer, int offset, int length) {
            decoder.decode(buffer, offset, length);
            if (slot != null) {
                emit(ctx, slot, decoder, logger, DATASET, index++, null);
            } else {
                // completed only by the flush at the flow's end: no packet to carry an event
                onEvent(DnsTcpFramer.INCOMPLETE);
            }
        }

        @Override
        public void onEvent(DecodeEventType type) {
            if (slot != null) {
                ctx.decodeEvent(type, slot);
            } else {
                FlowTable t = ctx.flows();
                ctx.decodeEvent(type, t.lastNanos(flow), t.lastFrame(flow));
            }
        }
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public PortClaims claims() {
        return PortClaims.none().udp(PORT).tcp(PORT);
    }

    @Override
    public void onPacket(AppContext ctx, int flow, int direction, PacketSlot slot) {
        PacketView v = slot.view;
        if (!v.hasTransport()) {
            return;
        }
        if (v.ipProtocol == 17) {
            decoder.decode(slot.buffer, v.payloadOffset, v.payloadLength);
            emit(ctx, slot, decoder, logger, DATASET, 0, null);
        } else if (v.ipProtocol == 6) {
            State s = state(ctx.flows(), flow);
            int d = direction & 1;
            Direction sink = s.sinks[d];
            sink.ctx = ctx;
            sink.slot = slot;
            sink.flow = flow;
            if (!s.framer[d].failed()) {
                s.reassembler[d].onSegment(v.tcpSeq, v.tcpFlags, slot.buffer, v.payloadOffset, v.payloadLength,
                        s.framer[d]);
            }
            sink.slot = null;
        }
    }

    @Override
    public void onFlowEnd(AppContext ctx, int flow) {
        FlowTable t = ctx.flows();
        State s = states.get(t, flow);
        if (s == null) {
            return;
        }
        for (int d = 0; d < 2; d++) {
            Direction sink = s.sinks[d];
            sink.ctx = ctx;
            sink.slot = null;
            sink.flow = flow;
            if (!s.framer[d].failed()) {
                // a message completed or cut only now is reported as dns.tcp_incomplete
                s.reassembler[d].flush(s.framer[d]);
                s.framer[d].flush();
            }
            s.reassembler[d].reset();
        }
        states.release(t, flow, s);
    }

    private State state(FlowTable t, int flow) {
        State s = states.get(t, flow);
        if (s != null) {
            return s;
        }
        if (pool == null) {
            pool = new TcpSegmentPool(REASSEMBLY);
        }
        s = states.attach(t, flow);
        for (int d = 0; d < 2; d++) {
            s.reassembler[d].reset();
            s.framer[d].reset(s.sinks[d]);
            s.sinks[d].index = 0;
        }
        return s;
    }

    /** Decode events of {@code d}, then (when the header was there) one event in {@code dataset}. */
    public static void emit(AppContext ctx, PacketSlot slot, DnsDecoder d, DnsLogger logger, String dataset,
                            long discriminator, Extra extra) {
        for (int i = 0; i < d.eventCount(); i++) {
            ctx.decodeEvent(d.event(i), slot);
        }
        if (!d.hasHeader()) {
            return;
        }
        String id = ctx.eventId(dataset, slot.frame, discriminator, null);
        ctx.begin(dataset, slot.timestampNanos, slot.frame, id);
        ctx.writeEndpoints(slot);
        boolean mdns = extra != null;
        logger.write(ctx.writer(), d, mdns);
        DecodeEventType overflow = extra != null ? extra.write(ctx, d) : null;
        ctx.emit(dataset, id, slot.timestampNanos);
        // decode events write their own documents: only after this one is out
        if (logger.txtCut()) {
            ctx.decodeEvent(DnsDecoder.TXT_TOO_LONG, slot);
        }
        if (overflow != null) {
            ctx.decodeEvent(overflow, slot);
        }
    }

    /** More fields after the {@code dns} object (mDNS names its services there). */
    public interface Extra {
        /** Writes its fields; returns an overflow decode event to count once the document is out, or null. */
        DecodeEventType write(AppContext ctx, DnsDecoder d);
    }
}
