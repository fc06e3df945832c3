package dev.vigil.protocol.pcapng;

/**
 * The fields of one pcapng Section Header Block (SHB) or Interface Description Block (IDB) that a
 * capture reader needs, as returned by {@link PcapngKaitaiAdapter}. Immutable; built once per
 * header block (rare: a file has a handful), never per packet.
 *
 * <p>Timestamp resolution follows the {@code if_tsresol} option (draft-ietf-opsawg-pcapng,
 * section 4.2): the most significant bit selects the base, the other seven bits the exponent.
 * <pre>
 *   bit 7 = 0: one tick = 10^-n seconds      (default n = 6, microseconds)
 *   bit 7 = 1: one tick = 2^-n seconds
 * </pre>
 * {@link #ticksToNanos(long)} converts a 64-bit timestamp in those ticks into nanoseconds and adds
 * {@code if_tsoffset} (whole seconds).
 */
public final class PcapngHeaderView {
    /** Block type of a Section Header Block (its value is the same in both byte orders). */
    public static final long TYPE_SHB = 0x0A0D0D0AL;
    /** Block type of an Interface Description Block. */
    public static final long TYPE_IDB = 1L;
    /** {@code if_tsresol} when the option is absent: 10^-6 s. */
    public static final int DEFAULT_TSRESOL = 6;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long[] POW10 = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private final long blockType;
    private final int majorVersion;
    private final int minorVersion;
    private final long sectionLength;
    private final int linkType;
    private final long snapLength;
    private final int tsresol;
    private final long tsoffsetSeconds;
    private final String interfaceName;

    PcapngHeaderView(long blockType, int majorVersion, int minorVersion, long sectionLength,
                     int linkType, long snapLength, int tsresol, long tsoffsetSeconds,
                     String interfaceName) {
        this.blockType = blockType;
        this.majorVersion = majorVersion;
        this.minorVersion = minorVersion;
        this.sectionLength = sectionLength;
        this.linkType = linkType;
        this.snapLength = snapLength;
        this.tsresol = tsresol;
        this.tsoffsetSeconds = tsoffsetSeconds;
        this.interfaceName = interfaceName;
    }

    /** {@link #TYPE_SHB} or {@link #TYPE_IDB}. */
    public long blockType() {
        return blockType;
    }

    public boolean isSectionHeader() {
        return blockType == TYPE_SHB;
    }

    public boolean isInterfaceDescription() {
        return blockType == TYPE_IDB;
    }

    /** SHB major version (1 for every pcapng file written so far); 0 for an IDB. */
    public int majorVersion() {
        return majorVersion;
    }

    /** SHB minor version (0; 2 from some old writers); 0 for an IDB. */
    public int minorVersion() {
        return minorVersion;
    }

    /** SHB section length in bytes, -1 when the writer did not know it; 0 for an IDB. */
    public long sectionLength() {
        return sectionLength;
    }

    /** IDB LINKTYPE_* value; 0 for an SHB. */
    public int linkType() {
        return linkType;
    }

    /** IDB snap length, 0 meaning no limit; 0 for an SHB. */
    public long snapLength() {
        return snapLength;
    }

    /** The raw {@code if_tsresol} byte ({@link #DEFAULT_TSRESOL} when absent). */
    public int tsresol() {
        return tsresol;
    }

    /** True when {@link #tsresol()} is a power of two (bit 7 set), false for a power of ten. */
    public boolean tsresolBinary() {
        return (tsresol & 0x80) != 0;
    }

    /** The exponent n of 10^-n or 2^-n. */
    public int tsresolExponent() {
        return tsresol & 0x7F;
    }

    /** {@code if_tsoffset}: seconds to add to every timestamp of the interface (0 when absent). */
    public long tsoffsetSeconds() {
        return tsoffsetSeconds;
    }

    /** {@code if_name}, or null when the option is absent. */
    public String interfaceName() {
        return interfaceName;
    }

    /**
     * Converts a timestamp of this interface (an unsigned 64-bit tick count) to nanoseconds since
     * the epoch, {@code if_tsoffset} included. Never throws; values beyond the year 2262 wrap.
     */
    public long ticksToNanos(long ticks) {
        return ticksToNanos(tsresol, tsoffsetSeconds, ticks);
    }

    /**
     * Same as {@link #ticksToNanos(long)} for a given resolution byte and offset, for readers that
     * keep the two values in their own per-interface table.
     */
    public static long ticksToNanos(int tsresol, long tsoffsetSeconds, long ticks) {
        int n = tsresol & 0x7F;
        long nanos;
        if ((tsresol & 0x80) == 0) {
            if (n <= 9) {
                nanos = ticks * POW10[9 - n];
            } else if (n - 9 < POW10.length) {
                nanos = Long.divideUnsigned(ticks, POW10[n - 9]);
            } else {
                nanos = 0;
            }
        } else {
            // 2^-n: whole seconds from the high bits, the fraction scaled without overflow
            if (n == 0) {
                nanos = ticks * NANOS_PER_SECOND;
            } else if (n >= 64) {
                nanos = 0;
            } else {
                long seconds = ticks >>> n;
                long fraction = ticks & ((1L << n) - 1);
                long fractionNanos = n <= 33
                        ? (fraction * NANOS_PER_SECOND) >>> n
                        : (Math.multiplyHigh(fraction, NANOS_PER_SECOND) << (64 - n))
                          | ((fraction * NANOS_PER_SECOND) >>> n);
                nanos = seconds * NANOS_PER_SECOND + fractionNanos;
            }
        }
        return nanos + tsoffsetSeconds * NANOS_PER_SECOND;
    }

    @Override
    public String toString() {
        if (isSectionHeader()) {
            return "SHB{version=" + majorVersion + "." + minorVersion + ", sectionLength=" + sectionLength + "}";
        }
        return "IDB{linkType=" + linkType + ", snapLength=" + snapLength + ", tsresol=0x"
                + Integer.toHexString(tsresol) + ", tsoffset=" + tsoffsetSeconds
                + (interfaceName == null ? "" : ", name=" + interfaceName) + "}";
    }
}
