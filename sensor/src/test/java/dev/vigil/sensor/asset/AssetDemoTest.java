package dev.vigil.sensor.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.dip.Demo;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled intercom site capture through the real pipeline into the inventory, checked
 * against the generator's truth file ({@code /demo/intercom-site.truth.json}) and the IEEE
 * registry file itself: every device, its MAC, IP, vendor, name, firmware, and the facts the
 * truth states (DHCP, SNMP, NTP, syslog, SIP user agents, DIP, web management, multicast).
 */
class AssetDemoTest {
    static AssetInventory inv;
    static JsonNode truth;

    @BeforeAll
    static void build() {
        inv = DemoInventory.build();
        truth = Demo.truth();
    }

    static Asset byMac(String mac) {
        Asset a = inv.asset(mac);
        assertThat(a).as("asset %s", mac).isNotNull();
        return a;
    }

    static Asset byIp(String ip) {
        Asset a = inv.assetByIp(ip);
        assertThat(a).as("asset holding %s", ip).isNotNull();
        return a;
    }

    @Test
    void everyDeviceOfTheTruthAndNoOther() {
        Set<String> want = new HashSet<>();
        for (JsonNode h : truth.path("hosts")) {
            want.add(Addresses.macString(Addresses.parseMac(h.path("mac").asText())));
        }
        assertThat(inv.assets().stream().map(Asset::macText).collect(Collectors.toSet())).isEqualTo(want);
        assertThat(inv.stats().errors()).isZero();
        for (JsonNode h : truth.path("hosts")) {
            Asset a = byMac(h.path("mac").asText());
            String ip = h.path("ip").asText();
            assertThat(a.ips()).as(h.toString()).containsExactly(ip);
            assertThat(a.primaryIp()).isEqualTo(ip);
            assertThat(byIp(ip)).isSameAs(a);
            assertThat(a.router()).isFalse();
        }
    }

    @Test
    void vendorsAreTheRegistryFileLines() throws Exception {
        assumeTrue(Files.isRegularFile(OuiRegistry.DEFAULT_FILE), "ieee-data is not installed");
        String csv = Files.readString(OuiRegistry.DEFAULT_FILE);
        for (JsonNode h : truth.path("hosts")) {
            String oui = h.path("mac").asText().substring(0, 8).replace(":", "").toUpperCase();
            Matcher m = Pattern.compile("^MA-L," + oui + ",(\"([^\"]*)\"|([^,]*)),", Pattern.MULTILINE).matcher(csv);
            String expected = m.find() ? (m.group(2) != null ? m.group(2) : m.group(3)).trim() : null;
            assertThat(byMac(h.path("mac").asText()).vendor()).as(h.path("mac").asText()).isEqualTo(expected);
        }
        assertThat(byMac(truth.path("unknown_device").path("mac").asText()).vendor())
                .as("the truth: unregistered OUI").isNull();
        assertThat(byMac("00:13:cb:14:00:0a").vendor()).isEqualTo("Zenitel Norway AS");
    }

    /** The server and the stations are named in the server's configuration (DIP con) and their discovery replies. */
    @Test
    void intercomDevicesCarryTheirConfiguredNamesAndFirmware() {
        for (JsonNode h : truth.path("hosts")) {
            String role = h.path("role").asText();
            if (!role.startsWith("intercom_")) {
                continue;
            }
            Asset a = byMac(h.path("mac").asText());
            assertThat(a.primaryName()).as(h.toString()).isEqualTo(h.path("name").asText());
            assertThat(a.software()).as(h.toString()).extracting(Software::version).contains(h.path("fw").asText());
            if (h.has("dirno")) {
                assertThat(a.directoryNumbers()).contains(h.path("dirno").asText());
            }
        }
        assertThat(byIp("10.20.0.105").software()).extracting(Software::version).containsOnly("5.2.3.1");
    }

    @Test
    void dhcpFacts() {
        JsonNode d = truth.path("dhcp");
        Asset a = byMac(d.path("client_mac").asText());
        assertThat(a.names()).contains(d.path("hostname").asText());
        assertThat(a.nameSource(d.path("hostname").asText())).isEqualTo("dhcp.hostname");
        assertThat(a.software()).extracting(Software::original, Software::source)
                .contains(org.assertj.core.groups.Tuple.tuple(d.path("vendor_class").asText(), "dhcp.vendor_class"));
        assertThat(a.ipHistory()).extracting(Asset.IpRecord::ip, Asset.IpRecord::source)
                .contains(org.assertj.core.groups.Tuple.tuple(d.path("assigned_ip").asText(), "dhcp"));
        assertThat(byIp(d.path("server").asText()).offered()).extracting(Asset.Service::toString).contains("udp/67/dhcp");
    }

    @Test
    void snmpFacts() {
        JsonNode s = truth.path("snmp");
        Asset agent = byIp(s.path("agent").asText());
        assertThat(agent.software()).extracting(Software::original).contains(s.path("sysDescr").asText());
        assertThat(agent.snmpObjectId()).isEqualTo(s.path("sysObjectID").asText());
        assertThat(agent.snmpEnterprise()).isEqualTo(RoleGuess.ZENITEL_ENTERPRISE);
        String version = "snmp" + s.path("version").asText(); // "v2c"
        assertThat(agent.management()).contains(version);
        assertThat(byIp(s.path("manager").asText()).manages()).contains(version);
        assertThat(agent.trapReceivers()).containsExactly(s.path("manager").asText());
    }

    @Test
    void sipUserAgentsOfCleartextRegistrations() {
        for (JsonNode r : truth.path("sip").path("registrations")) {
            Asset a = byIp(r.path("contact").asText());
            if (r.path("transport").asText().equals("UDP")) {
                assertThat(a.software()).extracting(Software::original).contains(r.path("user_agent").asText());
                assertThat(a.sipRegisters()).isTrue();
                String ext = r.path("aor").asText().replaceAll("^sip:([^@]+)@.*$", "$1");
                assertThat(a.directoryNumbers()).contains(ext);
            } else {
                assertThat(a.software()).as("TLS hides the User-Agent").isEmpty();
            }
        }
        String registrar = truth.path("sip").path("registrations").get(0).path("aor").asText().replaceAll("^.*@", "");
        assertThat(byIp(registrar).sipRegistrar()).isTrue();
    }

    @Test
    void ntpAndSyslog() {
        String ntpServer = host("ntp_server").path("ip").asText();
        for (JsonNode c : truth.path("ntp").path("clients")) {
            assertThat(byIp(c.asText()).ntpServers()).as(c.asText()).containsExactly(ntpServer);
        }
        for (JsonNode c : truth.path("ntp").path("stations_never_syncing")) {
            assertThat(byIp(c.asText()).ntpServers()).as(c.asText()).isEmpty();
        }
        JsonNode sl = truth.path("syslog");
        assertThat(byIp(sl.path("sender").asText()).syslogServers()).containsExactly(sl.path("collector").asText());
        assertThat(byIp(sl.path("collector").asText()).offered()).extracting(Asset.Service::toString).contains("udp/514/syslog");
    }

    @Test
    void servicesOfTheTcpSessions() {
        for (JsonNode s : truth.path("tcp_sessions")) {
            Asset server = byIp(s.path("server").asText());
            Asset client = byIp(s.path("client").asText());
            int port = s.path("server_port").asInt();
            boolean accepted = s.path("payload_bytes").path("server_to_client").asInt() > 0
                    || s.path("note").asText().contains("SYN-ACK");
            assertThat(server.offered().stream().anyMatch(x -> x.port() == port && x.transport().equals("tcp")))
                    .as(s.toString()).isEqualTo(accepted);
            assertThat(client.used().stream().anyMatch(x -> x.port() == port && x.transport().equals("tcp")))
                    .as(s.toString()).isEqualTo(accepted);
        }
        JsonNode tftp = truth.path("tftp");
        assertThat(byIp(tftp.path("server").asText()).offered()).extracting(Asset.Service::toString).contains("udp/69/tftp");
        assertThat(byIp(tftp.path("client").asText()).used()).extracting(Asset.Service::toString).contains("udp/69/tftp");
    }

    @Test
    void webManagementOfTheStation() {
        for (JsonNode b : truth.path("http").path("basic_auth")) {
            assertThat(byIp(b.path("server").asText()).management()).contains("http");
            assertThat(byIp(b.path("client").asText()).manages()).contains("http");
        }
        assertThat(byIp(truth.path("sips_tls").path("server").asText()).management())
                .as("SIPS on 5061 is signalling, not web management").doesNotContain("https");
    }

    @Test
    void multicastSendersAreOnlyTheServer() {
        Set<String> senders = new HashSet<>();
        for (JsonNode s : truth.path("rtp").path("streams")) {
            if (Addresses.parseIp(s.path("dst").asText()).isMulticast()) {
                senders.add(s.path("src").asText());
                assertThat(byIp(s.path("src").asText()).multicastSent()).contains(s.path("dst").asText());
            }
        }
        assertThat(senders).containsExactly(host("intercom_server").path("ip").asText());
        for (Asset a : inv.assets()) {
            if (!senders.contains(a.primaryIp())) {
                assertThat(a.multicastSent()).as(a.toString()).isEmpty();
            }
        }
    }

    @Test
    void taggedHostsAreOnVlan20() {
        int vlan = truth.path("vlan").path("id").asInt();
        for (JsonNode h : truth.path("hosts")) {
            if (h.path("vlan_tagged").asBoolean()) {
                assertThat(byMac(h.path("mac").asText()).vlans()).as(h.toString()).contains(vlan);
            }
        }
    }

    @Test
    void guessedRoles() {
        for (JsonNode h : truth.path("hosts")) {
            assertThat(byMac(h.path("mac").asText()).role()).as(h.toString()).isEqualTo(DemoInventory.TRUTH_ROLES.get(h.path("role").asText()));
        }
    }

    static JsonNode host(String role) {
        for (JsonNode h : truth.path("hosts")) {
            if (h.path("role").asText().equals(role)) {
                return h;
            }
        }
        throw new AssertionError("no host with role " + role);
    }
}
