package dev.vigil.sensor.app.rtp;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.NetworkOrder;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.rtp.RtcpParser;
import dev.vigil.protocol.rtp.RtpFlyweight;
import dev.vigil.protocol.rtp.RtpPayloadTypes;
import dev.vigil.protocol.rtp.RtpStreamStats;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.FlowStates;
import dev.vigil.sensor.app.PortClaims;
import dev.vigil.sensor.flow.FlowTable;
import dev.vigil.sensor.pipeline.PacketSlot;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * RTP and RTCP (RFC 3550) stream statistics: one {@code vigil.rtp} summary per stream (SSRC and
 * direction of a UDP 5-tuple) when its flow ends, with interim summaries for long streams. See
 * {@link RtpStreamStats} for what is measured (loss, jitter and delta as tshark computes them,
 * duplicates, reordering, telephone events) and {@link dev.vigil.protocol.rtp.EModel} for the
 * quality estimate; RTCP reports about a stream are attached to its summary ({@code rtp.rtcp.*})
 * so that loss the receiver saw can be told from loss the capture missed.
 *
 * <p>A flow is taken as media in three ways, from strongest to weakest:
 * <ol>
 *   <li>announced by SDP: the SIP decoder calls {@link AppContext#expect} with a
 *       {@link MediaAnnouncement} for each {@code m=} line; it becomes the flow's state before the
 *       first packet and gives the Call-ID, codec names and clock rates of dynamic payload types,
 *       and whether the profile is SRTP. Its RTCP flow (port + 1) is announced in turn.</li>
 *   <li>the claimed port range (the vendor's audio range 61000-61250, {@link RtpSettings}),
 *       which includes the RTCP ports and the multicast group audio.</li>
 *   <li>{@link #probe}: the first datagram of an unclaimed UDP flow between unprivileged ports
 *       looks like RTP (version 2, a plausible payload type, a consistent header), like an RTCP
 *       compound that starts with SR or RR and adds up, or like a STUN binding request (ICE
 *       checks come before media on the same 5-tuple).</li>
 * </ol>
 * Every datagram is then sorted by its first bytes (RFC 7983): RTP, RTCP (RFC 5761 mux), STUN
 * and DTLS share 5-tuples. A stream of a port-range or heuristic flow is reported only once a
 * second packet with its SSRC and a nearby sequence number confirmed it, so random payloads
 * (DNS, NTP, opaque vendor datagrams) that happen to start like RTP produce nothing; a heuristic
 * flow that confirms no stream within {@link #GIVE_UP_PACKETS} packets is let go. SRTP
 * (announced only: its headers look like RTP) gets loss and jitter from the clear headers but
 * its payloads, telephone events and SRTCP reports are not read.
 *
 * <p>Per RTP packet nothing is allocated and no map is used: the flow's state holds its
 * streams in a small array. One instance per worker.
 */
public final class RtpApp implements AppDecoder {
    public static final String PROTOCOL = "rtp";
    public static final String DATASET = RtpLogger.DATASET;
    /** Payload type Wireshark decodes as RFC 4733 telephone events when nothing says otherwise. */
    public static final int DEFAULT_EVENT_PT = 101;
    /** A heuristic flow that confirmed no stream after this many datagrams is let go. */
    public static final int GIVE_UP_PACKETS = 16;
    /** Largest sequence-number step between the two packets that confirm a stream. */
    public static final int CONFIRM_MAX_GAP = 100;
    /** Smallest first datagram in the STUN range (first byte 0-3) that makes a flow worth watching. */
    static final int MIN_STUN_LIKE = 8;
    /** Spare flow states kept for reuse. */
    static final int MAX_POOLED_STATES = 4096;
    /** CNAME bytes kept (RFC 3550 items are at most 255). */
    static final int MAX_CNAME = 255;
    private static final int UDP = 17;

    public static final DecodeEventType TOO_MANY_STREAMS = DecodeEventType.register("rtp.too_many_streams",
            "A UDP flow carries more confirmed RTP streams (SSRC and direction) than are followed per flow; the new "
                    + "one is not reported.", DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType DIRECTORY_FULL = DecodeEventType.register("rtp.directory_full",
            "More RTP streams are live than the RTCP directory holds; RTCP reports about this stream are not attached.",
            DecodeEventType.KIND_OVERFLOW);

    private final RtpSettings settings;
    private final long interimNanos;
    private final RtpFlyweight rtp = new RtpFlyweight();
    private final RtpFlyweight probeRtp = new RtpFlyweight();
    private final RtcpParser rtcp = new RtcpParser();
    private final RtcpParser probeRtcp = new RtcpParser();
    private final RtpLogger logger = new RtpLogger();
    private final RtpDirectory directory;
    private final FlowStates<RtpState> states;

    public RtpApp() {
        this(RtpSettings.DEFAULT);
    }

    public RtpApp(RtpSettings settings) {
        this.settings = settings;
        this.interimNanos = settings.interimInterval().toNanos();
        this.directory = new RtpDirectory(settings.maxDirectoryStreams());
        int max = settings.maxStreamsPerFlow();
        this.states = new FlowStates<>(RtpState.class, MAX_POOLED_STATES, () -> new RtpState(max));
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public PortClaims claims() {
        return settings.firstPort() < 0 ? PortClaims.none()
                : PortClaims.none().udp(settings.firstPort(), settings.lastPort());
    }

    // ---------------------------------------------------------------- recognition

    @Override
    public boolean probe(PacketSlot slot) {
        PacketView v = slot.view;
        if (v.ipProtocol != UDP || !v.hasTransport() || v.srcPort < 1024 || v.dstPort < 1024) {
            return false;
        }
        return looksLikeMedia(slot.buffer, v.payloadOffset, v.payloadLength, declaredLength(slot));
    }

    /**
     * The heuristic of {@link #probe} on one datagram: RTP with a plausible payload type and a
     * consistent header, an RTCP compound starting with SR or RR whose lengths add up exactly, or
     * a datagram of at least {@link #MIN_STUN_LIKE} bytes in STUN's first-byte range.
     */
    boolean looksLikeMedia(DirectBuffer b, int off, int len, int declared) {
        if (len < 2) {
            return false;
        }
        int b0 = NetworkOrder.uint8(b, off);
        int b1 = NetworkOrder.uint8(b, off + 1);
        switch (RtpFlyweight.demux(b0, b1)) {
            case RtpFlyweight.KIND_RTP: {
                if (len <= RtpFlyweight.FIXED_HEADER_LENGTH) {
                    return false;
                }
                RtpFlyweight r = probeRtp.wrap(b, off, len);
                return plausiblePayloadType(r.payloadType()) && r.ssrc() != 0 && r.check(declared) == RtpFlyweight.OK
                        && r.headerLength() + r.paddingCount(declared) < declared;
            }
            case RtpFlyweight.KIND_RTCP:
                return (b1 == RtcpParser.SR || b1 == RtcpParser.RR)
                        && probeRtcp.wrap(b, off, len, declared) == RtcpParser.STATUS_OK;
            case RtpFlyweight.KIND_STUN:
                // RFC 7983: on a media 5-tuple a first byte of 0-3 is STUN (ICE connectivity checks
                // precede the media; some clients send their own keep-alives there first). The
                // flow is only watched: nothing is reported unless RTP is confirmed on it later.
                return len >= MIN_STUN_LIKE;
            default:
                return false;
        }
    }

    /**
     * Payload types a sender plausibly uses: the assigned static audio and video types of RFC
     * 3551 (0, 3-18, 25, 26, 28, 31-34) and the dynamic range 96-127.
     */
    static boolean plausiblePayloadType(int pt) {
        return pt >= RtpPayloadTypes.FIRST_DYNAMIC || pt != 19 && RtpPayloadTypes.staticName(pt) != null;
    }

    // ---------------------------------------------------------------- packets

    @Override
    public void onPacket(AppContext ctx, int flow, int direction, PacketSlot slot) {
        PacketView v = slot.view;
        if (v.ipProtocol != UDP || !v.hasTransport()) {
            return;
        }
        FlowTable flows = ctx.flows();
        Object o = flows.appState(flow);
        RtpState state;
        if (o instanceof RtpState) {
            state = (RtpState) o; // a plain type check: this runs for every packet
        } else {
            state = attach(flows, flow, v);
        }
        int len = v.payloadLength;
        // the flyweight reads the fixed header once; demultiplexing uses its first two bytes
        RtpFlyweight r = rtp.wrap(slot.buffer, v.payloadOffset, len);
        int b0 = len > 0 ? r.firstByte() : -1;
        int b1 = len > 1 ? r.secondByte() : -1;
        switch (RtpFlyweight.demux(b0, b1)) {
            case RtpFlyweight.KIND_RTP:
                rtp(ctx, flow, direction, slot, state, r);
                break;
            case RtpFlyweight.KIND_RTCP:
                rtcp(ctx, slot, state);
                break;
            case RtpFlyweight.KIND_STUN:
            case RtpFlyweight.KIND_DTLS:
                // ICE checks and the DTLS-SRTP handshake share the media 5-tuple (RFC 7983)
                state.otherPackets++;
                break;
            default:
                state.otherPackets++;
                state.unconfirmedPackets++;
                break;
        }
        if (state.origin == RtpState.BY_HEURISTIC && !state.confirmed && state.unconfirmedPackets >= GIVE_UP_PACKETS
                && state.rtcpPackets == 0) {
            // nothing here behaves like media: let the flow go (no event, no more work per packet)
            release(flows, flow, state);
            flows.setAppId(flow, -1);
        }
    }

    private RtpState attach(FlowTable flows, int flow, PacketView v) {
        Object announced = flows.appState(flow);
        MediaAnnouncement a = announced instanceof MediaAnnouncement ? (MediaAnnouncement) announced : null;
        int origin = a != null ? RtpState.BY_SDP
                : inRange(v.srcPort) || inRange(v.dstPort) ? RtpState.BY_PORT : RtpState.BY_HEURISTIC;
        RtpState state = states.attach(flows, flow);
        return state.reset(a, origin, multicast(v.dstHi, v.dstLo) || multicast(v.srcHi, v.srcLo));
    }

    private boolean inRange(int port) {
        return settings.firstPort() >= 0 && port >= settings.firstPort() && port <= settings.lastPort();
    }

    /** IPv4 224.0.0.0/4 (stored as ::ffff:a.b.c.d, see PacketView) or IPv6 ff00::/8. */
    static boolean multicast(long hi, long lo) {
        if (hi == 0 && lo >>> 32 == 0xFFFFL) {
            return (lo & 0xF0000000L) == 0xE0000000L;
        }
        return (hi >>> 56) == 0xFF;
    }

    private void rtp(AppContext ctx, int flow, int direction, PacketSlot slot, RtpState state, RtpFlyweight r) {
        int declared = declaredLength(slot);
        int status = r.check(declared);
        if (status != RtpFlyweight.OK) {
            state.otherPackets++;
            state.unconfirmedPackets++;
            if (state.origin != RtpState.BY_HEURISTIC || state.confirmed) {
                ctx.decodeEvent(RtpFlyweight.event(status), slot);
            }
            return;
        }
        state.rtpPackets++;
        if (!state.confirmed) {
            state.unconfirmedPackets++;
        }
        long ssrc = r.ssrc();
        RtpStream s = state.find(ssrc, direction);
        if (s == null) {
            if (state.origin != RtpState.BY_SDP && !plausiblePayloadType(r.payloadType())) {
                return;
            }
            s = newStream(ctx, flow, direction, slot, state, ssrc);
            if (s == null) {
                return;
            }
        }
        int seq = r.sequence();
        if (!s.confirmed && s.lastSeq >= 0) {
            int step = Math.abs((short) (seq - s.lastSeq));
            if (step >= 1 && step <= CONFIRM_MAX_GAP) {
                confirm(ctx, s, slot, state);
            }
        }
        s.lastSeq = seq;
        int pt = r.payloadType();
        if (pt != s.cachedPt) {
            resolve(s, state.announcement, pt, declared - r.headerLength());
        }
        int octets = declared - r.headerLength() - r.paddingCount(declared);
        s.stats.update(r, slot.timestampNanos, slot.frame, octets, s.cachedClock, s.cachedEvent, !state.srtp);
        if (interimNanos > 0 && s.confirmed && slot.timestampNanos - s.lastReportNanos >= interimNanos) {
            s.interims++;
            s.lastReportNanos = slot.timestampNanos;
            logger.write(ctx, state, s, true, slot.timestampNanos, settings.reportDtmfDigits());
        }
    }

    /** A new SSRC (or direction) on the flow: a new stream, in place of an unconfirmed one when full. */
    private RtpStream newStream(AppContext ctx, int flow, int direction, PacketSlot slot, RtpState state, long ssrc) {
        int i;
        if (state.count < state.streams.length) {
            i = state.count++;
        } else {
            i = state.victim();
            if (i < 0) {
                ctx.decodeEvent(TOO_MANY_STREAMS, slot);
                return null;
            }
        }
        RtpStream s = state.streams[i];
        if (s == null) {
            s = new RtpStream();
            state.streams[i] = s;
        }
        s.reset(flow, ssrc, direction);
        PacketView v = slot.view;
        s.srcHi = v.srcHi;
        s.srcLo = v.srcLo;
        s.dstHi = v.dstHi;
        s.dstLo = v.dstLo;
        s.lastReportNanos = slot.timestampNanos;
        if (state.origin == RtpState.BY_SDP) {
            confirm(ctx, s, slot, state);
        }
        return s;
    }

    /** The stream is RTP: it will be reported, and RTCP about it can find it. */
    private void confirm(AppContext ctx, RtpStream s, PacketSlot slot, RtpState state) {
        s.confirmed = true;
        state.confirmed = true;
        if (!directory.add(s)) {
            ctx.decodeEvent(DIRECTORY_FULL, slot);
        }
    }

    /**
     * Clock rate, telephone-event flag for a payload type: the static table (RFC 3551) for
     * assigned types, else the announcement's rtpmap, else Wireshark's default of 101 as
     * telephone-event when the payload is a whole number of 4-byte events.
     */
    private static void resolve(RtpStream s, MediaAnnouncement a, int pt, int payloadBytes) {
        s.cachedPt = pt;
        int rate = pt < RtpPayloadTypes.FIRST_DYNAMIC ? RtpPayloadTypes.staticClockRate(pt) : 0;
        boolean event = false;
        if (rate == 0 && a != null) {
            int i = a.indexOf(pt);
            if (i >= 0) {
                String name = a.codecNames[i];
                event = RtpPayloadTypes.telephoneEvent(name);
                rate = event ? 0 : a.clockRates[i] != 0 ? a.clockRates[i] : RtpPayloadTypes.clockRateOf(name);
            }
        } else if (rate == 0 && pt == DEFAULT_EVENT_PT && payloadBytes > 0 && payloadBytes % 4 == 0) {
            event = true;
        }
        s.cachedClock = rate;
        s.cachedEvent = event;
    }

    // ---------------------------------------------------------------- RTCP

    private void rtcp(AppContext ctx, PacketSlot slot, RtpState state) {
        state.rtcpPackets++;
        if (state.srtp) {
            return; // SRTCP: everything after the first eight bytes is ciphertext (RFC 3711 section 3.4)
        }
        PacketView v = slot.view;
        int status = rtcp.wrap(slot.buffer, v.payloadOffset, v.payloadLength, declaredLength(slot));
        if (status != RtcpParser.STATUS_OK && (state.origin != RtpState.BY_HEURISTIC || state.confirmed)) {
            ctx.decodeEvent(RtcpParser.event(status), slot);
        }
        while (rtcp.next()) {
            switch (rtcp.packetType()) {
                case RtcpParser.SR:
                case RtcpParser.RR:
                    reports(v);
                    break;
                case RtcpParser.SDES:
                    for (int i = 0; i < rtcp.chunkCount(); i++) {
                        if (rtcp.cnameOffset(i) >= 0) {
                            RtpStream s = directory.find(rtcp.chunkSsrc(i), v.srcHi, v.srcLo, true);
                            if (s != null && s.cname == null) {
                                s.cname = cname(rtcp.buffer(), rtcp.cnameOffset(i), rtcp.cnameLength(i));
                            }
                        }
                    }
                    break;
                case RtcpParser.BYE:
                    for (int i = 0; i < rtcp.byeCount(); i++) {
                        RtpStream s = directory.find(rtcp.byeSsrc(i), v.srcHi, v.srcLo, true);
                        if (s != null) {
                            s.stats.rtcpGoodbye();
                        }
                    }
                    break;
                default:
                    break;
            }
        }
    }

    /** SR sender info and the report blocks of an SR or RR, attached to the streams they describe. */
    private void reports(PacketView v) {
        if (rtcp.packetType() == RtcpParser.SR) {
            RtpStream sender = directory.find(rtcp.senderSsrc(), v.srcHi, v.srcLo, true);
            if (sender != null) {
                sender.stats.rtcpSenderReport(rtcp.senderPacketCount(), rtcp.senderOctetCount());
            }
        }
        for (int i = 0; i < rtcp.reportCount(); i++) {
            // the reporter is the stream's receiver
            RtpStream s = directory.find(rtcp.reportSsrc(i), v.srcHi, v.srcLo, false);
            if (s != null) {
                s.stats.rtcpReceiverReport(rtcp.reportFractionLost(i), rtcp.reportCumulativeLost(i),
                        rtcp.reportJitter(i));
            }
        }
    }

    /** The CNAME text up to its first NUL (some stacks count a C string's terminator in the item length). */
    private static String cname(DirectBuffer b, int off, int len) {
        int n = 0;
        int max = Math.min(len, MAX_CNAME);
        while (n < max && b.getByte(off + n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        b.getBytes(off, bytes, 0, n);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- flow end

    @Override
    public void onFlowEnd(AppContext ctx, int flow) {
        FlowTable flows = ctx.flows();
        RtpState state = states.get(flows, flow);
        if (state == null) {
            return;
        }
        for (int i = 0; i < state.count; i++) {
            RtpStream s = state.streams[i];
            if (s.confirmed) {
                logger.write(ctx, state, s, false, s.stats.lastNanos(), settings.reportDtmfDigits());
            }
        }
        if (!state.confirmed && state.origin == RtpState.BY_HEURISTIC && state.rtcpPackets == 0) {
            // watched but never media: the flow's record should not say rtp
            flows.setAppId(flow, -1);
        }
        release(flows, flow, state);
    }

    private void release(FlowTable flows, int flow, RtpState state) {
        for (int i = 0; i < state.count; i++) {
            directory.remove(state.streams[i]);
        }
        state.count = 0;
        state.announcement = null;
        states.release(flows, flow, state);
    }

    /** The UDP payload's length on the wire (UDP length - 8), at least what was captured. */
    private static int declaredLength(PacketSlot slot) {
        PacketView v = slot.view;
        int captured = v.payloadLength;
        if (v.capturedLength >= v.originalLength) {
            return captured; // the frame is whole: the payload is all the UDP length gives it
        }
        // the UDP decoder made sure the 8-byte header was captured before it set the payload
        int udpLength = NetworkOrder.uint16(slot.buffer, v.l4Offset + 4) - 8;
        return Math.max(udpLength, captured);
    }
}
