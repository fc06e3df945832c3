package dev.vigil.sensor.app.syslog;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.reassembly.TcpReassembler;
import dev.vigil.protocol.reassembly.TcpSegmentPool;
import dev.vigil.protocol.syslog.SyslogParser;
import dev.vigil.protocol.syslog.SyslogStreamFramer;
import dev.vigil.protocol.syslog.SyslogView;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.FlowStates;
import dev.vigil.sensor.app.PortClaims;
import dev.vigil.sensor.app.TcpStreams;
import dev.vigil.sensor.flow.FlowTable;
import dev.vigil.sensor.pipeline.PacketSlot;
import org.agrona.DirectBuffer;

/**
 * Syslog on UDP 514 (RFC 5426: one message per datagram) and TCP 514 (RFC 6587: octet counting
 * or non-transparent framing). One {@code vigil.syslog} event per message ({@link SyslogLogger}).
 *
 * <p>TCP 514 is also RSH's port: only the direction toward port 514 is read, and a stream
 * whose first frame is neither octet-counted nor starts with {@code <} is reported once as
 * {@code syslog.bad_framing} and ignored. UDP datagrams are parsed in both directions (as
 * tshark does for {@code udp.port == 514}).
 */
public final class SyslogApp implements AppDecoder, SyslogStreamFramer.Sink {
    public static final String PROTOCOL = "syslog";
    public static final String DATASET = "vigil.syslog";
    public static final int PORT = 514;
    static final int MAX_POOLED_STATES = 256;
    private static final long FLOW_END_DISCRIMINATOR = 1_000_000L;

    private final SyslogParser parser = new SyslogParser();
    private final TcpSegmentPool pool = new TcpSegmentPool(TcpStreams.DEFAULT_REASSEMBLY);
    private final FlowStates<State> states = new FlowStates<>(State.class, MAX_POOLED_STATES, () -> new State(pool));

    private AppContext ctx;
    private PacketSlot slot;
    private int flow;
    private int direction;
    private long discriminator;

    /** Per TCP flow: the reassembler and framer of the direction toward port 514. */
    static final class State {
        final TcpReassembler reassembler;
        final SyslogStreamFramer framer = new SyslogStreamFramer();
        int direction;
        boolean failed;

        State(TcpSegmentPool pool) {
            reassembler = new TcpReassembler(TcpStreams.DEFAULT_REASSEMBLY, pool);
        }
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public PortClaims claims() {
        return new PortClaims().udp(PORT).tcp(PORT);
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
            if (v.ipProtocol == 17) {
                if (v.payloadLength == 0) {
                    ctx.decodeEvent(SyslogParser.EMPTY, slot);
                    return;
                }
                emit(slot.buffer, v.payloadOffset, v.payloadLength, v.payloadLength, 0, false);
            } else if (v.ipProtocol == 6) {
                State s = state(ctx.flows(), flow, v, direction);
                if (direction == s.direction && !s.failed) {
                    s.reassembler.onSegment(v.tcpSeq, v.tcpFlags, slot.buffer, v.payloadOffset, v.payloadLength,
                            s.framer);
                    s.failed = s.framer.failed();
                }
            }
        } finally {
            this.slot = null;
        }
    }

    @Override
    public void onFlowEnd(AppContext ctx, int flow) {
        FlowTable t = ctx.flows();
        State s = states.get(t, flow);
        if (s == null) {
            return;
        }
        this.ctx = ctx;
        this.slot = null;
        this.flow = flow;
        this.direction = s.direction;
        this.discriminator = FLOW_END_DISCRIMINATOR;
        if (!s.failed) {
            s.reassembler.flush(s.framer);
            s.framer.flush();
        }
        s.reassembler.reset();
        states.release(t, flow, s);
    }

    private State state(FlowTable t, int flow, PacketView v, int direction) {
        State s = states.get(t, flow);
        if (s != null) {
            return s;
        }
        s = states.attach(t, flow);
        s.reassembler.reset();
        s.framer.reset(this);
        s.failed = false;
        // the direction toward port 514 carries the messages (the collector never sends syslog back)
        s.direction = v.dstPort == PORT ? direction : 1 - direction;
        return s;
    }

    // ---------------------------------------------------------------- SyslogStreamFramer.Sink

    @Override
    public void onMessage(DirectBuffer buffer, int offset, int length, int messageLength, int framing,
                          boolean incomplete) {
        emit(buffer, offset, length, messageLength, framing, incomplete);
    }

    @Override
    public void onFramingError(DecodeEventType type) {
        report(type);
    }

    @Override
    public void onStreamEvent(DecodeEventType type) {
        report(type);
    }

    private void emit(DirectBuffer buffer, int offset, int length, int messageLength, int framing,
                      boolean incomplete) {
        SyslogView m = parser.parse(buffer, offset, length);
        FlowTable t = ctx.flows();
        long frame = slot != null ? slot.frame : t.lastFrame(flow);
        long ts = slot != null ? slot.timestampNanos : t.lastNanos(flow);
        // more than the framer keeps (a frame cut by a gap is incomplete, not too long)
        boolean frameTooLong = framing != 0 && messageLength > SyslogStreamFramer.DEFAULT_MAX_FRAME;
        String id = ctx.eventId(DATASET, frame, discriminator++, null);
        ctx.begin(DATASET, ts, frame, id);
        if (slot != null) {
            ctx.writeEndpoints(slot);
        } else {
            ctx.writeFlowEndpoints(flow, direction);
        }
        SyslogLogger.write(ctx.writer(), m, framing, incomplete, frameTooLong);
        ctx.emit(DATASET, id, ts);
        for (int i = 0; i < m.eventCount(); i++) {
            report(m.event(i));
        }
        if (m.messageLength() > SyslogLogger.MAX_TEXT_BYTES) {
            report(SyslogParser.MESSAGE_TOO_LONG);
        }
        if (frameTooLong) {
            report(SyslogStreamFramer.FRAME_TOO_LONG);
        }
        if (incomplete) {
            report(SyslogStreamFramer.INCOMPLETE);
        }
    }

    private void report(DecodeEventType type) {
        if (slot != null) {
            ctx.decodeEvent(type, slot);
        } else {
            FlowTable t = ctx.flows();
            ctx.decodeEvent(type, t.lastNanos(flow), t.lastFrame(flow));
        }
    }
}
