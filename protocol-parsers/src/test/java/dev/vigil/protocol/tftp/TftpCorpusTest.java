package dev.vigil.protocol.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.PacketDecoder;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.testing.Corpus;
import dev.vigil.protocol.testing.PcapRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every TFTP message tshark decodes in the corpus ({@code <capture>.tftp.txt}, one row per
 * message: frame, addresses, ports, opcode, file, mode, block, options, error), decoded by the
 * adapter from the same frame's UDP payload: opcode, filename and mode of requests, block of
 * DATA and ACK, error code and message, option names and values must all agree. Expected values
 * come from tshark only. (Which flows are TFTP is the sensor's business; here tshark names the
 * frames.)
 */
class TftpCorpusTest {
    private static final String[] CAPTURES = {"tftp/ndpi__tftp.pcap", "tftp/sv__tftp-tx-handling-wrq.pcap"};

    /** One row of tshark's {@code .tftp.txt} (empty columns are empty strings). */
    record Row(int frame, int opcode, String sourceFile, String destinationFile, String type, String block,
               String optionNames, String optionValues, String errorCode, String errorMessage) {
        String filename() {
            return !sourceFile.isEmpty() ? sourceFile : destinationFile;
        }
    }

    static List<Row> rows(Path capture) throws IOException {
        List<String> lines = Files.readAllLines(Corpus.groundTruth(capture, "tftp"));
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            rows.add(new Row(Integer.parseInt(f[header.indexOf("frame.number")]),
                    Integer.parseInt(f[header.indexOf("tftp.opcode")]),
                    f[header.indexOf("tftp.source_file")], f[header.indexOf("tftp.destination_file")],
                    f[header.indexOf("tftp.type")], f[header.indexOf("tftp.block")],
                    f[header.indexOf("tftp.option.name")], f[header.indexOf("tftp.option.value")],
                    f[header.indexOf("tftp.error.code")], f[header.indexOf("tftp.error.message")]));
        }
        return rows;
    }

    /** The decoded message of every UDP frame of a capture, by frame number. */
    static Map<Integer, TftpMessage> decodeAll(Path capture) {
        PacketDecoder decoder = new PacketDecoder();
        PacketView v = new PacketView();
        TftpKaitaiAdapter adapter = new TftpKaitaiAdapter();
        Map<Integer, TftpMessage> out = new TreeMap<>();
        for (PcapRecords.Packet p : PcapRecords.read(capture)) {
            UnsafeBuffer buf = new UnsafeBuffer(p.data());
            decoder.decode(buf, p.offset(), p.capturedLength(), p.originalLength(), p.linkType(), v);
            if (v.ipProtocol != 17 || !v.hasTransport()) {
                continue;
            }
            out.put(p.frame(), adapter.parse(buf, v.payloadOffset, v.payloadLength, new TftpMessage()));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyMessageAgreesWithTshark() {
        Assumptions.assumeTrue(Corpus.root() != null, "shared corpus not found");
        return Arrays.stream(CAPTURES).map(name -> DynamicTest.dynamicTest(name, () -> {
            Path capture = Corpus.file(name);
            List<Row> rows = rows(capture);
            Map<Integer, TftpMessage> ours = decodeAll(capture);
            assertThat(rows).isNotEmpty();
            int equal = 0;
            List<String> differences = new ArrayList<>();
            for (Row r : rows) {
                TftpMessage m = ours.get(r.frame());
                String diff = compare(r, m);
                if (diff == null) {
                    equal++;
                } else {
                    differences.add("frame " + r.frame() + ": " + diff);
                }
            }
            assertThat(differences).as(name).isEmpty();
            assertThat(equal).isEqualTo(rows.size());
        }));
    }

    static String compare(Row r, TftpMessage m) {
        if (m == null) {
            return "no UDP payload decoded";
        }
        if (m.opcode() != r.opcode()) {
            return "opcode " + m.opcode() + " != " + r.opcode();
        }
        switch (r.opcode()) {
            case TftpMessage.RRQ:
            case TftpMessage.WRQ:
                if (!r.filename().equals(nz(m.filename()))) {
                    return "filename " + m.filename() + " != " + r.filename();
                }
                if (!r.type().equals(nz(m.mode()))) {
                    return "mode " + m.mode() + " != " + r.type();
                }
                return compareOptions(r, m);
            case TftpMessage.DATA:
            case TftpMessage.ACK:
                return Integer.toString(m.block()).equals(r.block()) ? null : "block " + m.block() + " != " + r.block();
            case TftpMessage.ERROR:
                if (!Integer.toString(m.errorCode()).equals(r.errorCode())) {
                    return "error code " + m.errorCode() + " != " + r.errorCode();
                }
                return r.errorMessage().equals(nz(m.errorMessage())) ? null
                        : "error message " + m.errorMessage() + " != " + r.errorMessage();
            default:
                return compareOptions(r, m);
        }
    }

    /** tshark lists option names and values each comma-separated (empty names stay empty). */
    static String compareOptions(Row r, TftpMessage m) {
        StringBuilder names = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < m.optionCount(); i++) {
            if (i > 0) {
                names.append(',');
                values.append(',');
            }
            names.append(m.optionName(i));
            values.append(nz(m.optionValue(i)));
        }
        if (!names.toString().equals(r.optionNames())) {
            return "option names " + names + " != " + r.optionNames();
        }
        return values.toString().equals(r.optionValues()) ? null
                : "option values " + values + " != " + r.optionValues();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
