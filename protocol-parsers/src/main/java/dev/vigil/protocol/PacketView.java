package dev.vigil.protocol;

/**
 * What the L2-L4 decoder learned about one packet: offsets into the caller's buffer and the
 * header fields every later stage needs. One instance per decoding thread (or per ring slot),
 * reused for every packet: {@link #reset()} clears it, nothing in it is allocated per packet.
 *
 * <p>Fields are public, like a Disruptor event: this is a plain result record written by
 * {@code PacketDecoder} and read by the pipeline, not an API boundary. All offsets are absolute
 * offsets into the buffer the packet was decoded from; all lengths are bounded by the packet's
 * captured length.
 *
 * <p>Addresses are kept as 128-bit values ({@code *Hi}/{@code *Lo}) so that IPv4 and IPv6 share
 * one flow key: an IPv4 address {@code a.b.c.d} is stored as the IPv4-mapped IPv6 address
 * {@code ::ffff:a.b.c.d} ({@code hi = 0}, {@code lo = 0x0000_ffff_0000_0000L | addr}). Use
 * {@link #srcIpv4()} / {@link #dstIpv4()} for the 32-bit value. MAC addresses are 48-bit values
 * in the low bits of a long.
 *
 * <p>When the packet is tunnelled (GRE, ERSPAN, VXLAN) the decoder decapsulates and the L2-L4
 * fields describe the innermost packet; {@link #tunnelDepth} says how many layers were removed
 * and {@link #outerSrcHi} etc. keep the outermost IP endpoints (the tunnel's).
 */
public final class PacketView {
    /** Decoding finished and every layer it found was well-formed. */
    public static final int STATUS_OK = 0;
    /** A layer ended early (captured length); fields of the layers before it are valid. */
    public static final int STATUS_TRUNCATED = 1;
    /** A layer's bytes are invalid; fields of the layers before it are valid. */
    public static final int STATUS_MALFORMED = 2;
    /**
     * A layer is valid but not decoded: unsupported link type or ARP format, or a decoder limit
     * (VLAN depth, tunnel depth, IPv6 extension headers) was reached. An unknown EtherType or IP
     * protocol is a value, not a failure: status stays {@link #STATUS_OK}.
     */
    public static final int STATUS_UNSUPPORTED = 3;

    /** Maximum decode events recorded for one packet; further ones are counted in {@link #eventsDropped}. */
    public static final int MAX_EVENTS = 8;
    /** Maximum VLAN tags kept (outermost first); deeper stacks are still skipped and counted. */
    public static final int MAX_VLANS = 4;

    public static final int TUNNEL_NONE = 0;
    public static final int TUNNEL_GRE = 1;
    public static final int TUNNEL_ERSPAN2 = 2;
    public static final int TUNNEL_ERSPAN3 = 3;
    public static final int TUNNEL_VXLAN = 4;
    public static final int TUNNEL_IPIP = 5;
    /** ERSPAN type I: GRE protocol 0x88BE without the GRE sequence bit, no ERSPAN header. */
    public static final int TUNNEL_ERSPAN1 = 6;

    // ---------------------------------------------------------------- overall
    public int status;
    public int linkType;
    /** Offset of the first byte of the frame (the link header) and the captured length from there. */
    public int frameOffset;
    public int capturedLength;
    /** Length of the packet on the wire (pcap orig_len), at least {@link #capturedLength}. */
    public int originalLength;

    // ---------------------------------------------------------------- link layer
    /** True when the link layer carries MAC addresses (Ethernet, SLL with a 6-byte address). */
    public boolean hasMac;
    public long srcMac;
    public long dstMac;
    /** VLAN ids, outermost first (802.1ad S-tag, then 802.1Q C-tags); {@link #vlanCount} may exceed {@link #MAX_VLANS}. */
    public final int[] vlanIds = new int[MAX_VLANS];
    public int vlanCount;
    /** The EtherType (or SLL protocol) after all VLAN tags: 0x0800, 0x86DD, 0x0806, 0x88CC ... */
    public int etherType;
    /**
     * Offset and length of what follows the link layer (the L3 header, or an ARP/LLDP/other PDU),
     * bounded by the captured bytes. For IP the length stops at the IP total length (Ethernet
     * padding excluded); behind a tunnel both describe the innermost IP packet.
     */
    public int l3Offset;
    public int l3Length;

    // ---------------------------------------------------------------- tunnels
    public int tunnelType;
    public int tunnelDepth;
    /**
     * Id of the innermost tunnel, -1 when none: VXLAN VNI, ERSPAN session id, GRE key (its 32
     * bits as an int; {@link #greKey} has the exact value) or PPTP call id.
     */
    public int tunnelId;
    /** GRE protocol type of the innermost GRE header (an EtherType), 0 when none. */
    public int greProtocol;
    /** GRE key (RFC 2890; for PPTP enhanced GRE: payload length and call id), -1 when absent. */
    public long greKey;
    /** GRE sequence number (RFC 2890), -1 when absent. */
    public long greSeq;
    public long outerSrcHi;
    public long outerSrcLo;
    public long outerDstHi;
    public long outerDstLo;

    // ---------------------------------------------------------------- network layer
    /** 4, 6, or 0 when the packet has no IP layer. */
    public int ipVersion;
    public long srcHi;
    public long srcLo;
    public long dstHi;
    public long dstLo;
    /** IPv4 protocol or the IPv6 upper-layer header after extension headers. */
    public int ipProtocol;
    public int ttl;
    /**
     * IP header length including IPv4 options or IPv6 extension headers. For an IPv6 fragment it
     * ends with the Fragment header, so {@code l3Offset + ipHeaderLength} is where the fragment's
     * data starts (what a reassembler needs).
     */
    public int ipHeaderLength;
    /**
     * Total IP packet length as the header declares it (IPv6: 40 + payload length); what was
     * actually captured of it is {@link #l3Length}.
     */
    public int ipTotalLength;
    /** True when this packet is a fragment (IPv4 MF or offset != 0, or an IPv6 Fragment header). */
    public boolean fragment;
    /** Fragment offset in bytes, the More Fragments flag and the identification. */
    public int fragmentOffset;
    public boolean moreFragments;
    public long fragmentId;
    /** True when the IPv4 Don't Fragment bit is set. */
    public boolean dontFragment;

    // ---------------------------------------------------------------- transport layer
    /** Offset of the L4 header; -1 when there is none (fragments after the first, unsupported protocols). */
    public int l4Offset;
    public int l4Length;
    public int srcPort;
    public int dstPort;
    /** TCP flags byte (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80). */
    public int tcpFlags;
    public long tcpSeq;
    public long tcpAck;
    public int tcpWindow;
    public int icmpType;
    public int icmpCode;
    /**
     * Application payload after the L4 header: offset and length (0 when none). For SCTP the user
     * data of the first DATA (or I-DATA) chunk; {@link #sctpDataCount} says whether there are more.
     */
    public int payloadOffset;
    public int payloadLength;

    // ---------------------------------------------------------------- SCTP (IP protocol 132, RFC 9260)
    /** Chunks in the packet (walked up to {@code SctpDecoder.MAX_CHUNKS}). */
    public int sctpChunkCount;
    /** DATA and I-DATA chunks among them. */
    public int sctpDataCount;
    /** Flags of the first DATA chunk (U 0x04, B 0x02, E 0x01; B and E both set: an unfragmented message). */
    public int sctpDataFlags;
    /** Payload Protocol Identifier of the first DATA chunk, -1 when none (or an I-DATA continuation). */
    public long sctpPpid;

    // ---------------------------------------------------------------- ARP (etherType 0x0806, Ethernet/IPv4 only)
    public boolean arp;
    /** ARP opcode: 1 request, 2 reply (others are values too). */
    public int arpOpcode;
    public long arpSenderMac;
    public int arpSenderIp;
    public long arpTargetMac;
    public int arpTargetIp;

    // ---------------------------------------------------------------- IGMP (IPv4 protocol 2)
    /** IGMP message type (0x11 query, 0x12/0x16 v1/v2 report, 0x17 leave, 0x22 v3 report), 0 when none. */
    public int igmpType;
    /** Group address of a v1/v2 report or leave, or of the first v3 group record. */
    public int igmpGroup;
    /** Number of group records in an IGMPv3 report. */
    public int igmpRecords;

    // ---------------------------------------------------------------- decode events
    public final int[] events = new int[MAX_EVENTS];
    public int eventCount;
    public int eventsDropped;

    // ---------------------------------------------------------------- set by the pipeline
    /** Symmetric flow hash over (vlan, protocol, addresses, ports); set by the pipeline, not the decoder. */
    public int flowHash;

    /** Clears every field for the next packet. */
    public PacketView reset() {
        status = STATUS_OK;
        linkType = 0;
        frameOffset = 0;
        capturedLength = 0;
        originalLength = 0;
        hasMac = false;
        srcMac = 0;
        dstMac = 0;
        vlanCount = 0;
        etherType = 0;
        l3Offset = -1;
        l3Length = 0;
        tunnelType = TUNNEL_NONE;
        tunnelDepth = 0;
        tunnelId = -1;
        greProtocol = 0;
        greKey = -1;
        greSeq = -1;
        outerSrcHi = outerSrcLo = outerDstHi = outerDstLo = 0;
        resetNetwork();
        arp = false;
        arpOpcode = 0;
        arpSenderMac = arpTargetMac = 0;
        arpSenderIp = arpTargetIp = 0;
        eventCount = 0;
        eventsDropped = 0;
        flowHash = 0;
        return this;
    }

    /**
     * Clears the network and transport fields only, keeping link-layer and tunnel fields:
     * used when a reassembled IP datagram is decoded again from its L3 header.
     */
    public void resetNetwork() {
        ipVersion = 0;
        srcHi = srcLo = dstHi = dstLo = 0;
        ipProtocol = -1;
        ttl = 0;
        ipHeaderLength = 0;
        ipTotalLength = 0;
        fragment = false;
        fragmentOffset = 0;
        moreFragments = false;
        fragmentId = 0;
        dontFragment = false;
        l4Offset = -1;
        l4Length = 0;
        srcPort = 0;
        dstPort = 0;
        tcpFlags = 0;
        tcpSeq = 0;
        tcpAck = 0;
        tcpWindow = 0;
        icmpType = -1;
        icmpCode = -1;
        payloadOffset = 0;
        payloadLength = 0;
        sctpChunkCount = 0;
        sctpDataCount = 0;
        sctpDataFlags = 0;
        sctpPpid = -1;
        igmpType = 0;
        igmpGroup = 0;
        igmpRecords = 0;
    }

    /** Records a decode event for this packet (the caller counts it globally). */
    public void addEvent(DecodeEventType type) {
        if (eventCount < MAX_EVENTS) {
            events[eventCount++] = type.id();
        } else {
            eventsDropped++;
        }
    }

    /** Records an event and sets the status if none worse was set before. */
    public int fail(int newStatus, DecodeEventType type) {
        addEvent(type);
        if (status == STATUS_OK || (status == STATUS_UNSUPPORTED && newStatus != STATUS_UNSUPPORTED)) {
            status = newStatus;
        }
        return status;
    }

    /** The outermost VLAN id, or -1 when the frame is untagged. */
    public int outerVlan() {
        return vlanCount > 0 ? vlanIds[0] : -1;
    }

    /** The second VLAN id (QinQ C-tag), or -1. */
    public int innerVlan() {
        return vlanCount > 1 ? vlanIds[1] : -1;
    }

    public boolean isIpv4() {
        return ipVersion == 4;
    }

    public int srcIpv4() {
        return (int) srcLo;
    }

    public int dstIpv4() {
        return (int) dstLo;
    }

    /** Stores IPv4 addresses in the mapped form the class comment describes. */
    public void setIpv4(int src, int dst) {
        srcHi = 0;
        srcLo = IPV4_MAPPED | (src & 0xFFFF_FFFFL);
        dstHi = 0;
        dstLo = IPV4_MAPPED | (dst & 0xFFFF_FFFFL);
    }

    /** The high bits that mark an IPv4-mapped address in the low 64 bits. */
    public static final long IPV4_MAPPED = 0x0000_FFFF_0000_0000L;

    public boolean hasTransport() {
        return l4Offset >= 0;
    }
}
