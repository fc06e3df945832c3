package dev.vigil.rules.detect;

import dev.vigil.rules.policy.ApprovedSoftware;
import dev.vigil.rules.policy.SoftwareVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SoftwareTextTest {
    @Test
    void versionsFollowTheProductInTheAnnouncementsDevicesMake() {
        assertThat(SoftwareText.versionAfter("Zenitel IP Station 7.6.3.2", 18)).isEqualTo("7.6.3.2");
        assertThat(SoftwareText.versionAfter("Yealink SIP-T54W 96.86.0.100", 7)).isEqualTo("96.86.0.100");
        assertThat(SoftwareText.versionAfter("OpenSSH_8.9p1 Ubuntu-3ubuntu0.1", 7)).isEqualTo("8.9p1");
        assertThat(SoftwareText.versionAfter("Zenitel ICX-AlphaCom, software 11.2.3.2, node 1", 20))
                .isEqualTo("11.2.3.2");
        assertThat(SoftwareText.versionAfter("lighttpd/v1.4.59.", 8)).isEqualTo("1.4.59");
        assertThat(SoftwareText.versionAfter("Zenitel IP Station", 18)).isNull();
        assertThat(SoftwareText.versionAfter("Product a b c 1.0", 7)).as("only the next three words").isNull();
    }

    @Test
    void matchPrefersAnAcceptableEntry() {
        List<ApprovedSoftware> approved = List.of(
                new ApprovedSoftware("IP Station", SoftwareVersion.parse("7.6"), null),
                new ApprovedSoftware("Yealink", null, null));
        assertThat(SoftwareText.match("Zenitel IP Station 5.2.3.1", approved).outdated()).isTrue();
        assertThat(SoftwareText.match("zenitel ip station 7.6.3.2", approved).outdated()).isFalse();
        assertThat(SoftwareText.match("Zenitel IP Station", approved).outdated()).as("no version to judge").isFalse();
        assertThat(SoftwareText.match("Yealink SIP-T46U 1.0", approved).outdated()).isFalse();
        assertThat(SoftwareText.match("Grandstream GXP2170 1.0.11", approved)).isNull();
    }
}
