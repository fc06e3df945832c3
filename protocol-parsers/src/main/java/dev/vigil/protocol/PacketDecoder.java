package dev.vigil.protocol;

import dev.vigil.protocol.arp.ArpDecoder;
import dev.vigil.protocol.erspan.ErspanDecoder;
import dev.vigil.protocol.ethernet.EtherType;
import dev.vigil.protocol.ethernet.EthernetDecoder;
import dev.vigil.protocol.gre.GreDecoder;
import dev.vigil.protocol.icmp.IcmpDecoder;
import dev.vigil.protocol.igmp.IgmpDecoder;
import dev.vigil.protocol.ipv4.Ipv4Decoder;
import dev.vigil.protocol.ipv6.Ipv6Decoder;
import dev.vigil.protocol.loopback.LoopbackDecoder;
import dev.vigil.protocol.ppp.PppDecoder;
import dev.vigil.protocol.pppoe.PppoeDecoder;
import dev.vigil.protocol.sctp.SctpDecoder;
import dev.vigil.protocol.sll.SllDecoder;
import dev.vigil.protocol.tcp.TcpDecoder;
import dev.vigil.protocol.udp.UdpDecoder;
import dev.vigil.protocol.vlan.VlanDecoder;
import dev.vigil.protocol.vxlan.VxlanDecoder;
import org.agrona.DirectBuffer;

/**
 * The L2-L4 decoder: one call per packet fills a {@link PacketView} from the link header down to
 * the transport header (UDP, TCP, SCTP, ICMP, IGMP), decapsulating GRE, ERSPAN, VXLAN and IP-in-IP
 * on the way.
 *
 * <p>One instance per thread; nothing is allocated after construction, nothing is thrown for any
 * input. Each protocol decoder checks every read against the captured length and the length
 * its enclosing layer declares (never the buffer's capacity), records anomalies as registered
 * {@link DecodeEventType}s, and returns the next layer; this class runs that loop.
 *
 * <p>Link types: Ethernet (1), BSD NULL (0), LOOP (108), raw IP (101, 12, 14), IPv4 (228),
 * IPv6 (229), Linux SLL (113) and SLL2 (276). Others: {@link #LINK_UNSUPPORTED}.
 */
public final class PacketDecoder {
    public static final DecodeEventType LINK_UNSUPPORTED = DecodeEventType.register("link.unsupported",
            "The capture's link-layer type is not one the decoder understands.", DecodeEventType.KIND_UNSUPPORTED);
    public static final DecodeEventType IP_TRUNCATED = DecodeEventType.register("ip.truncated",
            "A raw-IP packet (or a reassembled datagram) has no byte to read the IP version from.",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType IP_BAD_VERSION = DecodeEventType.register("ip.bad_version",
            "A raw-IP packet's version nibble is neither 4 nor 6.", DecodeEventType.KIND_MALFORMED);

    public static final int DEFAULT_VXLAN_PORT = 4789;
    public static final int MAX_TUNNEL_DEPTH = 4;
    public static final int MAX_VLAN_DEPTH = 8;

    private final DecodeContext ctx;
    private final EthernetDecoder ethernet = new EthernetDecoder();
    private final VlanDecoder vlan = new VlanDecoder();
    private final SllDecoder sll = new SllDecoder();
    private final LoopbackDecoder loopback = new LoopbackDecoder();
    private final ArpDecoder arp = new ArpDecoder();
    private final Ipv4Decoder ipv4 = new Ipv4Decoder();
    private final Ipv6Decoder ipv6 = new Ipv6Decoder();
    private final UdpDecoder udp = new UdpDecoder();
    private final TcpDecoder tcp = new TcpDecoder();
    private final SctpDecoder sctp = new SctpDecoder();
    private final IcmpDecoder icmp = new IcmpDecoder();
    private final IgmpDecoder igmp = new IgmpDecoder();
    private final GreDecoder gre = new GreDecoder();
    private final ErspanDecoder erspan = new ErspanDecoder();
    private final VxlanDecoder vxlan = new VxlanDecoder();
    private final PppDecoder ppp = new PppDecoder();
    private final PppoeDecoder pppoe = new PppoeDecoder();

    /** A decoder with VXLAN on UDP port 4789. */
    public PacketDecoder() {
        this(DEFAULT_VXLAN_PORT);
    }

    /** A decoder that takes UDP datagrams to {@code vxlanPort} for VXLAN. */
    public PacketDecoder(int vxlanPort) {
        L2L4Events.init();
        this.ctx = new DecodeContext(vxlanPort, MAX_TUNNEL_DEPTH, MAX_VLAN_DEPTH);
    }

    /**
     * Decodes one packet.
     *
     * @param buffer          holds the packet (heap or direct; bytes past the packet are never read)
     * @param offset          where the link-layer header starts
     * @param capturedLength  bytes captured (pcap caplen)
     * @param originalLength  bytes on the wire (pcap orig_len); larger when the snaplen cut the packet
     * @param linkType        LINKTYPE_* value of the capture interface ({@link LinkType})
     * @param view            reset, then filled
     * @return {@code view.status}
     */
    public int decode(DirectBuffer buffer, int offset, int capturedLength, int originalLength, int linkType,
                      PacketView view) {
        view.reset();
        if (capturedLength < 0) {
            capturedLength = 0;
        }
        view.linkType = linkType;
        view.frameOffset = offset;
        view.capturedLength = capturedLength;
        view.originalLength = originalLength > capturedLength ? originalLength : capturedLength;
        final DecodeContext ctx = this.ctx;
        ctx.begin(offset, capturedLength, originalLength);
        final int layer;
        switch (linkType) {
            case LinkType.ETHERNET:
                layer = Layer.ETHERNET;
                break;
            case LinkType.LINUX_SLL:
                layer = Layer.SLL;
                break;
            case LinkType.LINUX_SLL2:
                layer = Layer.SLL2;
                break;
            case LinkType.RAW:
            case LinkType.RAW_DLT12:
            case LinkType.RAW_DLT14:
                layer = rawLink(buffer, Layer.IP, offset, view);
                break;
            case LinkType.IPV4:
                layer = rawLink(buffer, Layer.IPV4, offset, view);
                break;
            case LinkType.IPV6:
                layer = rawLink(buffer, Layer.IPV6, offset, view);
                break;
            case LinkType.NULL:
                layer = Layer.NULL_LOOPBACK;
                break;
            case LinkType.LOOP:
                layer = Layer.LOOP;
                break;
            default:
                view.fail(PacketView.STATUS_UNSUPPORTED, LINK_UNSUPPORTED);
                return view.status;
        }
        run(buffer, layer, offset, ctx.wireEnd, view);
        return view.status;
    }

    /**
     * Decodes an IP datagram (a reassembled one) from its IP header, version from the first
     * nibble. Link-layer and tunnel fields stay as they are; network and transport fields are
     * cleared first. Status and events accumulate with those already in the view, so a caller
     * that counts events after both calls counts each once.
     */
    public int decodeIp(DirectBuffer buffer, int offset, int length, PacketView view) {
        view.resetNetwork();
        if (length < 0) {
            length = 0;
        }
        final DecodeContext ctx = this.ctx;
        ctx.begin(offset, length, length);
        run(buffer, Layer.IP, offset, ctx.wireEnd, view);
        return view.status;
    }

    /** A raw-IP link: the L3 header is the first byte of the frame; its EtherType is implied. */
    private int rawLink(DirectBuffer buffer, int layer, int offset, PacketView view) {
        view.l3Offset = offset;
        view.l3Length = view.capturedLength;
        int version = layer == Layer.IPV4 ? 4 : layer == Layer.IPV6 ? 6 : 0;
        if (version == 0 && view.capturedLength > 0) {
            version = NetworkOrder.uint8(buffer, offset) >>> 4;
        }
        view.etherType = version == 4 ? EtherType.IPV4 : version == 6 ? EtherType.IPV6 : 0;
        return layer;
    }

    private void run(DirectBuffer b, int layer, int offset, int end, PacketView v) {
        final DecodeContext c = ctx;
        while (layer != Layer.NONE) {
            switch (layer) {
                case Layer.ETHERNET:
                    layer = ethernet.decode(b, offset, end, v, c);
                    break;
                case Layer.VLAN:
                    layer = vlan.decode(b, offset, end, v, c);
                    break;
                case Layer.IPV4:
                    layer = ipv4.decode(b, offset, end, v, c);
                    break;
                case Layer.IPV6:
                    layer = ipv6.decode(b, offset, end, v, c);
                    break;
                case Layer.UDP:
                    layer = udp.decode(b, offset, end, v, c);
                    break;
                case Layer.TCP:
                    layer = tcp.decode(b, offset, end, v, c);
                    break;
                case Layer.ICMP:
                    layer = icmp.decodeV4(b, offset, end, v, c);
                    break;
                case Layer.ICMPV6:
                    layer = icmp.decodeV6(b, offset, end, v, c);
                    break;
                case Layer.ARP:
                    layer = arp.decode(b, offset, end, v, c);
                    break;
                case Layer.IGMP:
                    layer = igmp.decode(b, offset, end, v, c);
                    break;
                case Layer.GRE:
                    layer = gre.decode(b, offset, end, v, c);
                    break;
                case Layer.ERSPAN2:
                    layer = erspan.decodeType2(b, offset, end, v, c);
                    break;
                case Layer.ERSPAN3:
                    layer = erspan.decodeType3(b, offset, end, v, c);
                    break;
                case Layer.VXLAN:
                    layer = vxlan.decode(b, offset, end, v, c);
                    break;
                case Layer.PPP:
                    layer = ppp.decode(b, offset, end, v, c);
                    break;
                case Layer.PPPOE:
                    layer = pppoe.decode(b, offset, end, v, c);
                    break;
                case Layer.SCTP:
                    layer = sctp.decode(b, offset, end, v, c);
                    break;
                case Layer.IP:
                    layer = ipByVersion(b, offset, end, v, c);
                    break;
                case Layer.SLL:
                    layer = sll.decodeV1(b, offset, end, v, c);
                    break;
                case Layer.SLL2:
                    layer = sll.decodeV2(b, offset, end, v, c);
                    break;
                case Layer.NULL_LOOPBACK:
                    layer = loopback.decodeNull(b, offset, end, v, c);
                    break;
                case Layer.LOOP:
                    layer = loopback.decodeLoop(b, offset, end, v, c);
                    break;
                default:
                    layer = Layer.NONE;
                    break;
            }
            offset = c.nextOffset;
            end = c.nextEnd;
        }
    }

    /** IP of either version: the first nibble decides. */
    private static int ipByVersion(DirectBuffer b, int offset, int end, PacketView v, DecodeContext c) {
        if (c.limit(end) - offset < 1) {
            return c.truncated(v, IP_TRUNCATED, offset + 1, end);
        }
        switch (NetworkOrder.uint8(b, offset) >>> 4) {
            case 4:
                return c.next(Layer.IPV4, offset, end);
            case 6:
                return c.next(Layer.IPV6, offset, end);
            default:
                v.fail(PacketView.STATUS_MALFORMED, IP_BAD_VERSION);
                return Layer.NONE;
        }
    }
}
