package dev.vigil.protocol.tcp;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;
import org.agrona.DirectBuffer;

/**
 * TCP (RFC 9293). The fixed header's fields are set as soon as its 20 bytes are there (a flow
 * still learns about a segment whose options are cut); options are skipped. The payload follows
 * the data offset and is bounded by the IP datagram and the captured bytes.
 */
public final class TcpDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("tcp.truncated",
            "The packet ends before the TCP header (20 bytes, or its data offset) does.",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_DATA_OFFSET = DecodeEventType.register("tcp.bad_data_offset",
            "The TCP data offset is below 5 words or longer than the segment.", DecodeEventType.KIND_MALFORMED);

    private final TcpFlyweight tcp = new TcpFlyweight();

    public int decode(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int available = ctx.limit(end) - offset;
        if (available < TcpFlyweight.MIN_HEADER_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + TcpFlyweight.MIN_HEADER_LENGTH, end);
        }
        final TcpFlyweight tcp = this.tcp.wrap(buffer, offset, available);
        view.srcPort = tcp.sourcePort();
        view.dstPort = tcp.destinationPort();
        view.tcpSeq = tcp.sequenceNumber();
        view.tcpAck = tcp.acknowledgmentNumber();
        view.tcpFlags = tcp.flags();
        view.tcpWindow = tcp.window();
        view.l4Offset = offset;
        view.l4Length = available;
        final int dataOffset = tcp.dataOffset();
        final int headerEnd = offset + dataOffset;
        if (dataOffset < TcpFlyweight.MIN_HEADER_LENGTH || (headerEnd > end && !ctx.lengthClamped)) {
            view.fail(PacketView.STATUS_MALFORMED, BAD_DATA_OFFSET);
            return Layer.NONE;
        }
        if (dataOffset > available) {
            return ctx.truncated(view, TRUNCATED, headerEnd, end);
        }
        view.payloadOffset = headerEnd;
        view.payloadLength = available - dataOffset;
        return Layer.NONE;
    }
}
