package dev.vigil.protocol.ipv6;

import dev.vigil.protocol.DecodeContext;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.IpProtocol;
import dev.vigil.protocol.Layer;
import dev.vigil.protocol.PacketView;
import org.agrona.DirectBuffer;

/**
 * IPv6 (RFC 8200) and its extension header chain: Hop-by-Hop (0), Routing (43), Fragment (44),
 * Destination Options (60) and AH (51, RFC 4302) are skipped; ESP (50), No Next Header (59) and
 * any other value end the chain and are the packet's protocol. A Fragment header sets the
 * fragment fields; a non-first fragment carries no transport.
 *
 * <p>A payload length of 0 with a Hop-by-Hop header first is a jumbogram (RFC 2675): the frame
 * bounds it. The chain is capped at {@link #MAX_EXTENSION_HEADERS} headers.
 */
public final class Ipv6Decoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("ipv6.truncated",
            "The packet ends before the IPv6 header, or before the payload its length declares, does.",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_VERSION = DecodeEventType.register("ipv6.bad_version",
            "The version field of a packet carried as IPv6 is not 6.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_PAYLOAD_LENGTH = DecodeEventType.register("ipv6.bad_payload_length",
            "The IPv6 payload length is 0 for a payload that is not a jumbogram, or is too short for the extension headers.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType EXTHDR_TRUNCATED = DecodeEventType.register("ipv6.exthdr_truncated",
            "The packet ends inside an IPv6 extension header.", DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType EXTHDR_TOO_MANY = DecodeEventType.register("ipv6.exthdr_too_many",
            "More IPv6 extension headers than the decoder's cap; the transport header is not located.",
            DecodeEventType.KIND_OVERFLOW);

    /** Cap on the extension header chain (real stacks use a handful). */
    public static final int MAX_EXTENSION_HEADERS = 8;

    private final Ipv6Flyweight ip = new Ipv6Flyweight();
    private final Ipv6ExtensionHeaderFlyweight ext = new Ipv6ExtensionHeaderFlyweight();
    private final Ipv6FragmentFlyweight frag = new Ipv6FragmentFlyweight();

    public int decode(DirectBuffer buffer, int offset, int end, PacketView view, DecodeContext ctx) {
        final int limit = ctx.limit(end);
        final int available = limit - offset;
        if (available < Ipv6Flyweight.HEADER_LENGTH) {
            return ctx.truncated(view, TRUNCATED, offset + Ipv6Flyweight.HEADER_LENGTH, end);
        }
        final Ipv6Flyweight ip = this.ip.wrap(buffer, offset, available);
        if (ip.version() != 6) {
            view.fail(PacketView.STATUS_MALFORMED, BAD_VERSION);
            return Layer.NONE;
        }
        view.ipVersion = 6;
        view.srcHi = ip.sourceHigh();
        view.srcLo = ip.sourceLow();
        view.dstHi = ip.destinationHigh();
        view.dstLo = ip.destinationLow();
        view.ttl = ip.hopLimit();
        int next = ip.nextHeader();
        final int payloadLength = ip.payloadLength();
        view.ipTotalLength = Ipv6Flyweight.HEADER_LENGTH + payloadLength;
        view.l3Offset = offset;

        int ipEnd = offset + Ipv6Flyweight.HEADER_LENGTH + payloadLength;
        boolean clamped = false;
        if (payloadLength == 0 && next != IpProtocol.IPV6_NONXT) {
            if (next != IpProtocol.HOPOPT) {
                view.fail(PacketView.STATUS_MALFORMED, BAD_PAYLOAD_LENGTH);
            }
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
        final int readable = ipEnd < limit ? ipEnd : limit;
        view.l3Length = readable - offset;

        int pos = offset + Ipv6Flyweight.HEADER_LENGTH;
        int fragmentEnd = -1;
        for (int count = 0; ; count++) {
            // Kept current so that a chain cut short still says where it stopped.
            view.ipProtocol = next;
            view.ipHeaderLength = (fragmentEnd >= 0 ? fragmentEnd : pos) - offset;
            final int headerLength;
            switch (next) {
                case IpProtocol.HOPOPT:
                case IpProtocol.IPV6_ROUTE:
                case IpProtocol.IPV6_OPTS:
                case IpProtocol.AH:
                    if (count == MAX_EXTENSION_HEADERS) {
                        view.fail(PacketView.STATUS_UNSUPPORTED, EXTHDR_TOO_MANY);
                        return Layer.NONE;
                    }
                    if (pos + Ipv6ExtensionHeaderFlyweight.MIN_LENGTH > readable) {
                        return extensionTruncated(view, ctx, pos + Ipv6ExtensionHeaderFlyweight.MIN_LENGTH, ipEnd);
                    }
                    ext.wrap(buffer, pos, readable - pos);
                    headerLength = next == IpProtocol.AH ? ext.authenticationHeaderLength() : ext.headerLength();
                    if (pos + headerLength > readable) {
                        return extensionTruncated(view, ctx, pos + headerLength, ipEnd);
                    }
                    next = ext.nextHeader();
                    break;
                case IpProtocol.IPV6_FRAG:
                    if (count == MAX_EXTENSION_HEADERS) {
                        view.fail(PacketView.STATUS_UNSUPPORTED, EXTHDR_TOO_MANY);
                        return Layer.NONE;
                    }
                    if (pos + Ipv6FragmentFlyweight.LENGTH > readable) {
                        return extensionTruncated(view, ctx, pos + Ipv6FragmentFlyweight.LENGTH, ipEnd);
                    }
                    final Ipv6FragmentFlyweight frag = this.frag.wrap(buffer, pos, readable - pos);
                    headerLength = Ipv6FragmentFlyweight.LENGTH;
                    next = frag.nextHeader();
                    final int fragmentOffset = frag.fragmentOffset();
                    final boolean more = frag.moreFragments();
                    view.fragmentId = frag.identification();
                    fragmentEnd = pos + headerLength;
                    if (fragmentOffset != 0 || more) {
                        // RFC 6946: an atomic fragment (offset 0, M 0) is a whole datagram.
                        view.fragment = true;
                        view.moreFragments = more;
                        view.fragmentOffset = fragmentOffset;
                        if (fragmentOffset != 0) {
                            view.ipProtocol = next;
                            view.ipHeaderLength = fragmentEnd - offset;
                            return Layer.NONE;
                        }
                    }
                    break;
                default:
                    return IpProtocol.dispatch(next, pos, ipEnd, view, ctx);
            }
            pos += headerLength;
        }
    }

    /**
     * An extension header needs bytes up to {@code need}: past the declared payload it is a bad
     * payload length, past the captured bytes a truncation (or the snaplen).
     */
    private static int extensionTruncated(PacketView view, DecodeContext ctx, int need, int ipEnd) {
        if (need > ipEnd && !ctx.lengthClamped) {
            view.fail(PacketView.STATUS_MALFORMED, BAD_PAYLOAD_LENGTH);
            return Layer.NONE;
        }
        return ctx.truncated(view, EXTHDR_TRUNCATED, need, ipEnd);
    }
}
