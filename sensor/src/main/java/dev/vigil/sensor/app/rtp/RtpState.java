package dev.vigil.sensor.app.rtp;

/**
 * The RTP decoder's state of one flow: what announced it (SDP, or null), how it was recognised,
 * and its streams, a small array searched linearly (a flow carries one SSRC per direction, a few
 * more with telephone events or a renegotiation), so a packet finds its stream without a map.
 * Stream objects stay with the state when it goes back to the pool.
 */
final class RtpState {
    static final int BY_SDP = 0;
    static final int BY_PORT = 1;
    static final int BY_HEURISTIC = 2;
    private static final String[] ORIGIN_NAMES = {"sdp", "port", "heuristic"};

    MediaAnnouncement announcement;
    int origin;
    boolean multicast;
    boolean srtp;
    /** Some stream of the flow is confirmed as RTP. */
    boolean confirmed;
    /** Datagrams that neither confirmed a stream nor were STUN/DTLS/RTCP, while nothing is confirmed. */
    int unconfirmedPackets;
    final RtpStream[] streams;
    int count;
    /** Packets that are not RTP or RTCP (STUN, DTLS, other), and RTCP packets. */
    long otherPackets;
    long rtcpPackets;
    long rtpPackets;

    RtpState(int maxStreams) {
        streams = new RtpStream[maxStreams];
    }

    RtpState reset(MediaAnnouncement announcement, int origin, boolean multicast) {
        this.announcement = announcement;
        this.origin = origin;
        this.multicast = multicast;
        this.srtp = announcement != null && announcement.srtp;
        this.confirmed = false;
        this.unconfirmedPackets = 0;
        this.count = 0;
        this.otherPackets = 0;
        this.rtcpPackets = 0;
        this.rtpPackets = 0;
        return this;
    }

    /** The stream of {@code ssrc} in {@code direction}, or null. */
    RtpStream find(long ssrc, int direction) {
        RtpStream[] s = streams;
        for (int i = 0; i < count; i++) {
            RtpStream x = s[i];
            if (x.ssrc == ssrc && x.direction == direction) {
                return x;
            }
        }
        return null;
    }

    /** Index of an unconfirmed stream to give way to a new one (the one with fewest packets), or -1. */
    int victim() {
        int best = -1;
        for (int i = 0; i < count; i++) {
            if (!streams[i].confirmed && (best < 0 || streams[i].stats.packets() < streams[best].stats.packets())) {
                best = i;
            }
        }
        return best;
    }

    static String originName(int origin) {
        return ORIGIN_NAMES[origin];
    }
}
