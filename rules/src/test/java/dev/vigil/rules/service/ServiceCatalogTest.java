package dev.vigil.rules.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceCatalogTest {
    private final ServiceCatalog c = ServiceCatalog.guide();

    @Test
    void guideTablesAreComplete() {
        // Table 1 has 16 TCP rows, Table 2 has 13 UDP rows (hardening guide, CIS Control 9)
        assertThat(c.approved().stream().filter(s -> s.transport() == 6)).hasSize(16);
        assertThat(c.approved().stream().filter(s -> s.transport() == 17)).hasSize(13);
    }

    @Test
    void namesTheIntercomServices() {
        assertThat(c.name(6, 50001)).isEqualTo("dip");
        assertThat(c.name(17, 5001)).isEqualTo("dip");
        assertThat(c.name(17, 5002)).isEqualTo("discovery");
        assertThat(c.name(6, 5061)).isEqualTo("sips");
        assertThat(c.name(17, 5062)).isEqualTo("sip");
        assertThat(c.name(17, 61000)).isEqualTo("rtp");
        assertThat(c.name(17, 61250)).isEqualTo("rtp");
        assertThat(c.name(17, 61251)).isNull();
        assertThat(c.name(17, 60999)).isNull();
    }

    @Test
    void knownButUnapprovedServicesAreNamedNotApproved() {
        assertThat(c.name(6, 23)).isEqualTo("telnet");
        assertThat(c.approved()).noneMatch(s -> s.port() == 23);
        assertThat(c.name(17, 514)).isEqualTo("syslog");
        assertThat(c.approved()).noneMatch(s -> s.port() == 514);
    }

    @Test
    void guessPrefersTheListeningSide() {
        assertThat(c.guess(17, 61002, 5060)).isEqualTo("sip");
        assertThat(c.guess(6, 50001, 40000)).isEqualTo("dip");
        assertThat(c.guess(6, 40000, 40001)).isNull();
        assertThat(c.guess(1, 0, 0)).isNull();
    }

    @Test
    void byNameGivesEveryRowOfAServiceForPolicies() {
        assertThat(c.byName("sip")).extracting(s -> s.transport() + "/" + s.port())
                .containsExactly("6/5060", "17/5060", "17/5062"); // Table 1 SIP, Table 2 SIP and Pulse
        assertThat(c.byName("syslog")).extracting(s -> s.transport() + "/" + s.port()).containsExactly("6/514",
                "17/514");
        assertThat(c.inGuide("syslog")).isFalse();
        assertThat(c.inGuide("dip")).isTrue();
        assertThat(c.byName("nope")).isEmpty();
    }
}
