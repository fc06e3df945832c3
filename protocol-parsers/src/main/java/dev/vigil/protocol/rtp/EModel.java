package dev.vigil.protocol.rtp;

/**
 * A listening-quality estimate for one RTP stream: the ITU-T G.107 E-model reduced to what a
 * passive sensor sees (loss and jitter), and its mapping to a mean opinion score.
 *
 * <pre>
 *   R   = R0s - Id - Ie_eff                      (G.107 section 3; advantage factor A = 0)
 *   R0s = 93.2                                   (R0 - Is with every G.107 default value)
 *   d   = 2 * Jmean + 20 ms                      (mouth-to-ear delay estimate, see below)
 *   Id  = 0.024 * d + 0.11 * (d - 177.3) * H(d - 177.3)
 *                                                (Cole and Rosenbluth, "Voice over IP performance
 *                                                 monitoring", ACM CCR 2001: their fit of G.107's
 *                                                 delay impairment for default echo loss; H = step)
 *   Ie_eff = Ie + (95 - Ie) * Ppl / (Ppl / BurstR + Bpl)
 *                                                (G.107 section 3.5; BurstR = 1: random loss)
 *   MOS = 1                                      for R &lt;= 0
 *       = 1 + 0.035 R + R (R - 60) (100 - R) 7e-6 for 0 &lt; R &lt; 100   (G.107 Annex B)
 *       = 4.5                                    for R &gt;= 100
 * </pre>
 *
 * <p>{@code Ppl} is the packet loss in percent (lost / expected, duplicates not counted as
 * negative loss). {@code Ie} and {@code Bpl} per codec come from ITU-T G.113 Appendix I:
 * G.711 with packet loss concealment Ie 0, Bpl 25.1; G.729(A) Ie 11, Bpl 19.0; G.723.1 at
 * 6.3 kbit/s Ie 15, Bpl 16.1; GSM full rate Ie 20 (its Bpl is not tabulated: GSM-EFR's 10.0 is
 * used). Codecs without values (wideband G.722, dynamic codecs) are scored as G.711, so the
 * estimate compares streams rather than rating a wideband codec on a narrowband scale.
 *
 * <p>The network delay is unknown to a passive observer (it sees one point of the path), so
 * {@code d} counts only what the receiver adds: a jitter buffer of twice the mean interarrival
 * jitter plus one 20 ms packet. The R-factor is therefore an upper bound with respect to delay.
 */
public final class EModel {
    /** R with every G.107 default value and no impairment. */
    public static final double R_DEFAULT = 93.2;
    /** Packetisation assumed in the delay estimate, ms. */
    public static final double FRAME_MS = 20.0;

    private EModel() {
    }

    /** G.113 equipment impairment factor Ie for an encoding name (RFC 3551 / rtpmap spelling). */
    public static double ie(String codec) {
        if (codec == null) {
            return 0;
        }
        switch (codec.toUpperCase(java.util.Locale.ROOT)) {
            case "G729": return 11;
            case "G723": return 15;
            case "GSM": return 20;
            default: return 0;
        }
    }

    /** G.113 packet-loss robustness factor Bpl for an encoding name. */
    public static double bpl(String codec) {
        if (codec == null) {
            return 25.1;
        }
        switch (codec.toUpperCase(java.util.Locale.ROOT)) {
            case "G729": return 19.0;
            case "G723": return 16.1;
            case "GSM": return 10.0;
            default: return 25.1;
        }
    }

    /**
     * The R-factor.
     *
     * @param lossPercent    packet loss, percent (negative values count as 0)
     * @param meanJitterMs   mean interarrival jitter, ms (negative or NaN counts as 0)
     * @param ie             equipment impairment factor of the codec
     * @param bpl            packet-loss robustness factor of the codec
     */
    public static double rFactor(double lossPercent, double meanJitterMs, double ie, double bpl) {
        double ppl = lossPercent > 0 ? Math.min(lossPercent, 100) : 0;
        double j = meanJitterMs > 0 ? meanJitterMs : 0;
        double d = 2 * j + FRAME_MS;
        double id = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
        double ieEff = ie + (95 - ie) * ppl / (ppl + bpl);
        return R_DEFAULT - id - ieEff;
    }

    /** The mean opinion score (1 to 4.5) of an R-factor (G.107 Annex B). */
    public static double mos(double r) {
        if (r <= 0) {
            return 1;
        }
        if (r >= 100) {
            return 4.5;
        }
        // the cubic dips just under 1 for R below about 6.5: MOS is 1 at worst (G.107 B-4)
        return Math.max(1, 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6);
    }
}
