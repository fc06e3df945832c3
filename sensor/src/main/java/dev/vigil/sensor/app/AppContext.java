package dev.vigil.sensor.app;

import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.flow.FlowTable;
import dev.vigil.sensor.pipeline.InputContext;

/** What a worker offers its application decoders: the flow table and a way to emit events. */
public interface AppContext {
    FlowTable flows();

    /** The writer for the next document; call {@link #emit} after writing it. */
    EventWriter writer();

    /** A deterministic id for a document of this input (see {@code EventIds}). */
    String eventId(String dataset, long sequence, long discriminator, String extra);

    /**
     * Starts a document with the common header, then the caller writes its fields through
     * {@link #writer()} and calls {@link #emit}.
     */
    void begin(String dataset, long timestampNanos, long sequence, String id);

    /** Publishes the document begun with {@link #begin}. */
    void emit(String dataset, String id, long timestampNanos);

    /** Counts a decode event of an app decoder (and writes a rate-limited {@code vigil.decode} document). */
    void decodeEvent(dev.vigil.protocol.DecodeEventType type, long timestampNanos, long sequence);

    /** The same for a decode event caused by a packet: the document carries its endpoints. */
    void decodeEvent(dev.vigil.protocol.DecodeEventType type, dev.vigil.sensor.pipeline.PacketSlot slot);

    InputContext input();

    /**
     * Writes {@code source}, {@code destination} (ip, port, mac) and {@code network} (transport,
     * type, vlan) of the packet, in the packet's own direction, into the document begun with
     * {@link #begin}. Every per-message event of an IP protocol starts its fields with this.
     */
    void writeEndpoints(dev.vigil.sensor.pipeline.PacketSlot slot);

    /**
     * The same from a flow rather than a packet, in the flow's {@code direction} (0: source to
     * destination): for messages passed on when the flow ends, after their last packet is gone.
     */
    void writeFlowEndpoints(int flow, int direction);

    /**
     * Announces a flow before its first packet: the next new flow of {@code transport} between
     * {@code host} (any port) and {@code peer}:{@code peerPort}, seen before {@code untilNanos},
     * goes to {@code decoder} instead of the port tables. For TFTP (the server answers from a new
     * port) and media announced in SDP. Bounded: the oldest expectation gives way when the table
     * is full (counted as {@code app.expectations_full}).
     */
    default void expect(AppDecoder decoder, int transport, long hostHi, long hostLo, long peerHi, long peerLo,
                        int peerPort, long untilNanos) {
        expect(decoder, transport, hostHi, hostLo, peerHi, peerLo, peerPort, untilNanos, null);
    }

    /**
     * The same, carrying {@code attachment}: when the announced flow arrives, it becomes the flow's
     * app state ({@link FlowTable#appState}) before the decoder's first {@code onPacket}, so the
     * decoder learns what announced it (SDP media: the Call-ID, codecs, crypto). A host of 0/0
     * matches any host (SDP names only the receiving side).
     */
    void expect(AppDecoder decoder, int transport, long hostHi, long hostLo, long peerHi, long peerLo,
                int peerPort, long untilNanos, Object attachment);

    /** This worker's decoder for {@code protocol} (e.g. {@code "rtp"}), or null when it is not enabled. */
    AppDecoder decoder(String protocol);
}
