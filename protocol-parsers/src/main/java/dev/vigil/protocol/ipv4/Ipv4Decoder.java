package dev.vigil.protocol.ipv4;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.IpProtocol;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;
import org.agrona.DirectBuffer;

/**
 * IPv4 (RFC 791). Checks version, header length, total length and the option list's framing
 * (options are skipped, not interpreted; the checksum is not verified, since captures taken on
 * the sending host carry offloaded, unfilled checksums). Sets the fragment fields (RFC 791 section
 * 2.3): transport is decoded for unfragmented datagrams and for the first fragment (ports), not
 * for later fragments ({@code l4Offset = -1}); tunnels inside fragments are left to reassembly.
 *
 * <p>The datagram is bounded by its total length (Ethernet padding excluded). A total length
 * beyond the captured bytes is the capture's snaplen when the frame on the wire had them
 * ({@code capture.snaplen}), else {@link #TRUNCATED}; decoding goes on with what was captured.
 */
public final class Ipv4Decoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("ipv4.truncated",
            "The packet ends before the IPv4 header, or before the datagram its total length declares, does.",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_VERSION = DecodeEventType.register("ipv4.bad_version",
            "The version field of a packet carried as IPv4 is not 4.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_HEADER_LENGTH = DecodeEventType.register("ipv4.bad_header_length",
            "The IPv4 header length (IHL) is below 5 words.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_TOTAL_LENGTH = DecodeEventType.register("ipv4.bad_total_length",
            "The IPv4 total length is smaller than the header (0 is decoded on as a segmentation-offload capture).",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_OPTION = DecodeEventType.register("ipv4.bad_option",
            "An IPv4 option has a length below 2 or runs past the end of the header.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_FRAGMENT = DecodeEventType.register("ipv4.bad_fragment",
            "A fragment's offset plus its length exceeds the 65535-byte maximum datagram (ping of death).",
            DecodeEventType.KIND_MALFORMED);

    private static final int MAX_DATAGRAM = 65535;
    private static final int OPT_EOL = 0;
    private static final int OPT_NOP = 1;

    private final Ipv4Flyweight ip = new Ipv4Flyweight();

    public int decode(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int limit = ctx.limit(end);
        final int available = limit - offset;
        if (available < Ipv4Flyweight.MIN_HEADER_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + Ipv4Flyweight.MIN_HEADER_LENGTH, end);
        }
        final Ipv4Flyweight ip = this.ip.wrap(buffer, offset, available);
        if (ip.version() != 4) {
            view.fail(PacketView.STATUS_MALFORMED, BAD_VERSION);
            return Layer.NONE;
        }
        final int headerLength = ip.headerLength();
        if (headerLength < Ipv4Flyweight.MIN_HEADER_LENGTH) {
            view.fail(PacketView.STATUS_MALFORMED, BAD_HEADER_LENGTH);
            return Layer.NONE;
        }
        // The fixed header is there: its fields are valid even if what follows is not.
        view.ipVersion = 4;
        view.setIpv4(ip.source(), ip.destination());
        final int protocol = ip.protocol();
        view.ipProtocol = protocol;
        view.ttl = ip.ttl();
        view.ipHeaderLength = headerLength;
        final int totalLength = ip.totalLength();
        view.ipTotalLength = totalLength;
        final int flagsFragment = ip.flagsFragment();
        final int fragmentOffset = (flagsFragment & Ipv4Flyweight.FRAGMENT_OFFSET_MASK) << 3;
        final boolean moreFragments = (flagsFragment & Ipv4Flyweight.FLAG_MF) != 0;
        view.dontFragment = (flagsFragment & Ipv4Flyweight.FLAG_DF) != 0;
        view.fragmentId = ip.identification();
        view.l3Offset = offset;
        view.l3Length = available;
        if (headerLength > available) {
            return ctx.truncated(view, TRUNCATED, offset + headerLength, end);
        }

        int ipEnd = offset + totalLength;
        boolean clamped = false;
        if (totalLength < headerLength) {
            view.fail(PacketView.STATUS_MALFORMED, BAD_TOTAL_LENGTH);
            if (totalLength != 0) {
                return Layer.NONE;
            }
            // 0: written by TCP segmentation offload before the NIC filled it in; trust the frame.
            ipEnd = end;
            clamped = true;
        } else if (ipEnd > limit) {
            ctx.truncated(view, TRUNCATED, ipEnd, end);
            if (ipEnd > end) {
                ipEnd = end;
                clamped = true;
            }
        }
        ctx.lengthClamped = clamped;
        view.l3Length = (ipEnd < limit ? ipEnd : limit) - offset;

        if (headerLength > Ipv4Flyweight.MIN_HEADER_LENGTH && !optionsWellFormed(ip, headerLength)) {
            view.fail(PacketView.STATUS_MALFORMED, BAD_OPTION);
        }
        if (fragmentOffset != 0 || moreFragments) {
            view.fragment = true;
            view.moreFragments = moreFragments;
            view.fragmentOffset = fragmentOffset;
            if (fragmentOffset + totalLength - headerLength > MAX_DATAGRAM) {
                view.fail(PacketView.STATUS_MALFORMED, BAD_FRAGMENT);
            }
            if (fragmentOffset != 0) {
                return Layer.NONE;
            }
        }
        return IpProtocol.dispatch(protocol, offset + headerLength, ipEnd, view, ctx);
    }

    /** Walks the option list (RFC 791 section 3.1): type, then length for all but EOL and NOP. */
    private static boolean optionsWellFormed(Ipv4Flyweight ip, int headerLength) {
        int i = Ipv4Flyweight.OPTIONS_OFFSET;
        while (i < headerLength) {
            final int type = ip.byteAt(i);
            if (type == OPT_EOL) {
                return true;
            }
            if (type == OPT_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= headerLength) {
                return false;
            }
            final int length = ip.byteAt(i + 1);
            if (length < 2 || i + length > headerLength) {
                return false;
            }
            i += length;
        }
        return true;
    }
}
