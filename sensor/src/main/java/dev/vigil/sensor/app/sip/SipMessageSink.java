package dev.vigil.sensor.app.sip;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.pipeline.PacketSlot;

/**
 * Where the message-oriented SIP transports ({@link SipSctp}, {@link SipWebSocket}) deliver: each
 * unit they delimit (an SCTP user message, RFC 4168; a WebSocket message, RFC 7118 §5) holds one
 * SIP message, which {@link SipApp} parses like a datagram and logs.
 */
interface SipMessageSink {
    /**
     * One SIP message in {@code b[off, off+len)} (valid during the call), sent in the flow's
     * {@code direction}; {@code slot} is the packet that completed it, null when the flow ends.
     */
    void message(AppContext ctx, int flow, PacketSlot slot, int direction, byte[] b, int off, int len,
                 String transport);

    /** A decode event of the transport, for the packet {@code slot} (null when the flow ends). */
    void event(AppContext ctx, int flow, PacketSlot slot, DecodeEventType type);
}
