package dev.vigil.sensor.app.sip;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.sctp.SctpChunkFlyweight;
import dev.vigil.protocol.sctp.SctpFlyweight;
import dev.vigil.protocol.sip.SipParser;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.FlowStates;
import dev.vigil.sensor.flow.FlowTable;
import dev.vigil.sensor.pipeline.PacketSlot;
import org.agrona.DirectBuffer;

/**
 * SIP over SCTP (RFC 4168): each SIP message is one SCTP user message, carried in one DATA chunk
 * (flags B and E) or, when larger than the path MTU, in DATA chunks of consecutive TSNs from a B
 * to an E chunk (RFC 9260 §6.9), which are put back together here. Every DATA chunk of a packet
 * is walked (bundling, §6.10); control chunks are skipped. An association is SIP when a port is
 * one of {@link SipApp#UDP_PORTS} or its first DATA chunk starts like a SIP message (no Payload
 * Protocol Identifier is registered for SIP: the corpus capture carries PPID 0, "unspecified").
 *
 * <p>Per direction at most one message is being reassembled (DATA fragments of one user message
 * are not interleaved with other messages; I-DATA fragments, RFC 8260, may be, and are not put
 * together). A fragment that does not continue the TSN sequence drops the message in progress
 * ({@link #FRAGMENT_LOST}); a message over the parser's head and body caps is dropped
 * ({@link #MESSAGE_TOO_LARGE}).
 */
final class SipSctp {
    static final int IP_PROTOCOL = 132;
    /** Spare per-association reassembly states kept for reuse. */
    static final int MAX_POOLED_STATES = 64;

    static final DecodeEventType FRAGMENT_LOST = DecodeEventType.register("sip.sctp_fragment_lost",
        "A SIP message fragmented over SCTP DATA chunks misses a fragment (TSNs not consecutive, a chunk never "
            + "captured, or interleaved I-DATA fragments, RFC 8260); the message is not logged",
        DecodeEventType.KIND_TRUNCATED);
    static final DecodeEventType MESSAGE_TOO_LARGE = DecodeEventType.register("sip.sctp_message_too_large",
        "A SIP message fragmented over SCTP DATA chunks grows past the SIP head plus body caps; not logged",
        DecodeEventType.KIND_OVERFLOW);

    private final SipMessageSink sink;
    private final int maxMessage;
    private final SctpChunkFlyweight chunk = new SctpChunkFlyweight();
    private final FlowStates<Association> states =
        new FlowStates<>(Association.class, MAX_POOLED_STATES, Association::new);
    /** One unfragmented message, copied out of the packet buffer. */
    private final byte[] unit = new byte[65536];

    /** @param maxMessage largest SCTP user message put back together (octets) */
    SipSctp(SipMessageSink sink, int maxMessage) {
        this.sink = sink;
        this.maxMessage = maxMessage;
    }

    /** The fragment reassembly of one association, per direction. */
    static final class Association {
        final byte[][] buf = new byte[2][];
        final int[] len = new int[2];
        final long[] nextTsn = {-1, -1};

        void reset() {
            for (int d = 0; d < 2; d++) {
                len[d] = 0;
                nextTsn[d] = -1;
                if (buf[d] != null && buf[d].length > 16 * 1024) {
                    buf[d] = null;
                }
            }
        }
    }

    /** An SCTP flow is SIP on a SIP port, or when its first DATA chunk starts like a SIP message. */
    static boolean probe(PacketSlot slot) {
        PacketView v = slot.view;
        if (v.ipProtocol != IP_PROTOCOL || !v.hasTransport()) {
            return false;
        }
        for (int p : SipApp.UDP_PORTS) {
            if (v.srcPort == p || v.dstPort == p) {
                return true;
            }
        }
        return v.payloadLength >= 8 && SipParser.looksLikeSip(slot.buffer, v.payloadOffset, v.payloadLength);
    }

    void onPacket(AppContext ctx, int flow, int direction, PacketSlot slot) {
        PacketView v = slot.view;
        if (v.sctpDataCount == 0 || v.l4Offset < 0) {
            return;
        }
        DirectBuffer b = slot.buffer;
        int end = v.l4Offset + v.l4Length; // captured bytes of the SCTP packet
        int pos = v.l4Offset + SctpFlyweight.HEADER_LENGTH;
        for (int n = 0; n < v.sctpChunkCount && end - pos >= SctpChunkFlyweight.HEADER_LENGTH; n++) {
            SctpChunkFlyweight c = chunk.wrap(b, pos);
            int length = c.chunkLength();
            if (length < SctpChunkFlyweight.HEADER_LENGTH || length > end - pos) {
                return; // the decoder recorded it (or the capture cut it)
            }
            int type = c.type();
            int header = SctpChunkFlyweight.dataHeaderLength(type);
            if (SctpChunkFlyweight.isData(type) && length > header) {
                data(ctx, flow, direction, slot, c, type, pos + header, length - header);
            }
            pos += SctpChunkFlyweight.paddedLength(length);
        }
    }

    private void data(AppContext ctx, int flow, int direction, PacketSlot slot, SctpChunkFlyweight c, int type,
                      int off, int len) {
        int flags = c.flags();
        DirectBuffer b = slot.buffer;
        if ((flags & SctpChunkFlyweight.FLAGS_UNFRAGMENTED) == SctpChunkFlyweight.FLAGS_UNFRAGMENTED) {
            int n = Math.min(len, unit.length);
            b.getBytes(off, unit, 0, n);
            sink.message(ctx, flow, slot, direction, unit, 0, n, "sctp");
            return;
        }
        FlowTable t = ctx.flows();
        Association a = states.get(t, flow);
        if (type != SctpChunkFlyweight.TYPE_DATA) {
            sink.event(ctx, flow, slot, FRAGMENT_LOST); // I-DATA fragments: not put together
            return;
        }
        if (a == null) {
            a = states.attach(t, flow);
            a.reset();
        }
        long tsn = c.tsn();
        if ((flags & SctpChunkFlyweight.FLAG_BEGIN) != 0) {
            if (a.len[direction] > 0) {
                sink.event(ctx, flow, slot, FRAGMENT_LOST); // the previous message never got its E chunk
            }
            a.len[direction] = 0;
        } else if (a.nextTsn[direction] < 0 || tsn != a.nextTsn[direction]) {
            sink.event(ctx, flow, slot, FRAGMENT_LOST); // a later fragment without its predecessor
            a.len[direction] = 0;
            a.nextTsn[direction] = -1;
            return;
        }
        if (!append(a, direction, b, off, len)) {
            sink.event(ctx, flow, slot, MESSAGE_TOO_LARGE);
            a.len[direction] = 0;
            a.nextTsn[direction] = -1;
            return;
        }
        a.nextTsn[direction] = (tsn + 1) & 0xFFFF_FFFFL;
        if ((flags & SctpChunkFlyweight.FLAG_END) != 0) {
            int n = a.len[direction];
            a.len[direction] = 0;
            a.nextTsn[direction] = -1;
            sink.message(ctx, flow, slot, direction, a.buf[direction], 0, n, "sctp");
        }
    }

    private boolean append(Association a, int d, DirectBuffer b, int off, int len) {
        int have = a.len[d];
        if (have + len > maxMessage) {
            return false;
        }
        byte[] buf = a.buf[d];
        if (buf == null || buf.length < have + len) {
            int size = buf == null ? 4096 : buf.length;
            while (size < have + len) {
                size *= 2;
            }
            byte[] nb = new byte[Math.min(size, maxMessage)];
            if (buf != null) {
                System.arraycopy(buf, 0, nb, 0, have);
            }
            a.buf[d] = buf = nb;
        }
        b.getBytes(off, buf, have, len);
        a.len[d] = have + len;
        return true;
    }

    /** The association ends: a message still in pieces is lost. */
    void onFlowEnd(AppContext ctx, int flow) {
        FlowTable t = ctx.flows();
        Association a = states.get(t, flow);
        if (a == null) {
            return;
        }
        if (a.len[0] > 0 || a.len[1] > 0) {
            sink.event(ctx, flow, null, FRAGMENT_LOST);
        }
        a.reset();
        states.release(t, flow, a);
    }
}
