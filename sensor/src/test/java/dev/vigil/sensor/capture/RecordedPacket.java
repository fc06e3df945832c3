package dev.vigil.sensor.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.DirectBuffer;

/** One delivered packet, copied, for comparisons in tests. */
record RecordedPacket(long frame, int interfaceId, int linkType, long timestampNanos, int capturedLength,
                      int originalLength, byte[] data) {

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordedPacket p && frame == p.frame && interfaceId == p.interfaceId
                && linkType == p.linkType && timestampNanos == p.timestampNanos
                && capturedLength == p.capturedLength && originalLength == p.originalLength
                && Arrays.equals(data, p.data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(frame) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "#" + frame + " if" + interfaceId + " lt" + linkType + " t" + timestampNanos + " " + capturedLength + "/"
                + originalLength;
    }

    /** A handler that records everything it gets, checking that offsets stay inside the buffer. */
    static final class Recorder implements PacketHandler {
        final List<RecordedPacket> packets = new ArrayList<>();

        @Override
        public boolean onPacket(long frameNumber, int interfaceId, int linkType, long timestampNanos,
                                DirectBuffer buffer, int offset, int capturedLength, int originalLength) {
            if (offset < 0 || capturedLength < 0 || (long) offset + capturedLength > buffer.capacity()) {
                throw new AssertionError("out of bounds: offset " + offset + " length " + capturedLength
                        + " capacity " + buffer.capacity());
            }
            byte[] data = new byte[capturedLength];
            buffer.getBytes(offset, data);
            packets.add(new RecordedPacket(frameNumber, interfaceId, linkType, timestampNanos, capturedLength,
                    originalLength, data));
            return true;
        }
    }
}
