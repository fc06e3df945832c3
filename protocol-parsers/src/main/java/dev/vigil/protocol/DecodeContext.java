package dev.vigil.protocol;

/**
 * Per-packet state shared by the protocol decoders of one {@link PacketDecoder}: the capture
 * bounds, where the next layer starts, the VLAN stack depth and the tunnel bookkeeping. One
 * instance per decoder (so per thread), reused for every packet.
 *
 * <p>Two ends bound every layer. {@link #capEnd} is where the captured bytes stop; the
 * {@code end} a decoder receives is the end its enclosing layer declares (frame length on the
 * wire, IP total length, UDP length ...). A decoder reads only below {@link #limit(int)} of its
 * end, never up to the buffer's capacity.
 */
public final class DecodeContext {
    /**
     * Snaplen cuts are normal capture behaviour, not protocol anomalies: one event per packet
     * (instead of {@code ipv4.truncated} etc.) so analysts see real malformations apart.
     */
    public static final DecodeEventType CAPTURE_SNAPLEN = DecodeEventType.register("capture.snaplen",
            "The capture kept only the first bytes of the packet (snaplen); layers past the cut are not decoded.",
            DecodeEventType.KIND_TRUNCATED);
    /** Cap on nested tunnels (GRE, ERSPAN, VXLAN, IP-in-IP). */
    public static final DecodeEventType TUNNEL_TOO_DEEP = DecodeEventType.register("tunnel.too_deep",
            "More nested tunnels than the decoder's maximum tunnel depth; the innermost ones are not decapsulated.",
            DecodeEventType.KIND_OVERFLOW);

    /** UDP destination port that carries VXLAN (RFC 7348: 4789). */
    public final int vxlanPort;
    public final int maxTunnelDepth;
    public final int maxVlanDepth;

    /** Offset one past the last captured byte of the packet. */
    public int capEnd;
    /** Offset one past the last byte the packet had on the wire (pcap orig_len), at least {@link #capEnd}. */
    public int wireEnd;
    /** Where the next layer starts and the end its enclosing layer declares. */
    public int nextOffset;
    public int nextEnd;
    /** VLAN tags seen since the last Ethernet header. */
    public int vlanDepth;
    /**
     * True when the current IP layer declared more bytes than its enclosing layer has (the end
     * passed on was cut to the enclosing end): transport length checks then report truncation,
     * not a second malformation.
     */
    public boolean lengthClamped;
    private boolean snaplenRecorded;

    public DecodeContext(int vxlanPort, int maxTunnelDepth, int maxVlanDepth) {
        this.vxlanPort = vxlanPort;
        this.maxTunnelDepth = maxTunnelDepth;
        this.maxVlanDepth = maxVlanDepth;
    }

    /** Starts a packet of {@code capturedLength} captured bytes at {@code offset}. */
    public void begin(int offset, int capturedLength, int originalLength) {
        capEnd = offset + capturedLength;
        wireEnd = offset + (originalLength > capturedLength ? originalLength : capturedLength);
        nextOffset = offset;
        nextEnd = wireEnd;
        vlanDepth = 0;
        lengthClamped = false;
        snaplenRecorded = false;
    }

    /** The last readable offset (exclusive) of a layer whose enclosing layer ends at {@code end}. */
    public int limit(int end) {
        return end < capEnd ? end : capEnd;
    }

    /** Hands the next layer to the decoder loop. */
    public int next(int layer, int offset, int end) {
        nextOffset = offset;
        nextEnd = end;
        return layer;
    }

    /**
     * Records that a layer needed the bytes up to {@code need} but fewer are readable. When the
     * enclosing layer declares them and the frame on the wire had them, the capture's snaplen cut
     * them: {@link #CAPTURE_SNAPLEN} once per packet. Otherwise the layer's own event.
     *
     * @return {@link Layer#NONE}, so decoders can {@code return ctx.truncated(...)}
     */
    public int truncated(PacketView view, DecodeEventType layerEvent, int need, int end) {
        if (need <= end && need <= wireEnd && need > capEnd) {
            if (!snaplenRecorded) {
                snaplenRecorded = true;
                view.fail(PacketView.STATUS_TRUNCATED, CAPTURE_SNAPLEN);
            } else if (view.status == PacketView.STATUS_OK) {
                view.status = PacketView.STATUS_TRUNCATED;
            }
        } else {
            view.fail(PacketView.STATUS_TRUNCATED, layerEvent);
        }
        return Layer.NONE;
    }

    /**
     * Enters one more tunnel layer: keeps the outermost IP endpoints, sets the tunnel type, and
     * clears the network and transport fields for the inner packet. Returns false (and records
     * {@link #TUNNEL_TOO_DEEP}) when the maximum depth is reached; the view then still describes
     * the packet carrying the tunnel.
     */
    public boolean enterTunnel(PacketView view, int tunnelType) {
        if (view.tunnelDepth >= maxTunnelDepth) {
            view.fail(PacketView.STATUS_UNSUPPORTED, TUNNEL_TOO_DEEP);
            return false;
        }
        if (view.tunnelDepth == 0) {
            view.outerSrcHi = view.srcHi;
            view.outerSrcLo = view.srcLo;
            view.outerDstHi = view.dstHi;
            view.outerDstLo = view.dstLo;
        }
        view.tunnelDepth++;
        view.tunnelType = tunnelType;
        view.tunnelId = -1;
        view.resetNetwork();
        return true;
    }
}
