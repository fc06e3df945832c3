package dev.vigil.protocol.sctp;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;
import org.agrona.DirectBuffer;

/**
 * SCTP (RFC 9260): the common header gives the ports, then the chunks are walked (every chunk
 * length checked against the IP datagram, up to {@link #MAX_CHUNKS}). The first DATA or I-DATA
 * chunk's user data becomes the packet's payload ({@link PacketView#payloadOffset}), its flags
 * and PPID {@link PacketView#sctpDataFlags} / {@link PacketView#sctpPpid}; an application that
 * wants every DATA chunk of a bundled packet walks them again with {@link SctpChunkFlyweight}
 * from {@link PacketView#l4Offset}. In an IP fragment only the common header is read. The CRC32c
 * checksum is not verified (a passive sensor sees what the endpoints see).
 */
public final class SctpDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("sctp.truncated",
            "The packet ends before the 12-byte SCTP common header, or inside a chunk.",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_CHUNK_LENGTH = DecodeEventType.register("sctp.bad_chunk_length",
            "An SCTP chunk length is below 4 or runs past the IP datagram (RFC 9260 section 3.2); "
                + "the chunks after it are not decoded.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_DATA_CHUNK = DecodeEventType.register("sctp.bad_data_chunk",
            "An SCTP DATA or I-DATA chunk shorter than its header plus one octet of user data "
                + "(RFC 9260 section 3.3.1, RFC 8260); not used as payload.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType TOO_MANY_CHUNKS = DecodeEventType.register("sctp.too_many_chunks",
            "More chunks in one SCTP packet than the decoder walks (SctpDecoder.MAX_CHUNKS); the rest are "
                + "not decoded.", DecodeEventType.KIND_OVERFLOW);

    /** Chunks walked per packet (a 1500-byte packet holds at most 375 4-byte chunks; real bundles hold a few). */
    public static final int MAX_CHUNKS = 64;

    private final SctpFlyweight sctp = new SctpFlyweight();
    private final SctpChunkFlyweight chunk = new SctpChunkFlyweight();

    public int decode(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int readable = ctx.limit(end);
        final int available = readable - offset;
        if (available < SctpFlyweight.HEADER_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + SctpFlyweight.HEADER_LENGTH, end);
        }
        final SctpFlyweight sctp = this.sctp.wrap(buffer, offset, available);
        view.srcPort = sctp.sourcePort();
        view.dstPort = sctp.destinationPort();
        view.l4Offset = offset;
        view.l4Length = available;
        if (view.fragment) {
            return Layer.NONE; // the chunks of a fragmented packet are walked after reassembly
        }
        int pos = offset + SctpFlyweight.HEADER_LENGTH;
        int chunks = 0;
        while (end - pos >= SctpChunkFlyweight.HEADER_LENGTH) {
            if (chunks == MAX_CHUNKS) {
                view.fail(PacketView.STATUS_UNSUPPORTED, TOO_MANY_CHUNKS);
                break;
            }
            if (readable - pos < SctpChunkFlyweight.HEADER_LENGTH) {
                return ctx.truncated(view, TRUNCATED, pos + SctpChunkFlyweight.HEADER_LENGTH, end);
            }
            final SctpChunkFlyweight c = chunk.wrap(buffer, pos);
            final int length = c.chunkLength();
            if (length < SctpChunkFlyweight.HEADER_LENGTH || length > end - pos) {
                view.fail(PacketView.STATUS_MALFORMED, BAD_CHUNK_LENGTH);
                break;
            }
            chunks++;
            view.sctpChunkCount = chunks;
            final int type = c.type();
            if (SctpChunkFlyweight.isData(type)) {
                final int header = SctpChunkFlyweight.dataHeaderLength(type);
                if (length <= header) {
                    view.fail(PacketView.STATUS_MALFORMED, BAD_DATA_CHUNK);
                } else if (view.sctpDataCount++ == 0) {
                    if (readable - pos < header) {
                        return ctx.truncated(view, TRUNCATED, pos + header, end);
                    }
                    view.sctpDataFlags = c.flags();
                    view.sctpPpid = c.ppid();
                    view.payloadOffset = pos + header;
                    view.payloadLength = Math.min(pos + length, readable) - view.payloadOffset;
                }
            }
            if (length > readable - pos) {
                return ctx.truncated(view, TRUNCATED, pos + length, end); // the capture cut this chunk
            }
            pos += SctpChunkFlyweight.paddedLength(length);
        }
        return Layer.NONE;
    }
}
