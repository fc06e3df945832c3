package dev.vigil.sensor.event;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TextFormatTest {
    @Test
    void timestampsUseMicrosecondsWhenWholeAndNanosOtherwise() {
        assertThat(TextFormat.timestampString(1_718_000_000_123_456_000L)).isEqualTo("2024-06-10T06:13:20.123456Z");
        assertThat(TextFormat.timestampString(1_718_000_000_123_456_789L)).isEqualTo("2024-06-10T06:13:20.123456789Z");
        assertThat(TextFormat.timestampString(0)).isEqualTo("1970-01-01T00:00:00.000000Z");
        // leap day
        assertThat(TextFormat.timestampString(Instant.parse("2024-02-29T23:59:59Z").getEpochSecond() * 1_000_000_000L))
                .isEqualTo("2024-02-29T23:59:59.000000Z");
    }

    @Property
    void timestampsAgreeWithJavaTime(@ForAll @LongRange(min = 0, max = 4_102_444_800_000_000_000L) long nanos) {
        String s = TextFormat.timestampString(nanos);
        Instant parsed = Instant.parse(s);
        assertThat(parsed.getEpochSecond() * 1_000_000_000L + parsed.getNano()).isEqualTo(nanos);
    }

    @Test
    void ipv4AndMappedAddresses() {
        assertThat(TextFormat.ipv4String(0x0A14000A)).isEqualTo("10.20.0.10");
        assertThat(TextFormat.ipv4String(0xFFFFFFFF)).isEqualTo("255.255.255.255");
        assertThat(TextFormat.ipString(0, 0x0000FFFF_C0A80001L)).isEqualTo("192.168.0.1");
    }

    @Test
    void ipv6CanonicalFormRfc5952() {
        assertThat(TextFormat.ipString(0x20010DB8_00000000L, 0x00000000_00000001L)).isEqualTo("2001:db8::1");
        assertThat(TextFormat.ipString(0, 1)).isEqualTo("::1");
        assertThat(TextFormat.ipString(0, 0)).isEqualTo("::");
        assertThat(TextFormat.ipString(0xFE800000_00000000L, 0x02000000_00000000L)).isEqualTo("fe80::200:0:0:0");
        // a single zero group is not compressed (RFC 5952 4.2.2)
        assertThat(TextFormat.ipString(0x20010DB8_00000001L, 0x00010001_00010001L)).isEqualTo("2001:db8:0:1:1:1:1:1");
        // the first of two equal zero runs is compressed (4.2.3)
        assertThat(TextFormat.ipString(0x20010000_00000001L, 0x00010000_00000001L)).isEqualTo("2001::1:1:0:0:1");
    }

    @Property
    void ipv6AgreesWithInetAddress(@ForAll long hi, @ForAll long lo) throws Exception {
        String s = TextFormat.ipString(hi, lo);
        byte[] b = InetAddress.getByName(s).getAddress();
        long h = 0;
        long l = 0;
        if (b.length == 4) {
            assertThat(hi).isZero();
            assertThat(lo >>> 32).isEqualTo(0xFFFFL);
            return;
        }
        for (int i = 0; i < 8; i++) {
            h = h << 8 | (b[i] & 0xFF);
            l = l << 8 | (b[i + 8] & 0xFF);
        }
        assertThat(h).isEqualTo(hi);
        assertThat(l).isEqualTo(lo);
    }

    @Test
    void macInEcsFormat() {
        assertThat(TextFormat.macString(0x0013CB112233L)).isEqualTo("00-13-CB-11-22-33");
    }
}
