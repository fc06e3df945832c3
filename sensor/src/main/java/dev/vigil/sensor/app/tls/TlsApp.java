package dev.vigil.sensor.app.tls;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.reassembly.TcpReassembler;
import dev.vigil.protocol.reassembly.TcpSegmentPool;
import dev.vigil.protocol.tls.TlsCertificateInfo;
import dev.vigil.protocol.tls.TlsClientHello;
import dev.vigil.protocol.tls.TlsHelloParser;
import dev.vigil.protocol.tls.TlsServerHello;
import dev.vigil.protocol.tls.TlsVersions;
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
 * TLS handshakes (RFC 8446, RFC 5246) on TCP 443, 5061 (SIPS) and 8443, and on any TCP flow whose
 * first payload looks like a TLS handshake record ({@link #probe}). Both directions are reassembled
 * ({@link TcpReassembler}) and fed to a {@link TlsHelloParser} each; once both sides switch to
 * protected records the connection costs one flag test per packet.
 *
 * <p>One {@code vigil.tls} document per ClientHello (a HelloRetryRequest exchange gives two), with
 * the ServerHello's answer and, for TLS ≤ 1.2, the server's leaf certificate merged in.
 * {@code event.sequence} and {@code @timestamp} are those of the segment that completed the
 * ClientHello. The document is written when the server's cleartext flight ends (ServerHelloDone,
 * ChangeCipherSpec or application data; at once for a TLS 1.3 ServerHello), at the next ClientHello,
 * or at flow end. A ServerHello without a ClientHello (capture started late, one direction only)
 * gives a document with {@code tls.server.*} only, at the ServerHello's frame. Source is the client.
 */
public final class TlsApp implements AppDecoder {
    public static final String PROTOCOL = "tls";
    public static final String DATASET = "vigil.tls";
    /** HTTPS, SIPS (RFC 5630 / RFC 3261 §26.2) and the usual alternative HTTPS port. */
    public static final int[] PORTS = {443, 5061, 8443};
    /** Documents per connection; further hellos are not logged. */
    static final int MAX_TRANSACTIONS = 16;
    static final int MAX_POOLED_STATES = 64;

    public static final DecodeEventType TOO_MANY_HELLOS = DecodeEventType.register("tls.too_many_hellos",
            "More TLS hello exchanges on one connection than the cap; the rest are not logged",
            DecodeEventType.KIND_OVERFLOW);

    private final int[] ports;
    private final TcpSegmentPool pool = new TcpSegmentPool(TcpStreams.DEFAULT_REASSEMBLY);
    private final FlowStates<State> states = new FlowStates<>(State.class, MAX_POOLED_STATES, State::new);

    private AppContext ctx;
    private PacketSlot slot;
    private int flow;

    /** Claims the default {@link #PORTS}. */
    public TlsApp() {
        this(PORTS);
    }

    /** Claims the given TCP ports instead. */
    public TlsApp(int... ports) {
        this.ports = ports.clone();
    }

    /** Per connection. */
    final class State {
        final TcpReassembler[] reassembler = new TcpReassembler[2];
        final TlsHelloParser[] parser = new TlsHelloParser[2];
        final DirectionSink[] sink = {new DirectionSink(this, 0), new DirectionSink(this, 1)};
        final TlsTransaction tx = new TlsTransaction();
        long documents;
        boolean stopped;

        State() {
            for (int d = 0; d < 2; d++) {
                reassembler[d] = new TcpReassembler(TcpStreams.DEFAULT_REASSEMBLY, pool);
                parser[d] = new TlsHelloParser(sink[d]);
            }
        }

        void reset() {
            for (int d = 0; d < 2; d++) {
                reassembler[d].reset();
                parser[d].reset(sink[d]);
            }
            tx.clear();
            documents = 0;
            stopped = false;
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

    /**
     * A TCP payload that starts like a TLS handshake record: content type 22, version 3.0..3.4
     * (RFC 8446 §5.1: legacy_record_version 0x0301 or 0x0303 in practice).
     */
    @Override
    public boolean probe(PacketSlot slot) {
        PacketView v = slot.view;
        if (v.ipProtocol != 6 || v.payloadLength < 6) {
            return false;
        }
        int o = v.payloadOffset;
        return slot.buffer.getByte(o) == 22 && slot.buffer.getByte(o + 1) == 3
                && (slot.buffer.getByte(o + 2) & 0xff) <= 4 && slot.buffer.getByte(o + 5) <= 2
                && slot.buffer.getByte(o + 5) >= 1;
    }

    @Override
    public void onPacket(AppContext ctx, int flow, int direction, PacketSlot slot) {
        PacketView v = slot.view;
        if (v.ipProtocol != 6) {
            return;
        }
        State s = states.get(ctx.flows(), flow);
        if (s == null) {
            s = states.attach(ctx.flows(), flow);
            s.reset();
        }
        TlsHelloParser p = s.parser[direction];
        if (s.stopped || p.finished()) {
            return;
        }
        this.ctx = ctx;
        this.slot = slot;
        this.flow = flow;
        try {
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
        for (int d = 0; d < 2; d++) {
            if (!s.parser[d].finished()) {
                s.reassembler[d].flush(s.parser[d]);
                s.parser[d].finish();
            }
        }
        emit(s);
        s.reset();
        states.release(t, flow, s);
    }

    // ---------------------------------------------------------------- parser callbacks

    private final class DirectionSink implements TlsHelloParser.Sink {
        private final State s;
        private final int direction;

        DirectionSink(State s, int direction) {
            this.s = s;
            this.direction = direction;
        }

        @Override
        public void onClientHello(TlsClientHello hello) {
            emit(s);
            s.tx.client(hello, frame(), nanos(), direction);
        }

        @Override
        public void onServerHello(TlsServerHello hello) {
            TlsTransaction tx = s.tx;
            if (tx.server || (tx.client && tx.clientDirection == direction)) {
                emit(s); // a second answer, or a "ServerHello" from the client's side: log what we have
            }
            tx.server(hello, frame(), nanos());
            if (!tx.client) {
                tx.clientDirection = 1 - direction;
            }
            // TLS 1.3: the certificate is encrypted, nothing more to wait for (a HelloRetryRequest waits
            // for the second ClientHello, which logs this exchange)
            if (!hello.helloRetryRequest && "1.3".equals(TlsVersions.name(hello.version()))) {
                emit(s);
            }
        }

        @Override
        public void onCertificate(byte[] der, int offset, int length) {
            TlsTransaction tx = s.tx;
            if (tx.server && tx.clientDirection != direction && tx.certificate == null) {
                tx.certificate = TlsCertificateInfo.parse(der, offset, length);
            }
        }

        @Override
        public void onServerHelloDone() {
            if (s.tx.server && s.tx.clientDirection != direction) {
                emit(s);
            }
        }

        @Override
        public void onEncrypted() {
            if (s.tx.server && s.tx.clientDirection != direction) {
                emit(s);
            }
        }

        @Override
        public void onEvent(DecodeEventType type) {
            report(type);
        }
    }

    private long frame() {
        return slot != null ? slot.frame : ctx.flows().lastFrame(flow);
    }

    private long nanos() {
        return slot != null ? slot.timestampNanos : ctx.flows().lastNanos(flow);
    }

    // ---------------------------------------------------------------- output

    private void emit(State s) {
        TlsTransaction tx = s.tx;
        if (!tx.pending()) {
            return;
        }
        if (s.stopped) {
            tx.clear();
            return;
        }
        if (++s.documents > MAX_TRANSACTIONS) {
            s.stopped = true;
            report(TOO_MANY_HELLOS);
            tx.clear();
            return;
        }
        long frame = tx.client ? tx.clientFrame : tx.serverFrame;
        long ts = tx.client ? tx.clientNanos : tx.serverNanos;
        String id = ctx.eventId(DATASET, frame, s.documents, null);
        ctx.begin(DATASET, ts, frame, id);
        ctx.writeFlowEndpoints(flow, tx.clientDirection);
        try {
            TlsLogger.write(ctx.writer(), tx);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.emit(DATASET, id, ts);
        tx.clear();
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
