package dev.vigil.sensor.app.ssh;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.reassembly.TcpReassembler;
import dev.vigil.protocol.reassembly.TcpSegmentPool;
import dev.vigil.protocol.ssh.SshIdentificationParser;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.FlowStates;
import dev.vigil.sensor.app.PortClaims;
import dev.vigil.sensor.app.TcpStreams;
import dev.vigil.sensor.flow.FlowTable;
import dev.vigil.sensor.pipeline.PacketSlot;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * SSH on TCP 22: the identification strings of client and server (RFC 4253 §4.2), one
 * {@code vigil.ssh} document per connection, emitted as soon as both are seen (with that frame),
 * else at flow end when at least one was seen. Only the start of each stream is reassembled;
 * once both lines are read the connection costs nothing more. Source is the client.
 */
public final class SshApp implements AppDecoder {
    public static final String PROTOCOL = "ssh";
    public static final String DATASET = "vigil.ssh";
    public static final int PORT = 22;
    static final int MAX_POOLED_STATES = 64;

    private final TcpSegmentPool pool = new TcpSegmentPool(TcpStreams.BANNER_REASSEMBLY);
    private final FlowStates<State> states = new FlowStates<>(State.class, MAX_POOLED_STATES, State::new);
    private AppContext ctx;
    private PacketSlot slot;
    private int flow;

    final class State implements SshIdentificationParser.Sink {
        final TcpReassembler[] reassembler = new TcpReassembler[2];
        /** Indexed by role: 0 client, 1 server. */
        final SshIdentificationParser[] side = {new SshIdentificationParser(), new SshIdentificationParser()};
        int clientDirection;
        boolean emitted;

        State() {
            reassembler[0] = new TcpReassembler(TcpStreams.BANNER_REASSEMBLY, pool);
            reassembler[1] = new TcpReassembler(TcpStreams.BANNER_REASSEMBLY, pool);
        }

        void reset(int clientDirection) {
            this.clientDirection = clientDirection;
            reassembler[0].reset();
            reassembler[1].reset();
            side[0].reset(this);
            side[1].reset(this);
            emitted = false;
        }

        @Override
        public void onEvent(DecodeEventType type) {
            report(type);
        }
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public PortClaims claims() {
        return new PortClaims().tcp(PORT);
    }

    @Override
    public void onPacket(AppContext ctx, int flow, int direction, PacketSlot slot) {
        PacketView v = slot.view;
        if (v.ipProtocol != 6) {
            return;
        }
        this.ctx = ctx;
        this.slot = slot;
        this.flow = flow;
        try {
            State s = state(ctx.flows(), flow, v, direction);
            int role = direction == s.clientDirection ? 0 : 1;
            SshIdentificationParser p = s.side[role];
            if (s.emitted || p.done()) {
                return;
            }
            s.reassembler[direction].onSegment(v.tcpSeq, v.tcpFlags, slot.buffer, v.payloadOffset, v.payloadLength, p);
            if (p.done()) {
                s.reassembler[direction].reset(); // the pages go back to the pool now
            }
            if (s.side[0].done() && s.side[1].done() && (s.side[0].found() || s.side[1].found())) {
                emit(s);
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
        if (!s.emitted && (s.side[0].found() || s.side[1].found())) {
            emit(s);
        }
        s.reset(0);
        states.release(t, flow, s);
    }

    private State state(FlowTable t, int flow, PacketView v, int direction) {
        State s = states.get(t, flow);
        if (s != null) {
            return s;
        }
        s = states.attach(t, flow);
        s.reset(v.dstPort == PORT || v.srcPort != PORT ? direction : 1 - direction);
        return s;
    }

    private void emit(State s) {
        s.emitted = true;
        FlowTable t = ctx.flows();
        long frame = slot != null ? slot.frame : t.lastFrame(flow);
        long ts = slot != null ? slot.timestampNanos : t.lastNanos(flow);
        String id = ctx.eventId(DATASET, frame, 0, null);
        ctx.begin(DATASET, ts, frame, id);
        ctx.writeFlowEndpoints(flow, s.clientDirection);
        try {
            JsonGenerator g = ctx.writer().json();
            g.writeObjectFieldStart("ssh");
            SshIdentificationParser server = s.side[1];
            SshIdentificationParser client = s.side[0];
            String version = server.found() ? server.protoVersion() : client.protoVersion();
            g.writeStringField("protocol_version", version);
            side(g, "client", client);
            side(g, "server", server);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.emit(DATASET, id, ts);
    }

    private static void side(JsonGenerator g, String name, SshIdentificationParser p) throws IOException {
        if (!p.found()) {
            return;
        }
        g.writeObjectFieldStart(name);
        g.writeStringField("protocol_version", p.protoVersion());
        g.writeStringField("software", p.software());
        if (p.comments() != null) {
            g.writeStringField("comments", p.comments());
        }
        g.writeEndObject();
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
