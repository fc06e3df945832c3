package dev.vigil.protocol.dhcp;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;

/**
 * DHCP over UDP 67/68 (RFC 2131, options RFC 2132, long options RFC 3396): one UDP payload in,
 * one {@link DhcpMessage} out, with the decode events the message caused. The bytes are
 * parsed by the Kaitai spec {@code src/main/kaitai/dhcp.ksy} through {@link DhcpKaitaiAdapter}.
 * DHCPv6 (RFC 8415, UDP 546/547) is a different protocol and not decoded here.
 *
 * <p>Caps: at most {@link Limits#maxOptions} options per message (Pad and End not counted,
 * overloaded sname/file areas included) and at most {@link Limits#maxOptionBytes} bytes after
 * the magic cookie; the rest is ignored and recorded as {@link #TOO_MANY_OPTIONS} or
 * {@link #OPTIONS_TOO_LONG}.
 *
 * <p>One instance per thread: it reuses its copy buffer and its result.
 */
public final class DhcpDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("dhcp.truncated",
            "The packet ends before the 236-byte BOOTP header and the magic cookie, or inside an option"
                    + " because the capture cut it.", DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_MAGIC = DecodeEventType.register("dhcp.bad_magic",
            "The four bytes after the BOOTP header are not the DHCP magic cookie 99.130.83.99; options are"
                    + " not decoded.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_OPTION_LENGTH = DecodeEventType.register("dhcp.bad_option_length",
            "An option's length runs past the end of its area (options, sname or file), or the area ends with"
                    + " an option code without a length.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_OPTION_VALUE = DecodeEventType.register("dhcp.bad_option_value",
            "An option's value has a length its type does not allow (message type not one byte, an address"
                    + " not four, an address list not a multiple of four); the value is ignored.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_OVERLOAD = DecodeEventType.register("dhcp.bad_overload",
            "Option 52 (option overload) is not one byte of value 1, 2 or 3; sname and file are read as"
                    + " text.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_HLEN = DecodeEventType.register("dhcp.bad_hlen",
            "The hardware address length is above 16, the size of the chaddr field.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType MALFORMED = DecodeEventType.register("dhcp.malformed",
            "The DHCP parser rejected the message for a reason other than its length.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType TOO_MANY_OPTIONS = DecodeEventType.register("dhcp.too_many_options",
            "The message has more options than the configured cap; the rest are ignored.",
            DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType OPTIONS_TOO_LONG = DecodeEventType.register("dhcp.options_too_long",
            "The options after the magic cookie are longer than the configured cap; the rest are ignored.",
            DecodeEventType.KIND_OVERFLOW);

    /** BOOTP fixed header: op ... file (RFC 2131 section 2). */
    public static final int HEADER_LENGTH = 236;
    /** Header plus the 4-byte magic cookie: where the options start. */
    public static final int OPTIONS_OFFSET = 240;
    public static final long MAGIC_COOKIE = 0x63825363L;

    /** The caps of one decoder. */
    public record Limits(int maxOptions, int maxOptionBytes) {
        /** 128 options (a DISCOVER has about ten), 4096 option bytes (an Ethernet frame has at most 1232). */
        public static final Limits DEFAULT = new Limits(128, 4096);

        public Limits {
            if (maxOptions < 0 || maxOptionBytes < 0) {
                throw new IllegalArgumentException("DHCP limits must not be negative");
            }
        }
    }

    private final Limits limits;
    private final DhcpMessage message = new DhcpMessage();
    private byte[] bytes = new byte[1024];

    public DhcpDecoder() {
        this(Limits.DEFAULT);
    }

    public DhcpDecoder(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Decodes one UDP payload.
     *
     * @param cutByCapture true when the capture holds less of the datagram than was sent (snap
     *                     length): an option running past the end is then truncated, not malformed
     * @return this decoder's result, valid until the next call
     */
    public DhcpMessage decode(DirectBuffer buffer, int offset, int length, boolean cutByCapture) {
        int kept = Math.max(0, Math.min(length, OPTIONS_OFFSET + limits.maxOptionBytes()));
        if (bytes.length < kept) {
            bytes = new byte[Math.max(kept, bytes.length * 2)];
        }
        buffer.getBytes(offset, bytes, 0, kept);
        return parse(kept, length, cutByCapture);
    }

    /** The same over a byte array (tests, tools). */
    public DhcpMessage decode(byte[] data, int offset, int length, boolean cutByCapture) {
        int kept = Math.max(0, Math.min(length, OPTIONS_OFFSET + limits.maxOptionBytes()));
        if (bytes.length < kept) {
            bytes = new byte[Math.max(kept, bytes.length * 2)];
        }
        System.arraycopy(data, offset, bytes, 0, kept);
        return parse(kept, length, cutByCapture);
    }

    private DhcpMessage parse(int kept, int length, boolean cutByCapture) {
        DhcpMessage m = message.reset();
        int end = kept < length ? DhcpKaitaiAdapter.END_CLIPPED
                : cutByCapture ? DhcpKaitaiAdapter.END_CAPTURE : DhcpKaitaiAdapter.END_COMPLETE;
        DhcpKaitaiAdapter.parse(bytes, kept, end, limits.maxOptions(), m);
        if (kept < length && m.cookie) {
            m.fail(OPTIONS_TOO_LONG);
        }
        return m;
    }
}
