package dev.vigil.sensor.app.http;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.http.HttpAuthorization;
import dev.vigil.protocol.http.HttpMessageView;
import dev.vigil.protocol.http.HttpParser;
import dev.vigil.protocol.reassembly.TcpReassembler;
import dev.vigil.protocol.reassembly.TcpSegmentPool;
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
import java.util.ArrayDeque;

/**
 * HTTP/1.x (RFC 9112) on TCP 80, 8080, 8000 and 8008: both directions reassembled
 * ({@link TcpReassembler}), requests and responses parsed incrementally ({@link HttpParser}) and
 * paired in order per connection (pipelining included). One {@code vigil.http} document per
 * transaction, emitted with the frame that completes the response; a request without a
 * response (at flow end, or pushed out by the pending cap) and a response without a request
 * (or an interim 1xx) get a document of their own. Source is always the client.
 *
 * <p>A 101 response that upgrades the connection to WebSocket with a subprotocol that names an
 * app decoder implementing {@link WebSocketUpgrade} (RFC 7118: "sip") hands the rest of the
 * connection's bytes to that decoder; the flow stays here.
 *
 * <p>Credentials: of the Authorization header only the scheme and, for Basic, the user-id leave
 * this class ({@link HttpAuthorization}), plus one bit: whether the credentials are the vendor's
 * factory default ({@link HttpAuthorization#basicIsVendorDefault}, compared in a scratch array that
 * is cleared). The password is never stored, never logged.
 */
public final class HttpApp implements AppDecoder {
    public static final String PROTOCOL = "http";
    public static final String DATASET = "vigil.http";
    /** The ports claimed by default (web UIs of intercom stations and their management hosts). */
    public static final int[] PORTS = {80, 8080, 8000, 8008};
    /** Requests waiting for their response per connection (pipelining depth). */
    static final int MAX_PENDING = 16;
    /** Documents per connection; further traffic of the connection is not parsed. */
    static final int MAX_TRANSACTIONS = 1000;
    static final int MAX_POOLED_STATES = 64;
    private static final long FLOW_END_DISCRIMINATOR = 1_000_000L;

    public static final DecodeEventType TOO_MANY_PENDING = DecodeEventType.register("http.too_many_pending",
        "More pipelined HTTP requests waiting for responses than the cap; the oldest is logged unanswered",
        DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TOO_MANY_TRANSACTIONS = DecodeEventType.register(
        "http.too_many_transactions",
        "More HTTP transactions on one connection than the cap; the rest of the connection is not parsed",
        DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType URI_TOO_LONG = DecodeEventType.register("http.uri_too_long",
        "HTTP request target longer than the logged cap; url.original is cut", DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType INVALID_BASIC_AUTH = DecodeEventType.register("http.invalid_basic_auth",
        "HTTP Basic credentials that are not base64 of 'user-id:password' (RFC 7617); no user name logged",
        DecodeEventType.KIND_MALFORMED);

    private final int[] ports;
    private final TcpSegmentPool pool = new TcpSegmentPool(TcpStreams.DEFAULT_REASSEMBLY);
    private final FlowStates<State> states = new FlowStates<>(State.class, MAX_POOLED_STATES, State::new);

    private AppContext ctx;
    private PacketSlot slot;
    private int flow;
    private long discriminator;

    /** Claims the default {@link #PORTS}. */
    public HttpApp() {
        this(PORTS);
    }

    /** Claims the given TCP ports instead (a site's web UI on another port; tests). */
    public HttpApp(int... ports) {
        this.ports = ports.clone();
    }

    /** Per connection: a reassembler per direction, a parser per role, the requests waiting for answers. */
    final class State {
        final TcpReassembler[] reassembler = new TcpReassembler[2];
        final HttpParser requests = new HttpParser(true);
        final HttpParser responses = new HttpParser(false);
        final RequestSink requestSink = new RequestSink(this);
        final ResponseSink responseSink = new ResponseSink(this);
        final ArrayDeque<HttpRequestRecord> pending = new ArrayDeque<>();
        final ArrayDeque<HttpRequestRecord> spare = new ArrayDeque<>();
        int clientDirection;
        long documents;
        boolean stopped;
        /** After a WebSocket upgrade: the decoder that gets the bytes (null otherwise). */
        WebSocketUpgrade.Connection upgraded;

        State() {
            reassembler[0] = new TcpReassembler(TcpStreams.DEFAULT_REASSEMBLY, pool);
            reassembler[1] = new TcpReassembler(TcpStreams.DEFAULT_REASSEMBLY, pool);
        }

        void reset(int clientDirection) {
            this.clientDirection = clientDirection;
            reassembler[0].reset();
            reassembler[1].reset();
            requests.reset(requestSink);
            responses.reset(responseSink);
            while (!pending.isEmpty()) {
                spare.push(pending.poll());
            }
            documents = 0;
            stopped = false;
            upgraded = null;
        }
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public PortClaims claims() {
        PortClaims c = new PortClaims();
        for (int p : ports) {
            c.tcp(p);
        }
        return c;
    }

    private boolean serverPort(int port) {
        for (int p : ports) {
            if (p == port) {
                return true;
            }
        }
        return false;
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
        this.discriminator = 0;
        try {
            State s = state(ctx.flows(), flow, v, direction);
            if (s.stopped) {
                return;
            }
            if (s.upgraded != null) {
                s.upgraded.packet(ctx, slot);
                s.reassembler[direction].onSegment(v.tcpSeq, v.tcpFlags, slot.buffer, v.payloadOffset,
                        v.payloadLength, s.upgraded.stream(direction));
                return;
            }
            HttpParser p = direction == s.clientDirection ? s.requests : s.responses;
            if (p.abandoned() || p.tunneled()) {
                return;
            }
            s.reassembler[direction].onSegment(v.tcpSeq, v.tcpFlags, slot.buffer, v.payloadOffset, v.payloadLength, p);
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
        this.discriminator = FLOW_END_DISCRIMINATOR;
        if (s.upgraded != null) {
            s.upgraded.packet(ctx, null);
            for (int d = 0; d < 2; d++) {
                s.reassembler[d].flush(s.upgraded.stream(d));
            }
            s.upgraded.close(ctx);
        } else if (!s.stopped) {
            HttpParser req = s.requests;
            HttpParser resp = s.responses;
            s.reassembler[s.clientDirection].flush(req);
            req.finish();
            s.reassembler[1 - s.clientDirection].flush(resp);
            resp.finish();
            while (!s.pending.isEmpty() && !s.stopped) {
                HttpRequestRecord r = s.pending.poll();
                emit(s, r, null, false);
                s.spare.push(r);
            }
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
        // the side that talks to the server port is the client
        s.reset(serverPort(v.dstPort) || !serverPort(v.srcPort) ? direction : 1 - direction);
        return s;
    }

    // ---------------------------------------------------------------- parser callbacks

    private final class RequestSink implements HttpParser.Sink {
        private final State s;

        RequestSink(State s) {
            this.s = s;
        }

        @Override
        public void onHead(HttpParser parser, HttpMessageView m) {
            String method = m.method();
            if ("CONNECT".equals(method)) {
                parser.tunnel(); // RFC 9110 §9.3.6: what follows is the tunnel, not HTTP
            }
        }

        @Override
        public void onMessage(HttpMessageView m) {
            if (s.stopped) {
                return;
            }
            HttpRequestRecord r = s.spare.isEmpty() ? new HttpRequestRecord() : s.spare.pop();
            r.clear();
            HttpLogger.capture(r, m);
            if (m.startLineValid() && m.targetLength() > HttpLogger.MAX_URI) {
                report(URI_TOO_LONG);
            }
            authorization(r, m);
            r.frame = slot != null ? slot.frame : ctx.flows().lastFrame(flow);
            r.timestampNanos = slot != null ? slot.timestampNanos : ctx.flows().lastNanos(flow);
            if (s.pending.size() == MAX_PENDING) {
                report(TOO_MANY_PENDING);
                HttpRequestRecord old = s.pending.poll();
                emit(s, old, null, false);
                s.spare.push(old);
            }
            s.pending.add(r);
        }

        @Override
        public void onEvent(DecodeEventType type) {
            report(type);
        }
    }

    private final class ResponseSink implements HttpParser.Sink {
        private final State s;

        ResponseSink(State s) {
            this.s = s;
        }

        @Override
        public void onHead(HttpParser parser, HttpMessageView m) {
            HttpRequestRecord r = s.pending.peek();
            if (r != null && "HEAD".equals(r.method)) {
                parser.noBody(); // RFC 9110 §9.3.2
            } else if (r != null && "CONNECT".equals(r.method) && m.status() >= 200 && m.status() < 300) {
                parser.tunnel();
            } else if (m.status() == 101) {
                s.upgraded = webSocket(s, m);
            }
        }

        @Override
        public void onMessage(HttpMessageView m) {
            if (s.stopped) {
                return;
            }
            int st = m.status();
            if (st >= 100 && st < 200 && st != 101) {
                emit(s, null, m, false); // interim response: the final one still follows (RFC 9110 §15.2)
                return;
            }
            HttpRequestRecord r = s.pending.poll();
            emit(s, r, m, r != null);
            if (r != null) {
                s.spare.push(r);
            }
        }

        @Override
        public void onEvent(DecodeEventType type) {
            report(type);
        }
    }

    /**
     * RFC 6455 §4.2.2: a 101 with "Upgrade: websocket" and a Sec-WebSocket-Protocol naming a
     * decoder that takes WebSocket connections (RFC 7118 §4.1: "sip") gets the connection.
     */
    private WebSocketUpgrade.Connection webSocket(State s, HttpMessageView m) {
        String upgrade = m.headerValue("upgrade", 64);
        String protocol = m.headerValue("sec-websocket-protocol", 64);
        if (upgrade == null || protocol == null || !upgrade.trim().equalsIgnoreCase("websocket")) {
            return null;
        }
        AppDecoder d = ctx.decoder(protocol.trim().toLowerCase(java.util.Locale.ROOT));
        return d instanceof WebSocketUpgrade w ? w.openWebSocket(ctx, flow, s.clientDirection) : null;
    }

    private void authorization(HttpRequestRecord r, HttpMessageView m) {
        int h = m.header("authorization");
        if (h < 0) {
            return;
        }
        byte[] b = m.buffer();
        int off = m.valueOffset(h);
        int len = m.valueLength(h);
        r.authScheme = HttpAuthorization.scheme(b, off, len);
        if (r.authScheme != null && r.authScheme.equalsIgnoreCase("basic")) {
            r.basic = true;
            r.authUser = HttpAuthorization.basicUser(b, off, len, HttpLogger.MAX_USER);
            r.defaultCredentials = HttpAuthorization.basicIsVendorDefault(b, off, len);
            if (r.authUser == null) {
                report(INVALID_BASIC_AUTH);
            }
        }
    }

    // ---------------------------------------------------------------- output

    private void emit(State s, HttpRequestRecord req, HttpMessageView resp, boolean paired) {
        if (s.stopped) {
            return;
        }
        if (++s.documents > MAX_TRANSACTIONS) {
            s.stopped = true;
            report(TOO_MANY_TRANSACTIONS);
            return;
        }
        FlowTable t = ctx.flows();
        long frame;
        long ts;
        if (resp != null) {
            frame = slot != null ? slot.frame : t.lastFrame(flow);
            ts = slot != null ? slot.timestampNanos : t.lastNanos(flow);
        } else {
            frame = req.frame;
            ts = req.timestampNanos;
        }
        String id = ctx.eventId(DATASET, frame, discriminator++, null);
        ctx.begin(DATASET, ts, frame, id);
        ctx.writeFlowEndpoints(flow, s.clientDirection);
        try {
            HttpLogger.write(ctx.writer().json(), req, resp, paired);
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
