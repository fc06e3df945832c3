package dev.vigil.sensor.app;

import dev.vigil.protocol.reassembly.StreamListener;
import dev.vigil.sensor.pipeline.PacketSlot;

/**
 * An application decoder that takes over TCP connections upgraded to WebSocket (RFC 6455 §4)
 * whose negotiated subprotocol (the 101 response's Sec-WebSocket-Protocol, §4.2.2, §11.3.4) is
 * its {@link AppDecoder#protocol()} name, e.g. "sip" (RFC 7118 §4.1). The decoder that saw the
 * handshake (HTTP) keeps the flow, its app state and its TCP reassembly, and passes the bytes
 * after the handshake on to the {@link Connection} this decoder opens: the flow's port decides
 * who owns it, the handshake what it carries.
 */
public interface WebSocketUpgrade {
    /**
     * A connection upgraded on {@code flow} whose client sends in {@code clientDirection} (0: the
     * flow's source to destination). Null declines: the rest of the connection is not parsed.
     */
    Connection openWebSocket(AppContext ctx, int flow, int clientDirection);

    /** One upgraded connection, driven by the decoder that owns the flow. */
    interface Connection {
        /** The packet whose payload the listeners get next, or null when the flow ends. */
        void packet(AppContext ctx, PacketSlot slot);

        /** The listener for one direction's in-order bytes (0: the flow's source to destination). */
        StreamListener stream(int direction);

        /** The flow ended and every byte was delivered or reported as a gap. */
        void close(AppContext ctx);
    }
}
