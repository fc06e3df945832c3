package dev.vigil.sensor.asset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A real capture with a gateway: an iPhone on 192.168.2.0/24 reaching Apple and Akamai servers
 * through 192.168.2.1 ({@code discovery/ndpi__iphone.pcap}). Expected values from tshark's
 * ground truth: ARP says who holds 192.168.2.1, DHCP who holds 192.168.2.17 and the client
 * hostnames, the TCP/UDP conversations which addresses are remote. None of the remote
 * addresses may end up as an address of the gateway's MAC.
 */
class AssetCorpusTest {
    static final String CAPTURE = "discovery/ndpi__iphone.pcap";
    static final Pattern CONV = Pattern.compile("^(\\S+):\\d+\\s+<->\\s+(\\S+):\\d+\\s", Pattern.MULTILINE);

    static List<String> ground(String kind) throws IOException {
        Path p = Corpus.file(CAPTURE).getParent().resolve("ground-truth").resolve("ndpi__iphone.pcap." + kind + ".txt");
        return Files.readAllLines(p);
    }

    @Test
    void gatewayMacDoesNotCollectTheAddressesItRoutes() throws IOException {
        AssetInventory inv = new AssetInventory(AssetConfig.DEFAULT, OuiRegistry.empty());
        for (JsonNode doc : Analyze.files(Corpus.file(CAPTURE)).output().docs()) {
            inv.apply(doc);
        }
        assertThat(inv.stats().errors()).isZero();

        // ARP (frame.number, eth.src, arp.opcode, arp.src.hw_mac, arp.src.proto_ipv4, arp.dst.proto_ipv4)
        String gatewayMac = null;
        for (String line : ground("arp").subList(1, ground("arp").size())) {
            String[] f = line.split("\t");
            if (f[4].equals("192.168.2.1")) {
                gatewayMac = f[3];
            }
        }
        assertThat(gatewayMac).isNotNull();
        Asset gateway = inv.asset(gatewayMac);
        assertThat(gateway.ips()).contains("192.168.2.1");

        // DHCP: client MAC (first of the hw field), yiaddr, hostname
        List<String> dhcp = ground("dhcp");
        for (String line : dhcp.subList(1, dhcp.size())) {
            String[] f = line.split("\t", -1);
            String mac = f[4].split(",")[0];
            String hostname = f[7];
            if (!hostname.isEmpty()) {
                assertThat(inv.asset(mac).names()).as(line).contains(hostname);
            }
            if (f[3].equals("5")) { // ACK
                assertThat(inv.asset(mac).ips()).contains(f[5]);
                assertThat(inv.assetByIp(f[5]).macText()).isEqualTo(inv.asset(mac).macText());
            }
        }

        Set<String> remote = new HashSet<>();
        for (String kind : new String[] {"conv_tcp", "conv_udp"}) {
            Matcher m = CONV.matcher(String.join("\n", ground(kind)));
            while (m.find()) {
                for (String ip : new String[] {m.group(1), m.group(2)}) {
                    Addresses.Ip p = Addresses.parseIp(ip);
                    if (p != null && p.isUnicast() && p.isV4() && !ip.startsWith("192.168.2.") && !p.isLinkLocal()) {
                        remote.add(ip);
                    }
                }
            }
        }
        assertThat(remote).as("the capture does reach remote hosts").hasSizeGreaterThan(8);
        for (String ip : remote) {
            assertThat(inv.assetByIp(ip)).as(ip).isNull();
            assertThat(gateway.ips()).doesNotContain(ip);
        }
        // tshark -Y dhcp.option.router -e dhcp.option.router: 192.168.2.1 in frames 30 and 36 (OFFER, ACK)
        assertThat(gateway.router()).as("DHCP names 192.168.2.1 the router (option 3)").isTrue();
    }
}
