package dev.vigil.protocol.pcapng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PcapngKaitaiAdapterTest {
    private static final long SHB = PcapngHeaderView.TYPE_SHB;
    private static final long IDB = PcapngHeaderView.TYPE_IDB;

    // ------------------------------------------------------------------ SHB

    @Test
    void sectionHeaderLittleEndian() throws Exception {
        byte[] body = {
                0x4D, 0x3C, 0x2B, 0x1A,                          // byte-order magic, LE
                0x01, 0x00, 0x00, 0x00,                          // major 1, minor 0
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, // section length -1
        };
        PcapngHeaderView v = PcapngKaitaiAdapter.parse(body, SHB, false);
        assertThat(v.isSectionHeader()).isTrue();
        assertThat(v.majorVersion()).isEqualTo(1);
        assertThat(v.minorVersion()).isEqualTo(0);
        assertThat(v.sectionLength()).isEqualTo(-1);
    }

    @Test
    void sectionHeaderBigEndianWithOptions() throws Exception {
        byte[] body = {
                0x1A, 0x2B, 0x3C, 0x4D,                          // byte-order magic, BE
                0x00, 0x01, 0x00, 0x02,                          // major 1, minor 2
                0, 0, 0, 0, 0, 0, 0x01, 0x00,                    // section length 256
                0x00, 0x04, 0x00, 0x03, 'a', 'b', 'c', 0,        // shb_userappl "abc" + pad
                0x00, 0x00, 0x00, 0x00,                          // opt_endofopt
        };
        PcapngHeaderView v = PcapngKaitaiAdapter.parse(body, SHB, true);
        assertThat(v.majorVersion()).isEqualTo(1);
        assertThat(v.minorVersion()).isEqualTo(2);
        assertThat(v.sectionLength()).isEqualTo(256);
    }

    @Test
    void sectionHeaderWrongByteOrderMagic() {
        byte[] body = {0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        // read as big-endian the magic is 0x4d3c2b1a
        assertThatThrownBy(() -> PcapngKaitaiAdapter.parse(body, SHB, true))
                .isInstanceOf(PcapngFormatException.class)
                .hasMessage("SHB: byte-order magic is not 0x1a2b3c4d in the big-endian section");
    }

    @Test
    void sectionHeaderTruncated() {
        byte[] body = {0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0, 0, 0};  // section length cut
        assertThatThrownBy(() -> PcapngKaitaiAdapter.parse(body, SHB, false))
                .isInstanceOf(PcapngFormatException.class)
                .hasMessage("SHB: body of 10 bytes ends inside a field or option");
    }

    @Test
    void emptyBody() {
        assertThatThrownBy(() -> PcapngKaitaiAdapter.parse(new byte[0], IDB, false))
                .isInstanceOf(PcapngFormatException.class)
                .hasMessageStartingWith("IDB: body of 0 bytes");
    }

    @Test
    void otherBlockTypeRejected() {
        assertThatThrownBy(() -> PcapngKaitaiAdapter.parse(new byte[16], 6, false))
                .isInstanceOf(PcapngFormatException.class)
                .hasMessageContaining("0x6");
    }

    // ------------------------------------------------------------------ IDB

    @Test
    void interfaceWithoutOptionsDefaultsToMicroseconds() throws Exception {
        byte[] body = {
                0x01, 0x00, 0x00, 0x00,                          // link type 1 (Ethernet), reserved
                0x00, 0x00, 0x04, 0x00,                          // snap len 262144
        };
        PcapngHeaderView v = PcapngKaitaiAdapter.parse(body, IDB, false);
        assertThat(v.isInterfaceDescription()).isTrue();
        assertThat(v.linkType()).isEqualTo(1);
        assertThat(v.snapLength()).isEqualTo(262144);
        assertThat(v.tsresol()).isEqualTo(6);
        assertThat(v.tsresolBinary()).isFalse();
        assertThat(v.tsoffsetSeconds()).isZero();
        assertThat(v.interfaceName()).isNull();
        assertThat(v.ticksToNanos(1_500_000)).isEqualTo(1_500_000_000L);
    }

    @Test
    void interfaceOptionsLittleEndian() throws Exception {
        byte[] body = idb(ByteOrder.LITTLE_ENDIAN, 113, 65535,
                opt(ByteOrder.LITTLE_ENDIAN, 2, "eth0".getBytes(StandardCharsets.UTF_8)),
                opt(ByteOrder.LITTLE_ENDIAN, 9, new byte[]{9}),
                opt(ByteOrder.LITTLE_ENDIAN, 14, int64(ByteOrder.LITTLE_ENDIAN, 3600)),
                opt(ByteOrder.LITTLE_ENDIAN, 0, new byte[0]));
        PcapngHeaderView v = PcapngKaitaiAdapter.parse(body, IDB, false);
        assertThat(v.linkType()).isEqualTo(113);
        assertThat(v.snapLength()).isEqualTo(65535);
        assertThat(v.interfaceName()).isEqualTo("eth0");
        assertThat(v.tsresol()).isEqualTo(9);
        assertThat(v.tsoffsetSeconds()).isEqualTo(3600);
        assertThat(v.ticksToNanos(5)).isEqualTo(3600_000_000_005L);
    }

    @Test
    void interfaceOptionsBigEndianBinaryResolution() throws Exception {
        byte[] body = idb(ByteOrder.BIG_ENDIAN, 101, 0,
                opt(ByteOrder.BIG_ENDIAN, 1, "comment".getBytes(StandardCharsets.UTF_8)),  // skipped
                opt(ByteOrder.BIG_ENDIAN, 9, new byte[]{(byte) 0x8A}),                     // 2^-10
                opt(ByteOrder.BIG_ENDIAN, 14, int64(ByteOrder.BIG_ENDIAN, -1)));
        PcapngHeaderView v = PcapngKaitaiAdapter.parse(body, IDB, true);
        assertThat(v.linkType()).isEqualTo(101);
        assertThat(v.snapLength()).isZero();
        assertThat(v.tsresolBinary()).isTrue();
        assertThat(v.tsresolExponent()).isEqualTo(10);
        assertThat(v.tsoffsetSeconds()).isEqualTo(-1);
        // 2048 + 512 ticks of 1/1024 s = 2.5 s, minus the 1 s offset
        assertThat(v.ticksToNanos(2560)).isEqualTo(1_500_000_000L);
    }

    @Test
    void optionsAfterEndOfOptionsAreIgnored() throws Exception {
        byte[] body = idb(ByteOrder.LITTLE_ENDIAN, 1, 0,
                opt(ByteOrder.LITTLE_ENDIAN, 0, new byte[0]),
                opt(ByteOrder.LITTLE_ENDIAN, 9, new byte[]{3}));
        assertThat(PcapngKaitaiAdapter.parse(body, IDB, false).tsresol()).isEqualTo(6);
    }

    @Test
    void optionRunningPastTheBody() {
        byte[] body = {
                0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                0x02, 0x00, 0x10, 0x00, 'e', 't', 'h', '0',    // if_name claims 16 bytes, 4 present
        };
        assertThatThrownBy(() -> PcapngKaitaiAdapter.parse(body, IDB, false))
                .isInstanceOf(PcapngFormatException.class)
                .hasMessage("IDB: body of 16 bytes ends inside a field or option");
    }

    @Test
    void tsresolOfWrongSize() {
        byte[] body = idb(ByteOrder.LITTLE_ENDIAN, 1, 0, opt(ByteOrder.LITTLE_ENDIAN, 9, new byte[]{6, 0}));
        assertThatThrownBy(() -> PcapngKaitaiAdapter.parse(body, IDB, false))
                .isInstanceOf(PcapngFormatException.class)
                .hasMessage("IDB: if_tsresol option has 2 bytes, expected 1");
    }

    @Test
    void tsoffsetOfWrongSize() {
        byte[] body = idb(ByteOrder.LITTLE_ENDIAN, 1, 0, opt(ByteOrder.LITTLE_ENDIAN, 14, new byte[4]));
        assertThatThrownBy(() -> PcapngKaitaiAdapter.parse(body, IDB, false))
                .isInstanceOf(PcapngFormatException.class)
                .hasMessage("IDB: if_tsoffset option has 4 bytes, expected 8");
    }

    // ------------------------------------------------------------------ timestamp conversion

    @Test
    void decimalResolutions() {
        assertThat(PcapngHeaderView.ticksToNanos(0, 0, 7)).isEqualTo(7_000_000_000L);   // seconds
        assertThat(PcapngHeaderView.ticksToNanos(3, 0, 7)).isEqualTo(7_000_000L);       // ms
        assertThat(PcapngHeaderView.ticksToNanos(9, 0, 7)).isEqualTo(7L);               // ns
        assertThat(PcapngHeaderView.ticksToNanos(12, 0, 7_000)).isEqualTo(7L);          // ps
        assertThat(PcapngHeaderView.ticksToNanos(127, 0, 7_000)).isZero();              // beyond long range
        // unsigned tick counts at 10^-12 s: 2^64 - 1 ps = 18446744 s
        assertThat(PcapngHeaderView.ticksToNanos(12, 0, -1L)).isEqualTo(18_446_744_073_709_551L);
    }

    @Test
    void binaryResolutions() {
        assertThat(PcapngHeaderView.ticksToNanos(0x80, 0, 3)).isEqualTo(3_000_000_000L);
        assertThat(PcapngHeaderView.ticksToNanos(0x81, 0, 3)).isEqualTo(1_500_000_000L);
        // 2^-30: one tick is 0.93 ns
        assertThat(PcapngHeaderView.ticksToNanos(0x80 | 30, 0, (5L << 30) + (1L << 29)))
                .isEqualTo(5_500_000_000L);
        // 2^-40 (fraction product needs more than 64 bits)
        assertThat(PcapngHeaderView.ticksToNanos(0x80 | 40, 0, (5L << 40) + (1L << 38)))
                .isEqualTo(5_250_000_000L);
        assertThat(PcapngHeaderView.ticksToNanos(0x80 | 63, 0, 1L << 62)).isEqualTo(500_000_000L);
        assertThat(PcapngHeaderView.ticksToNanos(0xFF, 0, 1L << 62)).isZero();
    }

    // ------------------------------------------------------------------ property

    @Property(tries = 2000)
    void arbitraryBytesOnlyEverFailWithFormatException(@ForAll @Size(max = 64) byte[] body,
                                                       @ForAll boolean shb, @ForAll boolean bigEndian) {
        try {
            PcapngHeaderView v = PcapngKaitaiAdapter.parse(body, shb ? SHB : IDB, bigEndian);
            assertThat(v.isSectionHeader()).isEqualTo(shb);
            v.ticksToNanos(body.length == 0 ? 0 : body[0]);
        } catch (PcapngFormatException expected) {
            assertThat(expected.getMessage()).startsWith(shb ? "SHB: " : "IDB: ");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] idb(ByteOrder order, int linkType, int snapLen, byte[]... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer fixed = ByteBuffer.allocate(8).order(order);
        fixed.putShort((short) linkType).putShort((short) 0).putInt(snapLen);
        out.writeBytes(fixed.array());
        for (byte[] o : options) {
            out.writeBytes(o);
        }
        return out.toByteArray();
    }

    private static byte[] opt(ByteOrder order, int code, byte[] value) {
        int padded = (value.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(4 + padded).order(order);
        b.putShort((short) code).putShort((short) value.length).put(value);
        return b.array();
    }

    private static byte[] int64(ByteOrder order, long v) {
        return ByteBuffer.allocate(8).order(order).putLong(v).array();
    }
}
