package dev.vigil.protocol;

import static dev.vigil.protocol.testing.Frames.DST4;
import static dev.vigil.protocol.testing.Frames.DST_MAC;
import static dev.vigil.protocol.testing.Frames.SRC4;
import static dev.vigil.protocol.testing.Frames.SRC_MAC;
import static dev.vigil.protocol.testing.Frames.eth;
import static dev.vigil.protocol.testing.Frames.ethIpv4Tcp;
import static dev.vigil.protocol.testing.Frames.ethIpv4Udp;
import static dev.vigil.protocol.testing.Frames.gre;
import static dev.vigil.protocol.testing.Frames.ipv4;
import static dev.vigil.protocol.testing.Frames.ipv4Udp;
import static dev.vigil.protocol.testing.Frames.ipv6;
import static dev.vigil.protocol.testing.Frames.ipv6Udp;
import static dev.vigil.protocol.testing.Frames.tag;
import static dev.vigil.protocol.testing.Frames.tcp;
import static dev.vigil.protocol.testing.Frames.udp;
import static dev.vigil.protocol.testing.Hex.concat;
import static dev.vigil.protocol.testing.Hex.hex;
import static dev.vigil.protocol.testing.Hex.payload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.testing.ViewSnapshot;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Hand-built frames for every link type and tunnel type, checked field by field. */
class LinkAndTunnelTest {
    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketView v = new PacketView();

    private PacketView decode(int linkType, byte[] frame) {
        decoder.decode(new UnsafeBuffer(frame), 0, frame.length, frame.length, linkType, v);
        return v;
    }

    private void assertUdp4(int src, int dst, int payloadLength) {
        assertThat(v.ipVersion).isEqualTo(4);
        assertThat(v.srcIpv4()).isEqualTo(SRC4);
        assertThat(v.dstIpv4()).isEqualTo(DST4);
        assertThat(v.ipProtocol).isEqualTo(17);
        assertThat(v.srcPort).isEqualTo(src);
        assertThat(v.dstPort).isEqualTo(dst);
        assertThat(v.payloadLength).isEqualTo(payloadLength);
    }

    private void assertClean() {
        assertThat(ViewSnapshot.events(v)).isEmpty();
        assertThat(v.status).isEqualTo(PacketView.STATUS_OK);
    }

    // ================================================================ link types

    @Test
    void ethernetIpv4UdpWithPadding() {
        byte[] f = concat(ethIpv4Udp(5060, 5060, 4), new byte[12]); // 46 bytes + 12 of Ethernet padding
        decode(LinkType.ETHERNET, f);
        assertClean();
        assertThat(v.hasMac).isTrue();
        assertThat(v.srcMac).isEqualTo(SRC_MAC);
        assertThat(v.dstMac).isEqualTo(DST_MAC);
        assertThat(v.etherType).isEqualTo(0x0800);
        assertThat(v.l3Offset).isEqualTo(14);
        assertThat(v.l3Length).isEqualTo(32);      // IP total length: padding excluded
        assertThat(v.ipHeaderLength).isEqualTo(20);
        assertThat(v.ipTotalLength).isEqualTo(32);
        assertThat(v.ttl).isEqualTo(64);
        assertThat(v.l4Offset).isEqualTo(34);
        assertThat(v.l4Length).isEqualTo(12);
        assertUdp4(5060, 5060, 4);
        assertThat(v.payloadOffset).isEqualTo(42);
        assertThat(v.fragment).isFalse();
        assertThat(v.tunnelDepth).isZero();
    }

    @Test
    void ethernetIpv4Tcp() {
        byte[] f = concat(eth(0x0800), ipv4(6, 20 + 28 + 5), tcp(443, 51000, 7, 0x12), payload(5)); // 8 option bytes
        decode(LinkType.ETHERNET, f);
        assertClean();
        assertThat(v.srcPort).isEqualTo(443);
        assertThat(v.dstPort).isEqualTo(51000);
        assertThat(v.tcpFlags).isEqualTo(0x12);
        assertThat(v.tcpSeq).isEqualTo(0x01020304L);
        assertThat(v.tcpAck).isEqualTo(0x0a0b0c0dL);
        assertThat(v.tcpWindow).isEqualTo(0x2000);
        assertThat(v.payloadOffset).isEqualTo(14 + 20 + 28);
        assertThat(v.payloadLength).isEqualTo(5);
    }

    @Test
    void ieee8023LengthFieldIsNotIp() {
        byte[] f = concat(hex(
                "01 80 c2 00 00 00",      // destination: STP multicast
                "00 00 5e 00 53 01",      // source
                "0026",                   // 802.3 length 38
                "42 42 03"),              // LLC: DSAP/SSAP STP, UI
                payload(35), new byte[7]);// BPDU + padding
        decode(LinkType.ETHERNET, f);
        assertClean();
        assertThat(v.etherType).isZero();
        assertThat(v.ipVersion).isZero();
        assertThat(v.l3Offset).isEqualTo(14);
        assertThat(v.l3Length).isEqualTo(38);
    }

    @Test
    void unknownEtherTypeIsAValue() {
        decode(LinkType.ETHERNET, concat(eth(0x88CC), payload(30))); // LLDP
        assertClean();
        assertThat(v.etherType).isEqualTo(0x88CC);
        assertThat(v.l3Offset).isEqualTo(14);
        assertThat(v.l3Length).isEqualTo(30);
    }

    @Test
    void qinqStacksKeepOuterFirst() {
        byte[] f = concat(eth(0x88A8),    // 802.1ad S-tag
                tag(100, 0x8100),         // S-VLAN 100, then a C-tag
                tag(200, 0x9100),         // C-VLAN 200, then an old-QinQ tag
                tag(300, 0x0800),         // VLAN 300, then IPv4
                ipv4Udp(1, 2, 0));
        decode(LinkType.ETHERNET, f);
        assertClean();
        assertThat(v.vlanCount).isEqualTo(3);
        assertThat(v.outerVlan()).isEqualTo(100);
        assertThat(v.innerVlan()).isEqualTo(200);
        assertThat(v.vlanIds[2]).isEqualTo(300);
        assertThat(v.etherType).isEqualTo(0x0800);
        assertThat(v.l3Offset).isEqualTo(26);
        assertUdp4(1, 2, 0);
    }

    @Test
    void sixTagsCountedFourKept() {
        byte[] f = eth(0x8100);
        for (int i = 1; i <= 6; i++) {
            f = concat(f, tag(i * 10, i < 6 ? 0x8100 : 0x0800));
        }
        decode(LinkType.ETHERNET, concat(f, ipv4Udp(1, 2, 0)));
        assertClean();
        assertThat(v.vlanCount).isEqualTo(6);
        assertThat(v.vlanIds).containsExactly(10, 20, 30, 40);
        assertThat(v.ipProtocol).isEqualTo(17);
    }

    @Test
    void linuxSll() {
        byte[] f = concat(hex(
                "0000",                   // packet type: to us
                "0001",                   // ARPHRD_ETHER
                "0006",                   // address length 6
                "00 00 5e 00 53 01 00 00",// sender MAC + 2 unused bytes
                "0800"),                  // protocol IPv4
                ipv4Udp(7000, 7001, 3));
        decode(LinkType.LINUX_SLL, f);
        assertClean();
        assertThat(v.hasMac).isTrue();
        assertThat(v.srcMac).isEqualTo(SRC_MAC);
        assertThat(v.etherType).isEqualTo(0x0800);
        assertThat(v.l3Offset).isEqualTo(16);
        assertUdp4(7000, 7001, 3);
    }

    @Test
    void linuxSllLlcIsNotIp() {
        decode(LinkType.LINUX_SLL, concat(hex("0000 0001 0006 00005e0053010000", "0004"), payload(20)));
        assertClean();
        assertThat(v.etherType).isZero();
        assertThat(v.l3Offset).isEqualTo(16);
        assertThat(v.l3Length).isEqualTo(20);
    }

    @Test
    void linuxSll2() {
        byte[] f = concat(hex(
                "86dd",                   // protocol IPv6
                "0000",                   // reserved
                "00000002",               // interface index 2
                "0001",                   // ARPHRD_ETHER
                "04",                     // packet type: sent by us
                "06",                     // address length 6
                "00 00 5e 00 53 01 00 00"),// sender MAC + 2 unused bytes
                ipv6Udp(40000, 53, 10));
        decode(LinkType.LINUX_SLL2, f);
        assertClean();
        assertThat(v.srcMac).isEqualTo(SRC_MAC);
        assertThat(v.ipVersion).isEqualTo(6);
        assertThat(v.srcHi).isEqualTo(0x20010db800000000L);
        assertThat(v.srcLo).isEqualTo(1L);
        assertThat(v.dstLo).isEqualTo(2L);
        assertThat(v.l3Offset).isEqualTo(20);
        assertThat(v.dstPort).isEqualTo(53);
        assertThat(v.payloadLength).isEqualTo(10);
    }

    @Test
    void rawLinkTypesTakeTheVersionFromTheFirstNibble() {
        for (int link : new int[] {LinkType.RAW, LinkType.RAW_DLT12, LinkType.RAW_DLT14}) {
            decode(link, ipv4Udp(1, 2, 0));
            assertClean();
            assertThat(v.etherType).isEqualTo(0x0800);
            assertThat(v.l3Offset).isZero();
            assertUdp4(1, 2, 0);
            decode(link, ipv6Udp(3, 4, 0));
            assertClean();
            assertThat(v.etherType).isEqualTo(0x86DD);
            assertThat(v.ipVersion).isEqualTo(6);
            assertThat(v.dstPort).isEqualTo(4);
        }
    }

    @Test
    void ipv4AndIpv6LinkTypes() {
        decode(LinkType.IPV4, ipv4Udp(1, 2, 1));
        assertClean();
        assertUdp4(1, 2, 1);
        decode(LinkType.IPV6, ipv6Udp(1, 2, 1));
        assertClean();
        assertThat(v.ipVersion).isEqualTo(6);
        decode(LinkType.IPV4, ipv6Udp(1, 2, 1)); // LINKTYPE_IPV4 promises IPv4
        assertThat(ViewSnapshot.events(v)).containsExactly("ipv4.bad_version");
    }

    @Test
    void bsdNullInEitherByteOrderAndLoop() {
        decode(LinkType.NULL, concat(hex("02000000"), ipv4Udp(1, 2, 0)));  // AF_INET, little-endian writer
        assertClean();
        assertUdp4(1, 2, 0);
        assertThat(v.l3Offset).isEqualTo(4);
        decode(LinkType.NULL, concat(hex("00000002"), ipv4Udp(1, 2, 0)));  // AF_INET, big-endian writer
        assertUdp4(1, 2, 0);
        for (String af6 : new String[] {"18000000", "1c000000", "1e000000", "0000001e"}) { // 24, 28, 30; both orders
            decode(LinkType.NULL, concat(hex(af6), ipv6Udp(1, 2, 0)));
            assertClean();
            assertThat(v.ipVersion).isEqualTo(6);
        }
        decode(LinkType.NULL, concat(hex("07000000"), payload(20)));     // unknown family: a value
        assertClean();
        assertThat(v.etherType).isZero();
        decode(LinkType.LOOP, concat(hex("00000002"), ipv4Udp(1, 2, 0)));  // LOOP: network order
        assertClean();
        assertUdp4(1, 2, 0);
    }

    @Test
    void arpRequest() {
        decode(LinkType.ETHERNET, concat(eth(0x0806), hex(
                "0001 0800 06 04",        // Ethernet, IPv4, lengths 6 and 4
                "0001",                   // request
                "00 00 5e 00 53 01",      // sender MAC
                "c0 00 02 01",            // sender IP 192.0.2.1
                "00 00 00 00 00 00",      // target MAC (unknown)
                "c0 00 02 02"),           // target IP 192.0.2.2
                new byte[18]));           // padding to 60 bytes
        assertClean();
        assertThat(v.arp).isTrue();
        assertThat(v.arpOpcode).isEqualTo(1);
        assertThat(v.arpSenderMac).isEqualTo(SRC_MAC);
        assertThat(v.arpSenderIp).isEqualTo(SRC4);
        assertThat(v.arpTargetMac).isZero();
        assertThat(v.arpTargetIp).isEqualTo(DST4);
        assertThat(v.ipVersion).isZero();
    }

    // ================================================================ network details

    @Test
    void ipv4FirstFragmentKeepsPortsLaterFragmentsHaveNoTransport() {
        // first fragment: MF, offset 0; the UDP length covers the whole datagram (1008 > 28)
        decode(LinkType.ETHERNET, concat(eth(0x0800), ipv4(17, 20 + 8 + 16, 0x2000, SRC4, DST4), udp(1, 2, 1008),
                payload(16)));
        assertClean();
        assertThat(v.fragment).isTrue();
        assertThat(v.moreFragments).isTrue();
        assertThat(v.fragmentOffset).isZero();
        assertThat(v.fragmentId).isEqualTo(0x1234);
        assertThat(v.srcPort).isEqualTo(1);
        assertThat(v.payloadLength).isEqualTo(16);
        // last fragment: offset 24 (3 x 8), DF clear, MF clear
        decode(LinkType.ETHERNET, concat(eth(0x0800), ipv4(17, 20 + 16, 3, SRC4, DST4), payload(16)));
        assertClean();
        assertThat(v.fragment).isTrue();
        assertThat(v.moreFragments).isFalse();
        assertThat(v.fragmentOffset).isEqualTo(24);
        assertThat(v.l4Offset).isEqualTo(-1);
        assertThat(v.srcPort).isZero();
        assertThat(v.ipProtocol).isEqualTo(17);
        // DF alone is not a fragment
        decode(LinkType.ETHERNET, concat(eth(0x0800), ipv4(17, 28, 0x4000, SRC4, DST4), udp(1, 2, 8)));
        assertThat(v.dontFragment).isTrue();
        assertThat(v.fragment).isFalse();
    }

    @Test
    void ipv4OptionsAreSkipped() {
        decode(LinkType.ETHERNET, concat(eth(0x0800), hex(
                "46 00 0028 1234 0000 01 02 0000 c0000201 e0000016", // IHL 6, total 40, TTL 1, IGMP, to 224.0.0.22
                "94 04 0000"),            // Router Alert (RFC 2113)
                hex(
                "22 00 0000",             // IGMPv3 report
                "0000 0001",              // reserved, 1 group record
                "04 00 0000",             // CHANGE_TO_EXCLUDE, no aux data, 0 sources
                "ef ff ff fa")));         // group 239.255.255.250
        assertClean();
        assertThat(v.ipHeaderLength).isEqualTo(24);
        assertThat(v.igmpType).isEqualTo(0x22);
        assertThat(v.igmpRecords).isEqualTo(1);
        assertThat(v.igmpGroup).isEqualTo(0xEFFFFFFA);
    }

    @Test
    void igmpV2ReportAndQuery() {
        decode(LinkType.ETHERNET, concat(eth(0x0800), ipv4(2, 28), hex("16 00 0000 e0000116"))); // v2 report 224.0.1.22
        assertClean();
        assertThat(v.igmpType).isEqualTo(0x16);
        assertThat(v.igmpGroup).isEqualTo(0xE0000116);
        decode(LinkType.ETHERNET, concat(eth(0x0800), ipv4(2, 28), hex("11 64 0000 00000000"))); // general query
        assertThat(v.igmpType).isEqualTo(0x11);
        assertThat(v.igmpGroup).isZero();
    }

    @Test
    void icmpAndIcmpv6() {
        decode(LinkType.ETHERNET, concat(eth(0x0800), ipv4(1, 20 + 8 + 4), hex("08 00 0000 0001 0002"), payload(4)));
        assertClean();
        assertThat(v.icmpType).isEqualTo(8);
        assertThat(v.icmpCode).isZero();
        assertThat(v.l4Offset).isEqualTo(34);
        assertThat(v.payloadLength).isEqualTo(4);
        decode(LinkType.ETHERNET, concat(eth(0x86DD), ipv6(58, 8), hex("01 04 0000 00000000"))); // unreachable, port
        assertClean();
        assertThat(v.icmpType).isEqualTo(1);
        assertThat(v.icmpCode).isEqualTo(4);
    }

    @Test
    void ipv6ExtensionHeadersAndFragments() {
        byte[] f = concat(eth(0x86DD), ipv6(0, 8 + 24 + 8 + 8 + 8 + 2), hex(
                "2b 00 01 04 00000000",   // Hop-by-Hop (8 bytes), next Routing
                "3c 02 00 00 00000000 0000000000000000 0000000000000000", // Routing (24 bytes), next Dest. Options
                "33 00 01 04 00000000",   // Destination Options (8 bytes), next AH
                "2c 01 0000 00000000",    // AH: payload len 1 = (1+2)*4 = 12 bytes ... next Fragment
                "00000000"),              // ... AH ICV tail
                hex(
                "11 00 0001 0000abcd"),   // Fragment: next UDP, offset 0, M set, id 0xabcd
                udp(9, 10, 500), payload(2));
        // fix the payload length: 8 + 24 + 8 + 12 + 8 + 8 + 2 = 70
        f[14 + 4] = 0;
        f[14 + 5] = 70;
        decode(LinkType.ETHERNET, f);
        assertClean();
        assertThat(v.fragment).isTrue();
        assertThat(v.moreFragments).isTrue();
        assertThat(v.fragmentId).isEqualTo(0xabcdL);
        assertThat(v.ipProtocol).isEqualTo(17);
        assertThat(v.ipHeaderLength).isEqualTo(40 + 8 + 24 + 8 + 12 + 8); // up to the Fragment header's end
        assertThat(v.srcPort).isEqualTo(9);
        assertThat(v.payloadLength).isEqualTo(2);
        // a later fragment: no transport, protocol from the Fragment header
        decode(LinkType.ETHERNET, concat(eth(0x86DD), ipv6(44, 16), hex("11 00 0010 0000abcd"), payload(8)));
        assertClean();
        assertThat(v.fragment).isTrue();
        assertThat(v.fragmentOffset).isEqualTo(16);
        assertThat(v.moreFragments).isFalse();
        assertThat(v.ipProtocol).isEqualTo(17);
        assertThat(v.ipHeaderLength).isEqualTo(48);
        assertThat(v.hasTransport()).isFalse();
        // ESP ends the chain: a value
        decode(LinkType.ETHERNET, concat(eth(0x86DD), ipv6(50, 16), payload(16)));
        assertClean();
        assertThat(v.ipProtocol).isEqualTo(50);
        assertThat(v.hasTransport()).isFalse();
    }

    @Test
    void unknownIpProtocolIsAValue() {
        decode(LinkType.ETHERNET, concat(eth(0x0800), ipv4(103, 20 + 12), payload(12))); // PIM (SCTP is decoded)
        assertClean();
        assertThat(v.ipProtocol).isEqualTo(103);
        assertThat(v.l4Offset).isEqualTo(-1);
    }

    @Test
    void snaplenCutIsOneEventAndTransportIsStillDecoded() {
        byte[] full = ethIpv4Tcp(80, 40000, 1400);
        decoder.decode(new UnsafeBuffer(full), 0, 64, full.length, LinkType.ETHERNET, v);
        assertThat(ViewSnapshot.events(v)).containsExactly("capture.snaplen");
        assertThat(v.status).isEqualTo(PacketView.STATUS_TRUNCATED);
        assertThat(v.l3Length).isEqualTo(50);
        assertThat(v.srcPort).isEqualTo(80);
        assertThat(v.payloadOffset).isEqualTo(54);
        assertThat(v.payloadLength).isEqualTo(10);
        // the same cut without a larger original length is a real truncation
        decoder.decode(new UnsafeBuffer(full), 0, 64, 64, LinkType.ETHERNET, v);
        assertThat(ViewSnapshot.events(v)).containsExactly("ipv4.truncated");
    }

    @Test
    void bytesPastTheCapturedLengthAreNeverRead() {
        byte[] frame = ethIpv4Udp(1, 2, 20);
        byte[] slot = concat(new byte[7], frame, payload(64)); // stale bytes after the packet
        decoder.decode(new UnsafeBuffer(slot), 7, 38, 38, LinkType.ETHERNET, v); // cut inside the UDP header
        assertThat(ViewSnapshot.events(v)).containsExactly("ipv4.truncated", "udp.truncated");
        assertThat(v.srcPort).isZero();
    }

    // ================================================================ tunnels

    @Test
    void greWithKeyAndSequenceCarryingIpv4() {
        byte[] inner = ipv4Udp(5060, 5062, 3);
        byte[] f = concat(eth(0x0800), ipv4(47, 20 + 12 + inner.length, 0, 0x0A000001, 0x0A000002), hex(
                "3000",                   // K, S, version 0
                "0800",                   // IPv4
                "0000002a",               // key 42
                "00000007"),              // sequence 7
                inner);
        decode(LinkType.ETHERNET, f);
        assertClean();
        assertThat(v.tunnelType).isEqualTo(PacketView.TUNNEL_GRE);
        assertThat(v.tunnelDepth).isEqualTo(1);
        assertThat(v.tunnelId).isEqualTo(42);
        assertThat(v.greKey).isEqualTo(42);
        assertThat(v.greSeq).isEqualTo(7);
        assertThat(v.greProtocol).isEqualTo(0x0800);
        assertThat(v.outerSrcLo).isEqualTo(PacketView.IPV4_MAPPED | 0x0A000001L);
        assertThat(v.outerDstLo).isEqualTo(PacketView.IPV4_MAPPED | 0x0A000002L);
        assertThat(v.l3Offset).isEqualTo(14 + 20 + 12);
        assertUdp4(5060, 5062, 3);
        assertThat(v.srcMac).isEqualTo(SRC_MAC); // no inner Ethernet: the outer MACs stay
    }

    @Test
    void greChecksumFieldIsSkipped() {
        decode(LinkType.ETHERNET, concat(eth(0x0800), ipv4(47, 20 + 8 + 28), hex(
                "8000 0800",              // C, IPv4
                "abcd 0000"),             // checksum, reserved1
                ipv4Udp(1, 2, 0)));
        assertClean();
        assertThat(v.greKey).isEqualTo(-1);
        assertThat(v.tunnelId).isEqualTo(-1);
        assertUdp4(1, 2, 0);
    }

    @Test
    void greTransparentBridgingWithInnerVlan() {
        byte[] innerFrame = concat(hex(
                "02 00 00 00 00 02",      // inner destination MAC
                "02 00 00 00 00 01",      // inner source MAC
                "8100"), tag(42, 0x0800), ipv4Udp(1, 2, 0));
        byte[] f = concat(eth(0x8100), tag(7, 0x0800), ipv4(47, 20 + 8 + innerFrame.length), hex(
                "2000 6558",              // K, transparent Ethernet bridging
                "00000000"),              // key 0
                innerFrame);
        decode(LinkType.ETHERNET, f);
        assertClean();
        assertThat(v.tunnelType).isEqualTo(PacketView.TUNNEL_GRE);
        assertThat(v.srcMac).isEqualTo(0x020000000001L);
        assertThat(v.dstMac).isEqualTo(0x020000000002L);
        assertThat(v.vlanCount).isEqualTo(2);
        assertThat(v.vlanIds[0]).isEqualTo(7);
        assertThat(v.vlanIds[1]).isEqualTo(42);
        assertThat(v.outerSrcLo).isEqualTo(PacketView.IPV4_MAPPED | (SRC4 & 0xFFFFFFFFL));
        assertUdp4(1, 2, 0);
    }

    @Test
    void erspanTypesOneTwoThree() {
        byte[] innerFrame = concat(eth(0x0800), ipv4Udp(5060, 5060, 2));
        // type I: GRE 0x88BE without the sequence bit, the frame follows directly
        decode(LinkType.ETHERNET, concat(eth(0x0800), ipv4(47, 20 + 4 + innerFrame.length), gre(0x88BE), innerFrame));
        assertClean();
        assertThat(v.tunnelType).isEqualTo(PacketView.TUNNEL_ERSPAN1);
        assertUdp4(5060, 5060, 2);
        // type II
        decode(LinkType.ETHERNET, concat(eth(0x0800), ipv4(47, 20 + 8 + 8 + innerFrame.length), hex(
                "1000 88be",              // S, ERSPAN type II
                "00000001",               // sequence 1
                "1 064",                  // version 1, VLAN 100
                "0 3ff",                  // COS 0, En 0, T 0, session 1023
                "00000000"),              // reserved, index 0
                innerFrame));
        assertClean();
        assertThat(v.tunnelType).isEqualTo(PacketView.TUNNEL_ERSPAN2);
        assertThat(v.tunnelId).isEqualTo(1023);
        assertUdp4(5060, 5060, 2);
        // type III with the platform-specific subheader
        decode(LinkType.ETHERNET, concat(eth(0x0800), ipv4(47, 20 + 8 + 20 + innerFrame.length), hex(
                "1000 22eb",              // S, ERSPAN type III
                "00000002",               // sequence 2
                "2 000",                  // version 2, VLAN 0
                "0 005",                  // session 5
                "12345678",               // timestamp
                "0000",                   // SGT
                "00",                     // P 0, FT 0 (Ethernet), HW id high bits
                "01",                     // HW id low bits, D, Gra, O = 1
                "0000000000000000"),      // platform-specific subheader
                innerFrame));
        assertClean();
        assertThat(v.tunnelType).isEqualTo(PacketView.TUNNEL_ERSPAN3);
        assertThat(v.tunnelId).isEqualTo(5);
        assertUdp4(5060, 5060, 2);
        // type III carrying IP (FT 2), no subheader
        byte[] ip = ipv4Udp(1, 2, 0);
        decode(LinkType.ETHERNET, concat(eth(0x0800), ipv4(47, 20 + 4 + 12 + ip.length), hex(
                "0000 22eb",              // no sequence, ERSPAN type III
                "2000 0006 00000000 0000",// version 2, session 6, timestamp, SGT
                "08",                     // FT 2 (IP)
                "00"),                    // O = 0
                ip));
        assertClean();
        assertThat(v.tunnelId).isEqualTo(6);
        assertUdp4(1, 2, 0);
    }

    @Test
    void vxlanOnTheConfiguredPort() {
        byte[] innerFrame = concat(hex("02 00 00 00 00 02  02 00 00 00 00 01  0800"), ipv4Udp(53, 53, 1));
        byte[] vx = concat(hex(
                "08 000000",              // flags: I
                "00 1234",                // VNI 0x001234 ...
                "00"),                    // ... reserved
                innerFrame);
        byte[] f = concat(eth(0x0800), ipv4(17, 20 + 8 + vx.length, 0, 0x0A000001, 0x0A000002),
                udp(49152, 4789, 8 + vx.length), vx);
        decode(LinkType.ETHERNET, f);
        assertClean();
        assertThat(v.tunnelType).isEqualTo(PacketView.TUNNEL_VXLAN);
        assertThat(v.tunnelId).isEqualTo(0x1234);
        assertThat(v.srcMac).isEqualTo(0x020000000001L);
        assertThat(v.outerSrcLo).isEqualTo(PacketView.IPV4_MAPPED | 0x0A000001L);
        assertUdp4(53, 53, 1);
        // another port: plain UDP
        PacketDecoder other = new PacketDecoder(8472);
        other.decode(new UnsafeBuffer(f), 0, f.length, f.length, LinkType.ETHERNET, v);
        assertThat(v.tunnelDepth).isZero();
        assertThat(v.dstPort).isEqualTo(4789);
    }

    @Test
    void ipInIpAndIpv6InIpv4() {
        decode(LinkType.ETHERNET, concat(eth(0x0800), ipv4(4, 20 + 28, 0, 0x0A000001, 0x0A000002), ipv4Udp(1, 2, 0)));
        assertClean();
        assertThat(v.tunnelType).isEqualTo(PacketView.TUNNEL_IPIP);
        assertThat(v.outerSrcLo).isEqualTo(PacketView.IPV4_MAPPED | 0x0A000001L);
        assertUdp4(1, 2, 0);
        byte[] inner6 = ipv6Udp(1, 2, 0);
        decode(LinkType.ETHERNET, concat(eth(0x0800), ipv4(41, 20 + inner6.length), inner6));
        assertClean();
        assertThat(v.tunnelType).isEqualTo(PacketView.TUNNEL_IPIP);
        assertThat(v.ipVersion).isEqualTo(6);
        assertThat(v.dstPort).isEqualTo(2);
        // IPv4 in IPv6 (next header 4)
        byte[] inner4 = ipv4Udp(3, 4, 0);
        decode(LinkType.ETHERNET, concat(eth(0x86DD), ipv6(4, inner4.length), inner4));
        assertClean();
        assertThat(v.outerSrcLo).isEqualTo(1L);
        assertUdp4(3, 4, 0);
    }

    @Test
    void pptpEnhancedGreCarryingPpp() {
        byte[] inner = ipv4Udp(5060, 5060, 4);
        decode(LinkType.ETHERNET, concat(eth(0x0800), ipv4(47, 20 + 16 + 4 + inner.length), hex(
                "3081",                   // K, S, A, version 1
                "880b",                   // PPP
                h16(4 + inner.length),    // payload length
                "9850",                   // call id 38992
                "0000006a",               // sequence 106
                "0000008c",               // acknowledgment 140
                "ff 03 0021"),            // PPP address, control, protocol IPv4
                inner));
        assertClean();
        assertThat(v.tunnelType).isEqualTo(PacketView.TUNNEL_GRE);
        assertThat(v.tunnelId).isEqualTo(38992);
        assertThat(v.greSeq).isEqualTo(106);
        assertUdp4(5060, 5060, 4);
        // protocol-field compression: one byte 0x21
        decode(LinkType.ETHERNET, concat(eth(0x0800), ipv4(47, 20 + 8 + 1 + inner.length),
                hex("2001 880b", h16(1 + inner.length), "0001", "21"), inner));
        assertClean();
        assertUdp4(5060, 5060, 4);
    }

    private static String h16(int v) {
        return String.format("%04x", v);
    }

    @Test
    void pppoeSession() {
        byte[] inner = ipv4Udp(53, 40000, 2);
        decode(LinkType.ETHERNET, concat(eth(0x8100), tag(421, 0x8864), hex(
                "11 00",                  // version 1 type 1, session data
                "0001",                   // session 1
                h16(2 + inner.length),    // length: PPP protocol + IP
                "0021"),                  // IPv4
                inner, new byte[6]));     // padding
        assertClean();
        assertThat(v.etherType).isEqualTo(0x8864);
        assertThat(v.l3Offset).isEqualTo(14 + 4 + 8);
        assertThat(v.l3Length).isEqualTo(inner.length);
        assertUdp4(53, 40000, 2);
    }

    @Test
    void fourTunnelsDeepIsAllowed() {
        byte[] p = ipv4Udp(1, 2, 0);
        for (int i = 0; i < 4; i++) {
            p = concat(ipv4(4, 20 + p.length, 0, 0x0A000000 + i, 0x0A000100 + i), p);
        }
        decode(LinkType.ETHERNET, concat(eth(0x0800), p));
        assertClean();
        assertThat(v.tunnelDepth).isEqualTo(4);
        assertThat(v.outerSrcLo).isEqualTo(PacketView.IPV4_MAPPED | 0x0A000003L); // the outermost
        assertUdp4(1, 2, 0);
    }

    // ================================================================ decodeIp

    @Test
    void decodeIpKeepsLinkAndTunnelFieldsAndAccumulatesEvents() {
        byte[] frame = concat(eth(0x8100), tag(9, 0x0800), ipv4(17, 20 + 16, 0x2000, SRC4, DST4), udp(1, 2, 40),
                payload(8));
        decode(LinkType.ETHERNET, frame);
        assertThat(v.fragment).isTrue();
        byte[] whole = ipv4Udp(1, 2, 32);
        byte[] slot = concat(new byte[18], whole);
        decoder.decodeIp(new UnsafeBuffer(slot), 18, whole.length, v);
        assertClean();
        assertThat(v.vlanIds[0]).isEqualTo(9);
        assertThat(v.srcMac).isEqualTo(SRC_MAC);
        assertThat(v.fragment).isFalse();
        assertThat(v.l3Offset).isEqualTo(18);
        assertUdp4(1, 2, 32);
        decoder.decodeIp(new UnsafeBuffer(slot), 18, 10, v);
        assertThat(ViewSnapshot.events(v)).containsExactly("ipv4.truncated");
        assertThat(v.vlanIds[0]).isEqualTo(9);
    }
}
