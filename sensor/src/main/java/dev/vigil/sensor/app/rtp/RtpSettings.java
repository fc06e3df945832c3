package dev.vigil.sensor.app.rtp;

import java.time.Duration;

/**
 * Settings of the RTP decoder.
 *
 * @param firstPort            first UDP port of the media range claimed outright (the vendor's
 *                             audio range 61000-61250, hardening guide Table 2), or -1 for none
 * @param lastPort             last port of that range (inclusive)
 * @param interimInterval      a stream longer than this gets an interim summary every interval
 *                             ({@code rtp.interim: true}); zero disables interim summaries
 * @param maxStreamsPerFlow    SSRC and direction pairs followed per 5-tuple; a new one beyond is
 *                             counted as {@code rtp.too_many_streams}
 * @param maxDirectoryStreams  streams a worker can find by SSRC for RTCP; beyond, RTCP reports
 *                             about new streams are not attached ({@code rtp.directory_full})
 * @param reportDtmfDigits     whether {@code rtp.dtmf.digits} is written (the count always is):
 *                             digits may be door codes or PINs where they open doors
 */
public record RtpSettings(int firstPort, int lastPort, Duration interimInterval, int maxStreamsPerFlow,
                          int maxDirectoryStreams, boolean reportDtmfDigits) {
    /** The vendor's audio range (zenitel-facts: group audio 61002 + 2n lies inside it). */
    public static final int VENDOR_FIRST_PORT = 61000;
    public static final int VENDOR_LAST_PORT = 61250;

    public static final RtpSettings DEFAULT = new RtpSettings(VENDOR_FIRST_PORT, VENDOR_LAST_PORT,
            Duration.ofSeconds(60), 8, 65_536, true);

    public RtpSettings {
        if (firstPort != -1 && (firstPort < 1 || lastPort > 65535 || firstPort > lastPort)) {
            throw new IllegalArgumentException("rtp port range must be within 1-65535 and ordered, got "
                    + firstPort + "-" + lastPort);
        }
        if (interimInterval == null || interimInterval.isNegative()) {
            throw new IllegalArgumentException("rtp interim interval must be zero or positive, got " + interimInterval);
        }
        if (maxStreamsPerFlow < 1 || maxStreamsPerFlow > 64) {
            throw new IllegalArgumentException("rtp streams per flow must be 1-64, got " + maxStreamsPerFlow);
        }
        if (maxDirectoryStreams < 0) {
            throw new IllegalArgumentException("rtp directory size must not be negative, got " + maxDirectoryStreams);
        }
    }
}
