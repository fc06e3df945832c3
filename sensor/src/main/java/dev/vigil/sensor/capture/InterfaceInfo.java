package dev.vigil.sensor.capture;

import dev.vigil.protocol.LinkType;
import dev.vigil.protocol.pcapng.PcapngHeaderView;

/**
 * One capture interface of a file: the single implicit interface of a pcap file, or a pcapng
 * Interface Description Block (draft-ietf-opsawg-pcapng section 4.2). Describes the link type,
 * snap length and timestamp resolution that apply to every packet of the interface.
 *
 * <p>{@link #index()} is the position in {@link CaptureFileReader#interfaces()} and the
 * {@code interfaceId} the reader hands to {@link PacketHandler}: pcapng numbers interfaces per
 * section, the reader numbers them across the file, so the two agree for single-section files.
 *
 * <p>Interface statistics ({@code isb_ifrecv}, {@code isb_ifdrop}) are filled in from the last
 * Interface Statistics Block seen for the interface; -1 when the file has none.
 */
public final class InterfaceInfo {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int index;
    private final int section;
    private final int interfaceId;
    private final int linkType;
    private final long snapLength;
    private final String name;
    private final int tsresol;
    private final long tsoffsetSeconds;
    /** Nanoseconds per tick when that is a whole number (10^-n with n <= 9), else 0. */
    private final long nanosPerTick;
    private final long offsetNanos;
    private volatile long receivedPackets = -1;
    private volatile long droppedPackets = -1;

    InterfaceInfo(int index, int section, int interfaceId, int linkType, long snapLength, String name,
                  int tsresol, long tsoffsetSeconds) {
        this.index = index;
        this.section = section;
        this.interfaceId = interfaceId;
        this.linkType = linkType;
        this.snapLength = snapLength;
        this.name = name;
        this.tsresol = tsresol;
        this.tsoffsetSeconds = tsoffsetSeconds;
        int n = tsresol & 0x7F;
        long perTick = 0;
        if ((tsresol & 0x80) == 0 && n <= 9) {
            perTick = 1;
            for (int i = n; i < 9; i++) {
                perTick *= 10;
            }
        }
        this.nanosPerTick = perTick;
        this.offsetNanos = tsoffsetSeconds * NANOS_PER_SECOND;
    }

    /** Position in {@link CaptureFileReader#interfaces()}; the {@code interfaceId} of its packets. */
    public int index() {
        return index;
    }

    /** 0-based pcapng section the interface belongs to (0 for pcap). */
    public int section() {
        return section;
    }

    /** The interface id inside its section, as pcapng packet blocks refer to it. */
    public int interfaceId() {
        return interfaceId;
    }

    /** LINKTYPE_* value, see {@link LinkType}. */
    public int linkType() {
        return linkType;
    }

    /** Snap length declared for the interface (0: no limit). */
    public long snapLength() {
        return snapLength;
    }

    /** {@code if_name}, or null. */
    public String name() {
        return name;
    }

    /** Raw {@code if_tsresol} byte: 6 for microseconds, 9 for nanoseconds, 0x80|n for 2^-n. */
    public int timestampResolution() {
        return tsresol;
    }

    /** {@code if_tsoffset} in seconds. */
    public long timestampOffsetSeconds() {
        return tsoffsetSeconds;
    }

    /** {@code isb_ifrecv} of the last statistics block, or -1. */
    public long receivedPackets() {
        return receivedPackets;
    }

    /** {@code isb_ifdrop} of the last statistics block, or -1. */
    public long droppedPackets() {
        return droppedPackets;
    }

    void statistics(long received, long dropped) {
        if (received >= 0) {
            this.receivedPackets = received;
        }
        if (dropped >= 0) {
            this.droppedPackets = dropped;
        }
    }

    /** Timestamp ticks of this interface (unsigned) to nanoseconds since the epoch. */
    long toNanos(long ticks) {
        if (nanosPerTick != 0) {
            return ticks * nanosPerTick + offsetNanos;
        }
        return PcapngHeaderView.ticksToNanos(tsresol, tsoffsetSeconds, ticks);
    }

    @Override
    public String toString() {
        return "interface " + index + " (section " + section + ", id " + interfaceId + "): "
                + LinkType.name(linkType) + ", snaplen " + snapLength + ", tsresol 0x"
                + Integer.toHexString(tsresol) + (tsoffsetSeconds == 0 ? "" : ", tsoffset " + tsoffsetSeconds)
                + (name == null ? "" : ", name " + name);
    }
}
