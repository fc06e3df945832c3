package dev.vigil.rules.policy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Addresses, networks, durations and versions as a policy writes them. */
class ValuesTest {
    @Test
    void ipTextIsParsedWithoutLookupsAndFormattedAsTheSensorDoes() {
        assertThat(Ip.parseV4("10.20.0.1")).isEqualTo(0x0a140001L);
        assertThat(Ip.parseV4("10.20.0.01")).isEqualTo(-1);
        assertThat(Ip.parseV4("10.20.0.256")).isEqualTo(-1);
        assertThat(Ip.parseV4("10.20.0")).isEqualTo(-1);
        assertThat(Ip.parse("intercom.example")).isNull(); // a name: never resolved
        assertThat(Ip.parse("fe80::1%eth0")).isNull();
        assertThat(Ip.canonical("FD00:0020:0000:0000:0000:0000:0000:0007")).isEqualTo("fd00:20::7");
        assertThat(Ip.canonical("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1"); // RFC 5952 4.2.2
        assertThat(Ip.canonical("2001:0:0:1:0:0:0:1")).isEqualTo("2001:0:0:1::1"); // the longest run
        assertThat(Ip.canonical("::")).isEqualTo("::");
        assertThat(Ip.isGroupOrUnspecified(Ip.parse("239.192.1.0"))).isTrue();
        assertThat(Ip.isGroupOrUnspecified(Ip.parse("255.255.255.255"))).isTrue();
        assertThat(Ip.isGroupOrUnspecified(Ip.parse("ff02::1"))).isTrue();
        assertThat(Ip.isGroupOrUnspecified(Ip.parse("10.20.0.255"))).isFalse();
    }

    @Property
    void everyIpv4AddressRoundTrips(@ForAll int bits) {
        String s = ((bits >>> 24) & 0xff) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "."
                + (bits & 0xff);
        assertThat(Ip.parseV4(s)).isEqualTo(bits & 0xffffffffL);
        assertThat(Ip.canonical(s)).isEqualTo(s);
    }

    @Property
    void cidrContainsExactlyItsPrefix(@ForAll int net, @ForAll int addr, @ForAll @IntRange(max = 32) int prefix) {
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        long n = (net & 0xffffffffL) & mask;
        Cidr c = Cidr.parse(Ip.format(bytes(n)) + "/" + prefix);
        boolean expected = ((addr & 0xffffffffL) & mask) == n;
        assertThat(c.contains(bytes(addr & 0xffffffffL))).isEqualTo(expected);
    }

    private static byte[] bytes(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    @Test
    void cidrsCatchTyposAndCoverIpv6() {
        assertThatThrownBy(() -> Cidr.parse("10.20.0.10/24")).hasMessageContaining("did you mean 10.20.0.0/24?");
        assertThat(Cidr.parse("10.20.0.10").toString()).isEqualTo("10.20.0.10/32");
        Cidr v6 = Cidr.parse("fd00:20::/60");
        assertThat(v6.contains(Ip.parse("fd00:20:0:f::1"))).isTrue();
        assertThat(v6.contains(Ip.parse("fd00:20:0:10::1"))).isFalse();
        assertThat(v6.contains(Ip.parse("10.20.0.1"))).isFalse();
    }

    @Test
    void macsInEveryCommonNotation() {
        assertThat(Mac.normalize("00:13:cb:14:00:0a")).isEqualTo("00-13-CB-14-00-0A");
        assertThat(Mac.normalize("0013.CB14.000A")).isEqualTo("00-13-CB-14-00-0A");
        assertThat(Mac.normalize("0013cb14000a")).isEqualTo("00-13-CB-14-00-0A");
        assertThat(Mac.normalize("00:13:cb:14:00")).isNull();
        assertThat(Mac.normalize("00:13:cb:14:00:0g")).isNull();
        assertThat(Mac.isGroupOrZero("01-00-5E-40-01-00")).isTrue();
        assertThat(Mac.isGroupOrZero("00-00-00-00-00-00")).isTrue();
        assertThat(Mac.isGroupOrZero("00-13-CB-14-00-0A")).isFalse();
    }

    @Test
    void durations() {
        assertThat(DurationText.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationText.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(DurationText.parse("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parse("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> DurationText.parse("7")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DurationText.parse("-PT1H")).isInstanceOf(IllegalArgumentException.class);
        assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(DurationText.format(Duration.ofDays(14))).isEqualTo("2w");
    }

    @Test
    void versionsCompareSegmentBySegment() {
        assertThat(v("7.10").compareTo(v("7.9"))).isPositive();
        assertThat(v("7.6")).isEqualTo(v("7.6.0")).hasSameHashCodeAs(v("7.6.0"));
        assertThat(v("7.06")).isEqualTo(v("7.6"));
        assertThat(v("5.2.3.1").compareTo(v("7.6.3.2"))).isNegative();
        assertThat(v("11.2.3.2").compareTo(v("11.2.3.10"))).isNegative();
        assertThat(v("8.9p1").compareTo(v("8.9"))).isPositive();
        assertThat(v("8.9p1").compareTo(v("8.9p2"))).isNegative();
        assertThat(v("7.6.beta").compareTo(v("7.6.1"))).isNegative();
        assertThat(v("96.86.0.100").compareTo(v("96.86.0.99"))).isPositive();
        assertThat(v("123456789012345678901").compareTo(v("9"))).isPositive(); // longer than a long
        assertThat(SoftwareVersion.parse("latest")).isNull();
    }

    @Property
    void versionOrderIsATotalOrderOnNumbers(@ForAll @IntRange(max = 999) int a, @ForAll @IntRange(max = 999) int b,
                                            @ForAll @IntRange(max = 999) int c, @ForAll @IntRange(max = 999) int d) {
        int expected = a != c ? Integer.compare(a, c) : Integer.compare(b, d);
        assertThat(Integer.signum(v(a + "." + b).compareTo(v(c + "." + d)))).isEqualTo(expected);
    }

    private static SoftwareVersion v(String s) {
        return SoftwareVersion.parse(s);
    }
}
