package dev.vigil.sensor.app.rtp;

import java.util.Arrays;

/**
 * What an SDP offer or answer (RFC 4566, RFC 3264) said about one media stream, handed from the
 * SIP decoder to the RTP decoder. SIP announces the media flow with
 * {@code ctx.expect(ctx.decoder("rtp"), 17, 0L, 0L, addrHi, addrLo, port, untilNanos, announcement)}
 * for each {@code m=} line; when the flow arrives the worker makes this object the flow's app
 * state before the RTP decoder sees its first packet, and the RTP decoder keeps it next to its own
 * stream state.
 *
 * <p>Immutable once built (the SIP side fills it from one SDP body; the RTP side only reads it),
 * so one instance may be shared by the expectations of both directions. The three arrays are
 * parallel, one slot per payload type listed on the {@code m=} line: {@code codecNames[i]} and
 * {@code clockRates[i]} come from the {@code a=rtpmap:<pt> <name>/<rate>} line for
 * {@code payloadTypes[i]} (RFC 4566 section 6); a payload type without rtpmap has a null name
 * and clock rate 0 (the static table of RFC 3551 then applies).
 *
 * <p>{@code srtp} is true when the transport profile is {@code RTP/SAVP}, {@code RTP/SAVPF}
 * (RFC 3711, RFC 5124) or DTLS-SRTP ({@code UDP/TLS/RTP/SAVP(F)}, RFC 5764); {@code crypto} says
 * how keys are exchanged: {@code "none"}, {@code "sdes"} ({@code a=crypto}, RFC 4568) or
 * {@code "dtls"} ({@code a=fingerprint}, RFC 5763). Key material is never carried here.
 */
public final class MediaAnnouncement {
    /** {@link #crypto} when the profile is plain RTP/AVP(F). */
    public static final String CRYPTO_NONE = "none";
    /** {@link #crypto} for SDES keying ({@code a=crypto}, RFC 4568). */
    public static final String CRYPTO_SDES = "sdes";
    /** {@link #crypto} for DTLS-SRTP keying (RFC 5763/5764). */
    public static final String CRYPTO_DTLS = "dtls";

    /** SIP Call-ID of the dialog whose SDP announced the stream; may be null. */
    public final String callId;
    /** True when the profile is SRTP (RTP/SAVP, RTP/SAVPF or DTLS-SRTP). */
    public final boolean srtp;
    /** {@link #CRYPTO_NONE}, {@link #CRYPTO_SDES} or {@link #CRYPTO_DTLS}. */
    public final String crypto;
    /** Payload types of the {@code m=} line, in order. */
    public final int[] payloadTypes;
    /** Encoding name from rtpmap per payload type (e.g. "opus", "telephone-event"), or null. */
    public final String[] codecNames;
    /** Clock rate in Hz from rtpmap per payload type, or 0 when not given. */
    public final int[] clockRates;

    /**
     * Builds an announcement. The arrays must have the same length (a mismatch is truncated to
     * the shortest, never thrown: SDP is attacker-controlled input). A null payload type array means
     * none; null names or rates mean "not given" for every payload type.
     */
    public MediaAnnouncement(String callId, boolean srtp, String crypto, int[] payloadTypes,
                             String[] codecNames, int[] clockRates) {
        int[] pts = payloadTypes == null ? new int[0] : payloadTypes;
        String[] names = codecNames == null ? new String[pts.length] : codecNames;
        int[] rates = clockRates == null ? new int[pts.length] : clockRates;
        int n = Math.min(pts.length, Math.min(names.length, rates.length));
        this.callId = callId;
        this.srtp = srtp;
        this.crypto = crypto == null ? (srtp ? CRYPTO_SDES : CRYPTO_NONE) : crypto;
        this.payloadTypes = Arrays.copyOf(pts, n);
        this.codecNames = Arrays.copyOf(names, n);
        this.clockRates = Arrays.copyOf(rates, n);
    }

    /** Index of {@code payloadType} in {@link #payloadTypes}, or -1. */
    public int indexOf(int payloadType) {
        for (int i = 0; i < payloadTypes.length; i++) {
            if (payloadTypes[i] == payloadType) {
                return i;
            }
        }
        return -1;
    }

    /** Encoding name announced for {@code payloadType}, or null. */
    public String codecName(int payloadType) {
        int i = indexOf(payloadType);
        return i < 0 ? null : codecNames[i];
    }

    /** Clock rate announced for {@code payloadType}, or 0. */
    public int clockRate(int payloadType) {
        int i = indexOf(payloadType);
        return i < 0 ? 0 : clockRates[i];
    }

    @Override
    public String toString() {
        return "MediaAnnouncement{callId=" + callId + ", srtp=" + srtp + ", crypto=" + crypto
                + ", payloadTypes=" + Arrays.toString(payloadTypes)
                + ", codecNames=" + Arrays.toString(codecNames)
                + ", clockRates=" + Arrays.toString(clockRates) + '}';
    }
}
