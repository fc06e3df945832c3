package dev.vigil.sensor.app.sip;

import dev.vigil.protocol.sdp.SdpView;

/**
 * One INVITE dialog being followed (RFC 3261 §12, §13): identified by the Call-ID and the caller's
 * From tag (the tag the callee's in-dialog requests carry as To tag). Mutable, owned by
 * {@link SipCalls}; Strings are those that will be logged.
 */
final class SipCall {
    final String callId;
    final String callerTag;
    final String key;

    /** First INVITE: time, frame, CSeq. */
    long startNanos;
    long startFrame;
    long inviteCseq;

    String callerUri;
    String callerUser;
    String callerHost;
    String calleeUri;
    String calleeUser;
    String calleeHost;
    /** The INVITE's packet: the caller's side is its source. */
    long callerHi;
    long callerLo;
    int callerPort;
    long calleeHi;
    long calleeLo;
    int calleePort;
    int ipVersion;
    String transport;

    boolean ringing;
    boolean answered;
    long answerNanos;
    /** The final response to the INVITE (2xx or 300-699), -1 while none. */
    int status = -1;
    boolean cancelled;

    boolean ended;
    boolean emitted;
    String endReason;
    /** "caller" or "callee" for a BYE, else null. */
    String endedBy;
    long endNanos;
    long endFrame;
    /** An ended call stays this long to absorb retransmissions, or to be reopened by a new INVITE after a non-2xx. */
    long closeAt;

    long lastNanos;
    long lastFrame;

    /** The keying of the latest SDP each side sent ({@link SdpView#KEYING_NONE} ...), -1 while none. */
    int callerKeying = -1;
    int calleeKeying = -1;

    /** RTP endpoints announced by the SDP offers and answers, in order of first announcement. */
    final long[] streamHi;
    final long[] streamLo;
    final int[] streamPort;
    int streamCount;
    boolean streamsFullReported;

    SipCall(String callId, String callerTag, String key, int maxStreams) {
        this.callId = callId;
        this.callerTag = callerTag;
        this.key = key;
        streamHi = new long[maxStreams];
        streamLo = new long[maxStreams];
        streamPort = new int[maxStreams];
    }

    /** The weakest keying both sides announced (one side when only one has sent SDP), or -1. */
    int mediaKeying() {
        if (callerKeying < 0) {
            return calleeKeying;
        }
        return calleeKeying < 0 ? callerKeying : Math.min(callerKeying, calleeKeying);
    }

    /** True when the endpoint was announced already. */
    boolean hasStream(long hi, long lo, int port) {
        for (int i = 0; i < streamCount; i++) {
            if (streamHi[i] == hi && streamLo[i] == lo && streamPort[i] == port) {
                return true;
            }
        }
        return false;
    }

    /** How far the call got: trying (no ringing), ringing (a 180-189 response), answered (a 2xx). */
    String state() {
        return answered ? "answered" : ringing ? "ringing" : "trying";
    }
}
