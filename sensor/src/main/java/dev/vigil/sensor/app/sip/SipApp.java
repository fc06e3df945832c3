package dev.vigil.sensor.app.sip;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.reassembly.StreamListener;
import dev.vigil.protocol.reassembly.TcpReassembler;
import dev.vigil.protocol.reassembly.TcpSegmentPool;
import dev.vigil.protocol.sdp.SdpParser;
import dev.vigil.protocol.sdp.SdpView;
import dev.vigil.protocol.sip.SipBody;
import dev.vigil.protocol.sip.SipMessageView;
import dev.vigil.protocol.sip.SipParser;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.FlowStates;
import dev.vigil.sensor.app.PortClaims;
import dev.vigil.sensor.app.TcpStreams;
import dev.vigil.sensor.app.WebSocketUpgrade;
import dev.vigil.sensor.flow.FlowTable;
import dev.vigil.sensor.pipeline.PacketSlot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.agrona.DirectBuffer;

/**
 * SIP (RFC 3261) on UDP and TCP 5060 and 5062 (Zenitel Pulse), and on any port whose first
 * packet starts like a SIP message ({@link #probe}). One {@code vigil.sip} document per message,
 * with {@code event.sequence} the frame that carried (UDP) or completed (TCP) it.
 *
 * <p>UDP: one message per datagram (§18.3); CRLF keep-alives (RFC 5626 §3.5.1) are not
 * messages; should a datagram hold further messages after a Content-Length-framed one, they are
 * parsed too. TCP: both directions reassembled ({@link TcpReassembler}), messages framed by
 * Content-Length (§18.3): several per segment, one over several segments. A stream that does not
 * start at a message (capture started mid-stream, gap) is resynchronised at the next start line.
 *
 * <p>An SDP body (RFC 8866; alone or as a part of a multipart body) is parsed and summarised in
 * {@code sip.sdp.*}. The messages of INVITE dialogs feed {@link SipCalls}, which writes one
 * {@code vigil.call} document per call and announces the RTP flows each SDP names to the RTP
 * decoder ({@link AppContext#expect}), so that media is recognised on any port.
 *
 * <p>SCTP ({@link SipSctp}, RFC 4168) and WebSocket ({@link SipWebSocket}, RFC 7118, connections that
 * the HTTP decoder upgrades) deliver one message per unit to {@code units}.
 */
public final class SipApp implements AppDecoder, WebSocketUpgrade {
    public static final String PROTOCOL = "sip";
    public static final String DATASET = "vigil.sip";
    public static final int[] UDP_PORTS = {5060, 5062};
    public static final int[] TCP_PORTS = {5060, 5062};
    /** Messages parsed per datagram at most. */
    static final int MAX_MESSAGES_PER_DATAGRAM = 8;
    static final int MAX_POOLED_STATES = 64;
    private static final long FLOW_END_DISCRIMINATOR = 1_000_000L;

    public static final DecodeEventType STREAM_GAP = DecodeEventType.register("sip.stream_gap",
        "Bytes of a SIP TCP stream were never captured; the message in progress is lost, parsing resumes at the "
            + "next start line", DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType STREAM_TRUNCATED = DecodeEventType.register("sip.stream_truncated",
        "A SIP TCP stream ended inside a message (head or Content-Length body incomplete)",
        DecodeEventType.KIND_TRUNCATED);

    private final SipParser parser;
    private final SipMessageView view;
    private final SipLogger logger = new SipLogger();
    private final SipBody body = new SipBody();
    private final SdpParser sdpParser;
    private final SdpView sdp;
    private final SipCalls calls;
    private final SipCalls.Endpoints endpoints = new SipCalls.Endpoints();
    private final Consumer<DecodeEventType> reporter = this::reportType;
    private final byte[] datagram = new byte[65536];
    private final TcpSegmentPool pool = new TcpSegmentPool(TcpStreams.DEFAULT_REASSEMBLY);
    private final FlowStates<State> states = new FlowStates<>(State.class, MAX_POOLED_STATES, State::new);
    private final int streamCap;
    private final SipSctp sctp;

    private AppContext ctx;
    private PacketSlot slot;
    private int flow;
    private long discriminator;
    /** At flow end: the direction being flushed (its messages' endpoints). */
    private int flushDirection;

    public SipApp() {
        this(new SipParser());
    }

    /** With other caps (tests, configuration). */
    public SipApp(SipParser parser) {
        this(parser, new SdpParser(), SipCalls.DEFAULT_MAX_CALLS);
    }

    /**
     * @param parser   SIP caps
     * @param sdp      SDP caps
     * @param maxCalls INVITE dialogs followed at once
     */
    public SipApp(SipParser parser, SdpParser sdp, int maxCalls) {
        this.parser = parser;
        this.view = parser.newView();
        this.streamCap = parser.maxHeadBytes() + parser.maxBodyBytes();
        this.sdpParser = sdp;
        this.sdp = sdp.newView();
        this.calls = new SipCalls(maxCalls);
        this.sctp = new SipSctp(units, streamCap);
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public PortClaims claims() {
        PortClaims c = new PortClaims();
        for (int p : UDP_PORTS) {
            c.udp(p);
        }
        for (int p : TCP_PORTS) {
            c.tcp(p);
        }
        return c;
    }

    /** A flow on another port is SIP when its first packet starts with "METHOD sip:" or "SIP/2.0 ". */
    @Override
    public boolean probe(PacketSlot slot) {
        PacketView v = slot.view;
        if (v.ipProtocol == SipSctp.IP_PROTOCOL) {
            return SipSctp.probe(slot);
        }
        if ((v.ipProtocol != 17 && v.ipProtocol != 6) || v.payloadLength < 8) {
            return false;
        }
        return SipParser.looksLikeSip(slot.buffer, v.payloadOffset, v.payloadLength);
    }

    @Override
    public void onPacket(AppContext ctx, int flow, int direction, PacketSlot slot) {
        PacketView v = slot.view;
        this.ctx = ctx;
        this.slot = slot;
        this.flow = flow;
        this.discriminator = 0;
        try {
            if (v.ipProtocol == 17) {
                udp(v, slot);
            } else if (v.ipProtocol == 6) {
                State s = state(ctx.flows(), flow);
                s.reassembler[direction].onSegment(v.tcpSeq, v.tcpFlags, slot.buffer, v.payloadOffset,
                        v.payloadLength, s.stream[direction]);
            } else if (v.ipProtocol == SipSctp.IP_PROTOCOL) {
                sctp.onPacket(ctx, flow, direction, slot);
            }
        } finally {
            this.slot = null;
        }
    }

    @Override
    public void onFlowEnd(AppContext ctx, int flow) {
        sctp.onFlowEnd(ctx, flow);
        FlowTable t = ctx.flows();
        State s = states.get(t, flow);
        if (s == null) {
            return;
        }
        this.ctx = ctx;
        this.slot = null;
        this.flow = flow;
        this.discriminator = FLOW_END_DISCRIMINATOR;
        for (int d = 0; d < 2; d++) {
            flushDirection = d;
            s.reassembler[d].flush(s.stream[d]);
            s.stream[d].finish();
        }
        s.reset();
        states.release(t, flow, s);
    }

    @Override
    public void onTime(AppContext ctx, long nowNanos) {
        calls.advance(ctx, nowNanos);
    }

    @Override
    public void onInputEnd(AppContext ctx) {
        calls.flush(ctx);
    }

    // ---------------------------------------------------------------- UDP

    private void udp(PacketView v, PacketSlot slot) {
        int len = Math.min(v.payloadLength, datagram.length);
        if (len <= 0) {
            return;
        }
        slot.buffer.getBytes(v.payloadOffset, datagram, 0, len); // copied once; the view points here
        if (SipParser.blank(datagram, 0, len)) {
            return; // keep-alive (CRLF, RFC 5626 §3.5.1; some phones send spaces): not a message
        }
        int off = 0;
        for (int n = 0; n < MAX_MESSAGES_PER_DATAGRAM; n++) {
            off += SipParser.skipKeepAlive(datagram, off, len - off);
            if (off >= len || (n > 0 && !SipParser.looksLikeSip(datagram, off, len - off))) {
                return; // CRLFs or octets past Content-Length after the message: ignored (§18.3)
            }
            boolean ok = parser.parseDatagram(datagram, off, len - off, v.capturedLength >= v.originalLength, view);
            report(view);
            if (ok) {
                emit(view, "udp");
            }
            if (!ok || view.contentLength() < 0 || view.truncated()) {
                return;
            }
            off += view.messageLength();
        }
    }

    // ---------------------------------------------------------------- TCP

    /** Per connection: a reassembler and a framer per direction. */
    final class State {
        final TcpReassembler[] reassembler = new TcpReassembler[2];
        final Stream[] stream = {new Stream(), new Stream()};

        State() {
            reassembler[0] = new TcpReassembler(TcpStreams.DEFAULT_REASSEMBLY, pool);
            reassembler[1] = new TcpReassembler(TcpStreams.DEFAULT_REASSEMBLY, pool);
        }

        void reset() {
            reassembler[0].reset();
            reassembler[1].reset();
            stream[0].reset();
            stream[1].reset();
        }
    }

    private State state(FlowTable t, int flow) {
        State s = states.get(t, flow);
        if (s != null) {
            return s;
        }
        s = states.attach(t, flow);
        s.reset();
        return s;
    }

    /**
     * One direction of a connection: bytes accumulate in a growing buffer (up to the head cap plus
     * the body cap) until a whole message is there; a body over the cap is skipped as it streams by.
     */
    final class Stream implements StreamListener {
        byte[] buf = new byte[2048];
        int len;
        long skip;
        /** Looking for a start line (mid-stream start, after a gap or an invalid start line). */
        boolean resync;
        boolean resyncReported;

        void reset() {
            len = 0;
            skip = 0;
            resync = false;
            resyncReported = false;
            if (buf.length > 16 * 1024) {
                buf = new byte[2048];
            }
        }

        @Override
        public void onData(DirectBuffer src, int offset, int length) {
            int i = offset;
            int end = offset + length;
            while (i < end) {
                if (skip > 0) {
                    int n = (int) Math.min(skip, end - i);
                    skip -= n;
                    i += n;
                    continue;
                }
                int room = ensureRoom(end - i);
                if (room == 0) {
                    // a head plus body beyond the caps that never framed: drop what is held and resync
                    len = 0;
                    resync = true;
                    continue;
                }
                src.getBytes(i, buf, len, room);
                len += room;
                i += room;
                frame();
            }
        }

        private int ensureRoom(int want) {
            if (buf.length - len < want && buf.length < streamCap) {
                int n = buf.length;
                while (n - len < want && n < streamCap) {
                    n *= 2;
                }
                byte[] nb = new byte[Math.min(n, streamCap)];
                System.arraycopy(buf, 0, nb, 0, len);
                buf = nb;
            }
            return Math.min(want, buf.length - len);
        }

        /** Takes every complete message off the front of the buffer. */
        private void frame() {
            int pos = 0;
            while (pos < len) {
                pos += SipParser.skipKeepAlive(buf, pos, len - pos);
                if (pos >= len) {
                    break;
                }
                int head = parser.parseHead(buf, pos, len - pos, view);
                if (head == SipParser.NEED_MORE) {
                    if (resync) {
                        // keep only from the last line start: a start line may still be arriving
                        int nl = lastNewline(pos);
                        if (nl >= 0) {
                            pos = nl + 1;
                        }
                    }
                    break;
                }
                if (head == SipParser.HEAD_TOO_LONG) {
                    report(view);
                    pos = len;
                    resync = true;
                    break;
                }
                if (!view.valid()) {
                    if (!resync || !resyncReported) {
                        report(view);
                        resyncReported = true;
                    }
                    resync = true;
                    int nl = nextNewline(pos);
                    pos = nl < 0 ? len : nl + 1;
                    continue;
                }
                long cl = Math.max(0, view.contentLength());
                if (view.bodyTooLarge()) {
                    SipParser.attachBody(view, 0);
                    report(view);
                    emit(view, "tcp");
                    pos += head;
                    long have = len - pos;
                    if (have >= cl) {
                        pos += (int) cl;
                    } else {
                        skip = cl - have;
                        pos = len;
                    }
                } else if (len - pos - head >= cl) {
                    SipParser.attachBody(view, (int) cl);
                    report(view);
                    emit(view, "tcp");
                    pos += head + (int) cl;
                } else {
                    break;
                }
                resync = false;
                resyncReported = false;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, len - pos);
                len -= pos;
            }
        }

        private int nextNewline(int from) {
            for (int k = from; k < len; k++) {
                if (buf[k] == '\n') {
                    return k;
                }
            }
            return -1;
        }

        private int lastNewline(int from) {
            for (int k = len - 1; k >= from; k--) {
                if (buf[k] == '\n') {
                    return k;
                }
            }
            return -1;
        }

        @Override
        public void onGap(long missingBytes) {
            if (skip > 0) {
                if (missingBytes <= skip) {
                    skip -= missingBytes;
                    return;
                }
                skip = 0;
            }
            if (len > 0 || !resync) {
                reportType(STREAM_GAP);
            }
            len = 0;
            resync = true;
            resyncReported = true;
        }

        @Override
        public void onEvent(DecodeEventType type) {
            reportType(type);
        }

        void finish() {
            int k = SipParser.skipKeepAlive(buf, 0, len);
            if (len - k > 0 && !resync) {
                reportType(STREAM_TRUNCATED);
            }
            len = 0;
        }
    }

    // ---------------------------------------------------------------- output

    private void emit(SipMessageView m, String transport) {
        FlowTable t = ctx.flows();
        long frame = slot != null ? slot.frame : t.lastFrame(flow);
        long ts = slot != null ? slot.timestampNanos : t.lastNanos(flow);
        boolean sdpPresent = body.findSdp(m);
        boolean sdpParsed = false;
        if (sdpPresent) {
            sdpParsed = sdpParser.parse(m.buffer(), body.offset(), body.length(), sdp);
            for (int i = 0; i < sdp.eventCount(); i++) {
                reportType(sdp.event(i));
            }
        }
        String id = ctx.eventId(DATASET, frame, discriminator++, null);
        ctx.begin(DATASET, ts, frame, id);
        if (slot != null) {
            ctx.writeEndpoints(slot);
        } else {
            ctx.writeFlowEndpoints(flow, flushDirection);
        }
        try {
            logger.write(ctx.writer().json(), m, transport, sdpPresent, sdpParsed ? sdp : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.emit(DATASET, id, ts);
        endpoints(t);
        calls.onMessage(ctx, m, sdpParsed ? sdp : null, transport, ts, frame, endpoints, reporter);
    }

    /** The message's packet endpoints (at flow end: the flow's, in the direction being flushed). */
    private void endpoints(FlowTable t) {
        SipCalls.Endpoints e = endpoints;
        if (slot != null) {
            PacketView v = slot.view;
            e.srcHi = v.srcHi;
            e.srcLo = v.srcLo;
            e.srcPort = v.srcPort;
            e.dstHi = v.dstHi;
            e.dstLo = v.dstLo;
            e.dstPort = v.dstPort;
            e.ipVersion = v.ipVersion;
            return;
        }
        boolean fwd = flushDirection == 0;
        e.srcHi = fwd ? t.srcHi(flow) : t.dstHi(flow);
        e.srcLo = fwd ? t.srcLo(flow) : t.dstLo(flow);
        e.srcPort = fwd ? t.srcPort(flow) : t.dstPort(flow);
        e.dstHi = fwd ? t.dstHi(flow) : t.srcHi(flow);
        e.dstLo = fwd ? t.dstLo(flow) : t.srcLo(flow);
        e.dstPort = fwd ? t.dstPort(flow) : t.srcPort(flow);
        e.ipVersion = t.ipVersion(flow);
    }

    private void report(SipMessageView m) {
        for (int i = 0; i < m.eventCount(); i++) {
            reportType(m.event(i));
        }
    }

    private void reportType(DecodeEventType type) {
        if (slot != null) {
            ctx.decodeEvent(type, slot);
        } else {
            FlowTable t = ctx.flows();
            ctx.decodeEvent(type, t.lastNanos(flow), t.lastFrame(flow));
        }
    }

    // ---------------------------------------------------------------- SCTP and WebSocket (SipSctp, SipWebSocket)

    /** Discriminators of messages from {@link #units}: apart from those of UDP, TCP and flow end. */
    private static final long UNIT_DISCRIMINATOR = 2_000_000L;
    private long unitFrame = -1;
    private long unitSeq;

    @Override
    public WebSocketUpgrade.Connection openWebSocket(AppContext ctx, int flow, int clientDirection) {
        return new SipWebSocket(units, flow, clientDirection, streamCap);
    }

    /** One SIP message per SCTP user message or WebSocket message, parsed like a datagram (§18.3). */
    private final SipMessageSink units = new SipMessageSink() {
        @Override
        public void message(AppContext c, int f, PacketSlot s, int direction, byte[] b, int off, int len,
                            String transport) {
            AppContext oldCtx = ctx;
            PacketSlot oldSlot = slot;
            int oldFlow = flow;
            long oldDiscriminator = discriminator;
            enter(c, f, s, direction);
            try {
                if (len > 0 && !SipParser.blank(b, off, len)) {
                    boolean ok = parser.parseDatagram(b, off, len, view);
                    report(view);
                    if (ok) {
                        emit(view, transport);
                    }
                }
            } finally {
                ctx = oldCtx;
                slot = oldSlot;
                flow = oldFlow;
                discriminator = oldDiscriminator;
            }
        }

        @Override
        public void event(AppContext c, int f, PacketSlot s, DecodeEventType type) {
            AppContext oldCtx = ctx;
            PacketSlot oldSlot = slot;
            int oldFlow = flow;
            ctx = c;
            slot = s;
            flow = f;
            try {
                reportType(type);
            } finally {
                ctx = oldCtx;
                slot = oldSlot;
                flow = oldFlow;
            }
        }
    };

    private void enter(AppContext c, int f, PacketSlot s, int direction) {
        ctx = c;
        slot = s;
        flow = f;
        flushDirection = direction;
        long frame = s != null ? s.frame : c.flows().lastFrame(f);
        if (frame != unitFrame) {
            unitFrame = frame;
            unitSeq = 0;
        }
        discriminator = UNIT_DISCRIMINATOR + (s == null ? FLOW_END_DISCRIMINATOR : 0) + unitSeq++;
    }
}
