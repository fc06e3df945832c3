package dev.vigil.protocol.rtp;

import dev.vigil.protocol.NetworkOrder;

/**
 * Statistics of one RTP stream (one SSRC in one direction of one 5-tuple), updated packet by
 * packet without allocating: counts, loss, sequence anomalies, interarrival jitter, maximum
 * delta, payload types and RFC 4733 telephone events; plus what RTCP said about the stream.
 *
 * <p><b>Loss, jitter and delta follow Wireshark's RTP analysis</b> ({@code tshark -z rtp,streams},
 * ui/tap-rtp-analysis.c), so that our figures equal tshark's on the same packets:
 * <ul>
 *   <li>expected = last sequence number + 65536 x cycles - first sequence number + 1, where a
 *       cycle starts when a packet in time order carries a sequence number below the first one
 *       (or 0 after 65535); lost = expected - received, negative when packets are duplicated
 *       (RFC 3550 section 6.4.1 and appendix A.3 allow this). "Last" is the last packet
 *       received, not the highest number.</li>
 *   <li>Interarrival jitter (RFC 3550 section 6.4.1, appendix A.8) in ms: for each packet "in
 *       time" (its timestamp less than 2^31 ahead of the stream's first, modulo 2^32),
 *       D = |(arrival - arrival of the last in-time packet) - (N - N')|, with N its nominal time
 *       (timestamp - first timestamp) / (clock / 1000) and N' that of the last in-time packet
 *       with a known clock, and J += (D - J) / 16. The clock rate is that of the packet's
 *       payload type, divided by 1000 in integers as Wireshark does. Packets whose payload
 *       type has no known clock (dynamic types without rtpmap, telephone events) leave J
 *       and N' unchanged but still move the arrival reference.</li>
 *   <li>Maximum and mean jitter and the maximum delta (time since the previous in-order
 *       packet) count only "regular" packets: not the first, no marker bit, not comfort noise
 *       and not right after comfort noise, in time. The mean is Wireshark's
 *       running mean (mean x (n - 1) + J) / n with n the packets received before this one.</li>
 * </ul>
 * Duplicates and out-of-order packets are told apart (which Wireshark does not do) with a
 * 64-packet window of sequence numbers below the highest seen, as SRTP's replay list does
 * (RFC 3711 section 3.3.2): a number seen again is a duplicate, an unseen number below the
 * highest is out of order (late), and one more than 64 behind counts as out of order.
 *
 * <p>Not thread-safe; one instance per stream, reused through {@link #reset}.
 */
public final class RtpStreamStats {
    /** Telephone-event digits kept per stream; later ones are counted but not kept. */
    public static final int MAX_DTMF_DIGITS = 32;
    /** Depth of the duplicate-detection window, in sequence numbers. */
    public static final int WINDOW = 64;
    private static final double NANOS_TO_MS = 1e-6;
    /** RFC 4733 event codes 0-16 as characters (16 is flash). */
    private static final char[] DTMF_CHARS = "0123456789*#ABCDF".toCharArray();

    // identity, set by the owner
    private long ssrc;
    private int direction;

    // counters
    private long packets;
    private long bytes;
    private long firstNanos;
    private long lastNanos;
    private long firstFrame;
    private long lastFrame;

    // Wireshark's analysis state (tap_rtp_stat_t)
    private int startSeq;
    private int stopSeq;
    private int seqNum;
    private int seqCycles;
    private boolean under;
    private long firstTimestamp;
    private double lastNominal;
    /** The clock rate last given to {@link #update} and 1 / (its rate / 1000, in integers), 0 when unknown. */
    private int cachedClock = -1;
    private double msPerTick;  // nominal time (timestamp since the first, ms) of the last in-order packet with a clock
    private double time;         // arrival of the last in-order packet, ms since firstNanos
    private double jitter;
    private double maxJitter;
    private double meanJitter;
    private boolean jitterKnown;
    private double delta;
    private double maxDelta;
    private int prevPayloadType;
    private long sequenceErrors;

    // RFC 3550 appendix A.1-style view for duplicates and reordering
    private long maxExtSeq;
    private long window;
    private long duplicates;
    private long outOfOrder;

    // payload types
    private int mediaPayloadType;
    private int mediaClockRate;
    private boolean mediaAux;
    private long ptSetLow;
    private long ptSetHigh;
    private int lastPayloadType;
    private boolean markerSeen;

    // RFC 4733 telephone events
    private long dtmfCount;
    private final char[] dtmfDigits = new char[MAX_DTMF_DIGITS];
    private int dtmfLength;
    private long lastEventTimestamp;
    private boolean eventSeen;

    // RTCP about this stream
    private long rtcpReports;
    private int rtcpFractionLost;
    private long rtcpCumulativeLost;
    private long rtcpJitterUnits;
    private long rtcpSenderPackets;
    private long rtcpSenderOctets;
    private boolean rtcpSenderReport;
    private boolean rtcpBye;

    /** Starts a new stream. */
    public RtpStreamStats reset(long ssrc, int direction) {
        this.ssrc = ssrc;
        this.direction = direction;
        packets = 0;
        bytes = 0;
        firstNanos = 0;
        lastNanos = 0;
        firstFrame = 0;
        lastFrame = 0;
        startSeq = 0;
        stopSeq = 0;
        seqNum = 0;
        seqCycles = 0;
        under = false;
        firstTimestamp = 0;
        lastNominal = 0;
        cachedClock = -1;
        msPerTick = 0;
        time = 0;
        jitter = 0;
        maxJitter = 0;
        meanJitter = 0;
        jitterKnown = false;
        delta = 0;
        maxDelta = 0;
        prevPayloadType = -1;
        sequenceErrors = 0;
        maxExtSeq = 0;
        window = 0;
        duplicates = 0;
        outOfOrder = 0;
        mediaPayloadType = -1;
        mediaClockRate = 0;
        mediaAux = false;
        ptSetLow = 0;
        ptSetHigh = 0;
        lastPayloadType = -1;
        markerSeen = false;
        dtmfCount = 0;
        dtmfLength = 0;
        lastEventTimestamp = 0;
        eventSeen = false;
        rtcpReports = 0;
        rtcpFractionLost = 0;
        rtcpCumulativeLost = 0;
        rtcpJitterUnits = 0;
        rtcpSenderPackets = 0;
        rtcpSenderOctets = 0;
        rtcpSenderReport = false;
        rtcpBye = false;
        return this;
    }

    /**
     * Counts one RTP packet of this stream.
     *
     * @param rtp            the packet's header, already checked
     * @param nanos          arrival time, epoch nanoseconds
     * @param frame          frame number
     * @param payloadOctets  payload bytes after header and padding (RFC 3550 octet count)
     * @param clockRate      RTP clock rate of this packet's payload type in Hz for jitter, 0 when
     *                       unknown or not meaningful (telephone events)
     * @param telephoneEvent the payload type is RFC 4733 {@code telephone-event}
     * @param readPayload    the payload is in the clear (false for SRTP): events may be decoded
     */
    public void update(RtpFlyweight rtp, long nanos, long frame, int payloadOctets, int clockRate,
                       boolean telephoneEvent, boolean readPayload) {
        final int seq = rtp.sequence();
        final long ts = rtp.timestamp();
        final int pt = rtp.payloadType();
        final boolean marker = rtp.marker();
        bytes += Math.max(0, payloadOctets);
        lastNanos = nanos;
        lastFrame = frame;
        if (pt < 64) {
            ptSetLow |= 1L << pt;
        } else {
            ptSetHigh |= 1L << (pt - 64);
        }
        lastPayloadType = pt;
        markerSeen |= marker;
        final boolean aux = telephoneEvent || RtpPayloadTypes.comfortNoise(pt);
        if (mediaPayloadType < 0 || mediaAux && !aux) {
            mediaPayloadType = pt;
            mediaClockRate = clockRate;
            mediaAux = aux;
        } else if (pt == mediaPayloadType && clockRate != 0) {
            mediaClockRate = clockRate;
        }
        if (telephoneEvent && readPayload) {
            telephoneEvent(rtp, ts);
        }
        if (packets == 0) {
            first(seq, ts, pt, nanos, frame);
            return;
        }
        window(seq);
        analyse(seq, ts, pt, marker, clockRate, (nanos - firstNanos) * NANOS_TO_MS);
        packets++;
    }

    private void first(int seq, long ts, int pt, long nanos, long frame) {
        firstNanos = nanos;
        firstFrame = frame;
        startSeq = seq;
        stopSeq = seq;
        seqNum = seq;
        firstTimestamp = ts;
        lastNominal = 0;
        time = 0;
        prevPayloadType = pt;
        maxExtSeq = seq + (1L << 16);
        window = 1;
        packets = 1;
    }

    /** Wireshark's rtppacket_analyse (as in tshark 4.0) for a packet after the first. */
    private void analyse(int seq, long ts, int pt, boolean marker, int clockRate, double now) {
        // "in time": the timestamp is less than half the 32-bit range ahead of the first one
        final long sinceFirst = (ts - firstTimestamp) & 0xFFFF_FFFFL;
        final boolean inTime = sinceFirst < 0x8000_0000L;
        if (seq < startSeq && inTime && !under) {
            seqCycles++;
            under = true;
        } else if (seq == 0 && stopSeq == 65535 && inTime && !under) {
            seqCycles++;
            under = true;
        } else if (seq > startSeq && inTime && under) {
            under = false;
        }
        if (inTime && seqNum + 1 == seq) {
            seqNum = seq;
        } else if (inTime && seqNum == 65535 && seq == 0) {
            seqNum = seq;
        } else if (inTime && (seqNum + 1 < seq || seqNum - seq > 0xFF00)) {
            seqNum = seq;
            sequenceErrors++;
        } else if (seqNum + 1 > seq) {
            sequenceErrors++;
        }
        final boolean cn = RtpPayloadTypes.comfortNoise(pt);
        final boolean followsCn = RtpPayloadTypes.comfortNoise(prevPayloadType);
        prevPayloadType = pt;
        if (clockRate != cachedClock) {
            cachedClock = clockRate;
            int perMsNow = clockRate / 1000;
            msPerTick = perMsNow == 0 ? 0 : 1.0 / perMsNow;
        }
        final double perTick = msPerTick;
        double currentJitter = 0;
        if (inTime) {
            if (perTick != 0) {
                // nominal time of this packet since the first one, against the last in-order packet's
                double nominal = sinceFirst * perTick;
                double diff = Math.abs(now - (time + nominal - lastNominal));
                currentJitter = (15 * jitter + diff) * 0.0625; // / 16, exactly
                jitter = currentJitter;
                lastNominal = nominal;
            }
            delta = now - time;
        }
        if (!marker && !cn && inTime && !followsCn) {
            if (delta > maxDelta) {
                maxDelta = delta;
            }
            if (perTick != 0) {
                if (jitter > maxJitter) {
                    maxJitter = jitter;
                }
                meanJitter = (meanJitter * (packets - 1) + currentJitter) / packets;
                jitterKnown = true;
            }
        }
        if (inTime) {
            time = now;
        }
        stopSeq = seq;
    }

    /** Duplicate and reordering window around the highest extended sequence number. */
    private void window(int seq) {
        long ext = maxExtSeq + (short) (seq - (int) (maxExtSeq & 0xFFFF));
        if (ext > maxExtSeq) {
            long shift = ext - maxExtSeq;
            window = shift >= WINDOW ? 1 : (window << shift) | 1;
            maxExtSeq = ext;
        } else if (ext == maxExtSeq) {
            duplicates++;
        } else {
            long back = maxExtSeq - ext;
            if (back >= WINDOW) {
                outOfOrder++;
            } else if ((window & (1L << back)) != 0) {
                duplicates++;
            } else {
                window |= 1L << back;
                outOfOrder++;
            }
        }
    }

    /**
     * RFC 4733 section 2.3: event (8 bits), E, R, volume (6), duration (16). All packets of one
     * event carry the event's start timestamp (the end packet is sent three times), so a new
     * timestamp is a new event.
     */
    private void telephoneEvent(RtpFlyweight rtp, long ts) {
        int header = rtp.headerLength();
        int payload = rtp.length() - header; // the event is the payload's first word; padding follows it
        if (payload < 4) {
            return;
        }
        if (eventSeen && ts == lastEventTimestamp) {
            return;
        }
        eventSeen = true;
        lastEventTimestamp = ts;
        dtmfCount++;
        int event = NetworkOrder.uint8(rtp.buffer(), rtp.offset() + header);
        if (event < DTMF_CHARS.length && dtmfLength < MAX_DTMF_DIGITS) {
            dtmfDigits[dtmfLength++] = DTMF_CHARS[event];
        }
    }

    // ---------------------------------------------------------------- RTCP

    /**
     * A receiver's report block about this stream (RFC 3550 section 6.4.1): fraction lost
     * (0-255, in 1/256), cumulative number lost (signed 24 bits) and interarrival jitter in
     * timestamp units. The latest report wins; reports are counted.
     */
    public void rtcpReceiverReport(int fractionLost, long cumulativeLost, long jitterUnits) {
        rtcpReports++;
        rtcpFractionLost = fractionLost;
        rtcpCumulativeLost = cumulativeLost;
        rtcpJitterUnits = jitterUnits;
    }

    /** The sender's own report (RFC 3550 section 6.4.1): packets and payload octets sent so far. */
    public void rtcpSenderReport(long senderPackets, long senderOctets) {
        rtcpSenderReport = true;
        rtcpSenderPackets = senderPackets;
        rtcpSenderOctets = senderOctets;
    }

    /** The source left (RTCP BYE, RFC 3550 section 6.6). */
    public void rtcpGoodbye() {
        rtcpBye = true;
    }

    // ---------------------------------------------------------------- results

    public long ssrc() {
        return ssrc;
    }

    public int direction() {
        return direction;
    }

    public long packets() {
        return packets;
    }

    /** Payload octets (after header and padding), as RTCP's sender octet count counts them. */
    public long bytes() {
        return bytes;
    }

    public long firstNanos() {
        return firstNanos;
    }

    public long lastNanos() {
        return lastNanos;
    }

    public long firstFrame() {
        return firstFrame;
    }

    public long lastFrame() {
        return lastFrame;
    }

    /** Packets expected from the sequence numbers (Wireshark's figure, see the class comment). */
    public long expected() {
        if (packets == 0) {
            return 0;
        }
        return (long) stopSeq + 65536L * seqCycles - startSeq + 1;
    }

    /** expected - received; negative when duplicates outnumber losses. */
    public long lost() {
        return expected() - packets;
    }

    /** Times the sequence number wrapped past 65535. */
    public int sequenceWraps() {
        return seqCycles;
    }

    /** Packets whose sequence number did not follow the previous in-order one (Wireshark's "sequence errors"). */
    public long sequenceErrors() {
        return sequenceErrors;
    }

    public long duplicates() {
        return duplicates;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    /** True once a regular packet with a known clock rate gave a jitter value. */
    public boolean jitterKnown() {
        return jitterKnown;
    }

    public double maxJitterMs() {
        return maxJitter;
    }

    public double meanJitterMs() {
        return meanJitter;
    }

    /** The jitter after the last packet, ms. */
    public double jitterMs() {
        return jitter;
    }

    public double maxDeltaMs() {
        return maxDelta;
    }

    /**
     * The stream's media payload type: the first one that is not comfort noise or a telephone
     * event (those first when the stream has nothing else), or -1 before the first packet.
     */
    public int mediaPayloadType() {
        return mediaPayloadType;
    }

    /** Clock rate of {@link #mediaPayloadType()} as given to {@link #update}, 0 when unknown. */
    public int mediaClockRate() {
        return mediaClockRate;
    }

    public int lastPayloadType() {
        return lastPayloadType;
    }

    /** True when payload type {@code pt} (0-127) was seen. */
    public boolean payloadTypeSeen(int pt) {
        return pt < 64 ? (ptSetLow & (1L << pt)) != 0 : (ptSetHigh & (1L << (pt - 64))) != 0;
    }

    public boolean markerSeen() {
        return markerSeen;
    }

    /** RFC 4733 events seen (a new event timestamp each). */
    public long dtmfCount() {
        return dtmfCount;
    }

    /** Digits kept ({@link #MAX_DTMF_DIGITS} at most): 0-9, *, #, A-D, F (flash). */
    public int dtmfLength() {
        return dtmfLength;
    }

    public char[] dtmfDigits() {
        return dtmfDigits;
    }

    public long rtcpReports() {
        return rtcpReports;
    }

    public int rtcpFractionLost() {
        return rtcpFractionLost;
    }

    public long rtcpCumulativeLost() {
        return rtcpCumulativeLost;
    }

    public long rtcpJitterUnits() {
        return rtcpJitterUnits;
    }

    public boolean rtcpSenderReport() {
        return rtcpSenderReport;
    }

    public long rtcpSenderPackets() {
        return rtcpSenderPackets;
    }

    public long rtcpSenderOctets() {
        return rtcpSenderOctets;
    }

    public boolean rtcpBye() {
        return rtcpBye;
    }

    /** Loss in percent of expected (0 when nothing is lost or duplicates outweigh losses). */
    public double lossPercent() {
        long e = expected();
        long l = lost();
        return e > 0 && l > 0 ? 100.0 * l / e : 0;
    }

    /** The E-model R-factor of the stream with the codec's G.113 values (see {@link EModel}). */
    public double rFactor(String codec) {
        return EModel.rFactor(lossPercent(), jitterKnown ? meanJitter : 0, EModel.ie(codec), EModel.bpl(codec));
    }
}
