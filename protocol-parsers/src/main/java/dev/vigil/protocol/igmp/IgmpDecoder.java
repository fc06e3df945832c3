package dev.vigil.protocol.igmp;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;
import org.agrona.DirectBuffer;

/**
 * IGMP v1/v2/v3: the message type, the group of a report, leave or query, and for a v3 report
 * the number of group records and the first record's group. Unknown types are values.
 */
public final class IgmpDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("igmp.truncated",
            "The packet ends before the 8-byte IGMP header, or a v3 report's first group record, does.",
            DecodeEventType.KIND_TRUNCATED);

    private final IgmpFlyweight igmp = new IgmpFlyweight();

    public int decode(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int available = ctx.limit(end) - offset;
        if (available < IgmpFlyweight.HEADER_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + IgmpFlyweight.HEADER_LENGTH, end);
        }
        final IgmpFlyweight igmp = this.igmp.wrap(buffer, offset, available);
        final int type = igmp.type();
        view.igmpType = type;
        view.l4Offset = offset;
        view.l4Length = available;
        view.payloadOffset = offset + IgmpFlyweight.HEADER_LENGTH;
        view.payloadLength = available - IgmpFlyweight.HEADER_LENGTH;
        if (type != IgmpFlyweight.TYPE_V3_REPORT) {
            view.igmpGroup = igmp.group();
            return Layer.NONE;
        }
        final int records = igmp.recordCount();
        view.igmpRecords = records;
        if (records > 0) {
            if (available < IgmpFlyweight.V3_FIRST_RECORD_END) {
                return ctx.truncated(view, TRUNCATED, offset + IgmpFlyweight.V3_FIRST_RECORD_END, end);
            }
            view.igmpGroup = igmp.firstRecordGroup();
        }
        return Layer.NONE;
    }
}
