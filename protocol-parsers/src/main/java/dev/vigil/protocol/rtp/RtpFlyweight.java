package dev.vigil.protocol.rtp;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * RTP fixed header (RFC 3550 section 5.1, https://www.rfc-editor.org/rfc/rfc3550#section-5.1),
 * with the CSRC list and the header extension (section 5.3.1) skipped by {@link #headerLength()}.
 * SRTP (RFC 3711) keeps this header in the clear, so everything here applies to it as well.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....  (CC of them)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |   extension length (words)    |  if X
 * |                        header extension ...                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   payload ...                 |  padding ... | padding count  |  if P
 * </pre>
 *
 * <p>RTP, RTCP, STUN, DTLS and TURN channel data may share one 5-tuple (RFC 5761, RFC 7983);
 * {@link #demux(int, int)} sorts a datagram by its first two bytes. Reads are bounded by the
 * length given to {@link #wrap} (the captured bytes), never the buffer's capacity.
 */
public final class RtpFlyweight {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("rtp.truncated",
            "The capture cut an RTP packet inside its header (fixed header, CSRC list or extension).",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_HEADER_LENGTH = DecodeEventType.register("rtp.bad_header_length",
            "The CSRC count or the header extension length of an RTP packet runs past the end of its datagram.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_PADDING = DecodeEventType.register("rtp.bad_padding",
            "The padding bit of an RTP packet is set but its last byte (the padding count) is 0 or longer than the payload.",
            DecodeEventType.KIND_MALFORMED);

    public static final int FLAGS_OFFSET = 0;
    public static final int PAYLOAD_TYPE_OFFSET = 1;
    public static final int SEQUENCE_OFFSET = 2;
    public static final int TIMESTAMP_OFFSET = 4;
    public static final int SSRC_OFFSET = 8;
    public static final int CSRC_OFFSET = 12;
    /** The fixed header. */
    public static final int FIXED_HEADER_LENGTH = 12;
    public static final int VERSION = 2;

    /** {@link #check}: the header is complete and consistent. */
    public static final int OK = 0;
    /** {@link #check}: the captured bytes end inside the header (the datagram itself may be fine). */
    public static final int STATUS_TRUNCATED = 1;
    /** {@link #check}: the header claims more bytes than the datagram has. */
    public static final int STATUS_BAD_HEADER_LENGTH = 2;
    /** {@link #check}: the padding count is 0 or larger than the payload. */
    public static final int STATUS_BAD_PADDING = 3;

    /** {@link #demux}: RTP (version 2, payload type outside the RTCP range). */
    public static final int KIND_RTP = 0;
    /** {@link #demux}: RTCP multiplexed with RTP (RFC 5761 section 4: second byte 192-223). */
    public static final int KIND_RTCP = 1;
    /** {@link #demux}: STUN (RFC 7983: first byte 0-3). */
    public static final int KIND_STUN = 2;
    /** {@link #demux}: DTLS (first byte 20-63), e.g. the DTLS-SRTP handshake. */
    public static final int KIND_DTLS = 3;
    /** {@link #demux}: anything else (ZRTP, TURN channel data, other versions, empty). */
    public static final int KIND_OTHER = 4;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    /** The fixed header's three words, read once by {@link #wrap} (zero when shorter than 12 bytes). */
    private int word0;
    private int word1;
    private int word2;
    /** {@link #headerLength()}, computed on first use after a wrap; -1 before. */
    private int headerLength;

    /**
     * Wraps a packet and reads its fixed header at once (three reads instead of one per field:
     * this runs for every RTP packet). Accessors of the fixed header are valid when {@code length}
     * is at least {@link #FIXED_HEADER_LENGTH}.
     */
    public RtpFlyweight wrap(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = Math.max(0, length);
        this.headerLength = -1;
        if (this.length >= FIXED_HEADER_LENGTH) {
            word0 = buffer.getInt(offset, java.nio.ByteOrder.BIG_ENDIAN);
            word1 = buffer.getInt(offset + TIMESTAMP_OFFSET, java.nio.ByteOrder.BIG_ENDIAN);
            word2 = buffer.getInt(offset + SSRC_OFFSET, java.nio.ByteOrder.BIG_ENDIAN);
        } else {
            word0 = 0;
            word1 = 0;
            word2 = 0;
            if (this.length >= 1) {
                word0 = NetworkOrder.uint8(buffer, offset) << 24;
            }
            if (this.length >= 2) {
                word0 |= NetworkOrder.uint8(buffer, offset + 1) << 16;
            }
        }
        return this;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    /** The captured length given to {@link #wrap}. */
    public int length() {
        return length;
    }

    /**
     * Sorts a datagram on a media 5-tuple by its first bytes (RFC 7983 section 7, RFC 5761
     * section 4): RTP and RTCP are version 2 (first byte 128-191) and RTCP's packet types 192-223
     * fall where RTP's marker bit and payload types 64-95 would be, which RTP avoids.
     *
     * @param first  the first byte, or -1 when the datagram is empty
     * @param second the second byte, or -1 when there is none
     */
    public static int demux(int first, int second) {
        if (first < 0) {
            return KIND_OTHER;
        }
        if (first >= 128 && first <= 191) {
            return second >= 192 && second <= 223 ? KIND_RTCP : KIND_RTP;
        }
        if (first <= 3) {
            return KIND_STUN;
        }
        if (first >= 20 && first <= 63) {
            return KIND_DTLS;
        }
        return KIND_OTHER;
    }

    /** The first byte (V, P, X, CC) as read by {@link #wrap}; 0 for an empty packet. */
    public int firstByte() {
        return word0 >>> 24;
    }

    /** The second byte (M, PT) as read by {@link #wrap}; 0 when absent. */
    public int secondByte() {
        return (word0 >>> 16) & 0xFF;
    }

    public int version() {
        return word0 >>> 30;
    }

    public boolean padding() {
        return (word0 & 0x2000_0000) != 0;
    }

    public boolean extension() {
        return (word0 & 0x1000_0000) != 0;
    }

    public int csrcCount() {
        return (word0 >>> 24) & 0x0F;
    }

    public boolean marker() {
        return (word0 & 0x0080_0000) != 0;
    }

    public int payloadType() {
        return (word0 >>> 16) & 0x7F;
    }

    public int sequence() {
        return word0 & 0xFFFF;
    }

    /** The RTP timestamp, unsigned. */
    public long timestamp() {
        return word1 & 0xFFFF_FFFFL;
    }

    /** The SSRC, unsigned. */
    public long ssrc() {
        return word2 & 0xFFFF_FFFFL;
    }

    /**
     * Length of the header with its CSRC list and extension, as the header claims it; reads the
     * extension length only when it was captured (else counts the extension as its 4-byte header).
     */
    public int headerLength() {
        if (headerLength >= 0) {
            return headerLength;
        }
        int n = FIXED_HEADER_LENGTH + 4 * csrcCount();
        if (extension()) {
            if (n + 4 <= length) {
                n += 4 + 4 * NetworkOrder.uint16(buffer, offset + n + 2);
            } else {
                n += 4;
            }
        }
        headerLength = n;
        return n;
    }

    /**
     * Checks the header of a version-2 packet against the captured length and the datagram's
     * declared length (the UDP length minus 8; at least the captured length).
     *
     * @return {@link #OK}, {@link #STATUS_TRUNCATED}, {@link #STATUS_BAD_HEADER_LENGTH} or
     *         {@link #STATUS_BAD_PADDING}
     */
    public int check(int declaredLength) {
        int declared = Math.max(declaredLength, length);
        if (declared < FIXED_HEADER_LENGTH) {
            return STATUS_BAD_HEADER_LENGTH;
        }
        if (length < FIXED_HEADER_LENGTH) {
            return STATUS_TRUNCATED;
        }
        if ((word0 & 0x3F00_0000) == 0) {
            return OK; // the common case: no padding, extension or CSRC, and the fixed header is there
        }
        int fixedAndCsrc = FIXED_HEADER_LENGTH + 4 * csrcCount();
        if (extension() && fixedAndCsrc + 4 > length) {
            return fixedAndCsrc + 4 > declared ? STATUS_BAD_HEADER_LENGTH : STATUS_TRUNCATED;
        }
        int header = headerLength();
        if (header > declared) {
            return STATUS_BAD_HEADER_LENGTH;
        }
        if (header > length) {
            return STATUS_TRUNCATED;
        }
        if (padding() && length == declared) {
            int pad = NetworkOrder.uint8(buffer, offset + length - 1);
            if (pad == 0 || pad > declared - header) {
                return STATUS_BAD_PADDING;
            }
        }
        return OK;
    }

    /**
     * The padding count (the datagram's last byte) of a packet that passed {@link #check} with
     * this declared length; 0 when the P bit is clear or the capture did not keep the last byte.
     */
    public int paddingCount(int declaredLength) {
        if (!padding() || length == 0 || length < declaredLength) {
            return 0;
        }
        return NetworkOrder.uint8(buffer, offset + length - 1);
    }

    /** The decode event for a {@link #check} status, or null for {@link #OK}. */
    public static DecodeEventType event(int status) {
        switch (status) {
            case STATUS_TRUNCATED: return TRUNCATED;
            case STATUS_BAD_HEADER_LENGTH: return BAD_HEADER_LENGTH;
            case STATUS_BAD_PADDING: return BAD_PADDING;
            default: return null;
        }
    }
}
