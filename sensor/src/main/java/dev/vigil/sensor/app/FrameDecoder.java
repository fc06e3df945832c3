package dev.vigil.sensor.app;

import dev.vigil.sensor.pipeline.PacketSlot;

/**
 * The plug-in point for link-layer protocols that are not IP (LLDP, CDP, ...): the worker
 * offers every non-IP, non-ARP frame to each frame decoder until one takes it. Frames have no
 * flow; the decoder emits its events directly. One instance per worker, called on its thread.
 */
public interface FrameDecoder {
    /** The protocol's one name (dataset {@code vigil.<name>}). */
    String protocol();

    /**
     * Decodes the frame if it is this decoder's protocol ({@code slot.view.etherType},
     * destination MAC, LLC/SNAP header ...) and returns true; returns false, without emitting,
     * otherwise. Must not throw.
     */
    boolean onFrame(AppContext ctx, PacketSlot slot);
}
