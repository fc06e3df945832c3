package dev.vigil.sensor.asset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Product and version out of the free text each protocol carries. The inputs are the texts of
 * the demo capture's truth file and of corpus captures; the splits are what the protocol's
 * convention says (RFC 9110 §10.1.5 product tokens, RFC 4253 §4.2 softwareversion).
 */
class SoftwareTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Yealink SIP-T54W 96.86.0.100|Yealink SIP-T54W|96.86.0.100",
        "Zenitel IP Station 7.6.3.2|Zenitel IP Station|7.6.3.2",
        "ICX-AlphaCom 11.2.3.2|ICX-AlphaCom|11.2.3.2",
        "Zenitel ICX-AlphaCom, software 11.2.3.2, node 1|Zenitel ICX-AlphaCom|11.2.3.2",
        "Apache/2.4.57 (Debian)|Apache|2.4.57",
        "ATS/8.0.6|ATS|8.0.6",
        "Summit300-48 - Version 7.4e.1 (Build 5) by Release_Master 05/27/05 04:53:11|Summit300-48|7.4e.1",
        "Cisco IOS Software, C3560 Software (C3560-ADVIPSERVICESK9-M), Version 12.2(44)SE, RELEASE SOFTWARE (fc1)|Cisco IOS|12.2(44)SE",
        "MSFT 5.0|MSFT|5.0",
        "dhcpcd-9.4.1:Linux-6.1.0|dhcpcd|9.4.1",
        "7.6.3.2 IP Station|IP Station|7.6.3.2"})
    void splits(String text, String product, String version) {
        Software s = Software.parse(text, "test");
        assertThat(s.product()).isEqualTo(product);
        assertThat(s.version()).isEqualTo(version);
        assertThat(s.original()).isEqualTo(text);
    }

    @Test
    void withoutVersion() {
        Software s = Software.parse("Zenitel IP Station", "dhcp.vendor_class");
        assertThat(s.product()).isEqualTo("Zenitel IP Station");
        assertThat(s.version()).isNull();
        assertThat(Software.parse("ProCurve J8762A Switch 2600-8-PWR, revision H.08.89, ROM H.08.5X", "x").product())
                .isEqualTo("ProCurve J8762A Switch 2600-8-PWR");
    }

    @Test
    void onlyTheFirstLineAndAtMostTheCap() {
        Software s = Software.parse("Cisco IOS Software, Version 12.2(44)SE\nCopyright (c) 1986-2008", "cdp");
        assertThat(s.original()).isEqualTo("Cisco IOS Software, Version 12.2(44)SE");
        String longText = "X".repeat(1000) + " 1.2";
        Software l = Software.parse(longText, "x");
        assertThat(l.original()).hasSize(Software.MAX_ORIGINAL_CHARS);
        assertThat(l.product().length()).isLessThanOrEqualTo(Software.MAX_PART_CHARS);
        assertThat(Software.parse("  \t ", "x")).isNull();
        assertThat(Software.parse(null, "x")).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "OpenSSH_9.6p1, OpenSSH, 9.6p1",
        "dropbear_2022.83, dropbear, 2022.83",
        "Cisco-1.25, Cisco, 1.25",
        "OpenSSH_for_Windows_8.1, OpenSSH_for_Windows, 8.1"})
    void sshSoftwareVersion(String text, String product, String version) {
        Software s = Software.parseSsh(text, "ssh.server");
        assertThat(s.product()).isEqualTo(product);
        assertThat(s.version()).isEqualTo(version);
    }

    @Test
    void pathologicalTextIsFast() {
        String evil = "a" + " ".repeat(250) + "b" + ".1".repeat(100) + "(" .repeat(50);
        long t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            Software.parse(evil, "x");
            Software.parseSsh(evil, "x");
        }
        assertThat(System.nanoTime() - t0).as("1000 parses of a hostile 500-char text").isLessThan(2_000_000_000L);
    }
}
