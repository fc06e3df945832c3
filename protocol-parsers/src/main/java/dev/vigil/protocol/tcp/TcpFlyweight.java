package dev.vigil.protocol.tcp;

import dev.vigil.protocol.NetworkOrder;
import org.agrona.DirectBuffer;

/**
 * TCP header (RFC 9293 section 3.1, https://www.rfc-editor.org/rfc/rfc9293#section-3.1).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |       |       |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class TcpFlyweight {
    public static final int SOURCE_PORT_OFFSET = 0;
    public static final int DESTINATION_PORT_OFFSET = 2;
    public static final int SEQUENCE_OFFSET = 4;
    public static final int ACKNOWLEDGMENT_OFFSET = 8;
    public static final int DATA_OFFSET_OFFSET = 12;
    public static final int FLAGS_OFFSET = 13;
    public static final int WINDOW_OFFSET = 14;
    public static final int CHECKSUM_OFFSET = 16;
    public static final int URGENT_POINTER_OFFSET = 18;
    public static final int MIN_HEADER_LENGTH = 20;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public TcpFlyweight wrap(DirectBuffer buffer, int offset, int length) {
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

    public int sourcePort() {
        return NetworkOrder.uint16(buffer, offset + SOURCE_PORT_OFFSET);
    }

    public int destinationPort() {
        return NetworkOrder.uint16(buffer, offset + DESTINATION_PORT_OFFSET);
    }

    public long sequenceNumber() {
        return NetworkOrder.uint32(buffer, offset + SEQUENCE_OFFSET);
    }

    public long acknowledgmentNumber() {
        return NetworkOrder.uint32(buffer, offset + ACKNOWLEDGMENT_OFFSET);
    }

    /** Header length in bytes (data offset x 4). */
    public int dataOffset() {
        return (NetworkOrder.uint8(buffer, offset + DATA_OFFSET_OFFSET) >>> 4) << 2;
    }

    /** The flags byte: CWR ECE URG ACK PSH RST SYN FIN. */
    public int flags() {
        return NetworkOrder.uint8(buffer, offset + FLAGS_OFFSET);
    }

    public int window() {
        return NetworkOrder.uint16(buffer, offset + WINDOW_OFFSET);
    }

    public int checksum() {
        return NetworkOrder.uint16(buffer, offset + CHECKSUM_OFFSET);
    }

    public int urgentPointer() {
        return NetworkOrder.uint16(buffer, offset + URGENT_POINTER_OFFSET);
    }
}
