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

    private boolean external;

    /** Fills the packet's metadata (the bytes are copied or wrapped separately). */
    void setPacket(InputContext in, long frameNumber, int iface, int link, long timestamp, int captured, int wire) {
        kind = KIND_PACKET;
        input = in;
        frame = frameNumber;
        interfaceId = iface;
        linkType = link;
        timestampNanos = timestamp;
        capturedLength = captured;
        wireLength = wire;
        decoded = false;
    }

    /** Turns the slot into the end-of-input marker of {@code ended}. */
    void setEndOfInput(InputContext ended) {
        kind = KIND_END_OF_INPUT;
        input = ended;
        decoded = true;
        view.reset();
    }

    /**
     * Makes room for {@code length} bytes of the slot's own array (and points {@link #buffer} at
     * it again); allocates only when the slot has never held a packet this large.
     */
    public void ensureCapacity(int length) {
        if (data.length < length) {
            data = new byte[Math.max(length, data.length * 2)];
            buffer.wrap(data);
        } else if (external) {
            buffer.wrap(data);
        }
        external = false;
    }

    /**
     * Points {@link #buffer} at bytes the slot does not own (zero copy: offline, the reader's
     * memory map, valid only while the packet is being processed on the reading thread).
     */
    public void wrapExternal(org.agrona.DirectBuffer source, int offset, int length) {
        buffer.wrap(source, offset, length);
        external = true;
    }

    /**
     * Copies the packet's first {@code length} bytes into the slot's own array if they are
     * external, so the slot can be modified in place (fragment reassembly).
     */
    public void own(int length, int capacity) {
        if (!external) {
            ensureCapacity(capacity);
            return;
        }
        byte[] target = data.length >= capacity ? data : new byte[Math.max(capacity, data.length * 2)];
        buffer.getBytes(0, target, 0, length);
        data = target;
        buffer.wrap(data);
        external = false;
    }

    public byte[] data() {
        return data;
    }
}
