package dev.vigil.sensor.app;

import dev.vigil.sensor.pipeline.PacketSlot;

/**
 * The plug-in point for application-layer decoders (SIP, RTP, SNMP, TFTP, DIP, ...). A decoder
 * claims ports and, optionally, recognises its protocol heuristically; the worker then hands it
 * every packet of the flows it owns. One instance per worker, called only from that worker's
 * thread, so per-flow state needs no locking; keep it in {@link AppContext#flows()} via
 * {@code setAppState}.
 */
public interface AppDecoder {
    /** The protocol's one name (package, event keys, JSON object, dataset {@code vigil.<name>}). */
    String protocol();

    /** The ports this decoder owns, by transport. */
    PortClaims claims();

    /**
     * Called for the first packet of a flow that no port claim matched. Return true to take the
     * flow. Must not allocate or throw; look only at {@code slot.view} and {@code slot.buffer}.
     */
    default boolean probe(PacketSlot slot) {
        return false;
    }

    /** A packet of a flow this decoder owns; {@code direction} 0 is source to destination. */
    void onPacket(AppContext ctx, int flow, int direction, PacketSlot slot);

    /** The flow ends (timeout, close, end of input): emit what is pending, drop the state. */
    default void onFlowEnd(AppContext ctx, int flow) {
    }

    /**
     * Packet time advanced to {@code nowNanos}: called about once per second of packet time (and
     * of wall-clock time on a quiet live link), so that state kept across flows (SIP calls) can
     * time out although no packet of this decoder arrives.
     */
    default void onTime(AppContext ctx, long nowNanos) {
    }

    /**
     * The input ended (end of a capture file, or shutdown), after every flow has ended: emit
     * what is still pending across flows (calls still in progress), drop it.
     */
    default void onInputEnd(AppContext ctx) {
    }
}
