package dev.vigil.protocol.sdp;

/**
 * The static RTP payload type assignments of RFC 3551 §6 (Tables 4 and 5): an {@code m=} line may
 * list them without an {@code a=rtpmap} line (RFC 8866 §6.6). Unassigned and dynamic (96-127)
 * types have no name.
 */
public final class RtpStaticPayloads {
    private static final String[] NAMES = new String[35];
    private static final int[] RATES = new int[35];

    static {
        set(0, "PCMU", 8000);
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
        set(25, "CelB", 90000);
        set(26, "JPEG", 90000);
        set(28, "nv", 90000);
        set(31, "H261", 90000);
        set(32, "MPV", 90000);
        set(33, "MP2T", 90000);
        set(34, "H263", 90000);
    }

    private RtpStaticPayloads() {
    }

    private static void set(int pt, String name, int rate) {
        NAMES[pt] = name;
        RATES[pt] = rate;
    }

    /** The encoding name of a static payload type, or null. */
    public static String name(int pt) {
        return pt >= 0 && pt < NAMES.length ? NAMES[pt] : null;
    }

    /** The clock rate of a static payload type in Hz, or 0. */
    public static int clockRate(int pt) {
        return pt >= 0 && pt < RATES.length ? RATES[pt] : 0;
    }
}
