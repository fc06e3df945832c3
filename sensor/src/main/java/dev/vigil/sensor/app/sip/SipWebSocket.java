package dev.vigil.sensor.app.sip;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.reassembly.StreamListener;
import dev.vigil.protocol.websocket.WebSocketFrameParser;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.WebSocketUpgrade;
import dev.vigil.sensor.pipeline.PacketSlot;

/**
 * SIP over WebSocket (RFC 7118): a connection upgraded with subprotocol "sip" carries one SIP
 * message per WebSocket message, text or binary (§5). The HTTP decoder that saw the handshake
 * feeds each direction's stream here ({@link WebSocketUpgrade}); {@link WebSocketFrameParser}
 * unframes and unmasks, and every message goes to {@link SipApp} with transport "ws". Messages
 * are capped at the SIP parser's head plus body caps ({@code websocket.message_too_large}).
 */
final class SipWebSocket implements WebSocketUpgrade.Connection {
    static final String TRANSPORT = "ws";

    private final SipMessageSink sink;
    private final int flow;
    private final WebSocketFrameParser[] parsers = new WebSocketFrameParser[2];
    private AppContext ctx;
    private PacketSlot slot;

    SipWebSocket(SipMessageSink sink, int flow, int clientDirection, int maxMessage) {
        this.sink = sink;
        this.flow = flow;
        for (int d = 0; d < 2; d++) {
            parsers[d] = new WebSocketFrameParser(d == clientDirection, maxMessage);
            parsers[d].reset(new Direction(d));
        }
    }

    @Override
    public void packet(AppContext ctx, PacketSlot slot) {
        this.ctx = ctx;
        this.slot = slot;
    }

    @Override
    public StreamListener stream(int direction) {
        return parsers[direction];
    }

    @Override
    public void close(AppContext ctx) {
        this.ctx = ctx;
        this.slot = null;
        parsers[0].finish();
        parsers[1].finish();
    }

    /** The messages and events of one direction. */
    private final class Direction implements WebSocketFrameParser.Sink {
        private final int direction;

        Direction(int direction) {
            this.direction = direction;
        }

        @Override
        public void onMessage(int opcode, byte[] b, int off, int len) {
            sink.message(ctx, flow, slot, direction, b, off, len, TRANSPORT);
        }

        @Override
        public void onEvent(DecodeEventType type) {
            sink.event(ctx, flow, slot, type);
        }
    }
}
