package dev.vigil.protocol.sctp;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * One SCTP chunk (RFC 9260 section 3.2) and the fields of a DATA chunk (section 3.3.1) or an
 * I-DATA chunk (RFC 8260 section 2.1). The chunk length excludes the padding to a multiple of 4
 * octets that follows the chunk ({@link #paddedLength}).
 *
 * <pre>
 *  Chunk:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Chunk Type  | Chunk  Flags  |        Chunk Length           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                          Chunk Value                          \
 *
 *  DATA (type 0), flags: I (0x08) immediate, U (0x04) unordered, B (0x02) first, E (0x01) last:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 0    |  Res  |I|U|B|E|           Length              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                              TSN                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Stream Identifier S      |   Stream Sequence Number n    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Payload Protocol Identifier                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                 User Data (seq n of Stream S)                 \
 *
 *  I-DATA (type 64): TSN, Stream Identifier, Reserved, Message Identifier, then the PPID
 *  (B set) or the Fragment Sequence Number (B clear); user data from octet 20.
 * </pre>
 */
public final class SctpChunkFlyweight {
    public static final int TYPE_OFFSET = 0;
    public static final int FLAGS_OFFSET = 1;
    public static final int LENGTH_OFFSET = 2;
    public static final int HEADER_LENGTH = 4;
    public static final int TSN_OFFSET = 4;
    public static final int STREAM_OFFSET = 8;
    public static final int SSN_OFFSET = 10;
    public static final int PPID_OFFSET = 12;
    public static final int DATA_HEADER_LENGTH = 16;
    public static final int I_DATA_MID_OFFSET = 12;
    public static final int I_DATA_PPID_OFFSET = 16;
    public static final int I_DATA_HEADER_LENGTH = 20;

    public static final int TYPE_DATA = 0;
    public static final int TYPE_I_DATA = 64;
    public static final int FLAG_END = 0x01;
    public static final int FLAG_BEGIN = 0x02;
    public static final int FLAG_UNORDERED = 0x04;
    /** B and E: the chunk holds a whole user message. */
    public static final int FLAGS_UNFRAGMENTED = FLAG_BEGIN | FLAG_END;

    private DirectBuffer buffer;
    private int offset;

    public SctpChunkFlyweight wrap(DirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public int offset() {
        return offset;
    }

    public int type() {
        return NetworkOrder.uint8(buffer, offset + TYPE_OFFSET);
    }

    public int flags() {
        return NetworkOrder.uint8(buffer, offset + FLAGS_OFFSET);
    }

    /** Type, flags, length and value, without the padding. */
    public int chunkLength() {
        return NetworkOrder.uint16(buffer, offset + LENGTH_OFFSET);
    }

    /** The chunk length rounded up to a multiple of 4 (RFC 9260 section 3.2). */
    public static int paddedLength(int chunkLength) {
        return (chunkLength + 3) & ~3;
    }

    public static boolean isData(int type) {
        return type == TYPE_DATA || type == TYPE_I_DATA;
    }

    /** Octets before the user data of a DATA or I-DATA chunk. */
    public static int dataHeaderLength(int type) {
        return type == TYPE_I_DATA ? I_DATA_HEADER_LENGTH : DATA_HEADER_LENGTH;
    }

    public long tsn() {
        return NetworkOrder.uint32(buffer, offset + TSN_OFFSET);
    }

    public int streamId() {
        return NetworkOrder.uint16(buffer, offset + STREAM_OFFSET);
    }

    /** DATA: the Stream Sequence Number. */
    public int streamSequence() {
        return NetworkOrder.uint16(buffer, offset + SSN_OFFSET);
    }

    /** DATA: the PPID; I-DATA: the PPID of a first fragment (B set), else -1. */
    public long ppid() {
        if (type() == TYPE_I_DATA) {
            return (flags() & FLAG_BEGIN) != 0 ? NetworkOrder.uint32(buffer, offset + I_DATA_PPID_OFFSET) : -1;
        }
        return NetworkOrder.uint32(buffer, offset + PPID_OFFSET);
    }
}
