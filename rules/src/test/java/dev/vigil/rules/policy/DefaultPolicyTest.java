package dev.vigil.rules.policy;

import dev.vigil.rules.detect.Rule;
import dev.vigil.rules.service.ApprovedService;
import dev.vigil.rules.service.ServiceCatalog;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The default policy: the guide's tables, loaded back by the same loader. */
class DefaultPolicyTest {
    @Test
    void theDefaultLoadsWithTheSameLoader() throws PolicyException {
        Policy p = PolicyLoader.parse(DefaultPolicy.yaml(), DefaultPolicy.SOURCE);
        assertThat(p.source()).isEqualTo("<default policy>");
        assertThat(p.inventory()).isEmpty();
        assertThat(p.sipsRequired()).isTrue();
        for (Rule r : Rule.values()) {
            assertThat(p.rule(r).enabled()).isTrue();
            assertThat(p.rule(r).severity()).isEqualTo(r.defaultSeverity());
        }
        assertThat(p.hygiene()).isEqualTo(Policy.DEFAULT_HYGIENE);
        assertThat(p.realertInterval()).isEqualTo(Policy.DEFAULT_REALERT);
    }

    @Test
    void oneEntryPerRowOfTablesOneAndTwoWithTheGuidesWords() {
        Policy p = DefaultPolicy.policy();
        List<ServicePort> guide = p.serviceSets().get("guide");
        List<ApprovedService> rows = ServiceCatalog.guide().approved();
        assertThat(guide).hasSize(rows.size()).hasSize(16 + 13);
        for (int i = 0; i < rows.size(); i++) {
            ApprovedService r = rows.get(i);
            ServicePort s = guide.get(i);
            assertThat(s.transport()).isEqualTo(r.transport());
            assertThat(s.port()).isEqualTo(r.port());
            assertThat(s.portEnd()).isEqualTo(r.portEnd());
            assertThat(s.name()).isEqualTo(r.name());
            assertThat(s.service()).isEqualTo(r.service());
            assertThat(s.description() == null ? "" : s.description()).isEqualTo(r.description());
        }
        // the values the guide prints (Tables 1 and 2)
        assertThat(guide).anySatisfy(s -> assertThat(s.text()).isEqualTo("udp/61000-61250"));
        assertThat(guide).filteredOn(s -> s.text().equals("udp/5001")).singleElement()
                .satisfies(s -> assertThat(s.service()).isEqualTo("DIP multicast"));
        assertThat(guide).filteredOn(s -> s.text().equals("udp/5002")).singleElement()
                .satisfies(s -> assertThat(s.description()).isEqualTo("Discovery protocol for IP intercom devices"));
        assertThat(guide).filteredOn(s -> s.text().equals("udp/5062")).singleElement()
                .satisfies(s -> assertThat(s.service()).isEqualTo("Pulse"));
        assertThat(guide).filteredOn(s -> s.text().equals("tcp/5061")).singleElement()
                .satisfies(s -> assertThat(s.service()).isEqualTo("SIPS"));
    }

    @Test
    void syslogAndSnmpTrapsAreNamedInACommentAndNotApproved() {
        String y = DefaultPolicy.yaml();
        assertThat(y).contains("# NOT APPROVED by this default, although the guide asks for them")
                .contains("#   - {name: syslog, transport: udp, port: 514")
                .contains("#   - {name: syslog, transport: tcp, port: 514")
                .contains("#   - {name: snmp-trap, transport: udp, port: 162")
                .contains("Enable SNMP Traps and/or Syslog for monitoring");
        Policy p = DefaultPolicy.policy();
        for (Role r : Role.values()) {
            RolePolicy rp = p.role(r);
            if (rp != null) {
                assertThat(rp.allows(17, 514)).isFalse();
                assertThat(rp.allows(6, 514)).isFalse();
                assertThat(rp.allows(17, 162)).isFalse();
                assertThat(rp.allows(6, 23)).isFalse();
            }
        }
        assertThat(p.role(Role.STATION).allows(17, 61125)).isTrue();
        assertThat(p.role(Role.STATION).allowsNegotiated("tftp")).isTrue();
    }

    @Test
    void theExplanationSaysWhatIsJudged() {
        String text = PolicyExplainer.explain(DefaultPolicy.policy());
        assertThat(text).contains("Policy <default policy>: valid.")
                .contains("none: only the 0 devices of the inventory are judged; unknown devices cannot be detected.")
                .contains("udp/61000-61250")
                .contains("asset.unknown          enabled   high     CIS 1  Unknown device")
                .contains("tftp.transfer          enabled   info     CIS 11")
                .contains("management:\n    services: not judged")
                .contains("learning period:       off");
    }

    @Test
    void theExplanationOfASitePolicy() throws PolicyException {
        Policy p = PolicyLoader.parse(PolicyLoaderTest.VALID, "site.yaml");
        String text = PolicyExplainer.explain(p);
        assertThat(text).contains("Policy site.yaml (site: Test site): valid.")
                .contains("intercom networks:     10.20.0.0/24, fd00:20::/64")
                .contains("intercom VLANs:        20, 30")
                .contains("Authorized inventory: 3 devices (2 station, 1 phone); 1 by MAC only, 1 by IP only")
                .contains("services: mine, sip, tcp/8443, sctp")
                .contains("software: IP Station >= 7.6")
                .contains("tftp.transfer          DISABLED")
                .contains("suppressed: Main Entrance key udp/514 (approved syslog)")
                .contains("learning period:       1w (unknown devices are proposed, not alerted)")
                .contains("phone:\n    services: none (every port is a finding)");
    }
}
