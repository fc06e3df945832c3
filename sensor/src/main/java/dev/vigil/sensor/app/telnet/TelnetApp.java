package dev.vigil.sensor.app.telnet;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.reassembly.TcpReassembler;
import dev.vigil.protocol.reassembly.TcpSegmentPool;
import dev.vigil.protocol.telnet.TelnetBannerParser;
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
 * Telnet on TCP 23 (RFC 854): the fact of a session, the payload bytes each way and the server's
 * first banner line. One {@code vigil.telnet} document per connection at flow end, when the
 * server accepted it (SYN/ACK) or data flowed; a SYN answered by RST is only a probe. The
 * client's bytes are counted and never read: what a user types may be a password. The banner
 * is closed as soon as the client sends something other than option negotiation, so that the
 * server's echo of typed text never enters it. Byte counts are TCP payload bytes as captured
 * (retransmissions included). Source is the client.
 */
public final class TelnetApp implements AppDecoder {
    public static final String PROTOCOL = "telnet";
    public static final String DATASET = "vigil.telnet";
    public static final int PORT = 23;
    static final int MAX_POOLED_STATES = 64;
    private static final int SYN_ACK = 0x12;
    private static final int IAC = 255;

    private final TcpSegmentPool pool = new TcpSegmentPool(TcpStreams.BANNER_REASSEMBLY);
    private final FlowStates<State> states = new FlowStates<>(State.class, MAX_POOLED_STATES, State::new);
    private AppContext ctx;
    private PacketSlot slot;
    private int flow;

    final class State implements TelnetBannerParser.Sink {
        final TcpReassembler[] reassembler = new TcpReassembler[2];
        final TelnetBannerParser banner = new TelnetBannerParser();
        final long[] payloadBytes = new long[2];
        int clientDirection;

        State() {
            reassembler[0] = new TcpReassembler(TcpStreams.BANNER_REASSEMBLY, pool);
            reassembler[1] = new TcpReassembler(TcpStreams.BANNER_REASSEMBLY, pool);
        }

        void reset(int clientDirection) {
            this.clientDirection = clientDirection;
            reassembler[0].reset();
            reassembler[1].reset();
            banner.reset(this);
            payloadBytes[0] = payloadBytes[1] = 0;
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
            boolean server = direction != s.clientDirection;
            s.payloadBytes[direction] += v.payloadLength; // retransmissions included
            if (!server) {
                // the client's bytes are never read, except whether a segment starts with IAC (option
                // negotiation, RFC 854). Anything else is typing, and the server's echo could carry it:
                // the banner is what the server sent before.
                if (v.payloadLength > 0 && !s.banner.done()
                        && (slot.buffer.getByte(v.payloadOffset) & 0xFF) != IAC) {
                    s.banner.finish();
                    s.reassembler[direction ^ 1].reset();
                }
                return;
            }
            if (!s.banner.done()) {
                s.reassembler[direction].onSegment(v.tcpSeq, v.tcpFlags, slot.buffer, v.payloadOffset,
                        v.payloadLength, s.banner);
                if (s.banner.done()) {
                    s.reassembler[direction].reset(); // the pages go back to the pool now
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
        int serverDir = 1 - s.clientDirection;
        if (!s.banner.done()) {
            s.reassembler[serverDir].flush(s.banner);
            s.banner.finish();
        }
        boolean accepted = (t.tcpFlags(flow, serverDir) & SYN_ACK) == SYN_ACK;
        if (accepted || s.payloadBytes[0] + s.payloadBytes[1] > 0) {
            emit(t, s);
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

    private void emit(FlowTable t, State s) {
        long frame = t.lastFrame(flow);
        long ts = t.lastNanos(flow);
        String id = ctx.eventId(DATASET, frame, 0, null);
        ctx.begin(DATASET, ts, frame, id);
        ctx.writeFlowEndpoints(flow, s.clientDirection);
        try {
            JsonGenerator g = ctx.writer().json();
            g.writeObjectFieldStart("telnet");
            g.writeBooleanField("session", true);
            g.writeObjectFieldStart("client");
            g.writeNumberField("bytes", s.payloadBytes[s.clientDirection]);
            g.writeEndObject();
            g.writeObjectFieldStart("server");
            g.writeNumberField("bytes", s.payloadBytes[1 - s.clientDirection]);
            if (s.banner.banner() != null) {
                g.writeStringField("banner", s.banner.banner());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.emit(DATASET, id, ts);
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
