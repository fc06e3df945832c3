package dev.vigil.protocol.discovery;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;

/**
 * The intercom discovery protocol on UDP 5002, decoded as an opaque datagram.
 *
 * <p>The vendor lists "Discovery protocol for IP intercom devices" on UDP 5002, but its payload
 * format is not publicly documented (team vendor facts, {@code shared/protocols/zenitel-facts.md}).
 * So this decoder interprets no field: it finds the printable ASCII runs (bytes 0x20-0x7E, at
 * least {@link #MIN_STRING_LENGTH} long, like {@code strings(1)}) in which a MAC address, a model
 * or a firmware version typically shows, and leaves the rest to a real format definition later
 * (this class is the place for it).
 *
 * <pre>
 *   +----------------------------------------------+
 *   | payload: undocumented, any length             |
 *   |   ... printable run ... printable run ...     |
 *   +----------------------------------------------+
 * </pre>
 *
 * Caps: at most {@code maxStrings} runs are kept ({@link #TOO_MANY_STRINGS} beyond, still
 * counted) and each kept run is cut to {@code maxStringLength} characters
 * ({@link #STRING_TOO_LONG}). One instance per thread; {@link #decode} reuses one view and
 * allocates nothing.
 */
public final class DiscoveryDecoder {
    /** Shortest printable run reported, as {@code strings(1)} does by default. */
    public static final int MIN_STRING_LENGTH = 4;
    public static final int DEFAULT_MAX_STRINGS = 16;
    public static final int DEFAULT_MAX_STRING_LENGTH = 64;

    public static final DecodeEventType EMPTY = DecodeEventType.register("discovery.empty",
            "A UDP 5002 discovery datagram without payload.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType TOO_MANY_STRINGS = DecodeEventType.register("discovery.too_many_strings",
            "A discovery datagram with more printable strings than the cap; the rest are counted, not kept.",
            DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType STRING_TOO_LONG = DecodeEventType.register("discovery.string_too_long",
            "A printable string in a discovery datagram longer than the cap; it is cut.",
            DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("discovery.truncated",
            "The capture kept only part of a discovery datagram (snaplen); size and digest cover the captured bytes.",
            DecodeEventType.KIND_TRUNCATED);

    private final DiscoveryView view;

    public DiscoveryDecoder() {
        this(DEFAULT_MAX_STRINGS, DEFAULT_MAX_STRING_LENGTH);
    }

    /**
     * @param maxStrings      runs kept per datagram, in [1, 1024]
     * @param maxStringLength characters kept per run, in [MIN_STRING_LENGTH, 65535]
     */
    public DiscoveryDecoder(int maxStrings, int maxStringLength) {
        if (maxStrings < 1 || maxStrings > 1024) {
            throw new IllegalArgumentException("maxStrings must be in [1, 1024]: " + maxStrings);
        }
        if (maxStringLength < MIN_STRING_LENGTH || maxStringLength > 65_535) {
            throw new IllegalArgumentException("maxStringLength must be in [4, 65535]: " + maxStringLength);
        }
        this.view = new DiscoveryView(maxStrings, maxStringLength);
    }

    /**
     * Decodes the captured payload {@code buffer[offset, offset + length)}.
     *
     * @param declaredLength the payload length the UDP header declares (more than {@code length}
     *                       when the capture cut the datagram); pass {@code length} when unknown
     */
    public DiscoveryView decode(DirectBuffer buffer, int offset, int length, int declaredLength) {
        final int len = Math.max(0, length);
        final DiscoveryView v = view.reset(buffer, offset, len, Math.max(len, declaredLength));
        if (declaredLength > len) {
            v.add(TRUNCATED);
        }
        if (len == 0 && declaredLength <= 0) {
            v.add(EMPTY);
            return v;
        }
        final int end = offset + len;
        int runStart = -1;
        for (int p = offset; p <= end; p++) {
            boolean printable = p < end && isPrintable(buffer.getByte(p) & 0xFF);
            if (printable) {
                if (runStart < 0) {
                    runStart = p;
                }
            } else if (runStart >= 0) {
                int runLength = p - runStart;
                if (runLength >= MIN_STRING_LENGTH) {
                    v.addString(runStart, runLength);
                }
                runStart = -1;
            }
        }
        if (v.totalStrings() > v.stringCount()) {
            v.add(TOO_MANY_STRINGS);
        }
        if (v.anyCut()) {
            v.add(STRING_TOO_LONG);
        }
        return v;
    }

    /** Printable ASCII, space included (0x20-0x7E). */
    public static boolean isPrintable(int b) {
        return b >= 0x20 && b <= 0x7E;
    }
}
