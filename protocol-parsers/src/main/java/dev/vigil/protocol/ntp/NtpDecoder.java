package dev.vigil.protocol.ntp;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;

/**
 * NTP versions 1 to 4 over UDP 123 (RFC 5905; RFC 1305 for modes 6 and 7): checks one UDP
 * payload against the header length of its mode and wraps {@link #flyweight()} over it. The
 * 48-byte header of modes 0 to 5 is decoded; extension fields and MACs after it are ignored.
 * Mode 6 (control) and mode 7 (private) messages are reported by their short headers only.
 * Allocation-free; one instance per thread.
 */
public final class NtpDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("ntp.truncated",
            "The datagram is shorter than the header of its mode (48 bytes; 12 for mode 6, 8 for mode 7).",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_VERSION = DecodeEventType.register("ntp.bad_version",
            "The version number is 0 or above 4: no NTP version defines it.", DecodeEventType.KIND_MALFORMED);

    public static final int STATUS_OK = 0;
    public static final int STATUS_TRUNCATED = 1;
    public static final int STATUS_MALFORMED = 2;

    /** Seconds from the NTP prime epoch (1900-01-01) to the Unix epoch (RFC 5905 figure 4). */
    public static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

    private static final String[] MODE_NAMES = {"reserved", "symmetric_active", "symmetric_passive", "client",
        "server", "broadcast", "control", "private"};

    private final NtpFlyweight ntp = new NtpFlyweight();
    private final DecodeEventType[] events = new DecodeEventType[2];
    private int eventCount;
    private int status;
    private boolean complete;
    private int length;

    /**
     * Decodes one UDP payload.
     *
     * @return {@link #STATUS_OK}, {@link #STATUS_TRUNCATED} (shorter than its mode's header) or
     *         {@link #STATUS_MALFORMED} (bad version)
     */
    public int decode(DirectBuffer buffer, int offset, int length) {
        eventCount = 0;
        status = STATUS_OK;
        this.length = Math.max(0, length);
        ntp.wrap(buffer, offset, this.length);
        if (this.length == 0) {
            complete = false;
            return fail(STATUS_TRUNCATED, TRUNCATED);
        }
        int version = ntp.version();
        if (version == 0 || version > 4) {
            fail(STATUS_MALFORMED, BAD_VERSION);
        }
        complete = this.length >= headerLength(ntp.mode());
        if (!complete) {
            fail(STATUS_TRUNCATED, TRUNCATED);
        }
        return status;
    }

    private int fail(int s, DecodeEventType type) {
        events[eventCount++] = type;
        status = Math.max(status, s);
        return status;
    }

    /** Header length of a mode: 12 for control, 8 for private, else 48. */
    public static int headerLength(int mode) {
        return mode == NtpFlyweight.MODE_CONTROL ? NtpFlyweight.CONTROL_HEADER_LENGTH
                : mode == NtpFlyweight.MODE_PRIVATE ? NtpFlyweight.PRIVATE_HEADER_LENGTH : NtpFlyweight.HEADER_LENGTH;
    }

    public NtpFlyweight flyweight() {
        return ntp;
    }

    /** True when at least the first byte (leap, version, mode) was there. */
    public boolean hasFlags() {
        return length > 0;
    }

    /** True when the whole header of the message's mode was there. */
    public boolean complete() {
        return complete;
    }

    public int status() {
        return status;
    }

    public int eventCount() {
        return eventCount;
    }

    public DecodeEventType event(int i) {
        return events[i];
    }

    /** client, server, broadcast, symmetric_active, symmetric_passive, control, private, reserved. */
    public static String modeName(int mode) {
        return MODE_NAMES[mode & 7];
    }

    /**
     * Converts a 64-bit NTP timestamp into nanoseconds since the Unix epoch. Following RFC 4330
     * section 3, a timestamp whose most significant bit is clear lies in era 1 (from 2036-02-07),
     * otherwise in era 0 (1968 to 2036).
     */
    public static long toEpochNanos(long timestamp) {
        long seconds = timestamp >>> 32;
        long fraction = timestamp & 0xFFFF_FFFFL;
        if ((seconds & 0x8000_0000L) == 0) {
            seconds += 1L << 32;
        }
        long nanos = (fraction * 1_000_000_000L) >>> 32;
        return (seconds - NTP_UNIX_OFFSET_SECONDS) * 1_000_000_000L + nanos;
    }

    /**
     * Writes the reference id as text into {@code out} from {@code p} and returns the new
     * position (unchanged when there is nothing to say). RFC 5905 section 7.3: for stratum 0 (a
     * kiss code such as {@code RATE}) and 1 (a source such as {@code GPS}) four ASCII characters,
     * NUL-padded; above, an IPv4 address (for IPv6 peers the first four bytes of an MD5 hash,
     * shown the same way). An all-zero id is nothing; non-printable ASCII ids are written as
     * {@code 0x} and eight hex digits. Needs 15 chars of room.
     */
    public static int referenceId(NtpFlyweight f, char[] out, int p) {
        int id = f.referenceId();
        if (f.stratum() >= 2) {
            return ipv4(id, out, p);
        }
        if (id == 0) {
            return p;
        }
        int n = 0;
        boolean printable = true;
        boolean ended = false;
        for (int i = 0; i < 4; i++) {
            int b = f.referenceIdByte(i);
            if (b == 0) {
                ended = true;
            } else if (ended || b < 0x20 || b > 0x7E) {
                printable = false;
            } else {
                n++;
            }
        }
        if (printable) {
            for (int i = 0; i < n; i++) {
                out[p++] = (char) f.referenceIdByte(i);
            }
            return p;
        }
        out[p++] = '0';
        out[p++] = 'x';
        for (int shift = 28; shift >= 0; shift -= 4) {
            out[p++] = HEX[(id >>> shift) & 0xF];
        }
        return p;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static int ipv4(int addr, char[] out, int p) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            int b = (addr >>> shift) & 0xFF;
            if (b >= 100) {
                out[p++] = (char) ('0' + b / 100);
            }
            if (b >= 10) {
                out[p++] = (char) ('0' + (b / 10) % 10);
            }
            out[p++] = (char) ('0' + b % 10);
            if (shift > 0) {
                out[p++] = '.';
            }
        }
        return p;
    }
}
