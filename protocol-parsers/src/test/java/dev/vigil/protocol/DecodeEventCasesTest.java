package dev.vigil.protocol;

import static dev.vigil.protocol.testing.Frames.eth;
import static dev.vigil.protocol.testing.Frames.ethIpv4Udp;
import static dev.vigil.protocol.testing.Frames.gre;
import static dev.vigil.protocol.testing.Frames.ipv4;
import static dev.vigil.protocol.testing.Frames.ipv6;
import static dev.vigil.protocol.testing.Frames.tag;
import static dev.vigil.protocol.testing.Frames.tcp;
import static dev.vigil.protocol.testing.Frames.udp;
import static dev.vigil.protocol.testing.Hex.concat;
import static dev.vigil.protocol.testing.Hex.hex;
import static dev.vigil.protocol.testing.Hex.payload;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.vigil.protocol.testing.Frames;
import dev.vigil.protocol.testing.ViewSnapshot;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * One hand-built frame per decode event type: each must produce exactly that event, with the
 * status its kind implies, and the fields of the layers before it. {@link #everyEventTypeHasACase}
 * keeps the table complete when a decoder gains an event.
 */
class DecodeEventCasesTest {

    /** A frame, its link type, what the wire had (-1: what was captured) and extra checks. */
    record Case(String key, int linkType, byte[] frame, int originalLength, Consumer<PacketView> check) {
        Case(String key, int linkType, byte[] frame) {
            this(key, linkType, frame, -1, v -> { });
        }

        Case(String key, int linkType, byte[] frame, Consumer<PacketView> check) {
            this(key, linkType, frame, -1, check);
        }
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        final int eth = LinkType.ETHERNET;

        // ------------------------------------------------------------ capture / link / tunnel
        byte[] full = ethIpv4Udp(1000, 2000, 100);
        c.add(new Case("capture.snaplen", eth, Arrays.copyOf(full, 14 + 20 + 8 + 10), full.length, v -> {
            // cut by a 52-byte snaplen: IP and UDP headers are there, the payload is partial
            assertThat(v.srcPort).isEqualTo(1000);
            assertThat(v.payloadLength).isEqualTo(10);
            assertThat(v.ipTotalLength).isEqualTo(128);
        }));
        c.add(new Case("tunnel.too_deep", eth, concat(
                eth(0x0800),
                ipv4(4, 20 * 6 + 8),      // IP-in-IP, depth 1
                ipv4(4, 20 * 5 + 8),      // depth 2
                ipv4(4, 20 * 4 + 8),      // depth 3
                ipv4(4, 20 * 3 + 8),      // depth 4 (the maximum)
                ipv4(4, 20 * 2 + 8),      // would be depth 5: not entered
                ipv4(17, 20 + 8),
                udp(1, 2, 8)), v -> {
            assertThat(v.tunnelDepth).isEqualTo(4);
            assertThat(v.ipProtocol).isEqualTo(4);
        }));
        c.add(new Case("link.unsupported", 147 /* LINKTYPE_USER0 */, hex("00 01 02 03")));
        c.add(new Case("ip.truncated", LinkType.RAW, new byte[0]));
        c.add(new Case("ip.bad_version", LinkType.RAW, concat(
                hex("50"),                // version 5 (ST-II), not IPv4 or IPv6
                payload(19))));

        // ------------------------------------------------------------ link layers
        c.add(new Case("ethernet.truncated", eth, hex(
                "00 00 5e 00 53 02",      // destination MAC
                "00 00 5e 00")));         // source MAC cut after 4 bytes
        c.add(new Case("vlan.truncated", eth, concat(
                eth(0x8100),
                hex("00 64"))));          // TCI (VLAN 100), EtherType missing
        byte[] nineTags = eth(0x8100);
        for (int i = 1; i <= 9; i++) {
            nineTags = concat(nineTags, tag(i, i < 9 ? 0x8100 : 0x0800)); // VLANs 1..9, each followed by another tag
        }
        c.add(new Case("vlan.too_deep", eth, concat(nineTags, ipv4(17, 28), udp(1, 2, 8)), v -> {
            assertThat(v.vlanCount).isEqualTo(9);
            assertThat(v.vlanIds).containsExactly(1, 2, 3, 4);
            assertThat(v.ipVersion).isZero();
        }));
        c.add(new Case("sll.truncated", LinkType.LINUX_SLL, hex(
                "0000",                   // packet type: to us
                "0001",                   // ARPHRD_ETHER
                "0006",                   // address length 6
                "00 00 5e 00")));         // address cut
        c.add(new Case("loopback.truncated", LinkType.NULL, hex("02 00 00"))); // AF_INET cut after 3 bytes

        // ------------------------------------------------------------ ARP
        c.add(new Case("arp.truncated", eth, concat(eth(0x0806), hex(
                "0001",                   // hardware type Ethernet
                "0800",                   // protocol type IPv4
                "06 04",                  // hardware length 6, protocol length 4
                "0001",                   // request
                "00 00 5e 00 53 01",      // sender MAC
                "c0 00"))));              // sender IP cut: 16 of 28 bytes
        c.add(new Case("arp.unsupported", eth, concat(eth(0x0806), hex(
                "0020",                   // hardware type 32: InfiniBand
                "0800",                   // protocol type IPv4
                "14 04",                  // hardware length 20, protocol length 4
                "0001"),                  // request
                payload(48)), v -> assertThat(v.arp).isFalse()));

        // ------------------------------------------------------------ IPv4
        c.add(new Case("ipv4.truncated", eth, concat(
                eth(0x0800),
                ipv4(17, 20 + 8 + 72),    // total length 100, but the frame on the wire ends sooner
                udp(53, 53, 8 + 72),
                payload(10)), v -> {
            assertThat(v.srcPort).isEqualTo(53);
            assertThat(v.payloadLength).isEqualTo(10);
        }));
        c.add(new Case("ipv4.bad_version", eth, concat(eth(0x0800), ipv6(17, 8), udp(1, 2, 8))));
        c.add(new Case("ipv4.bad_header_length", eth, concat(eth(0x0800), hex(
                "44",                     // version 4, IHL 4: below the 20-byte minimum
                "00 0028 1234 0000 40 11 0000 c0000201 c0000202"), udp(1, 2, 8))));
        c.add(new Case("ipv4.bad_total_length", eth, concat(eth(0x0800), hex(
                "45 00",
                "000a",                   // total length 10 < header length 20
                "1234 0000 40 11 0000 c0000201 c0000202"), udp(1, 2, 8)), v -> {
            assertThat(v.ipVersion).isEqualTo(4);
            assertThat(v.srcIpv4()).isEqualTo(0xC0000201);
            assertThat(v.hasTransport()).isFalse();
        }));
        c.add(new Case("ipv4.bad_option", eth, concat(eth(0x0800), hex(
                "46 00 0020 1234 0000 40 11 0000 c0000201 c0000202", // IHL 6: 4 bytes of options, total 32
                "07 08 04 00"),           // record route, length 8: runs past the header
                udp(1, 2, 8)), v -> assertThat(v.dstPort).isEqualTo(2)));
        c.add(new Case("ipv4.bad_fragment", eth, concat(eth(0x0800),
                ipv4(17, 20 + 100, 0x1FFF, Frames.SRC4, Frames.DST4), // offset 65528 + 100 bytes > 65535
                payload(100)), v -> {
            assertThat(v.fragment).isTrue();
            assertThat(v.fragmentOffset).isEqualTo(65528);
            assertThat(v.hasTransport()).isFalse();
        }));

        // ------------------------------------------------------------ IPv6
        c.add(new Case("ipv6.truncated", eth, concat(eth(0x86DD), Arrays.copyOf(ipv6(17, 8), 30))));
        c.add(new Case("ipv6.bad_version", eth, concat(eth(0x86DD), ipv4(17, 48), udp(1, 2, 28), payload(20))));
        c.add(new Case("ipv6.bad_payload_length", eth, concat(eth(0x86DD),
                ipv6(0, 8),               // payload length 8 ...
                hex("11 01 01 0e 00000000 0000000000000000")), // ... but Hop-by-Hop is 16 bytes (len 1)
                v -> assertThat(v.ipVersion).isEqualTo(6)));
        c.add(new Case("ipv6.exthdr_truncated", eth, concat(eth(0x86DD),
                ipv6(0, 0),               // payload length 0 + Hop-by-Hop first: jumbogram, frame bounds it
                hex("11 01 01 0e 0000"))));  // Hop-by-Hop of 16 bytes, 6 captured
        byte[] nineOptions = ipv6(60, 9 * 8 + 8);
        for (int i = 0; i < 9; i++) {
            nineOptions = concat(nineOptions, hex(
                    i < 8 ? "3c" : "11",  // next header: another Destination Options, the last UDP
                    "00 01 04 00000000")); // length 0 (8 bytes), PadN of 4
        }
        c.add(new Case("ipv6.exthdr_too_many", eth, concat(eth(0x86DD), nineOptions, udp(1, 2, 8)),
                v -> assertThat(v.hasTransport()).isFalse()));

        // ------------------------------------------------------------ transport
        c.add(new Case("udp.truncated", eth, concat(eth(0x0800), ipv4(17, 24), hex("0035 0035"))));
        c.add(new Case("udp.bad_length", eth, concat(eth(0x0800), ipv4(17, 28), hex(
                "0035 0035",              // ports 53 > 53
                "0004",                   // length 4 < 8
                "0000")), v -> assertThat(v.srcPort).isEqualTo(53)));
        c.add(new Case("tcp.truncated", eth, concat(eth(0x0800), ipv4(6, 30), Arrays.copyOf(tcp(80, 1234), 10))));
        c.add(new Case("tcp.bad_data_offset", eth, concat(eth(0x0800), ipv4(6, 40), tcp(80, 1234, 4, 0x02)),
                v -> {
                    assertThat(v.tcpFlags).isEqualTo(0x02);
                    assertThat(v.payloadLength).isZero();
                }));
        c.add(new Case("sctp.truncated", eth, concat(eth(0x0800), ipv4(132, 28), Arrays.copyOf(
                Frames.sctp(5060, 5060), 8))));  // 8 of the 12 common header bytes
        c.add(new Case("sctp.bad_chunk_length", eth, concat(eth(0x0800), ipv4(132, 20 + 12 + 8),
                Frames.sctp(5060, 5061),
                Frames.sctpChunk(0, 0x03, 40, payload(4))), // DATA chunk claims 40 bytes, 8 are there
                v -> {
                    assertThat(v.dstPort).isEqualTo(5061);
                    assertThat(v.sctpChunkCount).isZero();
                    assertThat(v.payloadLength).isZero();
                }));
        c.add(new Case("sctp.bad_data_chunk", eth, concat(eth(0x0800), ipv4(132, 20 + 12 + 16),
                Frames.sctp(5060, 5060),
                Frames.sctpChunk(0, 0x03, 16, payload(12))), // DATA header only, no user data
                v -> {
                    assertThat(v.sctpChunkCount).isEqualTo(1);
                    assertThat(v.payloadLength).isZero();
                }));
        byte[] manyChunks = Frames.sctp(1, 2);
        for (int i = 0; i <= dev.vigil.protocol.sctp.SctpDecoder.MAX_CHUNKS; i++) {
            manyChunks = concat(manyChunks, Frames.sctpChunk(14, 0, 4, new byte[0])); // SHUTDOWN COMPLETE, 4 bytes
        }
        c.add(new Case("sctp.too_many_chunks", eth, concat(eth(0x0800), ipv4(132, 20 + manyChunks.length), manyChunks),
                v -> assertThat(v.sctpChunkCount).isEqualTo(dev.vigil.protocol.sctp.SctpDecoder.MAX_CHUNKS)));
        c.add(new Case("icmp.truncated", eth, concat(eth(0x0800), ipv4(1, 24), hex(
                "08 00",                  // echo request, code 0
                "0000")),                 // checksum; identifier and sequence missing
                v -> assertThat(v.icmpType).isEqualTo(8)));
        c.add(new Case("icmpv6.truncated", eth, concat(eth(0x86DD), ipv6(58, 4), hex("80 00 0000"))));
        c.add(new Case("igmp.truncated", eth, concat(eth(0x0800), ipv4(2, 24), hex("16 00 0000"))));

        // ------------------------------------------------------------ tunnels
        c.add(new Case("gre.truncated", eth, concat(eth(0x0800), ipv4(47, 24), hex(
                "2000",                   // K: a 4-byte key follows ...
                "0800"))));               // ... but the datagram ends after the protocol type
        c.add(new Case("gre.bad_version", eth, concat(eth(0x0800), ipv4(47, 48), hex(
                "0002",                   // version 2
                "0800"), ipv4(17, 24), hex("0000 0000"))));
        c.add(new Case("gre.bad_flags", eth, concat(eth(0x0800), ipv4(47, 52), hex(
                "4000",                   // R: RFC 1701 source routing
                "0800",
                "0000 0000"), ipv4(17, 24), hex("0000 0000"))));
        c.add(new Case("erspan.truncated", eth, concat(eth(0x0800), ipv4(47, 20 + 8 + 4), hex(
                "1000 88be",              // S, ERSPAN type II
                "00000001",               // sequence 1
                "1000 0001"))));          // ERSPAN: 4 of 8 bytes
        c.add(new Case("erspan.bad_version", eth, concat(eth(0x0800), ipv4(47, 20 + 8 + 8 + 14), hex(
                "1000 88be 00000001",     // S, ERSPAN type II, sequence 1
                "2000 0001 00000000"),    // version 2 under type II's protocol type
                eth(0x0800))));
        c.add(new Case("vxlan.truncated", eth, concat(eth(0x0800), ipv4(17, 20 + 8 + 4), udp(50000, 4789, 12),
                hex("08 000000"))));      // flags I, reserved; VNI missing
        c.add(new Case("vxlan.bad_flags", eth, concat(eth(0x0800), ipv4(17, 20 + 8 + 8 + 14), udp(50000, 4789, 30),
                hex("00 000000 000064 00"), // flags 0: I clear
                eth(0x0800)), v -> assertThat(v.tunnelDepth).isZero()));
        c.add(new Case("ppp.truncated", eth, concat(eth(0x0800), ipv4(47, 28), hex(
                "2001",                   // K, version 1 (PPTP)
                "880b",                   // PPP
                "0000 0001"))));          // payload length 0, call id 1; no PPP byte follows
        c.add(new Case("pppoe.truncated", eth, concat(eth(0x8864), hex("11 00 0001"))));
        c.add(new Case("pppoe.bad_header", eth, concat(eth(0x8864), hex(
                "12",                     // version 1, type 2
                "00 0001 0016 0021"), ipv4(17, 20))));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> eachCaseRecordsExactlyItsEvent() {
        PacketDecoder decoder = new PacketDecoder();
        PacketView view = new PacketView();
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.key(), () -> {
            byte[] f = c.frame();
            int orig = c.originalLength() < 0 ? f.length : c.originalLength();
            int status = decoder.decode(new UnsafeBuffer(f), 0, f.length, orig, c.linkType(), view);
            assertThat(ViewSnapshot.events(view)).containsExactly(c.key());
            DecodeEventType type = DecodeEventType.byKey(c.key());
            int expected = switch (type.kind()) {
                case DecodeEventType.KIND_TRUNCATED -> PacketView.STATUS_TRUNCATED;
                case DecodeEventType.KIND_MALFORMED -> PacketView.STATUS_MALFORMED;
                default -> PacketView.STATUS_UNSUPPORTED;
            };
            assertThat(status).isEqualTo(expected).isEqualTo(view.status);
            c.check().accept(view);
        }));
    }

    @Test
    void everyEventTypeHasACase() {
        L2L4Events.init();
        Set<String> keys = L2L4Events.types().stream().map(DecodeEventType::key).collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered = cases().stream().map(Case::key).collect(Collectors.toCollection(TreeSet::new));
        assertThat(covered).isEqualTo(keys);
        for (DecodeEventType t : L2L4Events.types()) {
            assertThat(t.description()).isNotBlank();
            assertThat(DecodeEventType.byKey(t.key())).isSameAs(t);
        }
    }
}
