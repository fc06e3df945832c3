package dev.vigil.sensor.app.rtp;

import dev.vigil.protocol.rtp.RtpStreamStats;

/**
 * One stream of a flow (an SSRC in one direction): its statistics plus what the decoder needs
 * around them: whether it is confirmed as RTP, the last sequence number (confirmation), the
 * payload type whose clock rate is cached, the CNAME RTCP gave, interim reporting, the chain of
 * streams sharing its SSRC in the worker's directory, and its endpoint addresses (RTCP matches
 * reports to streams by who sent them). Reused through the flow state's pool.
 */
final class RtpStream {
    final RtpStreamStats stats = new RtpStreamStats();
    /** The stream's key, also kept here so that finding a packet's stream touches only this object. */
    long ssrc;
    int direction;
    int flow;
    boolean confirmed;
    int lastSeq;
    /** Payload type whose clock rate, name and event flag are cached below; -1 for none. */
    int cachedPt;
    int cachedClock;
    boolean cachedEvent;
    String cname;
    long lastReportNanos;
    int interims;
    /** Next stream with the same SSRC in the directory, or null. */
    RtpStream nextSameSsrc;
    boolean inDirectory;
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;

    RtpStream reset(int flow, long ssrc, int direction) {
        stats.reset(ssrc, direction);
        this.ssrc = ssrc;
        this.direction = direction;
        this.flow = flow;
        confirmed = false;
        lastSeq = -1;
        cachedPt = -1;
        cachedClock = 0;
        cachedEvent = false;
        cname = null;
        lastReportNanos = 0;
        interims = 0;
        nextSameSsrc = null;
        inDirectory = false;
        return this;
    }

    long ssrc() {
        return ssrc;
    }

    int direction() {
        return direction;
    }
}
