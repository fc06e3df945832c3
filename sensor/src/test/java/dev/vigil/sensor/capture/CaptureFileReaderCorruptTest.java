package dev.vigil.sensor.capture;

import dev.vigil.sensor.testing.Corpus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.protocol.LinkType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files: one test per kind of damage, checking the one-line message (file name and byte
 * offset) and that the packets before the damage were delivered.
 */
class CaptureFileReaderCorruptTest {
    @TempDir
    Path tmp;

    /** Three good pcap records of 40, 50 and 60 bytes: header 24, records at 24, 80, 146; end 222. */
    private static CaptureBytes threeRecords() {
        return CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, LinkType.ETHERNET)
                .record(1, 0, CaptureBytes.payload(40, 1), 40)
                .record(2, 0, CaptureBytes.payload(50, 2), 50)
                .record(3, 0, CaptureBytes.payload(60, 3), 60);
    }

    /** SHB (28) + IDB (20) + three EPBs of 40, 50, 60 bytes of data (72, 84, 92): blocks at 48, 120, 204; end 296. */
    private static CaptureBytes threeBlocks() {
        return CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
                .idb(LinkType.ETHERNET, 0, -1, 0, null)
                .epb(0, 1, CaptureBytes.payload(40, 1), 40)
                .epb(0, 2, CaptureBytes.payload(50, 2), 50)
                .epb(0, 3, CaptureBytes.payload(60, 3), 60);
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(tmp.resolve(name), bytes);
    }

    /** Opens and reads; returns the exception, asserting how many packets came before it. */
    private static CaptureFileException readExpectingFailure(Path file, int deliveredBefore) {
        RecordedPacket.Recorder r = new RecordedPacket.Recorder();
        CaptureFileException e = null;
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            reader.read(r);
        } catch (CaptureFileException caught) {
            e = caught;
        }
        assertThat(e).as("expected a CaptureFileException for " + file).isNotNull();
        assertThat(r.packets).hasSize(deliveredBefore);
        for (int i = 0; i < deliveredBefore; i++) {
            assertThat(r.packets.get(i).data()).isEqualTo(CaptureBytes.payload(40 + 10 * i, i + 1));
        }
        assertThat(e.getMessage()).doesNotContain("\n");
        assertThat(e.file()).isEqualTo(file);
        return e;
    }

    private static void assertMessage(CaptureFileException e, Path file, long offset, String reason) {
        assertThat(e.offset()).isEqualTo(offset);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).isEqualTo(file + ": at byte " + offset + ": " + reason)
                .contains(file.getFileName().toString());
    }

    // --------------------------------------------------------------------------- open()

    @Test
    void badMagic() throws Exception {
        Path f = write("text.pcap", "hello, this is not a capture".getBytes(StandardCharsets.US_ASCII));
        CaptureFileException e = readExpectingFailure(f, 0);
        assertMessage(e, f, 0, "unknown magic number 0x68656c6c: not a pcap or pcapng file");
    }

    @Test
    void emptyFile() throws Exception {
        Path f = write("empty.pcap", new byte[0]);
        assertMessage(readExpectingFailure(f, 0), f, 0, "empty file");
    }

    @Test
    void missingFile() {
        Path f = tmp.resolve("nope.pcap");
        assertThatThrownBy(() -> CaptureFileReader.open(f))
                .isInstanceOf(CaptureFileException.class)
                .hasMessageStartingWith(f + ": at byte 0: cannot open: NoSuchFileException");
    }

    @Test
    void truncatedGlobalHeader() throws Exception {
        Path f = write("short.pcap", Arrays.copyOf(threeRecords().bytes(), 20));
        assertMessage(readExpectingFailure(f, 0), f, 0, "file header truncated (20 of 24 bytes)");
    }

    @Test
    void tooShortForMagic() throws Exception {
        Path f = write("tiny.pcap", new byte[]{(byte) 0xD4, (byte) 0xC3});
        assertMessage(readExpectingFailure(f, 0), f, 0, "file of 2 bytes is too short for a magic number");
    }

    @Test
    void badVersion() throws Exception {
        byte[] b = threeRecords().bytes();
        b[4] = 3;   // major version 3
        Path f = write("version.pcap", b);
        assertMessage(readExpectingFailure(f, 0), f, 4, "unsupported pcap version 3.4 (expected 2.x)");
    }

    @Test
    void reservedLinkTypeBits() throws Exception {
        byte[] b = threeRecords().bytes();
        b[22] = 0x7F;   // bits 16-23 of the link type field
        Path f = write("linktype.pcap", b);
        assertMessage(readExpectingFailure(f, 0), f, 20, "link type field 0x007f0001 has reserved bits set");
    }

    @Test
    void pcapngTruncatedSectionHeader() throws Exception {
        Path f = write("shb.pcapng", Arrays.copyOf(threeBlocks().bytes(), 20));
        assertMessage(readExpectingFailure(f, 0), f, 0, "section header truncated (20 of at least 28 bytes)");
    }

    @Test
    void pcapngBadByteOrderMagic() throws Exception {
        byte[] b = threeBlocks().bytes();
        b[8] = 0;
        Path f = write("bom.pcapng", b);
        assertMessage(readExpectingFailure(f, 0), f, 8,
                "section header byte-order magic 0x003c2b1a is neither 1a2b3c4d nor 4d3c2b1a");
    }

    @Test
    void pcapngUnsupportedVersion() throws Exception {
        byte[] b = threeBlocks().bytes();
        b[12] = 2;
        Path f = write("v2.pcapng", b);
        assertMessage(readExpectingFailure(f, 0), f, 12, "unsupported pcapng version 2.0 (expected 1.x)");
    }

    @Test
    void pcapngMalformedInterfaceDescription() throws Exception {
        // IDB at 28 with one option claiming 200 bytes inside a 32-byte block
        CaptureBytes c = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
                .block(1, new byte[]{1, 0, 0, 0, 0, 0, 0, 0, 2, 0, (byte) 200, 0, 'e', 't', 'h', '0'});
        Path f = c.write(tmp.resolve("idb.pcapng"));
        assertMessage(readExpectingFailure(f, 0), f, 28, "IDB: body of 16 bytes ends inside a field or option");
    }

    // --------------------------------------------------------------------------- pcap records

    @Test
    void truncatedRecordHeader() throws Exception {
        byte[] good = threeRecords().bytes();
        byte[] b = Arrays.copyOf(good, good.length + 8);   // 8 bytes of a fourth header
        Path f = write("header.pcap", b);
        assertMessage(readExpectingFailure(f, 3), f, 222, "record header truncated (8 of 16 bytes)");
    }

    @Test
    void truncatedRecordData() throws Exception {
        Path f = write("data.pcap", Arrays.copyOf(threeRecords().bytes(), 222 - 25));
        assertMessage(readExpectingFailure(f, 2), f, 146, "record data truncated (35 of 60 bytes)");
    }

    @Test
    void absurdCapturedLength() throws Exception {
        byte[] b = threeRecords().bytes();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(146 + 8, 0x00100000);
        Path f = write("caplen.pcap", b);
        assertMessage(readExpectingFailure(f, 2), f, 146,
                "captured length 1048576 exceeds the limit of 262144 bytes");
    }

    @Test
    void absurdCapturedLengthInRealCapture() throws Exception {
        byte[] b = Files.readAllBytes(Corpus.file("sip/ndpi__sip.pcap"));
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long pos = 24;
        for (int i = 0; i < 10; i++) {
            pos += 16 + bb.getInt((int) pos + 8);
        }
        bb.putInt((int) pos + 8, -1);   // caplen of frame 11: 4294967295
        Path f = write("sip.pcap", b);
        RecordedPacket.Recorder r = new RecordedPacket.Recorder();
        try (CaptureFileReader reader = CaptureFileReader.open(f)) {
            assertThatThrownBy(() -> reader.read(r))
                    .isInstanceOf(CaptureFileException.class)
                    .hasMessage(f + ": at byte " + pos + ": captured length 4294967295 exceeds the limit of 262144 bytes");
            assertThat(reader.packets()).isEqualTo(10);
            assertThat(reader.position()).isEqualTo(pos);
        }
        assertThat(r.packets).hasSize(10);
    }

    // --------------------------------------------------------------------------- pcapng blocks

    @Test
    void pcapngBlockLengthNotMultipleOfFour() throws Exception {
        byte[] b = threeBlocks().bytes();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(204 + 4, 90);
        Path f = write("len4.pcapng", b);
        assertMessage(readExpectingFailure(f, 2), f, 204, "EPB block total length 90 is not a multiple of 4");
    }

    @Test
    void pcapngBlockLengthBelowMinimum() throws Exception {
        byte[] b = threeBlocks().bytes();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(120 + 4, 8);
        Path f = write("len8.pcapng", b);
        assertMessage(readExpectingFailure(f, 1), f, 120, "EPB block total length 8 is below the minimum of 12");
    }

    @Test
    void pcapngTrailingLengthMismatch() throws Exception {
        byte[] b = threeBlocks().bytes();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(204 + 92 - 4, 96);
        Path f = write("trailer.pcapng", b);
        assertMessage(readExpectingFailure(f, 2), f, 204,
                "block total length 92 does not match the trailing length 96");
    }

    @Test
    void pcapngBlockPastEndOfFile() throws Exception {
        Path f = write("eof.pcapng", Arrays.copyOf(threeBlocks().bytes(), 296 - 12));
        assertMessage(readExpectingFailure(f, 2), f, 204,
                "EPB block of 92 bytes runs past the end of the file (80 bytes left)");
    }

    @Test
    void pcapngTruncatedBlockHeader() throws Exception {
        byte[] good = threeBlocks().bytes();
        Path f = write("hdr.pcapng", Arrays.copyOf(good, good.length + 6));
        assertMessage(readExpectingFailure(f, 3), f, 296, "block header truncated (6 of at least 12 bytes)");
    }

    @Test
    void pcapngCapturedLengthBeyondBlock() throws Exception {
        byte[] b = threeBlocks().bytes();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(120 + 20, 61);   // 61 > 84 - 32
        Path f = write("epbcap.pcapng", b);
        assertMessage(readExpectingFailure(f, 1), f, 120, "captured length 61 exceeds the EPB of 84 bytes");
    }

    @Test
    void pcapngUnknownInterface() throws Exception {
        byte[] b = threeBlocks().bytes();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(204 + 8, 3);
        Path f = write("ifid.pcapng", b);
        assertMessage(readExpectingFailure(f, 2), f, 204, "EPB refers to interface 3 but the section declares 1");
    }

    @Test
    void pcapngFirstBlockNotSectionHeader() throws Exception {
        // pcap records after a pcapng magic: the "SHB" has a bad byte-order magic
        byte[] b = threeBlocks().bytes();
        byte[] c = Arrays.copyOfRange(b, 28, b.length);   // starts with the IDB
        c[0] = 0x0A;
        c[1] = 0x0D;
        c[2] = 0x0D;
        c[3] = 0x0A;
        Path f = write("noshb.pcapng", c);
        CaptureFileException e = readExpectingFailure(f, 0);
        assertThat(e.offset()).isEqualTo(8);
        assertThat(e.reason()).startsWith("section header byte-order magic");
    }

    @Test
    void readAfterFailureRepeatsTheFailure() throws Exception {
        Path f = write("again.pcap", Arrays.copyOf(threeRecords().bytes(), 222 - 25));
        try (CaptureFileReader reader = CaptureFileReader.open(f)) {
            RecordedPacket.Recorder r = new RecordedPacket.Recorder();
            assertThatThrownBy(() -> reader.read(r)).isInstanceOf(CaptureFileException.class);
            assertThatThrownBy(() -> reader.read(r))
                    .isInstanceOf(CaptureFileException.class)
                    .hasMessageContaining("at byte 146");
            assertThat(r.packets).hasSize(2);
        }
    }
}
