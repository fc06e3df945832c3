package dev.vigil.protocol.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.vigil.protocol.LinkType;
import dev.vigil.protocol.PacketDecoder;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.testing.Corpus;
import dev.vigil.protocol.testing.Hex;
import dev.vigil.protocol.testing.PcapRecords;
import dev.vigil.protocol.testing.PcapRecords.Packet;
import dev.vigil.protocol.testing.ViewSnapshot;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Real captures from {@code ../shared/corpus} against the tshark ground truth written next to
 * them: UDP/TCP conversations (address:port pairs and frame counts per direction) for every
 * capture, VLAN ids, ARP fields, and the link types and tunnels the corpus holds.
 */
class CorpusGroundTruthTest {
    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketView v = new PacketView();

    @BeforeAll
    static void corpusPresent() {
        assumeTrue(Corpus.root() != null, "capture corpus not found (../shared/corpus)");
    }

    /** Decodes every packet of a capture, handing each decoded view to {@code each}. */
    private void decodeAll(Path capture, java.util.function.BiConsumer<Packet, PacketView> each) {
        for (Packet p : PcapRecords.read(capture)) {
            decoder.decode(new UnsafeBuffer(p.data()), p.offset(), p.capturedLength(), p.originalLength(), p.linkType(), v);
            each.accept(p, v);
        }
    }

    // ================================================================ conversations

    /** A conversation's frame counts: {@code ab} from the first endpoint (sorted order) to the second. */
    static final class Counts {
        int ab;
        int ba;

        @Override
        public String toString() {
            return ab + "/" + ba;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Counts c && c.ab == ab && c.ba == ba;
        }

        @Override
        public int hashCode() {
            return ab * 31 + ba;
        }
    }

    @Test
    void conversationGroundTruthIsSubstantial() throws IOException {
        int conversations = 0;
        int frames = 0;
        for (Path capture : Corpus.captures()) {
            for (String proto : new String[] {"udp", "tcp"}) {
                for (Counts c : readTsharkConversations(Corpus.groundTruth(capture, "conv_" + proto)).values()) {
                    conversations++;
                    frames += c.ab + c.ba;
                }
            }
        }
        assertThat(conversations).isGreaterThan(100);
        assertThat(frames).isGreaterThan(4000);
    }

    @TestFactory
    Stream<DynamicTest> conversationsMatchTshark() {
        return Corpus.captures().stream().map(capture -> DynamicTest.dynamicTest(
                Corpus.root().relativize(capture).toString(), () -> {
                    for (String proto : new String[] {"udp", "tcp"}) {
                        Map<String, Counts> expected = readTsharkConversations(Corpus.groundTruth(capture, "conv_" + proto));
                        Map<String, Counts> actual = ourConversations(capture, proto.equals("udp") ? 17 : 6);
                        assertThat(actual).as(proto + " conversations of " + capture.getFileName()).isEqualTo(expected);
                    }
                }));
    }

    /** Parses {@code tshark -z conv,udp|tcp}: "A <-> B  frames(B->A) bytes unit  frames(A->B) bytes unit ...". */
    static Map<String, Counts> readTsharkConversations(Path file) throws IOException {
        Map<String, Counts> m = new TreeMap<>();
        if (!Files.exists(file)) {
            return m;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.contains("<->")) {
                continue;
            }
            String[] t = line.trim().split("\\s+");
            String a = endpoint(t[0]);
            String b = endpoint(t[2]);
            int framesBa = Integer.parseInt(t[3]);
            int framesAb = Integer.parseInt(t[6]);
            add(m, a, b, framesAb);
            add(m, b, a, framesBa);
        }
        assertThat(m).as("conversations parsed from " + file).isNotEmpty();
        return m;
    }

    /** "addr:port" with the address normalised (IPv6 as Java prints it). */
    private static String endpoint(String s) throws UnknownHostException {
        int colon = s.lastIndexOf(':');
        return InetAddress.getByName(s.substring(0, colon)).getHostAddress() + ":" + s.substring(colon + 1);
    }

    private static void add(Map<String, Counts> m, String from, String to, int frames) {
        if (frames == 0 && m.containsKey(key(from, to))) {
            return;
        }
        Counts c = m.computeIfAbsent(key(from, to), k -> new Counts());
        if (from.compareTo(to) <= 0) {
            c.ab += frames;
        } else {
            c.ba += frames;
        }
    }

    private static String key(String x, String y) {
        return x.compareTo(y) <= 0 ? x + " <-> " + y : y + " <-> " + x;
    }

    private Map<String, Counts> ourConversations(Path capture, int protocol) {
        // Non-first IP fragments belong to the conversation of their first fragment (tshark
        // counts every frame of a reassembled datagram): two passes, keyed by (src, dst, id).
        Map<String, String[]> fragmentPorts = new HashMap<>();
        List<String[]> later = new ArrayList<>();
        Map<String, Counts> m = new TreeMap<>();
        decodeAll(capture, (p, view) -> {
            if (view.ipProtocol != protocol) {
                return;
            }
            String src = address(view.srcHi, view.srcLo);
            String dst = address(view.dstHi, view.dstLo);
            String fragKey = src + ">" + dst + "#" + view.fragmentId;
            if (view.hasTransport()) {
                String from = src + ":" + view.srcPort;
                String to = dst + ":" + view.dstPort;
                add(m, from, to, 1);
                if (view.fragment) {
                    fragmentPorts.put(fragKey, new String[] {from, to});
                }
            } else if (view.fragment) {
                later.add(new String[] {fragKey});
            }
        });
        for (String[] f : later) {
            String[] ends = fragmentPorts.get(f[0]);
            if (ends != null) {
                add(m, ends[0], ends[1], 1);
            }
        }
        return m;
    }

    static String address(long hi, long lo) {
        try {
            if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
                return Hex.ipv4((int) lo);
            }
            byte[] b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (hi >>> (56 - 8 * i));
                b[8 + i] = (byte) (lo >>> (56 - 8 * i));
            }
            return InetAddress.getByAddress(b).getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    // ================================================================ VLAN ids

    @TestFactory
    Stream<DynamicTest> vlanIdsMatchTshark() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Corpus.root(), 3)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".vlan.txt")).sorted().toList();
        }
        assertThat(files.stream().map(p -> p.getFileName().toString())).contains(
                "sv__detect-vlan-id.pcap.vlan.txt", "zeek__vlan-qinqinq.pcap.vlan.txt",
                "arkime__twovlan.pcap.vlan.txt", "packetnet__802.1q_vlan_ipv4_tcp.pcap.vlan.txt");
        return files.stream().map(truth -> DynamicTest.dynamicTest(truth.getFileName().toString(), () -> {
            String name = truth.getFileName().toString();
            Path capture = truth.getParent().getParent().resolve(name.substring(0, name.length() - ".vlan.txt".length()));
            // frame -> ids, outermost first: 802.1ad ids, then 802.1Q ids
            Map<Integer, List<Integer>> expected = new TreeMap<>();
            List<String> lines = Files.readAllLines(truth);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                List<Integer> ids = new ArrayList<>();
                for (String col : new String[] {f[1], f[2]}) {
                    for (String id : col.split(",")) {
                        if (!id.isEmpty()) {
                            ids.add(Integer.parseInt(id));
                        }
                    }
                }
                expected.put(Integer.parseInt(f[0]), ids);
            }
            Map<Integer, List<Integer>> actual = new TreeMap<>();
            decodeAll(capture, (p, view) -> {
                if (view.vlanCount > 0) {
                    List<Integer> ids = new ArrayList<>();
                    for (int i = 0; i < Math.min(view.vlanCount, PacketView.MAX_VLANS); i++) {
                        ids.add(view.vlanIds[i]);
                    }
                    actual.put(p.frame(), ids);
                }
            });
            assertThat(actual).isEqualTo(expected);
        }));
    }

    // ================================================================ ARP

    @TestFactory
    Stream<DynamicTest> arpMatchesTshark() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Corpus.root(), 3)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".arp.txt")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        return files.stream().map(truth -> DynamicTest.dynamicTest(truth.getFileName().toString(), () -> {
            String name = truth.getFileName().toString();
            Path capture = truth.getParent().getParent().resolve(name.substring(0, name.length() - ".arp.txt".length()));
            List<String> expected = new ArrayList<>();
            List<String> lines = Files.readAllLines(truth);
            expected.addAll(lines.subList(1, lines.size()));
            List<String> actual = new ArrayList<>();
            decodeAll(capture, (p, view) -> {
                if (view.arp) {
                    // frame.number eth.src arp.opcode arp.src.hw_mac arp.src.proto_ipv4 arp.dst.proto_ipv4
                    actual.add(p.frame() + "\t" + Hex.mac(view.srcMac) + "\t" + view.arpOpcode + "\t"
                            + Hex.mac(view.arpSenderMac) + "\t" + Hex.ipv4(view.arpSenderIp) + "\t"
                            + Hex.ipv4(view.arpTargetIp));
                }
            });
            assertThat(actual).isEqualTo(expected);
        }));
    }

    // ================================================================ link types and tunnels

    @Test
    void greBridgedEthernetCarriesSipOverUdp() {
        int[] frames = {0};
        decodeAll(Corpus.file("sip/heplify__erspan_sip_ipv4_udp.pcapng"), (p, view) -> {
            frames[0]++;
            assertThat(view.status).isEqualTo(PacketView.STATUS_OK);
            assertThat(view.tunnelType).isEqualTo(PacketView.TUNNEL_GRE);
            assertThat(view.greProtocol).isEqualTo(0x6558);
            assertThat(view.tunnelDepth).isEqualTo(1);
            assertThat(address(view.outerSrcHi, view.outerSrcLo)).isEqualTo("192.168.1.213");
            assertThat(view.ipProtocol).isEqualTo(17);
            assertThat(view.srcPort == 5060 || view.dstPort == 5060 || view.srcPort == 5260 || view.dstPort == 5260).isTrue();
            assertThat(startsWithSip(p, view)).as("frame %d payload is SIP", p.frame()).isTrue();
        });
        assertThat(frames[0]).isEqualTo(140);
    }

    private static boolean startsWithSip(Packet p, PacketView view) {
        String s = new String(p.data(), view.payloadOffset, Math.min(16, view.payloadLength), StandardCharsets.US_ASCII);
        return s.startsWith("SIP/2.0") || s.matches("^(INVITE|ACK|BYE|CANCEL|REGISTER|OPTIONS|SUBSCRIBE|NOTIFY|PUBLISH|INFO|PRACK|UPDATE|MESSAGE|REFER) .*");
    }

    @Test
    void pptpGreCarriesSip() {
        decodeAll(Corpus.file("sip/ndpi__gre.pcapng"), (p, view) -> {
            assertThat(ViewSnapshot.events(view)).isEmpty();
            assertThat(view.vlanIds[0]).isEqualTo(142);
            assertThat(view.tunnelType).isEqualTo(PacketView.TUNNEL_GRE);
            assertThat(view.tunnelId).isEqualTo(38992);
            assertThat(address(view.outerSrcHi, view.outerSrcLo)).isEqualTo("109.105.228.253");
            assertThat(address(view.srcHi, view.srcLo)).isEqualTo("192.168.10.210");
            assertThat(view.srcPort).isEqualTo(5060);
            assertThat(view.dstPort).isEqualTo(5060);
            assertThat(startsWithSip(p, view)).isTrue();
        });
    }

    @Test
    void linuxCookedCaptures() {
        int[] n = {0};
        decodeAll(Corpus.file("rtp/ndpi__rtcp_multiple_pkts_in_the_same_datagram.pcap"), (p, view) -> {
            n[0]++;
            assertThat(p.linkType()).isEqualTo(LinkType.LINUX_SLL);
            assertThat(ViewSnapshot.events(view)).isEmpty();
            assertThat(view.ipVersion).isEqualTo(4);
            assertThat(view.ipProtocol).isEqualTo(17);
            assertThat(view.l3Offset).isEqualTo(p.offset() + 16);
        });
        assertThat(n[0]).isEqualTo(5);
        decodeAll(Corpus.file("sip/heplify__sip_sctp.pcap"), (p, view) -> {
            assertThat(p.linkType()).isEqualTo(LinkType.LINUX_SLL);
            assertThat(ViewSnapshot.events(view)).isEmpty();
            assertThat(view.ipProtocol).isEqualTo(132); // SCTP (sctp.dstport 5060 in tshark for every frame)
            assertThat(view.hasTransport()).isTrue();
            assertThat(view.dstPort).isEqualTo(5060);
        });
    }

    @Test
    void rawIpv6() {
        decodeAll(Corpus.file("rtp/packetnet__ipv6_rtp.pcap"), (p, view) -> {
            assertThat(p.linkType()).isEqualTo(LinkType.RAW);
            assertThat(ViewSnapshot.events(view)).isEmpty();
            assertThat(view.ipVersion).isEqualTo(6);
            assertThat(view.etherType).isEqualTo(0x86DD);
            assertThat(address(view.srcHi, view.srcLo)).isEqualTo("fd01:abab:cdcd:efe0:8655:ab4d:6299:e315");
            assertThat(view.srcPort).isEqualTo(40004);
            assertThat(view.dstPort).isEqualTo(6000);
        });
    }

    @Test
    void bsdNullLoopback() {
        int[] n = {0};
        decodeAll(Corpus.file("sip/sv__sip-body-large.pcap"), (p, view) -> {
            n[0]++;
            assertThat(p.linkType()).isEqualTo(LinkType.NULL);
            assertThat(view.status).isEqualTo(PacketView.STATUS_OK);
            assertThat(view.etherType).isIn(0x0800, 0x86DD);
            assertThat(view.hasTransport()).isTrue();
        });
        assertThat(n[0]).isEqualTo(16);
    }

    @Test
    void linktypeIpv4() {
        decodeAll(Corpus.file("misc/zeek__tcp-syslog.pcap"), (p, view) -> {
            assertThat(p.linkType()).isEqualTo(LinkType.IPV4);
            assertThat(ViewSnapshot.events(view)).isEmpty();
            assertThat(view.ipProtocol).isEqualTo(6);
            assertThat(view.srcPort == 514 || view.dstPort == 514).isTrue();
        });
    }

    /** Every frame of the corpus decodes; any decode event must be explained here. */
    @Test
    void corpusDecodesWithoutUnexpectedEvents() {
        Map<String, Integer> events = new TreeMap<>();
        int[] total = {0};
        for (Path capture : Corpus.captures()) {
            decodeAll(capture, (p, view) -> {
                total[0]++;
                for (String e : ViewSnapshot.events(view)) {
                    events.merge(Corpus.root().relativize(capture) + " " + e, 1, Integer::sum);
                }
            });
        }
        assertThat(total[0]).isGreaterThan(5000);
        assertThat(events).isEqualTo(EXPECTED_EVENTS);
    }

    /** Decode events the corpus really contains (checked with tshark's frame.len / frame.cap_len). */
    static final Map<String, Integer> EXPECTED_EVENTS = new TreeMap<>(Map.of(
            // frames 6 and 7: 1084 and 1400 bytes on the wire, 1010 captured
            "misc/ndpi__rsh-syslog-false-positive.pcap capture.snaplen", 2));
}
