package dev.vigil.protocol.testing;

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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.protocol.LinkType;

/**
 * Well-formed frames of every link type and tunnel (hand-built), plus every corpus frame: the
 * seeds that properties mutate and that heap/direct and allocation tests decode.
 */
public final class SeedFrames {
    /** A frame and the link type it is decoded with. */
    public record Seed(String name, int linkType, byte[] frame) {
    }

    private static final List<Seed> HAND_BUILT = build();
    private static List<Seed> corpus;

    private SeedFrames() {
    }

    public static List<Seed> handBuilt() {
        return HAND_BUILT;
    }

    /** Every frame of every corpus capture (empty without the corpus). */
    public static synchronized List<Seed> corpus() {
        if (corpus == null) {
            List<Seed> all = new ArrayList<>();
            if (Corpus.root() != null) {
                for (Path capture : Corpus.captures()) {
                    for (PcapRecords.Packet p : PcapRecords.read(capture)) {
                        all.add(new Seed(capture.getFileName() + "#" + p.frame(), p.linkType(), p.copy()));
                    }
                }
            }
            corpus = List.copyOf(all);
        }
        return corpus;
    }

    public static List<Seed> all() {
        List<Seed> all = new ArrayList<>(HAND_BUILT);
        all.addAll(corpus());
        return all;
    }

    private static List<Seed> build() {
        List<Seed> s = new ArrayList<>();
        final int e = LinkType.ETHERNET;
        s.add(new Seed("eth-ipv4-udp", e, ethIpv4Udp(5060, 5060, 40)));
        s.add(new Seed("eth-ipv4-tcp", e, ethIpv4Tcp(80, 40000, 40)));
        s.add(new Seed("eth-tcp-options", e, concat(eth(0x0800), ipv4(6, 20 + 32 + 4), tcp(1, 2, 8, 0x02), payload(4))));
        s.add(new Seed("qinq", e, concat(eth(0x88A8), tag(100, 0x8100), tag(200, 0x0800), ipv4Udp(1, 2, 10))));
        s.add(new Seed("vlan-ipv6-tcp", e, concat(eth(0x8100), tag(5, 0x86DD), ipv6(6, 20 + 3), tcp(1, 2), payload(3))));
        s.add(new Seed("ipv6-ext-frag", e, concat(eth(0x86DD), ipv6(0, 8 + 8 + 8 + 4), hex(
                "3c 00 01 04 00000000",   // Hop-by-Hop, next Destination Options
                "2c 00 01 04 00000000",   // Destination Options, next Fragment
                "11 00 0001 00000009"),   // Fragment: first, M, id 9
                udp(1, 2, 100), payload(4))));
        s.add(new Seed("ipv4-frag-later", e, concat(eth(0x0800), ipv4(17, 36, 0x0003, Frames.SRC4, Frames.DST4), payload(16))));
        s.add(new Seed("ipv4-options-igmp", e, concat(eth(0x0800), hex(
                "46 00 0028 0001 0000 01 02 0000 c0000201 e0000016", "94 04 0000"),
                hex("22 00 0000 0000 0001 04 00 0000 efffffff"))));
        byte[] sctpBundle = concat(Frames.sctp(5060, 5060), Frames.sctpChunk(3, 0, 16, payload(12)), // SACK
                Frames.sctpData(0x03, 0, payload(21)), Frames.sctpData(0x06, 0, payload(8)));
        s.add(new Seed("eth-ipv4-sctp", e, concat(eth(0x0800), ipv4(132, 20 + sctpBundle.length), sctpBundle)));
        s.add(new Seed("icmp", e, concat(eth(0x0800), ipv4(1, 36), hex("08 00 0000 0001 0001"), payload(8))));
        s.add(new Seed("icmpv6", e, concat(eth(0x86DD), ipv6(58, 16), hex("80 00 0000 0001 0001"), payload(8))));
        s.add(new Seed("arp", e, concat(eth(0x0806), hex(
                "0001 0800 06 04 0002 00005e005301 c0000201 00005e005302 c0000202"), new byte[18])));
        byte[] inner = concat(eth(0x0800), ipv4Udp(5060, 5060, 20));
        s.add(new Seed("gre-key-seq-ip", e, concat(eth(0x0800), ipv4(47, 20 + 12 + 48), hex(
                "3000 0800 0000002a 00000007"), ipv4Udp(1, 2, 20))));
        s.add(new Seed("gre-teb", e, concat(eth(0x0800), ipv4(47, 20 + 8 + inner.length), hex("2000 6558 00000001"), inner)));
        s.add(new Seed("erspan1", e, concat(eth(0x0800), ipv4(47, 20 + 4 + inner.length), gre(0x88BE), inner)));
        s.add(new Seed("erspan2", e, concat(eth(0x0800), ipv4(47, 20 + 16 + inner.length), hex(
                "1000 88be 00000001 1064 0005 00000000"), inner)));
        s.add(new Seed("erspan3", e, concat(eth(0x0800), ipv4(47, 20 + 8 + 20 + inner.length), hex(
                "1000 22eb 00000002 2000 0005 12345678 0000 00 01 0000000000000000"), inner)));
        byte[] vx = concat(hex("08 000000 001234 00"), inner);
        s.add(new Seed("vxlan", e, concat(eth(0x0800), ipv4(17, 20 + 8 + vx.length), udp(49152, 4789, 8 + vx.length), vx)));
        byte[] ip = ipv4Udp(5060, 5060, 20);
        s.add(new Seed("pptp", e, concat(eth(0x0800), ipv4(47, 20 + 16 + 4 + ip.length), hex(
                "3081 880b", Frames.h16(4 + ip.length), "9850 0000006a 0000008c ff03 0021"), ip)));
        s.add(new Seed("pppoe", e, concat(eth(0x8864), hex("11 00 0001", Frames.h16(2 + ip.length), "0021"), ip)));
        s.add(new Seed("ipip", e, concat(eth(0x0800), ipv4(4, 20 + ip.length), ip)));
        byte[] ip6 = ipv6Udp(1, 2, 10);
        s.add(new Seed("6in4", e, concat(eth(0x0800), ipv4(41, 20 + ip6.length), ip6)));
        s.add(new Seed("802.3", e, concat(hex("0180c2000000 00005e005301 0026 424203"), payload(43))));
        s.add(new Seed("sll", LinkType.LINUX_SLL, concat(hex("0000 0001 0006 00005e0053010000 0800"), ip)));
        s.add(new Seed("sll2", LinkType.LINUX_SLL2, concat(hex("86dd 0000 00000002 0001 04 06 00005e0053010000"), ip6)));
        s.add(new Seed("raw4", LinkType.RAW, ip));
        s.add(new Seed("raw6", LinkType.RAW, ip6));
        s.add(new Seed("linktype-ipv4", LinkType.IPV4, ip));
        s.add(new Seed("linktype-ipv6", LinkType.IPV6, ip6));
        s.add(new Seed("null", LinkType.NULL, concat(hex("02000000"), ip)));
        s.add(new Seed("null6", LinkType.NULL, concat(hex("1e000000"), ip6)));
        s.add(new Seed("loop", LinkType.LOOP, concat(hex("00000002"), ip)));
        return List.copyOf(s);
    }
}
