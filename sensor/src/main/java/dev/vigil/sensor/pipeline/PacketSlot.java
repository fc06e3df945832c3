package dev.vigil.sensor.pipeline;

import dev.vigil.protocol.PacketView;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A preallocated slot of the packet ring: the packet's bytes, copied once by the capture
 * thread, and what the L2-L4 decoder found in them. Reused for every packet that passes
 * through the slot; its byte array grows only when a larger packet arrives.
 */
public final class PacketSlot {
    public static final int KIND_PACKET = 0;
    /** Marker: the input ended; workers end its flows and flush. */
    public static final int KIND_END_OF_INPUT = 1;

    public int kind;
    public InputContext input;
    public long frame;
    public int interfaceId;
    public int linkType;
    public int capturedLength;
    /** True once {@link #view} describes the packet (decoded by the capture thread or the worker). */
    public boolean decoded;
    public long timestampNanos;
    /** Length on the wire (pcap orig_len). */
    public int wireLength;
    public final PacketView view = new PacketView();
    private byte[] data = new byte[2048];
    public final UnsafeBuffer buffer = new UnsafeBuffer(data);

    /** Makes room for {@code length} bytes; allocates only when the slot has never held a packet this large. */
    public void ensureCapacity(int length) {
        if (data.length < length) {
            data = new byte[Math.max(length, data.length * 2)];
            buffer.wrap(data);
        }
    }

    public byte[] data() {
        return data;
    }
}
