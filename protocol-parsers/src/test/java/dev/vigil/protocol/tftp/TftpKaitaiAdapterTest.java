package dev.vigil.protocol.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Commented byte arrays: one well-formed message per opcode, and one test per decode event key
 * of {@link TftpKaitaiAdapter}.
 */
class TftpKaitaiAdapterTest {

    /** Builds a datagram: a 2-byte opcode, then the parts (strings are written as given: add "\0"). */
    static byte[] msg(int opcode, Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(opcode >> 8);
        out.write(opcode);
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            } else if (p instanceof Integer i) {
                out.write(i >> 8);
                out.write(i);
            } else {
                out.writeBytes((byte[]) p);
            }
        }
        return out.toByteArray();
    }

    private static void assertOnly(TftpMessage m, DecodeEventType... types) {
        assertThat(m.eventCount()).as(m.toString()).isEqualTo(types.length);
        for (DecodeEventType t : types) {
            assertThat(m.has(t)).as(m + " has " + t).isTrue();
        }
    }

    // ------------------------------------------------------------------ well-formed messages

    @Test
    void readRequest() {
        // 00 01 | "rfc1350.txt" 00 | "octet" 00   (ndpi__tftp.pcap frame 3)
        byte[] b = {0x00, 0x01, 'r', 'f', 'c', '1', '3', '5', '0', '.', 't', 'x', 't', 0x00,
                    'o', 'c', 't', 'e', 't', 0x00};
        TftpMessage m = TftpKaitaiAdapter.parse(b);
        assertThat(m.opcode()).isEqualTo(TftpMessage.RRQ);
        assertThat(m.opcodeName()).isEqualTo("RRQ");
        assertThat(m.isRequest()).isTrue();
        assertThat(m.filename()).isEqualTo("rfc1350.txt");
        assertThat(m.filenameBytes()).isEqualTo(11);
        assertThat(m.mode()).isEqualTo("octet");
        assertThat(m.optionCount()).isZero();
        assertThat(m.block()).isEqualTo(-1);
        assertThat(m.status()).isEqualTo(TftpMessage.STATUS_OK);
        assertThat(m.statusName()).isNull();
        assertOnly(m);
    }

    @Test
    void writeRequestWithOptions() {
        // 00 02 | "empty100KB" 00 | "octet" 00 | "blksize" 00 "1468" 00 | "tsize" 00 "100000" 00
        // (ndpi__tftp.pcap frame 108)
        TftpMessage m = TftpKaitaiAdapter.parse(msg(2, "empty100KB\0", "octet\0", "blksize\0", "1468\0",
                "tsize\0", "100000\0"));
        assertThat(m.opcodeName()).isEqualTo("WRQ");
        assertThat(m.filename()).isEqualTo("empty100KB");
        assertThat(m.mode()).isEqualTo("octet");
        assertThat(m.optionCount()).isEqualTo(2);
        assertThat(m.optionName(0)).isEqualTo("blksize");
        assertThat(m.optionValue(0)).isEqualTo("1468");
        assertThat(m.optionName(1)).isEqualTo("tsize");
        assertThat(m.optionValue(1)).isEqualTo("100000");
        assertThat(m.option("BLKSIZE")).isEqualTo("1468");
        assertThat(m.blksize()).isEqualTo(1468);
        assertThat(m.tsize()).isEqualTo(100000);
        assertThat(m.timeout()).isEqualTo(-1);
        assertThat(m.windowsize()).isEqualTo(-1);
        assertOnly(m);
    }

    @Test
    void data() {
        // 00 03 | block 00 2a | 5 data bytes
        TftpMessage m = TftpKaitaiAdapter.parse(msg(3, 42, "hello"));
        assertThat(m.opcodeName()).isEqualTo("DATA");
        assertThat(m.block()).isEqualTo(42);
        assertThat(m.dataLength()).isEqualTo(5);
        assertOnly(m);
    }

    @Test
    void emptyDataEndsAFileOfWholeBlocks() {
        // 00 03 | block ff ff | no data (RFC 1350 section 6: a 0-byte DATA ends the transfer)
        TftpMessage m = TftpKaitaiAdapter.parse(new byte[] {0x00, 0x03, (byte) 0xFF, (byte) 0xFF});
        assertThat(m.block()).isEqualTo(65535);
        assertThat(m.dataLength()).isZero();
        assertOnly(m);
    }

    @Test
    void ack() {
        // 00 04 | block 00 00 (acknowledges a WRQ)
        TftpMessage m = TftpKaitaiAdapter.parse(new byte[] {0x00, 0x04, 0x00, 0x00});
        assertThat(m.opcodeName()).isEqualTo("ACK");
        assertThat(m.block()).isZero();
        assertThat(m.dataLength()).isEqualTo(-1);
        assertOnly(m);
    }

    @Test
    void error() {
        // 00 05 | code 00 01 | "File not found" 00
        TftpMessage m = TftpKaitaiAdapter.parse(msg(5, 1, "File not found\0"));
        assertThat(m.opcodeName()).isEqualTo("ERROR");
        assertThat(m.errorCode()).isEqualTo(1);
        assertThat(m.errorMessage()).isEqualTo("File not found");
        assertOnly(m);
    }

    @Test
    void errorWithEmptyMessage() {
        // 00 05 | code 00 00 | 00   (an empty message is still a terminated string)
        TftpMessage m = TftpKaitaiAdapter.parse(msg(5, 0, "\0"));
        assertThat(m.errorCode()).isZero();
        assertThat(m.errorMessage()).isEmpty();
        assertOnly(m);
    }

    @Test
    void optionAcknowledgment() {
        // 00 06 | "blksize" 00 "1468" 00 | "tsize" 00 "100000" 00 | "timeout" 00 "5" 00 | "windowsize" 00 "4" 00
        TftpMessage m = TftpKaitaiAdapter.parse(msg(6, "blksize\0", "1468\0", "tsize\0", "100000\0",
                "timeout\0", "5\0", "windowsize\0", "4\0"));
        assertThat(m.opcodeName()).isEqualTo("OACK");
        assertThat(m.optionCount()).isEqualTo(4);
        assertThat(m.blksize()).isEqualTo(1468);
        assertThat(m.tsize()).isEqualTo(100000);
        assertThat(m.timeout()).isEqualTo(5);
        assertThat(m.windowsize()).isEqualTo(4);
        assertOnly(m);
    }

    @Test
    void emptyFilenameAndEmptyOptionNamesAreValues() {
        // 00 01 | 00 (empty filename) | 00 (empty mode) | 00 00 | 00 00 | 00 00 | 00 00 | 00 "octet" 00
        // ndpi__tftp.pcap frame 1: tshark shows five options with empty names
        byte[] b = {0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'o', 'c', 't', 'e', 't', 0};
        TftpMessage m = TftpKaitaiAdapter.parse(b);
        assertThat(m.opcodeName()).isEqualTo("RRQ");
        assertThat(m.filename()).isEmpty();
        assertThat(m.mode()).isEmpty();
        assertThat(m.optionCount()).isEqualTo(5);
        assertThat(m.optionName(4)).isEmpty();
        assertThat(m.optionValue(4)).isEqualTo("octet");
        assertOnly(m);
    }

    @Test
    void readsOnlyTheGivenRangeOfADirectBuffer() {
        // the ACK sits at offset 7 of a direct buffer, followed by stale bytes that would read as
        // trailing data if the adapter looked past the datagram's end
        ByteBuffer direct = ByteBuffer.allocateDirect(32);
        UnsafeBuffer buf = new UnsafeBuffer(direct);
        buf.setMemory(0, 32, (byte) 0x55);
        buf.putBytes(7, new byte[] {0x00, 0x04, 0x01, 0x02});
        TftpMessage m = new TftpKaitaiAdapter().parse(buf, 7, 4, new TftpMessage());
        assertThat(m.block()).isEqualTo(0x0102);
        assertOnly(m);
    }

    @Test
    void aReusedMessageIsClearedBetweenDatagrams() {
        TftpKaitaiAdapter adapter = new TftpKaitaiAdapter();
        TftpMessage m = new TftpMessage();
        byte[] first = msg(1, "a\0", "octet\0", "blksize\0", "x\0");
        adapter.parse(new UnsafeBuffer(first), 0, first.length, m);
        assertThat(m.eventCount()).isEqualTo(1);
        byte[] second = {0x00, 0x04, 0x00, 0x01};
        adapter.parse(new UnsafeBuffer(second), 0, second.length, m);
        assertThat(m.filename()).isNull();
        assertThat(m.mode()).isNull();
        assertThat(m.optionCount()).isZero();
        assertThat(m.blksize()).isEqualTo(-1);
        assertThat(m.block()).isEqualTo(1);
        assertOnly(m);
    }

    // ------------------------------------------------------------------ tftp.truncated

    @Test
    void truncatedBeforeTheOpcode() {
        // 00 : one byte, no opcode
        TftpMessage m = TftpKaitaiAdapter.parse(new byte[] {0x00});
        assertThat(m.opcode()).isEqualTo(-1);
        assertThat(m.opcodeName()).isNull();
        assertThat(m.status()).isEqualTo(TftpMessage.STATUS_TRUNCATED);
        assertThat(m.statusName()).isEqualTo("truncated");
        assertOnly(m, TftpKaitaiAdapter.TRUNCATED);
    }

    @Test
    void truncatedBlockNumber() {
        // 00 03 | 00 : DATA whose block number is cut after one byte
        TftpMessage m = TftpKaitaiAdapter.parse(new byte[] {0x00, 0x03, 0x00});
        assertThat(m.opcodeName()).isEqualTo("DATA");
        assertThat(m.block()).isEqualTo(-1);
        assertOnly(m, TftpKaitaiAdapter.TRUNCATED);
    }

    @Test
    void truncatedRequestWithoutFilename() {
        // 00 01 : RRQ that ends after its opcode
        TftpMessage m = TftpKaitaiAdapter.parse(new byte[] {0x00, 0x01});
        assertThat(m.opcodeName()).isEqualTo("RRQ");
        assertThat(m.filename()).isNull();
        assertOnly(m, TftpKaitaiAdapter.TRUNCATED);
    }

    @Test
    void truncatedRequestWithoutMode() {
        // 00 02 | "fw.bin" 00 : WRQ that ends after its filename
        TftpMessage m = TftpKaitaiAdapter.parse(msg(2, "fw.bin\0"));
        assertThat(m.filename()).isEqualTo("fw.bin");
        assertThat(m.mode()).isNull();
        assertThat(m.status()).isEqualTo(TftpMessage.STATUS_TRUNCATED);
        assertOnly(m, TftpKaitaiAdapter.TRUNCATED);
    }

    @Test
    void truncatedErrorWithoutMessage() {
        // 00 05 | code 00 02 : ERROR that ends after its code
        TftpMessage m = TftpKaitaiAdapter.parse(msg(5, 2));
        assertThat(m.errorCode()).isEqualTo(2);
        assertThat(m.errorMessage()).isNull();
        assertOnly(m, TftpKaitaiAdapter.TRUNCATED);
    }

    // ------------------------------------------------------------------ tftp.bad_opcode

    @Test
    void badOpcode() {
        // 00 07 | ... : opcode 7 is not defined; the unknown code is kept as a value
        TftpMessage m = TftpKaitaiAdapter.parse(new byte[] {0x00, 0x07, 0x00, 0x01});
        assertThat(m.opcode()).isEqualTo(7);
        assertThat(m.opcodeName()).isEqualTo("7");
        assertThat(m.knownOpcode()).isFalse();
        assertThat(m.status()).isEqualTo(TftpMessage.STATUS_MALFORMED);
        assertOnly(m, TftpKaitaiAdapter.BAD_OPCODE);
    }

    @Test
    void opcodeZeroIsBad() {
        // 00 00 : zero is no opcode either
        assertOnly(TftpKaitaiAdapter.parse(new byte[] {0x00, 0x00}), TftpKaitaiAdapter.BAD_OPCODE);
    }

    // ------------------------------------------------------------------ tftp.unterminated_string

    @Test
    void unterminatedFilename() {
        // 00 01 | "boot" (no NUL): the partial filename is kept, the failure recorded
        TftpMessage m = TftpKaitaiAdapter.parse(msg(1, "boot"));
        assertThat(m.filename()).isEqualTo("boot");
        assertThat(m.mode()).isNull();
        assertThat(m.status()).isEqualTo(TftpMessage.STATUS_MALFORMED);
        assertOnly(m, TftpKaitaiAdapter.UNTERMINATED_STRING);
    }

    @Test
    void unterminatedMode() {
        // 00 01 | "boot" 00 | "octe" (no NUL)
        TftpMessage m = TftpKaitaiAdapter.parse(msg(1, "boot\0", "octe"));
        assertThat(m.mode()).isEqualTo("octe");
        assertOnly(m, TftpKaitaiAdapter.UNTERMINATED_STRING);
    }

    @Test
    void unterminatedOptionValue() {
        // 00 06 | "blksize" 00 | "14" (no NUL)
        TftpMessage m = TftpKaitaiAdapter.parse(msg(6, "blksize\0", "14"));
        assertThat(m.optionCount()).isEqualTo(1);
        assertThat(m.optionValue(0)).isEqualTo("14");
        assertOnly(m, TftpKaitaiAdapter.UNTERMINATED_STRING);
    }

    @Test
    void unterminatedErrorMessage() {
        // 00 05 | code 00 01 | "File not fo" (no NUL)
        TftpMessage m = TftpKaitaiAdapter.parse(msg(5, 1, "File not fo"));
        assertThat(m.errorMessage()).isEqualTo("File not fo");
        assertOnly(m, TftpKaitaiAdapter.UNTERMINATED_STRING);
    }

    // ------------------------------------------------------------------ tftp.missing_option_value

    @Test
    void missingOptionValue() {
        // 00 01 | "a" 00 | "octet" 00 | "blksize" 00 : the datagram ends after the option name
        TftpMessage m = TftpKaitaiAdapter.parse(msg(1, "a\0", "octet\0", "blksize\0"));
        assertThat(m.optionCount()).isEqualTo(1);
        assertThat(m.optionName(0)).isEqualTo("blksize");
        assertThat(m.optionValue(0)).isNull();
        assertThat(m.blksize()).isEqualTo(-1);
        assertOnly(m, TftpKaitaiAdapter.MISSING_OPTION_VALUE);
    }

    // ------------------------------------------------------------------ tftp.bad_option_value

    @Test
    void badBlksizeValue() {
        // 00 06 | "blksize" 00 "4" 00 : below the RFC 2348 minimum of 8
        TftpMessage m = TftpKaitaiAdapter.parse(msg(6, "blksize\0", "4\0"));
        assertThat(m.optionValue(0)).isEqualTo("4");
        assertThat(m.blksize()).isEqualTo(-1);
        assertOnly(m, TftpKaitaiAdapter.BAD_OPTION_VALUE);
    }

    @Test
    void badNumbersInEveryCheckedOption() {
        // blksize 65465 (> 65464), timeout 0, tsize "-1", windowsize "x": one event for the message
        TftpMessage m = TftpKaitaiAdapter.parse(msg(1, "f\0", "octet\0", "blksize\0", "65465\0", "timeout\0", "0\0",
                "tsize\0", "-1\0", "windowsize\0", "x\0", "other\0", "anything\0"));
        assertThat(m.blksize()).isEqualTo(-1);
        assertThat(m.timeout()).isEqualTo(-1);
        assertThat(m.tsize()).isEqualTo(-1);
        assertThat(m.windowsize()).isEqualTo(-1);
        assertThat(m.optionCount()).isEqualTo(5);
        assertOnly(m, TftpKaitaiAdapter.BAD_OPTION_VALUE);
    }

    // ------------------------------------------------------------------ tftp.trailing_data

    @Test
    void trailingDataAfterAck() {
        // 00 04 | block 00 01 | de ad : an ACK is exactly four bytes
        TftpMessage m = TftpKaitaiAdapter.parse(new byte[] {0x00, 0x04, 0x00, 0x01, (byte) 0xDE, (byte) 0xAD});
        assertThat(m.block()).isEqualTo(1);
        assertOnly(m, TftpKaitaiAdapter.TRAILING_DATA);
    }

    @Test
    void trailingDataAfterErrorMessage() {
        // 00 05 | code 00 04 | "Illegal" 00 | "xx"
        TftpMessage m = TftpKaitaiAdapter.parse(msg(5, 4, "Illegal\0", "xx"));
        assertThat(m.errorMessage()).isEqualTo("Illegal");
        assertOnly(m, TftpKaitaiAdapter.TRAILING_DATA);
    }

    // ------------------------------------------------------------------ caps

    @Test
    void filenameTooLong() {
        // 00 01 | 300 x 'A' 00 | "octet" 00 : an overlong name (a server overflow attempt) is cut
        String name = "A".repeat(300);
        TftpMessage m = TftpKaitaiAdapter.parse(msg(1, name + "\0", "octet\0"));
        assertThat(m.filename()).hasSize(TftpKaitaiAdapter.MAX_FILENAME_BYTES);
        assertThat(m.filenameBytes()).isEqualTo(300);
        assertThat(m.mode()).isEqualTo("octet");
        assertThat(m.status()).isEqualTo(TftpMessage.STATUS_OK);
        assertOnly(m, TftpKaitaiAdapter.FILENAME_TOO_LONG);
    }

    @Test
    void filenameAtTheCapIsWhole() {
        String name = "B".repeat(TftpKaitaiAdapter.MAX_FILENAME_BYTES);
        TftpMessage m = TftpKaitaiAdapter.parse(msg(1, name + "\0", "octet\0"));
        assertThat(m.filename()).isEqualTo(name);
        assertOnly(m);
    }

    @Test
    void pathTraversalFilenameIsReportedAsText() {
        // 00 01 | "../../etc/passwd" 00 | "netascii" 00 : reported verbatim, never resolved
        TftpMessage m = TftpKaitaiAdapter.parse(msg(1, "../../etc/passwd\0", "netascii\0"));
        assertThat(m.filename()).isEqualTo("../../etc/passwd");
        assertOnly(m);
    }

    @Test
    void stringTooLong() {
        // 00 05 | code 00 00 | 400 x 'e' 00 : an overlong error message is cut
        TftpMessage m = TftpKaitaiAdapter.parse(msg(5, 0, "e".repeat(400) + "\0"));
        assertThat(m.errorMessage()).hasSize(TftpKaitaiAdapter.MAX_STRING_BYTES);
        assertOnly(m, TftpKaitaiAdapter.STRING_TOO_LONG);
    }

    @Test
    void tooManyOptions() {
        // 00 06 | 17 pairs "oN" 00 "N" 00 : one more than decoded
        Object[] parts = new Object[2 * (TftpKaitaiAdapter.MAX_OPTIONS + 1)];
        for (int i = 0; i <= TftpKaitaiAdapter.MAX_OPTIONS; i++) {
            parts[2 * i] = "o" + i + "\0";
            parts[2 * i + 1] = i + "\0";
        }
        TftpMessage m = TftpKaitaiAdapter.parse(msg(6, parts));
        assertThat(m.optionCount()).isEqualTo(TftpKaitaiAdapter.MAX_OPTIONS);
        assertThat(m.optionName(TftpKaitaiAdapter.MAX_OPTIONS - 1)).isEqualTo("o" + (TftpKaitaiAdapter.MAX_OPTIONS - 1));
        assertOnly(m, TftpKaitaiAdapter.TOO_MANY_OPTIONS);
    }

    @Test
    void exactlyTheMaximumOfOptionsIsNoOverflow() {
        Object[] parts = new Object[2 * TftpKaitaiAdapter.MAX_OPTIONS];
        for (int i = 0; i < TftpKaitaiAdapter.MAX_OPTIONS; i++) {
            parts[2 * i] = "o" + i + "\0";
            parts[2 * i + 1] = i + "\0";
        }
        TftpMessage m = TftpKaitaiAdapter.parse(msg(1, parts));
        // the first two strings are filename and mode, so 15 options follow
        assertThat(m.optionCount()).isEqualTo(TftpKaitaiAdapter.MAX_OPTIONS - 1);
        assertOnly(m);
        TftpMessage oack = TftpKaitaiAdapter.parse(msg(6, parts));
        assertThat(oack.optionCount()).isEqualTo(TftpKaitaiAdapter.MAX_OPTIONS);
        assertOnly(oack);
    }

    @Test
    void aDatagramOfZerosStopsAtTheOptionCap() {
        // 00 06 followed by 60000 zero bytes: 30000 empty pairs on the wire, 16 decoded
        byte[] b = new byte[60_002];
        b[1] = 6;
        TftpMessage m = TftpKaitaiAdapter.parse(b);
        assertThat(m.optionCount()).isEqualTo(TftpKaitaiAdapter.MAX_OPTIONS);
        assertOnly(m, TftpKaitaiAdapter.TOO_MANY_OPTIONS);
    }

    @Test
    void decimalParsing() {
        assertThat(TftpKaitaiAdapter.decimal("0")).isZero();
        assertThat(TftpKaitaiAdapter.decimal("512")).isEqualTo(512);
        assertThat(TftpKaitaiAdapter.decimal("")).isEqualTo(-1);
        assertThat(TftpKaitaiAdapter.decimal("+5")).isEqualTo(-1);
        assertThat(TftpKaitaiAdapter.decimal("9".repeat(19))).isEqualTo(-1);
    }
}
