package dev.vigil.protocol;

/**
 * IP protocol numbers the decoder follows (https://www.iana.org/assignments/protocol-numbers)
 * and the transport dispatch shared by IPv4 and IPv6. Any other protocol is a value: it stays in
 * {@link PacketView#ipProtocol}, {@code l4Offset} stays -1, status stays OK.
 */
public final class IpProtocol {
    public static final int HOPOPT = 0;
    public static final int ICMP = 1;
    public static final int IGMP = 2;
    public static final int IPIP = 4;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int IPV6 = 41;
    public static final int IPV6_ROUTE = 43;
    public static final int IPV6_FRAG = 44;
    public static final int GRE = 47;
    public static final int ESP = 50;
    public static final int AH = 51;
    public static final int ICMPV6 = 58;
    public static final int IPV6_NONXT = 59;
    public static final int IPV6_OPTS = 60;
    public static final int SCTP = 132;

    private IpProtocol() {
    }

    /**
     * Returns the layer of an upper-layer protocol starting at {@code offset} and bounded by the
     * IP datagram's {@code end}. Tunnels (GRE, IP-in-IP) are not followed inside a fragment.
     */
    public static int dispatch(int protocol, int offset, int end, PacketView view, DecodeContext ctx) {
        switch (protocol) {
            case TCP:
                return ctx.next(Layer.TCP, offset, end);
            case UDP:
                return ctx.next(Layer.UDP, offset, end);
            case SCTP:
                return ctx.next(Layer.SCTP, offset, end);
            case ICMP:
                return ctx.next(Layer.ICMP, offset, end);
            case ICMPV6:
                return ctx.next(Layer.ICMPV6, offset, end);
            case IGMP:
                return ctx.next(Layer.IGMP, offset, end);
            case GRE:
                return view.fragment ? Layer.NONE : ctx.next(Layer.GRE, offset, end);
            case IPIP:
                return ipInIp(Layer.IPV4, offset, end, view, ctx);
            case IPV6:
                return ipInIp(Layer.IPV6, offset, end, view, ctx);
            default:
                return Layer.NONE;
        }
    }

    /** IP-in-IP (RFC 2003) and IPv6-in-IP (RFC 4213): the inner header follows directly. */
    private static int ipInIp(int layer, int offset, int end, PacketView view, DecodeContext ctx) {
        if (view.fragment || !ctx.enterTunnel(view, PacketView.TUNNEL_IPIP)) {
            return Layer.NONE;
        }
        return ctx.next(layer, offset, end);
    }
}
