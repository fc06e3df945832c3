package dev.vigil.protocol;

import java.util.List;

import dev.vigil.protocol.arp.ArpDecoder;
import dev.vigil.protocol.erspan.ErspanDecoder;
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

/**
 * Every decode event type of the L2-L4 decoders, registered at start (the pipeline calls
 * {@link #init()}) so that counters, {@code --help} and metrics know all keys before the first
 * packet, and the ids of the hot-path types are dense and small.
 */
public final class L2L4Events {
    private static final List<DecodeEventType> TYPES = List.of(
            DecodeContext.CAPTURE_SNAPLEN,
            DecodeContext.TUNNEL_TOO_DEEP,
            PacketDecoder.LINK_UNSUPPORTED,
            PacketDecoder.IP_TRUNCATED,
            PacketDecoder.IP_BAD_VERSION,
            EthernetDecoder.TRUNCATED,
            VlanDecoder.TRUNCATED,
            VlanDecoder.TOO_DEEP,
            SllDecoder.TRUNCATED,
            LoopbackDecoder.TRUNCATED,
            ArpDecoder.TRUNCATED,
            ArpDecoder.UNSUPPORTED,
            Ipv4Decoder.TRUNCATED,
            Ipv4Decoder.BAD_VERSION,
            Ipv4Decoder.BAD_HEADER_LENGTH,
            Ipv4Decoder.BAD_TOTAL_LENGTH,
            Ipv4Decoder.BAD_OPTION,
            Ipv4Decoder.BAD_FRAGMENT,
            Ipv6Decoder.TRUNCATED,
            Ipv6Decoder.BAD_VERSION,
            Ipv6Decoder.BAD_PAYLOAD_LENGTH,
            Ipv6Decoder.EXTHDR_TRUNCATED,
            Ipv6Decoder.EXTHDR_TOO_MANY,
            UdpDecoder.TRUNCATED,
            UdpDecoder.BAD_LENGTH,
            TcpDecoder.TRUNCATED,
            TcpDecoder.BAD_DATA_OFFSET,
            SctpDecoder.TRUNCATED,
            SctpDecoder.BAD_CHUNK_LENGTH,
            SctpDecoder.BAD_DATA_CHUNK,
            SctpDecoder.TOO_MANY_CHUNKS,
            IcmpDecoder.TRUNCATED,
            IcmpDecoder.V6_TRUNCATED,
            IgmpDecoder.TRUNCATED,
            GreDecoder.TRUNCATED,
            GreDecoder.BAD_VERSION,
            GreDecoder.BAD_FLAGS,
            ErspanDecoder.TRUNCATED,
            ErspanDecoder.BAD_VERSION,
            VxlanDecoder.TRUNCATED,
            VxlanDecoder.BAD_FLAGS,
            PppDecoder.TRUNCATED,
            PppoeDecoder.TRUNCATED,
            PppoeDecoder.BAD_HEADER);

    private L2L4Events() {
    }

    /** Registers every L2-L4 decode event type (idempotent); returns how many there are. */
    public static int init() {
        return TYPES.size();
    }

    /** The L2-L4 decode event types, in registration order. */
    public static List<DecodeEventType> types() {
        return TYPES;
    }
}
