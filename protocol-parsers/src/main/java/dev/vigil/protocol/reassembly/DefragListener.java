package dev.vigil.protocol.reassembly;

import dev.vigil.protocol.DecodeEventType;

/**
 * Receives the {@link IpDefragmenter} events that are not caused by the packet being added:
 * datagrams that time out ({@code ipv4.frag_timeout}, {@code ipv6.frag_timeout}), found by
 * {@link IpDefragmenter#expire(long)} or while adding another fragment.
 *
 * <p>Events caused by the fragment being added (overlaps, caps, malformed fragments) are
 * recorded on that packet's {@link dev.vigil.protocol.PacketView} instead, like every other
 * decode event, so the pipeline counts each event exactly once. Called on the defragmenter's
 * thread; must not keep references to anything (all arguments are primitives or constants).
 */
@FunctionalInterface
public interface DefragListener {
    /**
     * @param type       the event
     * @param ipVersion  4 or 6
     * @param srcHi      source address, high 64 bits (0 for IPv4)
     * @param srcLo      source address, low 64 bits (IPv4-mapped for IPv4, see PacketView)
     * @param dstHi      destination address, high 64 bits
     * @param dstLo      destination address, low 64 bits
     * @param fragmentId IPv4 identification (16 bits) or IPv6 fragment identification (32 bits)
     * @param protocol   IPv4 protocol, or -1 for IPv6 (not part of the RFC 8200 key)
     * @param context    the caller's context value the datagram was keyed with (VLAN, interface)
     */
    void onEvent(DecodeEventType type, int ipVersion, long srcHi, long srcLo, long dstHi, long dstLo,
                 long fragmentId, int protocol, int context);
}
