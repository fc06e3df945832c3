package dev.vigil.protocol.rtp;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * RTCP compound packets (RFC 3550 section 6, https://www.rfc-editor.org/rfc/rfc3550#section-6):
 * sender and receiver reports, source descriptions, BYE and the rest (APP, RFC 4585 feedback,
 * RFC 3611 XR) walked by their length fields. {@link #wrap} first checks the whole compound as
 * RFC 3550 appendix A.2 does (every packet version 2 with an RTCP packet type, lengths adding up
 * to the datagram, reports fitting their packet); {@link #next} then visits the packets that
 * passed. A compound whose check fails is not read at all: its contents may be SRTCP
 * ciphertext (RFC 3711 encrypts everything after the first eight bytes) or garbage.
 *
 * <pre>
 * common header (all types)          SR: header, sender info, RC report blocks
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  RC/SC  |      PT       |  length (32-bit words - 1)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of sender (SR, RR, BYE, APP, FB, XR)    |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * | SR only: NTP timestamp (64), RTP timestamp, packet count, octet count
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * | report block (24 bytes, RC of them):                          |
 * |   SSRC of the reported source                                 |
 * |   fraction lost (8) | cumulative number of packets lost (24)  |
 * |   extended highest sequence number received                   |
 * |   interarrival jitter                                         |
 * |   last SR (LSR)                                               |
 * |   delay since last SR (DLSR)                                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * SDES: SC chunks of (SSRC, items of (type, length, text)..., type 0), each padded to 4 bytes
 * BYE:  SC SSRCs, then an optional reason
 * </pre>
 *
 * Reads are bounded by the captured length; nothing is allocated.
 */
public final class RtcpParser {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("rtp.rtcp_truncated",
            "The capture cut an RTCP compound packet: the packets after the cut are not read.",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_LENGTH = DecodeEventType.register("rtp.rtcp_bad_length",
            "An RTCP compound packet does not add up (a packet that is not version 2, has no RTCP type, is too short "
                    + "for its report count, or a length field past the datagram); it is not read.",
            DecodeEventType.KIND_MALFORMED);

    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;

    public static final int STATUS_OK = 0;
    /** The compound is consistent up to where the capture cut it; the complete packets are readable. */
    public static final int STATUS_TRUNCATED = 1;
    /** The compound is inconsistent; {@link #next} returns false at once. */
    public static final int STATUS_MALFORMED = 2;

    public static final int HEADER_LENGTH = 4;
    public static final int SENDER_INFO_LENGTH = 20;
    public static final int REPORT_BLOCK_LENGTH = 24;
    /** SDES chunks read per packet at most (SC allows 31). */
    public static final int MAX_SDES_CHUNKS = 8;
    /** SDES item type CNAME (RFC 3550 section 6.5.1). */
    public static final int SDES_CNAME = 1;

    private DirectBuffer buffer;
    private int start;
    private int captured;
    private int status;
    /** End of the packets that passed the check (relative to start). */
    private int validEnd;
    private int packets;

    private int cursor;
    private int pOffset;
    private int pLength;
    private int pType;
    private int pCount;

    private final long[] chunkSsrc = new long[MAX_SDES_CHUNKS];
    private final int[] cnameOffset = new int[MAX_SDES_CHUNKS];
    private final int[] cnameLength = new int[MAX_SDES_CHUNKS];
    private int chunks;

    /**
     * Wraps and checks a compound packet.
     *
     * @param captured the bytes present from {@code offset}
     * @param declared the datagram's length on the wire (UDP length - 8); at least {@code captured}
     * @return {@link #STATUS_OK}, {@link #STATUS_TRUNCATED} or {@link #STATUS_MALFORMED}
     */
    public int wrap(DirectBuffer buffer, int offset, int captured, int declared) {
        this.buffer = buffer;
        this.start = offset;
        this.captured = Math.max(0, captured);
        int total = Math.max(this.captured, declared);
        this.cursor = 0;
        this.packets = 0;
        this.validEnd = 0;
        int at = 0;
        int s = STATUS_OK;
        if (total < HEADER_LENGTH) {
            s = STATUS_MALFORMED;
        }
        while (s == STATUS_OK && at < total) {
            if (at + HEADER_LENGTH > this.captured) {
                s = at + HEADER_LENGTH > total ? STATUS_MALFORMED : STATUS_TRUNCATED;
                break;
            }
            int b0 = NetworkOrder.uint8(buffer, offset + at);
            int type = NetworkOrder.uint8(buffer, offset + at + 1);
            int size = 4 * (NetworkOrder.uint16(buffer, offset + at + 2) + 1);
            int count = b0 & 0x1F;
            if (b0 >>> 6 != 2 || type < 192 || type > 223 || at + size > total || size < minimumSize(type, count)) {
                s = STATUS_MALFORMED;
                break;
            }
            if (at + size > this.captured) {
                s = STATUS_TRUNCATED;
                break;
            }
            at += size;
            packets++;
            validEnd = at;
        }
        status = s;
        if (s == STATUS_MALFORMED) {
            packets = 0;
            validEnd = 0;
        }
        return s;
    }

    private static int minimumSize(int type, int count) {
        switch (type) {
            case SR: return 8 + SENDER_INFO_LENGTH + REPORT_BLOCK_LENGTH * count;
            case RR: return 8 + REPORT_BLOCK_LENGTH * count;
            case BYE: return 4 + 4 * count;
            default: return HEADER_LENGTH;
        }
    }

    public int status() {
        return status;
    }

    /** Packets that passed the check. */
    public int packetCount() {
        return packets;
    }

    /** The decode event for a {@link #wrap} status, or null. */
    public static DecodeEventType event(int status) {
        return status == STATUS_TRUNCATED ? TRUNCATED : status == STATUS_MALFORMED ? BAD_LENGTH : null;
    }

    /** Moves to the next packet that passed the check; false after the last. */
    public boolean next() {
        if (cursor >= validEnd) {
            return false;
        }
        pOffset = start + cursor;
        int b0 = NetworkOrder.uint8(buffer, pOffset);
        pType = NetworkOrder.uint8(buffer, pOffset + 1);
        pLength = 4 * (NetworkOrder.uint16(buffer, pOffset + 2) + 1);
        pCount = b0 & 0x1F;
        cursor += pLength;
        chunks = pType == SDES ? parseSdes() : 0;
        return true;
    }

    /** Packet type (200 SR, 201 RR, 202 SDES, 203 BYE, 204 APP, 205-207 feedback and XR ...). */
    public int packetType() {
        return pType;
    }

    /** RC, SC or the feedback/APP subtype: the low five bits of the first byte. */
    public int count() {
        return pCount;
    }

    /** The packet's length in bytes, header included. */
    public int packetLength() {
        return pLength;
    }

    /** The first SSRC after the header (the sender for SR, RR, APP, feedback, XR), or -1 when the packet is too short. */
    public long senderSsrc() {
        return pLength >= 8 ? NetworkOrder.uint32(buffer, pOffset + 4) : -1;
    }

    // ---------------------------------------------------------------- SR / RR

    /** SR: the sender's packet count. */
    public long senderPacketCount() {
        return NetworkOrder.uint32(buffer, pOffset + 20);
    }

    /** SR: the sender's payload octet count. */
    public long senderOctetCount() {
        return NetworkOrder.uint32(buffer, pOffset + 24);
    }

    /** SR: NTP timestamp, 32.32 fixed point seconds since 1900. */
    public long senderNtpTimestamp() {
        return NetworkOrder.int64(buffer, pOffset + 8);
    }

    /** SR: the RTP timestamp matching the NTP timestamp. */
    public long senderRtpTimestamp() {
        return NetworkOrder.uint32(buffer, pOffset + 16);
    }

    /** SR/RR: report blocks in this packet (the check made sure they fit). */
    public int reportCount() {
        return pType == SR || pType == RR ? pCount : 0;
    }

    private int block(int i) {
        return pOffset + (pType == SR ? 8 + SENDER_INFO_LENGTH : 8) + REPORT_BLOCK_LENGTH * i;
    }

    public long reportSsrc(int i) {
        return NetworkOrder.uint32(buffer, block(i));
    }

    /** Fraction lost since the previous report, in 1/256. */
    public int reportFractionLost(int i) {
        return NetworkOrder.uint8(buffer, block(i) + 4);
    }

    /** Cumulative number of packets lost, signed 24 bits (negative with duplicates). */
    public int reportCumulativeLost(int i) {
        int v = NetworkOrder.uint24(buffer, block(i) + 5);
        return (v << 8) >> 8;
    }

    public long reportHighestSequence(int i) {
        return NetworkOrder.uint32(buffer, block(i) + 8);
    }

    /** Interarrival jitter in timestamp units. */
    public long reportJitter(int i) {
        return NetworkOrder.uint32(buffer, block(i) + 12);
    }

    public long reportLastSr(int i) {
        return NetworkOrder.uint32(buffer, block(i) + 16);
    }

    public long reportDelaySinceLastSr(int i) {
        return NetworkOrder.uint32(buffer, block(i) + 20);
    }

    // ---------------------------------------------------------------- SDES

    /**
     * Reads the chunks of the current SDES packet (at most {@link #MAX_SDES_CHUNKS}); an item
     * running past the packet ends the reading.
     */
    private int parseSdes() {
        int end = pOffset + pLength;
        int at = pOffset + HEADER_LENGTH;
        int n = 0;
        for (int c = 0; c < pCount && n < MAX_SDES_CHUNKS; c++) {
            if (at + 4 > end) {
                break;
            }
            chunkSsrc[n] = NetworkOrder.uint32(buffer, at);
            cnameOffset[n] = -1;
            cnameLength[n] = 0;
            at += 4;
            boolean ended = false;
            while (at < end) {
                int type = NetworkOrder.uint8(buffer, at);
                if (type == 0) {
                    // the null item; the chunk is padded to the next 32-bit boundary
                    at = pOffset + ((at - pOffset) / 4 + 1) * 4;
                    ended = true;
                    break;
                }
                if (at + 2 > end) {
                    break;
                }
                int len = NetworkOrder.uint8(buffer, at + 1);
                if (at + 2 + len > end) {
                    break;
                }
                if (type == SDES_CNAME && cnameOffset[n] < 0) {
                    cnameOffset[n] = at + 2;
                    cnameLength[n] = len;
                }
                at += 2 + len;
            }
            n++;
            if (!ended) {
                break;
            }
        }
        return n;
    }

    /** SDES: chunks read. */
    public int chunkCount() {
        return chunks;
    }

    public long chunkSsrc(int i) {
        return chunkSsrc[i];
    }

    /** SDES: offset of chunk {@code i}'s CNAME text in the buffer, or -1 when it has none. */
    public int cnameOffset(int i) {
        return cnameOffset[i];
    }

    public int cnameLength(int i) {
        return cnameLength[i];
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    // ---------------------------------------------------------------- BYE

    /** BYE: the SSRCs leaving. */
    public int byeCount() {
        return pType == BYE ? pCount : 0;
    }

    public long byeSsrc(int i) {
        return NetworkOrder.uint32(buffer, pOffset + HEADER_LENGTH + 4 * i);
    }
}
