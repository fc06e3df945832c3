package dev.vigil.protocol.igmp;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * IGMP messages: v1 (RFC 1112 appendix I), v2 (RFC 2236 section 2) and v3 (RFC 9776, formerly
 * RFC 3376, sections 4.1 and 4.2).
 *
 * <pre>
 * v1/v2 messages and v3 queries:
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      | Max Resp Code |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Group Address                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * v3 membership report (type 0x22):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Type = 0x22  |    Reserved   |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Reserved            |  Number of Group Records (M)  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Record Type  |  Aux Data Len  |     Number of Sources (N)     |  first group record
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Multicast Address                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class IgmpFlyweight {
    public static final int TYPE_OFFSET = 0;
    public static final int MAX_RESPONSE_OFFSET = 1;
    public static final int CHECKSUM_OFFSET = 2;
    public static final int GROUP_OFFSET = 4;
    public static final int V3_RECORD_COUNT_OFFSET = 6;
    public static final int V3_FIRST_RECORD_GROUP_OFFSET = 12;
    public static final int HEADER_LENGTH = 8;
    /** A v3 report up to the end of its first group record's multicast address. */
    public static final int V3_FIRST_RECORD_END = 16;

    public static final int TYPE_QUERY = 0x11;
    public static final int TYPE_V1_REPORT = 0x12;
    public static final int TYPE_V2_REPORT = 0x16;
    public static final int TYPE_LEAVE = 0x17;
    public static final int TYPE_V3_REPORT = 0x22;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public IgmpFlyweight wrap(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public int type() {
        return NetworkOrder.uint8(buffer, offset + TYPE_OFFSET);
    }

    public int maxResponse() {
        return NetworkOrder.uint8(buffer, offset + MAX_RESPONSE_OFFSET);
    }

    public int checksum() {
        return NetworkOrder.uint16(buffer, offset + CHECKSUM_OFFSET);
    }

    /** Group address of a v1/v2 message or a query (0 for a general query). */
    public int group() {
        return NetworkOrder.int32(buffer, offset + GROUP_OFFSET);
    }

    /** Number of group records of a v3 report. */
    public int recordCount() {
        return NetworkOrder.uint16(buffer, offset + V3_RECORD_COUNT_OFFSET);
    }

    /** Multicast address of a v3 report's first group record. */
    public int firstRecordGroup() {
        return NetworkOrder.int32(buffer, offset + V3_FIRST_RECORD_GROUP_OFFSET);
    }
}
