package dev.vigil.protocol.dns;

import org.agrona.DirectBuffer;

/**
 * The fixed 12-byte DNS message header (RFC 1035 section 4.1.1,
 * https://www.rfc-editor.org/rfc/rfc1035#section-4.1.1; AD and CD from RFC 4035 section 3.2).
 * mDNS (RFC 6762 section 18) uses the same header.
 *
 * <pre>
 *                                 1  1  1  1  1  1
 *   0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |                      ID                       |
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |                    QDCOUNT                    |
 * |                    ANCOUNT                    |
 * |                    NSCOUNT                    |
 * |                    ARCOUNT                    |
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * </pre>
 * Callers check {@code length >= HEADER_LENGTH} before reading.
 */
public final class DnsFlyweight {
    public static final int ID_OFFSET = 0;
    public static final int FLAGS_OFFSET = 2;
    public static final int QDCOUNT_OFFSET = 4;
    public static final int ANCOUNT_OFFSET = 6;
    public static final int NSCOUNT_OFFSET = 8;
    public static final int ARCOUNT_OFFSET = 10;
    public static final int HEADER_LENGTH = 12;

    public static final int FLAG_QR = 0x8000;
    public static final int FLAG_AA = 0x0400;
    public static final int FLAG_TC = 0x0200;
    public static final int FLAG_RD = 0x0100;
    public static final int FLAG_RA = 0x0080;
    public static final int FLAG_Z = 0x0040;
    public static final int FLAG_AD = 0x0020;
    public static final int FLAG_CD = 0x0010;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public DnsFlyweight wrap(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    private int u16(int at) {
        return ((buffer.getByte(offset + at) & 0xFF) << 8) | (buffer.getByte(offset + at + 1) & 0xFF);
    }

    public int id() {
        return u16(ID_OFFSET);
    }

    /** The 16 flag bits (QR, opcode, AA, TC, RD, RA, Z, AD, CD, rcode). */
    public int flags() {
        return u16(FLAGS_OFFSET);
    }

    public boolean response() {
        return (flags() & FLAG_QR) != 0;
    }

    public int opcode() {
        return (flags() >>> 11) & 0xF;
    }

    public int rcode() {
        return flags() & 0xF;
    }

    public int questionCount() {
        return u16(QDCOUNT_OFFSET);
    }

    public int answerCount() {
        return u16(ANCOUNT_OFFSET);
    }

    public int authorityCount() {
        return u16(NSCOUNT_OFFSET);
    }

    public int additionalCount() {
        return u16(ARCOUNT_OFFSET);
    }
}
