package dev.vigil.protocol.rtp;

/**
 * RTP payload types: the static assignments of RFC 3551 section 6 (tables 4 and 5, as kept in
 * IANA's "RTP Payload Types" registry) with their encoding names and RTP clock rates, and the
 * clock rates of common encodings that use dynamic payload types (96-127) named by an SDP
 * {@code a=rtpmap} line.
 *
 * <p>Clock rates follow what Wireshark's RTP analysis uses, so that jitter agrees with tshark's
 * {@code -z rtp,streams}: G.722 is 8000 (RFC 3551 section 4.5.2: its RTP clock runs at 8 kHz
 * although it samples at 16 kHz), the reserved types 1, 2 and 19 keep the 8000 of their former
 * use (FS-1016, G.721, the old comfort noise), and telephone events (RFC 4733) have no jitter
 * clock because their timestamp stays at the start of the event.
 */
public final class RtpPayloadTypes {
    /** First dynamic payload type (RFC 3551 section 3). */
    public static final int FIRST_DYNAMIC = 96;
    /** Comfort noise (RFC 3389). */
    public static final int CN = 13;
    /** The former comfort noise type, reserved since RFC 3551; Wireshark still treats it as CN. */
    public static final int CN_OLD = 19;

    private static final String[] NAMES = new String[128];
    private static final int[] RATES = new int[128];

    static {
        set(0, "PCMU", 8000);
        RATES[1] = 8000;
        RATES[2] = 8000;
        set(3, "GSM", 8000);
        set(4, "G723", 8000);
        set(5, "DVI4", 8000);
        set(6, "DVI4", 16000);
        set(7, "LPC", 8000);
        set(8, "PCMA", 8000);
        set(9, "G722", 8000);
        set(10, "L16", 44100);
        set(11, "L16", 44100);
        set(12, "QCELP", 8000);
        set(13, "CN", 8000);
        set(14, "MPA", 90000);
        set(15, "G728", 8000);
        set(16, "DVI4", 11025);
        set(17, "DVI4", 22050);
        set(18, "G729", 8000);
        RATES[19] = 8000;
        set(25, "CelB", 90000);
        set(26, "JPEG", 90000);
        set(28, "nv", 90000);
        set(31, "H261", 90000);
        set(32, "MPV", 90000);
        set(33, "MP2T", 90000);
        set(34, "H263", 90000);
    }

    /** Encoding names with dynamic payload types and their RTP clock rates (IANA media types). */
    private static final String[] DYNAMIC_NAMES = {"AMR", "AMR-WB", "BMPEG", "BT656", "DV", "EVRC", "EVRC0",
        "EVRC1", "EVRCB", "EVRCB0", "EVRCB1", "EVRCWB", "EVRCWB0", "EVRCWB1", "EVS", "G7221", "G726-16", "G726-24",
        "G726-32", "G726-40", "G729D", "G729E", "GSM-EFR", "H263-1998", "H263-2000", "H264", "H265", "iLBC", "MP1S",
        "MP2P", "MP4V-ES", "mpa-robust", "opus", "pointer", "raw", "red", "SILK", "SMV", "SMV0", "speex", "t140",
        "telephone-event", "VP8", "VP9"};
    private static final int[] DYNAMIC_RATES = {8000, 16000, 90000, 90000, 90000, 8000, 8000,
        8000, 8000, 8000, 8000, 16000, 16000, 16000, 16000, 16000, 8000, 8000,
        8000, 8000, 8000, 8000, 8000, 90000, 90000, 90000, 90000, 8000, 90000,
        90000, 90000, 90000, 48000, 90000, 90000, 1000, 16000, 8000, 8000, 8000, 1000,
        8000, 90000, 90000};

    private RtpPayloadTypes() {
    }

    private static void set(int pt, String name, int rate) {
        NAMES[pt] = name;
        RATES[pt] = rate;
    }

    /** The encoding name of a static payload type (e.g. "PCMA"), or null when none is assigned. */
    public static String staticName(int payloadType) {
        return payloadType >= 0 && payloadType < 128 ? NAMES[payloadType] : null;
    }

    /** The RTP clock rate of a static payload type in Hz, or 0 when none is assigned. */
    public static int staticClockRate(int payloadType) {
        return payloadType >= 0 && payloadType < 128 ? RATES[payloadType] : 0;
    }

    /** True for the comfort-noise payload types (13, and 19 as Wireshark treats it). */
    public static boolean comfortNoise(int payloadType) {
        return payloadType == CN || payloadType == CN_OLD;
    }

    /**
     * The RTP clock rate of an encoding name from {@code a=rtpmap} whose rate was not given, by
     * case-insensitive exact name, or 0.
     */
    public static int clockRateOf(String encodingName) {
        if (encodingName == null) {
            return 0;
        }
        for (int i = 0; i < DYNAMIC_NAMES.length; i++) {
            if (DYNAMIC_NAMES[i].equalsIgnoreCase(encodingName)) {
                return DYNAMIC_RATES[i];
            }
        }
        return 0;
    }

    /** True when an rtpmap encoding name is RFC 4733's {@code telephone-event}. */
    public static boolean telephoneEvent(String encodingName) {
        return encodingName != null && encodingName.equalsIgnoreCase("telephone-event");
    }
}
