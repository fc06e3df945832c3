package dev.vigil.sensor.app.rtp;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * A worker's live RTP streams by SSRC, so that RTCP (which arrives on its own flow, port + 1,
 * or multiplexed) finds the stream a report is about. Streams sharing an SSRC (both legs of a
 * relayed call, mirrored duplicates) are chained; a lookup prefers the stream whose sender or
 * receiver is the host the RTCP came from. Touched once per stream and per RTCP packet, never
 * per RTP packet. Bounded: beyond {@code max} streams new ones are not entered (the caller
 * counts it). Single-threaded.
 */
final class RtpDirectory {
    /** Streams of one SSRC examined per lookup at most. */
    static final int MAX_CHAIN = 16;

    private final Long2ObjectHashMap<RtpStream> heads = new Long2ObjectHashMap<>();
    private final int max;
    private int size;

    RtpDirectory(int max) {
        this.max = max;
    }

    int size() {
        return size;
    }

    /** Enters a stream; false when the directory is full. */
    boolean add(RtpStream s) {
        if (s.inDirectory) {
            return true;
        }
        if (size >= max) {
            return false;
        }
        long ssrc = s.ssrc();
        s.nextSameSsrc = heads.get(ssrc);
        heads.put(ssrc, s);
        s.inDirectory = true;
        size++;
        return true;
    }

    void remove(RtpStream s) {
        if (!s.inDirectory) {
            return;
        }
        long ssrc = s.ssrc();
        RtpStream head = heads.get(ssrc);
        if (head == s) {
            if (s.nextSameSsrc == null) {
                heads.remove(ssrc);
            } else {
                heads.put(ssrc, s.nextSameSsrc);
            }
        } else {
            for (RtpStream p = head; p != null; p = p.nextSameSsrc) {
                if (p.nextSameSsrc == s) {
                    p.nextSameSsrc = s.nextSameSsrc;
                    break;
                }
            }
        }
        s.nextSameSsrc = null;
        s.inDirectory = false;
        size--;
    }

    /**
     * The stream of {@code ssrc} sent by host hi/lo ({@code bySender}) or received by it, else the
     * most recently entered stream of that SSRC, or null.
     */
    RtpStream find(long ssrc, long hi, long lo, boolean bySender) {
        RtpStream head = heads.get(ssrc);
        int n = 0;
        for (RtpStream p = head; p != null && n < MAX_CHAIN; p = p.nextSameSsrc, n++) {
            if (bySender ? p.srcHi == hi && p.srcLo == lo : p.dstHi == hi && p.dstLo == lo) {
                return p;
            }
        }
        return head;
    }
}
