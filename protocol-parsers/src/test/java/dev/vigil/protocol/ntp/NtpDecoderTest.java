package dev.vigil.protocol.ntp;

import static dev.vigil.protocol.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Commented byte arrays for each mode and each decode event of the NTP decoder. */
class NtpDecoderTest {
    /** 2024-06-10T06:13:20.5Z as an NTP timestamp: 0xea111800 seconds since 1900, fraction one half. */
    static final String XMT = "ea111800 80000000";

    /** A server's answer: NTPv4, mode 4, stratum 1 synchronised to GPS. */
    static byte[] serverV4() {
        return hex(
                "24",                     // LI 0, VN 4, mode 4 (server): 00 100 100
                "01",                     // stratum 1 (primary reference)
                "06",                     // poll 2^6 = 64 s
                "e9",                     // precision 2^-23 s
                "00000000",               // root delay
                "00000010",               // root dispersion
                "47505300",               // reference id "GPS" + NUL
                "ea1117f0 00000000",      // reference timestamp
                "ea111800 10000000",      // origin timestamp
                "ea111800 7fff0000",      // receive timestamp
                XMT);                     // transmit timestamp
    }

    /** A client's request: NTPv3, mode 3, stratum 2 (it follows 85.199.214.99). */
    static byte[] clientV3() {
        return hex(
                "1b",                     // LI 0, VN 3, mode 3 (client): 00 011 011
                "02",                     // stratum 2
                "0a",                     // poll 2^10 s
                "fa",                     // precision 2^-6 s
                "00010000",               // root delay 1 s
                "00010000",               // root dispersion 1 s
                "55c7d663",               // reference id 85.199.214.99
                "00000000 00000000",      // reference timestamp
                "00000000 00000000",      // origin timestamp
                "00000000 00000000",      // receive timestamp
                XMT);                     // transmit timestamp
    }

    private final NtpDecoder decoder = new NtpDecoder();
    private final char[] chars = new char[32];

    private int decode(byte[] b) {
        return decoder.decode(new UnsafeBuffer(b), 0, b.length);
    }

    private String referenceId() {
        return new String(chars, 0, NtpDecoder.referenceId(decoder.flyweight(), chars, 0));
    }

    @Test
    void serverAnswerFromAStratumOneClock() {
        assertThat(decode(serverV4())).isEqualTo(NtpDecoder.STATUS_OK);
        NtpFlyweight f = decoder.flyweight();
        assertThat(decoder.complete()).isTrue();
        assertThat(decoder.eventCount()).isZero();
        assertThat(f.leap()).isZero();
        assertThat(f.version()).isEqualTo(4);
        assertThat(f.mode()).isEqualTo(NtpFlyweight.MODE_SERVER);
        assertThat(NtpDecoder.modeName(f.mode())).isEqualTo("server");
        assertThat(f.stratum()).isEqualTo(1);
        assertThat(f.poll()).isEqualTo(6);
        assertThat(f.precision()).isEqualTo(-23);
        assertThat(f.rootDispersion()).isEqualTo(16);
        assertThat(referenceId()).isEqualTo("GPS");
        assertThat(Instant.ofEpochSecond(0, NtpDecoder.toEpochNanos(f.transmitTimestamp())))
                .isEqualTo(Instant.parse("2024-06-10T06:13:20.5Z"));
    }

    @Test
    void clientRequestNamesItsServerByAddress() {
        assertThat(decode(clientV3())).isEqualTo(NtpDecoder.STATUS_OK);
        NtpFlyweight f = decoder.flyweight();
        assertThat(f.version()).isEqualTo(3);
        assertThat(NtpDecoder.modeName(f.mode())).isEqualTo("client");
        assertThat(f.stratum()).isEqualTo(2);
        assertThat(f.poll()).isEqualTo(10);
        assertThat(f.precision()).isEqualTo(-6);
        assertThat(f.rootDelay()).isEqualTo(0x10000);
        assertThat(referenceId()).isEqualTo("85.199.214.99");
    }

    @Test
    void extensionFieldsAndMacAreIgnored() {
        byte[] withMac = Arrays.copyOf(clientV3(), 48 + 20); // key id (4) + MD5 digest (16), as in NTPv3 authentication
        assertThat(decode(withMac)).isEqualTo(NtpDecoder.STATUS_OK);
        assertThat(decoder.flyweight().stratum()).isEqualTo(2);
    }

    @Test
    void kissOfDeathCodeIsAscii() {
        byte[] b = serverV4();
        b[1] = 0;                                   // stratum 0: the reference id is a kiss code
        System.arraycopy(hex("52415445"), 0, b, 12, 4); // "RATE"
        decode(b);
        assertThat(referenceId()).isEqualTo("RATE");
        System.arraycopy(hex("00000000"), 0, b, 12, 4); // no code at all
        decode(b);
        assertThat(referenceId()).isEmpty();
        b[1] = 1;
        System.arraycopy(hex("0147ff00"), 0, b, 12, 4); // not printable: shown in hex
        decode(b);
        assertThat(referenceId()).isEqualTo("0x0147ff00");
    }

    @Test
    void timestampsWithTheHighBitClearAreInEraOne() {
        // RFC 4330 section 3: seconds below 2^31 count from 2036-02-07T06:28:16Z
        assertThat(Instant.ofEpochSecond(0, NtpDecoder.toEpochNanos(0x0000_0001_0000_0000L)))
                .isEqualTo(Instant.parse("2036-02-07T06:28:17Z"));
        assertThat(Instant.ofEpochSecond(0, NtpDecoder.toEpochNanos(0x8000_0000_0000_0000L)))
                .isEqualTo(Instant.parse("1968-01-20T03:14:08Z"));
        assertThat(Instant.ofEpochSecond(0, NtpDecoder.toEpochNanos(0xFFFF_FFFF_FFFF_FFFFL)))
                .isBefore(Instant.parse("2036-02-07T06:28:16Z"));
    }

    @Test
    void controlMessageHeader() {
        byte[] b = hex(
                "16",                     // LI 0, VN 2, mode 6 (control): 00 010 110
                "02",                     // R 0, E 0, M 0, opcode 2 (read variables)
                "0001",                   // sequence 1
                "0000",                   // status
                "0000",                   // association id 0 (the system)
                "0000",                   // offset
                "0000");                  // count: no data
        assertThat(decode(b)).isEqualTo(NtpDecoder.STATUS_OK);
        NtpFlyweight f = decoder.flyweight();
        assertThat(f.mode()).isEqualTo(NtpFlyweight.MODE_CONTROL);
        assertThat(NtpDecoder.modeName(f.mode())).isEqualTo("control");
        assertThat(f.version()).isEqualTo(2);
        assertThat(f.controlOpcode()).isEqualTo(2);
        assertThat(f.controlResponse()).isFalse();
        assertThat(f.controlSequence()).isEqualTo(1);
    }

    @Test
    void privateMonlistRequest() {
        byte[] b = Arrays.copyOf(hex(
                "17",                     // R 0, M 0, VN 2, mode 7 (private): 0 0 010 111
                "00",                     // A 0, sequence 0
                "03",                     // implementation 3 (XNTPD)
                "2a",                     // request code 42: MON_GETLIST_1 ("monlist")
                "0000",                   // error 0, 0 items
                "0000"),                  // item size 0
                48);                      // ntpdc pads the request to 48 bytes
        assertThat(decode(b)).isEqualTo(NtpDecoder.STATUS_OK);
        NtpFlyweight f = decoder.flyweight();
        assertThat(NtpDecoder.modeName(f.mode())).isEqualTo("private");
        assertThat(f.privateRequestCode()).isEqualTo(42);
        assertThat(f.privateImplementation()).isEqualTo(3);
        assertThat(f.privateResponse()).isFalse();
    }

    // ---------------------------------------------------------------- decode events

    @Test
    void truncatedServerAnswer() {
        assertThat(decode(Arrays.copyOf(serverV4(), 47))).isEqualTo(NtpDecoder.STATUS_TRUNCATED);
        assertThat(decoder.event(0)).isSameAs(NtpDecoder.TRUNCATED);
        assertThat(decoder.hasFlags()).isTrue();
        assertThat(decoder.complete()).isFalse();
        assertThat(decoder.flyweight().version()).isEqualTo(4);
    }

    @Test
    void truncatedControlMessageAndEmptyDatagram() {
        assertThat(decode(hex("16 02 0001 0000 0000 0000 00"))).isEqualTo(NtpDecoder.STATUS_TRUNCATED); // 11 of 12
        assertThat(decode(new byte[0])).isEqualTo(NtpDecoder.STATUS_TRUNCATED);
        assertThat(decoder.hasFlags()).isFalse();
        assertThat(decoder.event(0)).isSameAs(NtpDecoder.TRUNCATED);
    }

    @Test
    void badVersion() {
        byte[] b = serverV4();
        b[0] = 0x2C;                              // LI 0, VN 5, mode 4: 00 101 100
        assertThat(decode(b)).isEqualTo(NtpDecoder.STATUS_MALFORMED);
        assertThat(decoder.eventCount()).isEqualTo(1);
        assertThat(decoder.event(0)).isSameAs(NtpDecoder.BAD_VERSION);
        b[0] = 0x04;                              // VN 0
        assertThat(decode(b)).isEqualTo(NtpDecoder.STATUS_MALFORMED);
        assertThat(decoder.complete()).as("values are still read").isTrue();
    }

    @Test
    void everyEventKeyHasACase() {
        Set<String> keys = DecodeEventType.all().stream().filter(t -> t.protocol().equals("ntp"))
                .map(DecodeEventType::key).collect(Collectors.toCollection(TreeSet::new));
        assertThat(keys).containsExactly(NtpDecoder.BAD_VERSION.key(), NtpDecoder.TRUNCATED.key());
    }

    @Test
    void decodingAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ByteBuffer direct = ByteBuffer.allocateDirect(64);
        direct.put(serverV4()).clear();
        UnsafeBuffer buffer = new UnsafeBuffer(direct);
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += run(buffer);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            sink += run(buffer);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isNotZero();
        assertThat(allocated).isLessThan(1024);
    }

    private long run(UnsafeBuffer buffer) {
        decoder.decode(buffer, 0, 48);
        NtpFlyweight f = decoder.flyweight();
        return NtpDecoder.referenceId(f, chars, 0) + f.stratum() + NtpDecoder.toEpochNanos(f.transmitTimestamp())
                + NtpDecoder.modeName(f.mode()).length();
    }
}
