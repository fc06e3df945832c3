package dev.vigil.sensor.app.tftp;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.tftp.TftpKaitaiAdapter;
import dev.vigil.protocol.tftp.TftpMessage;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.PortClaims;
import dev.vigil.sensor.flow.FlowTable;
import dev.vigil.sensor.pipeline.PacketSlot;

/**
 * TFTP (RFC 1350; options RFC 2347-2349): one {@code vigil.tftp} event per message and one per
 * transfer when it ends.
 *
 * <p>Claims UDP port 69, where requests arrive. The server answers a request from C:pc to S:69
 * from a new port of its own (RFC 1350 section 4), so on every RRQ/WRQ the decoder announces
 * the reply flow (S any port, C:pc) to the worker with {@link AppContext#expect} and parks the
 * transfer in a bounded table keyed by client address and port ({@link PendingTransfers}); the
 * first packet of the announced flow takes the transfer from there and the flow keeps it as its
 * state. A server that answers from port 69 itself keeps the whole transfer on the request flow.
 *
 * <p>A transfer ends when the receiver acknowledges the DATA block shorter than the block size
 * ({@code completed}), on an ERROR ({@code error}), or when its flow ends first
 * ({@code incomplete}: idle timeout, eviction, end of input). Filenames are attacker-controlled:
 * they are capped by the adapter and only ever reported.
 */
public final class TftpApp implements AppDecoder {
    public static final String PROTOCOL = "tftp";
    public static final String DATASET = TftpLogger.DATASET;
    /** RFC 1350 section 4: requests go to the server's well-known port. */
    public static final int PORT = 69;
    /** Requests awaiting their server's first answer, per worker ({@link #TOO_MANY_TRANSFERS} beyond). */
    public static final int MAX_PENDING_TRANSFERS = 256;
    /** How long after a request its reply flow is expected (clients retry within seconds). */
    public static final long REPLY_WINDOW_NANOS = 30_000_000_000L;

    public static final DecodeEventType TOO_MANY_TRANSFERS = DecodeEventType.register("tftp.too_many_transfers",
            "More TFTP requests await their server's answer than the table holds; the oldest is no longer followed.",
            DecodeEventType.KIND_OVERFLOW);

    private static final int UDP = 17;

    private final TftpKaitaiAdapter adapter = new TftpKaitaiAdapter();
    private final TftpMessage message = new TftpMessage();
    private final PendingTransfers pending;

    public TftpApp() {
        this(MAX_PENDING_TRANSFERS);
    }

    TftpApp(int maxPending) {
        pending = new PendingTransfers(maxPending);
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public PortClaims claims() {
        return PortClaims.none().udp(PORT);
    }

    @Override
    public void onPacket(AppContext ctx, int flow, int direction, PacketSlot slot) {
        PacketView v = slot.view;
        if (v.ipProtocol != UDP || !v.hasTransport()) {
            return;
        }
        TftpMessage m = adapter.parse(slot.buffer, v.payloadOffset, v.payloadLength, message);
        for (int i = 0; i < m.eventCount(); i++) {
            ctx.decodeEvent(m.event(i), slot);
        }
        if (m.opcode() < 0) {
            return; // not even an opcode: the decode event is all there is
        }
        FlowTable flows = ctx.flows();
        Object state = flows.appState(flow);
        TftpTransfer t = state instanceof TftpTransfer ? (TftpTransfer) state : null;
        boolean retransmission = false;
        TftpTransfer ended = null;
        if (m.isRequest()) {
            t = request(ctx, flow, slot, m, t);
        } else if (m.knownOpcode()) {
            if (t == null) {
                t = answer(v, flow, slot.timestampNanos, slot.frame);
                flows.setAppState(flow, t);
            } else if (t.finished() && t.transferFlow == flow) {
                // the server answers a new request of the same client port from the same port
                // as before, so the finished transfer's flow carries the next one
                TftpTransfer next = takePending(v);
                if (next != null) {
                    next.answered = true;
                    next.transferFlow = flow;
                    flows.setAppState(flow, next);
                    t = next;
                }
            } else if (!t.answered) {
                // the server answers on the request flow itself (from port 69)
                pending.remove(t);
                t.answered = true;
                t.transferFlow = flow;
            }
            boolean wasActive = !t.finished();
            boolean fromClient = t.isClient(v.srcHi, v.srcLo, v.srcPort);
            if (!fromClient && t.serverPort == PORT && v.srcPort != PORT) {
                t.serverPort = v.srcPort;
            }
            retransmission = t.onMessage(m, fromClient, cut(v), slot.timestampNanos, slot.frame);
            if (wasActive && t.finished()) {
                ended = t;
            }
        }
        TftpLogger.message(ctx, slot, m, t, retransmission);
        if (ended != null) {
            TftpLogger.transfer(ctx, ended);
        }
    }

    /** RRQ or WRQ: a new transfer (or a repeated request of the current one); announces its reply flow. */
    private TftpTransfer request(AppContext ctx, int flow, PacketSlot slot, TftpMessage m, TftpTransfer current) {
        PacketView v = slot.view;
        long now = slot.timestampNanos;
        if (current != null && current.sameRequest(m)
                && current.isClient(v.srcHi, v.srcLo, v.srcPort)) {
            // the client repeats its request (RFC 1350 section 2: on timeout it retransmits)
            current.retransmits++;
            current.touch(now, slot.frame);
            if (now >= current.expectUntil) {
                announce(ctx, current, now);
            }
            return current;
        }
        if (current != null && !current.finished() && (!current.answered || current.transferFlow == flow)) {
            // a different request on a flow whose transfer is still open (before any answer, or on
            // the transfer's own flow): that transfer is over
            pending.remove(current);
            current.abandon();
            TftpLogger.transfer(ctx, current);
        }
        TftpTransfer t = new TftpTransfer(v.srcHi, v.srcLo, v.srcPort, v.dstHi, v.dstLo, v.dstPort, v.ipVersion,
                v.outerVlan(), v.innerVlan(), now, slot.frame);
        t.requestOpcode = m.opcode();
        t.filename = m.filename();
        t.mode = m.mode();
        ctx.flows().setAppState(flow, t);
        TftpTransfer evicted = pending.add(t, now);
        if (evicted != null) {
            // the oldest request is no longer followed; its request flow still ends it
            ctx.decodeEvent(TOO_MANY_TRANSFERS, slot);
        }
        announce(ctx, t, now);
        return t;
    }

    private void announce(AppContext ctx, TftpTransfer t, long now) {
        t.expectUntil = now + REPLY_WINDOW_NANOS;
        ctx.expect(this, UDP, t.serverHi, t.serverLo, t.clientHi, t.clientLo, t.clientPort, t.expectUntil);
    }

    /**
     * The first packet of a flow without state that is not a request: normally the server's
     * first answer on the announced reply flow (to C:pc, or from C:pc when the capture reordered
     * it). Without a pending transfer (evicted, or the request was not captured) the flow gets a
     * transfer of its own that knows no filename.
     */
    private TftpTransfer answer(PacketView v, int flow, long now, long frame) {
        TftpTransfer t = takePending(v);
        if (t == null) {
            // client: the side that is not port 69; for two ephemeral ports, the receiver of the
            // first packet (servers speak first on a transfer port)
            boolean srcIsClient = v.dstPort == PORT && v.srcPort != PORT;
            t = srcIsClient
                    ? new TftpTransfer(v.srcHi, v.srcLo, v.srcPort, v.dstHi, v.dstLo, v.dstPort, v.ipVersion,
                            v.outerVlan(), v.innerVlan(), now, frame)
                    : new TftpTransfer(v.dstHi, v.dstLo, v.dstPort, v.srcHi, v.srcLo, v.srcPort, v.ipVersion,
                            v.outerVlan(), v.innerVlan(), now, frame);
        }
        t.answered = true;
        t.transferFlow = flow;
        return t;
    }

    /** The pending transfer whose client is the packet's destination (or source) and server the other side. */
    private TftpTransfer takePending(PacketView v) {
        TftpTransfer t = pending.take(v.dstHi, v.dstLo, v.dstPort, v.srcHi, v.srcLo);
        return t != null ? t : pending.take(v.srcHi, v.srcLo, v.srcPort, v.dstHi, v.dstLo);
    }

    /** The capture cut the datagram (snaplen): a short DATA then says nothing about the transfer's end. */
    private static boolean cut(PacketView v) {
        return v.l3Length < v.ipTotalLength;
    }

    @Override
    public void onFlowEnd(AppContext ctx, int flow) {
        Object state = ctx.flows().appState(flow);
        if (!(state instanceof TftpTransfer t) || t.finished()) {
            return;
        }
        if (t.answered && t.transferFlow != flow) {
            return; // the request flow ends; the reply flow carries the transfer on
        }
        pending.remove(t);
        t.abandon();
        TftpLogger.transfer(ctx, t);
    }

    /** Requests awaiting their server's answer (for tests and metrics). */
    int pendingTransfers() {
        return pending.size();
    }
}
