package dev.vigil.sensor.asset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Address literals per RFC 4291 §2.2 (text forms) and RFC 5952 (canonical output). */
class AddressesTest {
    @ParameterizedTest
    @CsvSource({
        "00-13-CB-14-00-0A, 00-13-CB-14-00-0A",
        "00:13:cb:14:00:0a, 00-13-CB-14-00-0A",
        "0013.cb14.000a, 00-13-CB-14-00-0A",
        "0013cb14000a, 00-13-CB-14-00-0A"})
    void macNotations(String in, String ecs) {
        assertThat(Addresses.macString(Addresses.parseMac(in))).isEqualTo(ecs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00-13-CB-14-00", "00-13:CB-14-00-0A", "00-13-CB-14-00-0G", "0013.cb14-000a",
        "00-13-CB-14-00-0A-", "zz:zz:zz:zz:zz:zz"})
    void notMacs(String in) {
        assertThat(Addresses.parseMac(in)).isEqualTo(-1);
    }

    @Test
    void unicastAndLocallyAdministered() {
        assertThat(Addresses.isUnicastMac(Addresses.parseMac("00-13-CB-14-00-0A"))).isTrue();
        assertThat(Addresses.isUnicastMac(Addresses.parseMac("01-00-5E-40-01-00"))).isFalse();
        assertThat(Addresses.isUnicastMac(Addresses.parseMac("FF-FF-FF-FF-FF-FF"))).isFalse();
        assertThat(Addresses.isUnicastMac(0)).isFalse();
        assertThat(Addresses.isLocallyAdministered(Addresses.parseMac("C6-2C-03-60-6A-64"))).isTrue();
        assertThat(Addresses.isLocallyAdministered(Addresses.parseMac("C4-61-8B-35-82-A9"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "10.20.0.10, 10.20.0.10",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:DB8::1, 2001:db8::1",
        "::, ::",
        "::1, ::1",
        "fe80::c42c:3ff:fe60:6a64, fe80::c42c:3ff:fe60:6a64",
        "::ffff:192.0.2.1, 192.0.2.1",
        "1::, 1::",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1"})
    void ipLiterals(String in, String canonical) {
        assertThat(Addresses.canonicalIp(in)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.20.0", "10.20.0.256", "10.20.0.01", "10.20.0.1.", "1.2.3.4.5", "localhost",
        "example.com", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", ":1::", "1:", "g::1", "10.20.0.-1",
        "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4"})
    void notIpLiterals(String in) {
        assertThat(Addresses.parseIp(in)).isNull();
    }

    @Test
    void classification() {
        assertThat(Addresses.parseIp("239.192.1.0").isOrganisationLocalMulticast()).isTrue();
        assertThat(Addresses.parseIp("239.196.0.1").isOrganisationLocalMulticast()).isFalse();
        assertThat(Addresses.parseIp("224.0.0.2").isLinkLocalMulticast()).isTrue();
        assertThat(Addresses.parseIp("ff02::fb").isLinkLocalMulticast()).isTrue();
        assertThat(Addresses.parseIp("ff02::fb").isMulticast()).isTrue();
        assertThat(Addresses.parseIp("255.255.255.255").isUnicast()).isFalse();
        assertThat(Addresses.parseIp("0.0.0.0").isUnicast()).isFalse();
        assertThat(Addresses.parseIp("127.0.0.1").isUnicast()).isFalse();
        assertThat(Addresses.parseIp("169.254.225.216").isLinkLocal()).isTrue();
        assertThat(Addresses.parseIp("fe80::1").isLinkLocal()).isTrue();
        assertThat(Addresses.parseIp("fec0::1").isLinkLocal()).isFalse();
        for (String p : new String[] {"10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.2.1", "100.64.0.1",
            "fd00::1", "fc00::1"}) {
            assertThat(Addresses.parseIp(p).isPrivate()).as(p).isTrue();
        }
        for (String p : new String[] {"172.32.0.1", "192.0.2.1", "17.253.105.202", "100.128.0.1", "2001:db8::1"}) {
            assertThat(Addresses.parseIp(p).isPrivate()).as(p).isFalse();
        }
    }

    @Test
    void cidrs() {
        Addresses.Cidr c = Addresses.parseCidr("10.20.0.0/24");
        assertThat(c.contains(Addresses.parseIp("10.20.0.255"))).isTrue();
        assertThat(c.contains(Addresses.parseIp("10.20.1.0"))).isFalse();
        assertThat(c.contains(Addresses.parseIp("::ffff:10.20.0.1"))).isTrue();
        assertThat(c.contains(Addresses.parseIp("2001:db8::1"))).isFalse();
        assertThat(Addresses.parseCidr("2001:db8::/32").contains(Addresses.parseIp("2001:db8:ffff::1"))).isTrue();
        assertThat(Addresses.parseCidr("0.0.0.0/0").contains(Addresses.parseIp("192.0.2.1"))).isTrue();
        assertThat(Addresses.parseCidr("10.20.0.7").contains(Addresses.parseIp("10.20.0.8"))).isFalse();
        assertThat(Addresses.parseCidr("10.20.0.0/33")).isNull();
        assertThat(Addresses.parseCidr("10.20.0.0/x")).isNull();
        assertThat(Addresses.parseCidr("net/24")).isNull();
    }
}
