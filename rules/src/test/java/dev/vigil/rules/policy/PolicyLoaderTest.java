package dev.vigil.rules.policy;

import dev.vigil.rules.detect.Rule;
import dev.vigil.rules.detect.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The loader: a complete policy, or every problem with file:line:column. One test per kind of error. */
class PolicyLoaderTest {
    static final String VALID = """
            version: 1
            site: Test site
            networks:
              intercom: [10.20.0.0/24, "fd00:20::/64"]
              vlans: [20, 30]
              allowed_peers: [10.30.0.0/16]
            servers: {sip: [10.20.0.10], ntp: [10.20.0.2, 10.20.0.5], syslog: [10.20.0.3]}
            sips_required: true
            service_sets:
              mine: [dip, {transport: udp, port: 61000, port_end: 61250, name: rtp}]
            roles:
              station:
                services: [mine, sip, {transport: tcp, port: 8443}, {transport: sctp}]
                software: [{product: IP Station, min_version: 7.6}]
              phone: {services: []}
            inventory:
              - {mac: "00:13:cb:14:01:01", ip: 10.20.0.101, name: Main Entrance, role: station}
              - {mac: 0013.cb14.0102, role: station}
              - {ip: "fd00:20:0:0::7", name: v6, role: phone, software: [{product: Yealink}]}
            rules:
              tftp.transfer: {enabled: false}
              port.unapproved:
                severity: high
                suppress:
                  - {asset: Main Entrance, key: udp/514, reason: approved syslog}
                  - {asset: "00-13-CB-14-01-02", reason: bench}
                  - {asset: 10.20.0.64/26, reason: lab}
            learning: {period: 7d}
            alerts: {realert_interval: 30m}
            hygiene: {window: 12h, silence_threshold: 5m, ntp_roles: [station], syslog_roles: [], silence_roles: [server]}
            """;

    static Policy load(String yaml) throws PolicyException {
        return PolicyLoader.parse(yaml, "site.yaml");
    }

    /** The problems of an invalid policy. */
    static List<String> problems(String yaml) {
        try {
            load(yaml);
        } catch (PolicyException e) {
            return e.problems();
        }
        throw new AssertionError("expected the policy to be rejected:\n" + yaml);
    }

    @Test
    void aCompletePolicyLoads() throws PolicyException {
        Policy p = load(VALID);
        assertThat(p.site()).isEqualTo("Test site");
        assertThat(p.intercomNetworks()).extracting(Cidr::toString).containsExactly("10.20.0.0/24", "fd00:20::/64");
        assertThat(p.intercomVlans()).containsExactlyInAnyOrder(20, 30);
        assertThat(p.isIntercom(Ip.parse("10.20.0.99"))).isTrue();
        assertThat(p.isIntercom(Ip.parse("fd00:20::99"))).isTrue();
        assertThat(p.isIntercom(Ip.parse("10.21.0.1"))).isFalse();
        assertThat(p.isAllowedPeer(Ip.parse("10.30.200.1"))).isTrue();
        assertThat(p.isNtpServer(Ip.parse("10.20.0.5"))).isTrue();
        assertThat(p.sipsRequired()).isTrue();
        assertThat(p.srtpRequired()).as("defaults to sips_required").isTrue();
        RolePolicy st = p.role(Role.STATION);
        assertThat(st.allows(6, 50001)).as("dip from the set").isTrue();
        assertThat(st.allows(17, 61250)).isTrue();
        assertThat(st.allows(17, 61251)).isFalse();
        assertThat(st.allows(17, 5062)).as("sip includes Pulse 5062").isTrue();
        assertThat(st.allows(6, 8443)).isTrue();
        assertThat(st.allows(132, -1)).as("sctp").isTrue();
        assertThat(st.allows(6, 23)).isFalse();
        assertThat(st.allowsNegotiated("rtp")).as("rtp named in the set").isTrue();
        assertThat(st.references()).containsExactly("mine", "sip", "tcp/8443", "sctp");
        assertThat(st.software()).singleElement().satisfies(a -> {
            assertThat(a.product()).isEqualTo("IP Station");
            assertThat(a.minVersion()).isEqualTo(SoftwareVersion.parse("7.6.0"));
            assertThat(a.origin().toString()).startsWith("site.yaml:14:");
        });
        assertThat(p.role(Role.PHONE).judgesPorts()).isTrue();
        assertThat(p.role(Role.PHONE).allows(17, 5060)).isFalse();
        assertThat(p.role(Role.SERVER)).isNull();
        assertThat(p.inventory()).hasSize(3);
        assertThat(p.inventory().get(0).mac()).isEqualTo("00-13-CB-14-01-01");
        assertThat(p.inventory().get(0).origin().toString()).isEqualTo("site.yaml:17:5");
        assertThat(p.inventory().get(1).mac()).isEqualTo("00-13-CB-14-01-02");
        assertThat(p.inventory().get(2).ip()).isEqualTo("fd00:20::7");
        assertThat(p.inventory().get(2).software()).hasSize(1);
        assertThat(p.rule(Rule.TFTP_TRANSFER).enabled()).isFalse();
        assertThat(p.rule(Rule.PORT_UNAPPROVED).severity()).isEqualTo(Severity.HIGH);
        assertThat(p.rule(Rule.PORT_UNAPPROVED).suppressions()).hasSize(3);
        assertThat(p.rule(Rule.ASSET_UNKNOWN).severity()).isEqualTo(Severity.HIGH);
        assertThat(p.learningPeriod()).isEqualTo(Duration.ofDays(7));
        assertThat(p.realertInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(p.hygiene().window()).isEqualTo(Duration.ofHours(12));
        assertThat(p.hygiene().syslogRoles()).isEmpty();
        Suppression byName = p.rule(Rule.PORT_UNAPPROVED).suppressions().get(0);
        assertThat(byName.matches(null, null, "Main Entrance", "udp/514")).isTrue();
        assertThat(byName.matches(null, null, "Main Entrance", "udp/162")).isFalse();
        assertThat(p.rule(Rule.PORT_UNAPPROVED).suppressions().get(2).matches(null, Ip.parse("10.20.0.70"), null, "x"))
                .isTrue();
    }

    @Test
    void theExamplePolicyOfTheDemoSiteLoadsWithItsInventory() throws PolicyException {
        Path root = Path.of(System.getProperty("vigil.repo.root", "..")).toAbsolutePath();
        Policy p = PolicyLoader.load(root.resolve("deploy/config/policy.example.yaml"))
                .withInventory(InventoryCsv.load(root.resolve("deploy/config/inventory.example.csv")));
        assertThat(p.inventory()).hasSize(12);
        assertThat(p.intercomVlans()).containsExactly(20);
        assertThat(p.role(Role.SERVER).allows(17, 514)).as("syslog deliberately not approved").isFalse();
    }

    @Test
    void anEmptyPolicyIsAnError() {
        assertThat(problems("")).containsExactly("site.yaml:1:1: the policy is empty");
        assertThat(problems("# only a comment\n")).containsExactly("site.yaml:1:1: the policy is empty");
    }

    @Test
    void aYamlSyntaxErrorNamesItsLine() {
        assertThat(problems("networks:\n  intercom: [10.20.0.0/24\nroles: {}\n"))
                .singleElement().asString().startsWith("site.yaml:3:");
    }

    @Test
    void unknownKeysAreErrorsAtEveryLevel() {
        assertThat(problems("sips_requried: true\n")).singleElement().asString()
                .startsWith("site.yaml:1:1: unknown key 'sips_requried' in the policy (expected: ");
        assertThat(problems("networks:\n  intercom: []\n  vlan: [20]\n"))
                .containsExactly("site.yaml:3:3: unknown key 'vlan' in networks (expected: allowed_peers,"
                        + " intercom, vlans)");
        assertThat(problems("inventory:\n  - {mac: \"00:13:cb:00:00:01\", role: station, colour: red}\n"))
                .singleElement().asString().startsWith("site.yaml:2:47: unknown key 'colour' in an inventory entry");
    }

    @Test
    void duplicateKeysAreErrors() {
        assertThat(problems("sips_required: true\nsips_required: false\n"))
                .containsExactly("site.yaml:2:1: duplicate key 'sips_required' in the policy");
    }

    @Test
    void wrongShapesAreErrors() {
        assertThat(problems("networks: [10.20.0.0/24]\n"))
                .containsExactly("site.yaml:1:11: networks must be a mapping (key: value), not a list");
        assertThat(problems("networks: {intercom: 10.20.0.0/24}\n"))
                .containsExactly("site.yaml:1:22: networks.intercom must be a list, not '10.20.0.0/24'");
        assertThat(problems("sips_required: yes please\n"))
                .containsExactly("site.yaml:1:16: sips_required must be true or false, not 'yes please'");
    }

    @Test
    void badNetworksAreErrors() {
        assertThat(problems("networks: {intercom: [10.20.0.10/24, 10.20.0.0/33, 10.20.0, fd00::/64, fd00::/64]}\n"))
                .containsExactly(
                        "site.yaml:1:23: '10.20.0.10/24' has host bits set; did you mean 10.20.0.0/24?",
                        "site.yaml:1:38: '10.20.0.0/33': prefix length 33 is longer than 32 bits",
                        "site.yaml:1:52: '10.20.0' is not an IP address or CIDR network",
                        "site.yaml:1:72: fd00::/64 is listed twice in networks.intercom");
        assertThat(problems("networks: {vlans: [20, 4096, twenty]}\n")).containsExactly(
                "site.yaml:1:24: VLAN id 4096 is outside 0-4095",
                "site.yaml:1:30: a VLAN id must be a whole number, not 'twenty'");
    }

    @Test
    void badInventoryEntriesAreErrors() {
        List<String> p = problems("""
                inventory:
                  - {mac: "00:13:cb:14:01", role: station}
                  - {ip: 10.20.0.300, role: station}
                  - {name: nothing, role: station}
                  - {mac: "00:13:cb:14:01:01", role: guard}
                  - {mac: "00:13:cb:14:01:02"}
                  - {ip: 224.0.0.5, role: other}
                  - {mac: "00:13:cb:14:01:03", ip: 10.20.0.103, role: station}
                  - {mac: "00-13-CB-14-01-03", role: phone}
                  - {ip: 10.20.0.103, role: phone}
                """);
        assertThat(p).containsExactly(
                "site.yaml:2:11: '00:13:cb:14:01' is not a MAC address",
                "site.yaml:3:10: '10.20.0.300' is not an IP address",
                "site.yaml:4:5: an inventory entry needs a mac, an ip, or both",
                "site.yaml:5:38: unknown role 'guard' (server, station, phone, management, other)",
                "site.yaml:6:5: an inventory entry needs a role (server, station, phone, management, other)",
                "site.yaml:7:10: 224.0.0.5 is a broadcast, multicast or unspecified address, not one device",
                "site.yaml:9:5: MAC 00-13-CB-14-01-03 is already authorized at site.yaml:8:5",
                "site.yaml:10:5: IP 10.20.0.103 is already authorized at site.yaml:8:5");
    }

    @Test
    void badServicesAreErrors() {
        List<String> p = problems("""
                roles:
                  station:
                    services: [dip, ftpx, {transport: tcp}, {transport: udp, port: 70000},
                               {transport: udp, port: 5000, port_end: 4000}, {transport: quic, port: 443},
                               {transport: gre, port: 1}, {port: 80}]
                  guard: {services: []}
                """);
        assertThat(p).containsExactly(
                "site.yaml:3:21: unknown service 'ftpx' in roles.station.services (a service name of the guide's"
                        + " tables such as dip, sip, sips, rtp, ntp; a well-known name such as syslog or snmp-trap;"
                        + " a service set; or {transport, port})",
                "site.yaml:3:27: a tcp service entry needs 'port'",
                "site.yaml:3:68: port 70000 is outside 0-65535",
                "site.yaml:4:55: port_end 4000 is below port 5000",
                "site.yaml:4:74: unknown transport 'quic' (tcp, udp, sctp, gre, esp or an IP protocol number)",
                "site.yaml:5:39: gre has no ports; approve the whole protocol with {transport: gre}",
                "site.yaml:5:43: a service entry needs 'transport' (tcp, udp, sctp ...)",
                "site.yaml:6:3: unknown role 'guard' (server, station, phone, management, other)");
    }

    @Test
    void serviceSetsCannotShadowCatalogNamesOrNest() {
        assertThat(problems("service_sets:\n  sip: [dip]\n  a: [dip]\n  b: [a]\n")).containsExactly(
                "site.yaml:2:3: service set 'sip' has the name of a service of the catalog; choose another name",
                "site.yaml:4:7: service set 'b' cannot include another set ('a'); list its services");
    }

    @Test
    void badRulesSeveritiesAndSuppressionsAreErrors() {
        List<String> p = problems("""
                rules:
                  asset.unkown: {enabled: false}
                  tls.weak: {severity: severe}
                  port.unapproved:
                    suppress:
                      - {asset: 10.20.0.66}
                      - {asset: somebody, reason: unknown name}
                      - {reason: no target}
                """);
        assertThat(p).hasSize(5);
        assertThat(p.get(0)).startsWith("site.yaml:2:3: unknown rule 'asset.unkown' (asset.unknown, sip.cleartext,");
        assertThat(p.subList(1, 5)).containsExactly(
                "site.yaml:3:24: unknown severity 'severe' (info, low, medium, high, critical)",
                "site.yaml:6:9: a suppression needs a reason (why the site accepts these findings)",
                "site.yaml:7:17: asset 'somebody' is not a MAC, an IP, a CIDR network, or the name of an inventory"
                        + " entry",
                "site.yaml:8:9: a suppression needs an asset (MAC, IP, CIDR or inventory name), a key, or both");
    }

    @Test
    void badDurationsVersionsAndSoftwareAreErrors() {
        List<String> p = problems("""
                version: 2
                learning: {period: 7 days}
                alerts: {realert_interval: -1h}
                hygiene: {window: 0, ntp_roles: [stations]}
                roles:
                  station: {software: [{product: IP Station, min_version: latest}, {min_version: "1"}]}
                """);
        assertThat(p).containsExactly(
                "site.yaml:1:10: policy format version 2 is not supported (this build reads version 1)",
                "site.yaml:2:20: learning.period: '7 days' is not a duration (a number and a unit: ms, s, m, h, d"
                        + " or w, e.g. 24h or 7d)",
                "site.yaml:3:28: alerts.realert_interval: '-1h' is not a duration (a number and a unit: ms, s, m,"
                        + " h, d or w, e.g. 24h or 7d)",
                "site.yaml:4:19: hygiene.window must be longer than 0",
                "site.yaml:4:34: unknown role 'stations' (server, station, phone, management, other)",
                "site.yaml:6:59: min_version 'latest' is not a version (it must start with a digit, e.g. 7.6.3)",
                "site.yaml:6:68: a software entry needs 'product'");
    }

    @Test
    void allProblemsAreReportedTogetherInLineOrder() {
        List<String> p = problems("""
                networks: {intercom: [10.0.0.1/8]}
                bogus: 1
                inventory: [{role: station}]
                """);
        assertThat(p).extracting(s -> s.substring(0, s.indexOf(':', 10))).containsExactly("site.yaml:1",
                "site.yaml:2", "site.yaml:3");
        assertThatThrownBy(() -> load("bogus: 1\nother: 2\n")).isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("2 problems in the policy:\n  site.yaml:1:1: unknown key 'bogus'");
    }

    @Test
    void aliasBombsAreRefused() {
        // compose keeps aliases as shared nodes (nothing expands), and SnakeYAML still caps their number
        StringBuilder y = new StringBuilder("site: x\nnetworks: &n {intercom: []}\nrules:\n");
        for (int i = 0; i <= PolicyLoader.MAX_ALIASES; i++) {
            y.append("  - *n\n");
        }
        assertThat(problems(y.toString())).singleElement().asString()
                .startsWith("site.yaml: Number of aliases for non-scalar nodes exceeds the specified max=100");
    }

    @Test
    void filesAreReadAsUtf8WithTheirNameInMessages(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.yaml");
        Files.writeString(f, "site: Zürich\nbogus: 1\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PolicyLoader.load(f)).isInstanceOf(PolicyException.class)
                .hasMessageContaining(f + ":2:1: unknown key 'bogus'");
        Files.write(f, new byte[] {'s', 'i', 't', 'e', ':', ' ', (byte) 0xff, '\n'});
        assertThatThrownBy(() -> PolicyLoader.load(f)).hasMessageContaining(f + ": not UTF-8 text");
        assertThatThrownBy(() -> PolicyLoader.load(dir.resolve("missing.yaml")))
                .hasMessageContaining("missing.yaml: cannot read");
    }
}
