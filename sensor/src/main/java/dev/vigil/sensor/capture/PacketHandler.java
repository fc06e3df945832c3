package dev.vigil.sensor.capture;

import org.agrona.DirectBuffer;

/**
 * Receives packets from a capture source (an offline file reader or a live interface).
 * The buffer is only valid during the call: the handler copies what it keeps.
 */
@FunctionalInterface
public interface PacketHandler {
    /**
     * @param frameNumber     1-based number of the packet in its file (offline) or since capture start (live)
     * @param interfaceId     pcapng interface id (0 for pcap files and live capture)
     * @param linkType        LINKTYPE_* of the packet's interface, see {@code dev.vigil.protocol.LinkType}
     * @param timestampNanos  packet time, nanoseconds since the Unix epoch (UTC)
     * @param buffer          holds the packet bytes
     * @param offset          offset of the first byte of the packet in {@code buffer}
     * @param capturedLength  bytes captured (may be less than {@code originalLength}, snaplen)
     * @param originalLength  bytes on the wire
     * @return false when the handler dropped the packet (live capture with a full ring); readers count it
     */
    boolean onPacket(long frameNumber, int interfaceId, int linkType, long timestampNanos,
                     DirectBuffer buffer, int offset, int capturedLength, int originalLength);
}
