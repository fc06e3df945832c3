package dev.vigil.sensor.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.protocol.snmp.SnmpCommunity;
import dev.vigil.rules.detect.Finding;
import dev.vigil.rules.detect.FindingEngine;
import dev.vigil.rules.policy.Policy;
import dev.vigil.rules.policy.PolicyException;
import dev.vigil.rules.policy.PolicyLoader;
import dev.vigil.sensor.app.dip.Demo;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No false positives on the shared corpus. Every capture is analysed and every document fed to the
 * engine with a policy that authorizes what tshark says is there (its ground truth, not our output):
 * the hosts of its TCP and UDP conversations ({@code conv_tcp}, {@code conv_udp}) and ARP senders are
 * the inventory and the judged network, and both ports of every conversation are approved. Then the
 * rules about the inventory, ports, software and hygiene must be silent, and every finding of the
 * other rules must be backed by a fact tshark shows: SNMP v1/v2c or a default community, an HTTP
 * Basic header, a TLS server choosing an old version or a weak suite, a TFTP read or write.
 */
class CorpusFindingsTest {
    /** Rules that a policy authorizing everything in the capture must keep silent. */
    static final Set<String> SILENT = Set.of("asset.unknown", "port.unapproved", "software.unauthorized",
            "audit.hygiene", "sip.cleartext");

    static List<Corpus.Entry> captures() {
        return Corpus.entries();
    }

    @ParameterizedTest
    @MethodSource("captures")
    void noFalsePositives(Corpus.Entry capture) throws PolicyException {
        Set<String> hosts = new LinkedHashSet<>();
        Set<String> peers = new LinkedHashSet<>();
        Set<String> services = new LinkedHashSet<>();
        conversations(capture, "conv_udp", "udp", hosts, peers, services);
        conversations(capture, "conv_tcp", "tcp", hosts, peers, services);
        for (JsonNode a : Corpus.truth(capture).path("arp")) {
            String ip = a.path("sender_ip").asText("");
            if (!ip.isEmpty() && !ip.equals("0.0.0.0")) {
                hosts.add(ip);
            }
        }
        Policy policy = PolicyLoader.parse(policy(hosts, peers, services), capture.path() + ".policy.yaml");

        FindingEngine engine = new FindingEngine(policy);
        List<Finding> findings = new ArrayList<>();
        for (JsonNode d : Analyze.files(capture.file()).output().docs()) {
            engine.onEvent(d, findings::add);
        }
        engine.finish(findings::add);
        assertThat(engine.stats().errors()).isZero();

        assertThat(findings).as("findings of rules a matching policy silences").noneMatch(f -> SILENT.contains(f.ruleId()));
        for (Finding f : findings) {
            String ip = f.asset().ip();
            switch (f.ruleId()) {
                case "snmp.weak":
                    assertThat(snmpBacks(capture, ip, f.key())).as("tshark shows %s for %s: %s", f.key(), ip, f.message())
                            .isTrue();
                    break;
                case "admin.cleartext":
                    assertThat(f.key()).isEqualTo("http-basic");
                    assertThat(rows(capture, "http").stream().anyMatch(r -> involves(r, ip)
                            && r.getOrDefault("http.authorization", "").startsWith("Basic")))
                            .as("tshark shows HTTP Basic for %s", ip).isTrue();
                    break;
                case "tls.weak":
                    if (f.key().equals("version") || f.key().equals("cipher") || f.key().equals("client-version")) {
                        assertThat(tlsBacks(capture, ip, f)).as("tshark shows %s: %s", f.key(), f.message()).isTrue();
                    }
                    break;
                case "tftp.transfer":
                    String file = (String) f.details().getOrDefault("filename", "");
                    assertThat(rows(capture, "tftp").stream().anyMatch(r -> involves(r, ip)
                            && (r.get("tftp.opcode").equals("1") || r.get("tftp.opcode").equals("2"))
                            && (file.equals(r.getOrDefault("tftp.source_file", ""))
                                || file.equals(r.getOrDefault("tftp.destination_file", "")))))
                            .as("tshark shows a read or write of %s by %s", file, ip).isTrue();
                    break;
                default:
                    break; // sip.sdes_cleartext: tshark's SDP fields do not include a=crypto
            }
        }
    }

    /**
     * Hosts and both ports of every conversation of a tshark {@code -z conv} table; directed broadcasts
     * (x.x.x.255) are peers, not hosts (the test policy's networks are single addresses, so it cannot
     * tell a subnet's broadcast from another network).
     */
    static void conversations(Corpus.Entry capture, String kind, String transport, Set<String> hosts,
                              Set<String> peers, Set<String> services) {
        Optional<Path> file = Corpus.groundTruth(capture, kind);
        if (file.isEmpty()) {
            return;
        }
        for (String line : lines(file.get())) {
            String[] t = line.trim().split("\\s+");
            if (t.length < 3 || !t[1].equals("<->")) {
                continue;
            }
            for (String end : new String[] {t[0], t[2]}) {
                int colon = end.lastIndexOf(':'); // IPv6 "addr:port" too
                String ip = end.substring(0, colon);
                String port = end.substring(colon + 1);
                services.add("{transport: " + transport + ", port: " + port + "}");
                if (!multicastOrBroadcast(ip)) {
                    hosts.add(ip);
                } else if (ip.endsWith(".255") && !ip.equals("255.255.255.255")) {
                    peers.add(ip);
                }
            }
        }
    }

    static boolean multicastOrBroadcast(String ip) {
        if (ip.contains(":")) {
            return ip.startsWith("ff") || ip.equals("::");
        }
        int first = Integer.parseInt(ip.substring(0, ip.indexOf('.')));
        return (first >= 224 && first <= 239) || ip.equals("255.255.255.255") || ip.equals("0.0.0.0")
                || ip.endsWith(".255");
    }

    static String policy(Set<String> hosts, Set<String> peers, Set<String> services) {
        StringBuilder y = new StringBuilder();
        y.append("networks:\n  intercom:\n");
        hosts.forEach(h -> y.append("    - \"").append(h).append("\"\n"));
        y.append("  allowed_peers:\n");
        peers.forEach(h -> y.append("    - \"").append(h).append("\"\n"));
        y.append("sips_required: false\nsrtp_required: false\n");
        y.append("roles:\n  station:\n    services:\n");
        services.forEach(s -> y.append("      - ").append(s).append('\n'));
        for (String t : new String[] {"sctp", "gre", "esp"}) {
            y.append("      - {transport: ").append(t).append("}\n");
        }
        y.append("inventory:\n");
        hosts.forEach(h -> y.append("  - {ip: \"").append(h).append("\", role: station}\n"));
        y.append("hygiene: {window: 7d, silence_threshold: 7d}\n");
        return y.toString();
    }

    static boolean snmpBacks(Corpus.Entry capture, String ip, String key) {
        for (Map<String, String> r : rows(capture, "snmp")) {
            if (!involves(r, ip)) {
                continue;
            }
            String v = r.getOrDefault("snmp.version", "");
            String msgVersion = r.getOrDefault("snmp.msgVersion", "");
            switch (key) {
                case "v1":
                    if (v.equals("0")) {
                        return true;
                    }
                    break;
                case "v2c":
                    if (v.equals("1")) {
                        return true;
                    }
                    break;
                case "default-community":
                    if (SnmpCommunity.DEFAULTS.contains(r.getOrDefault("snmp.community", ""))) {
                        return true;
                    }
                    break;
                case "v3-noauthnopriv":
                    String flags = r.getOrDefault("snmp.msgFlags", "");
                    if (msgVersion.equals("3") && !flags.isEmpty() && (Integer.decode(flags) & 0x03) == 0) {
                        return true;
                    }
                    break;
                default:
                    return false;
            }
        }
        return false;
    }

    /**
     * A ServerHello of the asset choosing TLS 1.0/1.1 (or SSL), or the weak suite the finding names; for
     * a client, a ClientHello whose highest version is below TLS 1.2.
     */
    static boolean tlsBacks(Corpus.Entry capture, String ip, Finding f) {
        for (Map<String, String> r : rows(capture, "tls")) {
            if (f.key().equals("client-version") && "1".equals(r.get("tls.handshake.type")) && involves(r, ip)) {
                int max = Integer.decode(r.get("tls.handshake.version"));
                for (String v : r.getOrDefault("tls.handshake.extensions.supported_version", "").split(",")) {
                    if (!v.isEmpty() && Integer.decode(v) <= 0x0304) {
                        max = Math.max(max, Integer.decode(v)); // GREASE (0x?a?a) is above and skipped
                    }
                }
                if (max < 0x0303) {
                    return true;
                }
            }
            if (!"2".equals(r.get("tls.handshake.type")) || !involves(r, ip)) {
                continue;
            }
            String chosen = r.getOrDefault("tls.handshake.extensions.supported_version", "");
            if (chosen.isEmpty()) {
                chosen = r.getOrDefault("tls.handshake.version", "");
            }
            if (f.key().equals("version") && (chosen.equals("0x0301") || chosen.equals("0x0302")
                    || chosen.equals("0x0300"))) {
                return true;
            }
            if (f.key().equals("cipher") && r.getOrDefault("tls.handshake.ciphersuite", "")
                    .equalsIgnoreCase((String) f.details().get("cipher"))) {
                return true;
            }
        }
        return false;
    }

    static boolean involves(Map<String, String> row, String ip) {
        return ip != null && (ip.equals(row.get("ip.src")) || ip.equals(row.get("ip.dst"))
                || ip.equals(row.get("ipv6.src")) || ip.equals(row.get("ipv6.dst")));
    }

    static List<Map<String, String>> rows(Corpus.Entry capture, String kind) {
        return Corpus.groundTruth(capture, kind).map(p -> Demo.rows(String.join("\n", lines(p)) + "\n"))
                .orElse(List.of());
    }

    static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
