package dev.vigil.sensor.app.tftp;

import static dev.vigil.sensor.app.tftp.TftpCapture.CLIENT;
import static dev.vigil.sensor.app.tftp.TftpCapture.SERVER;
import static dev.vigil.sensor.app.tftp.TftpCapture.ack;
import static dev.vigil.sensor.app.tftp.TftpCapture.data;
import static dev.vigil.sensor.app.tftp.TftpCapture.error;
import static dev.vigil.sensor.app.tftp.TftpCapture.oack;
import static dev.vigil.sensor.app.tftp.TftpCapture.rrq;
import static dev.vigil.sensor.app.tftp.TftpCapture.wrq;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-written transfers through the whole pipeline with only the TFTP decoder registered: the
 * reply flow from the server's new port is followed, one event per message, one summary per
 * transfer, and each way a transfer ends. Client 192.168.0.2, server 192.168.0.1.
 */
class TftpAppTest {
    @TempDir
    Path dir;

    private Analyze.Run run(TftpCapture c) {
        return run(c, new AppRegistry().register(TftpApp::new));
    }

    private Analyze.Run run(TftpCapture c, AppRegistry apps) {
        return Analyze.files(apps, c.write(dir, "t.pcap"));
    }

    private static List<JsonNode> messages(Analyze.Run r) {
        return r.output().dataset("vigil.tftp").stream().filter(d -> d.path("tftp").has("opcode"))
                .collect(Collectors.toList());
    }

    private static List<JsonNode> summaries(Analyze.Run r) {
        return r.output().dataset("vigil.tftp").stream().filter(d -> d.path("tftp").has("transfer"))
                .collect(Collectors.toList());
    }

    private static List<String> decodeKeys(Analyze.Run r) {
        return r.output().dataset("vigil.decode").stream().map(d -> d.path("decode").path("key").asText())
                .collect(Collectors.toList());
    }

    private static List<String> opcodes(Analyze.Run r) {
        return messages(r).stream().map(d -> d.path("tftp").path("opcode").asText()).collect(Collectors.toList());
    }

    @Test
    void readTransferFollowsTheServersNewPort() {
        // RRQ 50618 -> 69; the server answers from 3445 (RFC 1350 section 4); last DATA has 100 bytes
        Analyze.Run r = run(new TftpCapture()
                .udp(CLIENT, 50618, SERVER, 69, rrq("rfc1350.txt"))
                .udp(SERVER, 3445, CLIENT, 50618, data(1, 512))
                .udp(CLIENT, 50618, SERVER, 3445, ack(1))
                .udp(SERVER, 3445, CLIENT, 50618, data(2, 100))
                .udp(CLIENT, 50618, SERVER, 3445, ack(2)));
        assertThat(opcodes(r)).containsExactly("RRQ", "DATA", "ACK", "DATA", "ACK");
        List<JsonNode> m = messages(r);
        assertThat(m.get(0).path("tftp").path("filename").asText()).isEqualTo("rfc1350.txt");
        assertThat(m.get(0).path("tftp").path("mode").asText()).isEqualTo("octet");
        assertThat(m.get(0).path("destination").path("port").asInt()).isEqualTo(69);
        for (int i = 0; i < m.size(); i++) {
            assertThat(m.get(i).path("event").path("sequence").asLong()).isEqualTo(i + 1);
            assertThat(m.get(i).path("network").path("transport").asText()).isEqualTo("udp");
        }
        assertThat(m.get(1).path("tftp").path("block").asInt()).isEqualTo(1);
        assertThat(m.get(1).path("tftp").path("filename").asText()).isEqualTo("rfc1350.txt");
        assertThat(m.get(1).path("source").path("port").asInt()).isEqualTo(3445);
        assertThat(m.get(4).path("tftp").path("block").asInt()).isEqualTo(2);

        List<JsonNode> s = summaries(r);
        assertThat(s).hasSize(1);
        JsonNode t = s.get(0);
        assertThat(t.path("tftp").has("opcode")).isFalse();
        assertThat(t.path("event").path("sequence").asLong()).isEqualTo(5);
        assertThat(t.path("event").path("duration").asLong()).isEqualTo(40_000_000L);
        assertThat(t.path("source").path("ip").asText()).isEqualTo("192.168.0.2");
        assertThat(t.path("source").path("port").asInt()).isEqualTo(50618);
        assertThat(t.path("destination").path("ip").asText()).isEqualTo("192.168.0.1");
        assertThat(t.path("destination").path("port").asInt()).isEqualTo(3445);
        assertThat(t.path("tftp").path("filename").asText()).isEqualTo("rfc1350.txt");
        JsonNode x = t.path("tftp").path("transfer");
        assertThat(x.path("state").asText()).isEqualTo("completed");
        assertThat(x.path("direction").asText()).isEqualTo("read");
        assertThat(x.path("bytes").asLong()).isEqualTo(612);
        assertThat(x.path("blocks").asLong()).isEqualTo(2);
        assertThat(x.path("blksize").asLong()).isEqualTo(512);
        assertThat(x.path("retransmits").asLong()).isZero();
        assertThat(decodeKeys(r)).isEmpty();
        for (JsonNode d : r.output().dataset("vigil.tftp")) {
            assertThat(EventSchema.validate(d)).as(d.toString()).isEmpty();
        }
    }

    @Test
    void writeTransferWithNegotiatedBlockSize() {
        // WRQ blksize 1024 -> OACK from 2087 -> client sends DATA 1 (1024 bytes) and DATA 2 (10 bytes)
        Analyze.Run r = run(new TftpCapture()
                .udp(CLIENT, 40000, SERVER, 69, wrq("fw.bin", "blksize", "1024", "tsize", "1034"))
                .udp(SERVER, 2087, CLIENT, 40000, oack("blksize", "1024", "tsize", "1034"))
                .udp(CLIENT, 40000, SERVER, 2087, data(1, 1024))
                .udp(SERVER, 2087, CLIENT, 40000, ack(1))
                .udp(CLIENT, 40000, SERVER, 2087, data(2, 10))
                .udp(SERVER, 2087, CLIENT, 40000, ack(2)));
        assertThat(opcodes(r)).containsExactly("WRQ", "OACK", "DATA", "ACK", "DATA", "ACK");
        JsonNode options = messages(r).get(1).path("tftp").path("options");
        assertThat(options).hasSize(2);
        assertThat(options.get(0).path("name").asText()).isEqualTo("blksize");
        assertThat(options.get(0).path("value").asText()).isEqualTo("1024");
        assertThat(messages(r).get(0).path("tftp").path("options")).hasSize(2);
        JsonNode x = summaries(r).get(0).path("tftp").path("transfer");
        assertThat(x.path("state").asText()).isEqualTo("completed");
        assertThat(x.path("direction").asText()).isEqualTo("write");
        assertThat(x.path("blksize").asLong()).isEqualTo(1024);
        assertThat(x.path("bytes").asLong()).isEqualTo(1034);
        assertThat(x.path("blocks").asLong()).isEqualTo(2);
    }

    @Test
    void aBlockSizeOnlyRequestedStaysAtTheDefault() {
        // the server ignores the blksize option (no OACK): 512 applies, so 600 bytes is not the end
        Analyze.Run r = run(new TftpCapture()
                .udp(CLIENT, 40001, SERVER, 69, rrq("a.cfg", "blksize", "1024"))
                .udp(SERVER, 2088, CLIENT, 40001, data(1, 512))
                .udp(CLIENT, 40001, SERVER, 2088, ack(1))
                .udp(SERVER, 2088, CLIENT, 40001, data(2, 88))
                .udp(CLIENT, 40001, SERVER, 2088, ack(2)));
        JsonNode x = summaries(r).get(0).path("tftp").path("transfer");
        assertThat(x.path("state").asText()).isEqualTo("completed");
        assertThat(x.path("blksize").asLong()).isEqualTo(512);
    }

    @Test
    void retransmittedBlocksAreCountedAndMarked() {
        // DATA 1 is sent twice (its ACK was lost), the final ACK twice
        Analyze.Run r = run(new TftpCapture()
                .udp(CLIENT, 50000, SERVER, 69, rrq("x"))
                .udp(SERVER, 3000, CLIENT, 50000, data(1, 512))
                .udp(SERVER, 3000, CLIENT, 50000, data(1, 512))
                .udp(CLIENT, 50000, SERVER, 3000, ack(1))
                .udp(SERVER, 3000, CLIENT, 50000, data(2, 0))
                .udp(CLIENT, 50000, SERVER, 3000, ack(2))
                .udp(CLIENT, 50000, SERVER, 3000, ack(2)));
        assertThat(opcodes(r)).containsExactly("RRQ", "DATA", "DATA", "ACK", "DATA", "ACK", "ACK");
        List<JsonNode> m = messages(r);
        assertThat(m.get(1).path("tftp").has("retransmission")).isFalse();
        assertThat(m.get(2).path("tftp").path("retransmission").asBoolean()).isTrue();
        List<JsonNode> s = summaries(r);
        assertThat(s).hasSize(1);
        JsonNode x = s.get(0).path("tftp").path("transfer");
        assertThat(x.path("state").asText()).isEqualTo("completed");
        assertThat(x.path("retransmits").asLong()).isEqualTo(1);
        assertThat(x.path("blocks").asLong()).isEqualTo(2);
        assertThat(x.path("bytes").asLong()).isEqualTo(512);
        assertThat(s.get(0).path("event").path("sequence").asLong()).isEqualTo(6);
    }

    @Test
    void anErrorEndsTheTransfer() {
        Analyze.Run r = run(new TftpCapture()
                .udp(CLIENT, 50001, SERVER, 69, rrq("missing.bin"))
                .udp(SERVER, 3001, CLIENT, 50001, error(1, "File not found")));
        assertThat(opcodes(r)).containsExactly("RRQ", "ERROR");
        JsonNode e = messages(r).get(1).path("tftp").path("error");
        assertThat(e.path("code").asInt()).isEqualTo(1);
        assertThat(e.path("message").asText()).isEqualTo("File not found");
        JsonNode s = summaries(r).get(0);
        assertThat(s.path("tftp").path("transfer").path("state").asText()).isEqualTo("error");
        assertThat(s.path("tftp").path("error").path("code").asInt()).isEqualTo(1);
        assertThat(s.path("tftp").path("error").path("message").asText()).isEqualTo("File not found");
        assertThat(s.path("event").path("sequence").asLong()).isEqualTo(2);
    }

    @Test
    void anUnansweredRequestIsIncompleteAndItsRetransmissionsCounted() {
        // the client repeats its RRQ; nobody answers; the transfer ends with the input
        Analyze.Run r = run(new TftpCapture().step(1_000_000)
                .udp(CLIENT, 50002, SERVER, 69, rrq("boot.img"))
                .udp(CLIENT, 50002, SERVER, 69, rrq("boot.img")));
        assertThat(opcodes(r)).containsExactly("RRQ", "RRQ");
        List<JsonNode> s = summaries(r);
        assertThat(s).hasSize(1);
        JsonNode x = s.get(0).path("tftp").path("transfer");
        assertThat(x.path("state").asText()).isEqualTo("incomplete");
        assertThat(x.path("retransmits").asLong()).isEqualTo(1);
        assertThat(x.path("blocks").asLong()).isZero();
        assertThat(s.get(0).path("destination").path("port").asInt()).isEqualTo(69);
        assertThat(s.get(0).path("event").path("sequence").asLong()).isEqualTo(2);
    }

    @Test
    void aTransferCutShortIsIncomplete() {
        Analyze.Run r = run(new TftpCapture()
                .udp(CLIENT, 50003, SERVER, 69, rrq("big.bin"))
                .udp(SERVER, 3003, CLIENT, 50003, data(1, 512))
                .udp(CLIENT, 50003, SERVER, 3003, ack(1)));
        JsonNode s = summaries(r).get(0);
        assertThat(s.path("tftp").path("transfer").path("state").asText()).isEqualTo("incomplete");
        assertThat(s.path("tftp").path("transfer").path("bytes").asLong()).isEqualTo(512);
        assertThat(s.path("event").path("sequence").asLong()).isEqualTo(3);
    }

    @Test
    void aDatagramCutByTheSnaplenDoesNotEndTheTransfer() {
        // DATA 1 had 512 bytes on the wire but only 100 were captured
        Analyze.Run r = run(new TftpCapture()
                .udp(CLIENT, 50004, SERVER, 69, rrq("c.bin"))
                .udp(SERVER, 3004, CLIENT, 50004, data(1, 512), 100)
                .udp(CLIENT, 50004, SERVER, 3004, ack(1)));
        assertThat(summaries(r).get(0).path("tftp").path("transfer").path("state").asText()).isEqualTo("incomplete");
    }

    @Test
    void aServerAnsweringFromPort69KeepsTheTransferOnTheRequestFlow() {
        Analyze.Run r = run(new TftpCapture()
                .udp(CLIENT, 50005, SERVER, 69, rrq("small.txt"))
                .udp(SERVER, 69, CLIENT, 50005, data(1, 20))
                .udp(CLIENT, 50005, SERVER, 69, ack(1)));
        assertThat(opcodes(r)).containsExactly("RRQ", "DATA", "ACK");
        List<JsonNode> s = summaries(r);
        assertThat(s).hasSize(1);
        assertThat(s.get(0).path("tftp").path("transfer").path("state").asText()).isEqualTo("completed");
        assertThat(s.get(0).path("destination").path("port").asInt()).isEqualTo(69);
    }

    @Test
    void twoTransfersFromOneClientAtOnce() {
        // two requests from two client ports, answered from two server ports, interleaved
        Analyze.Run r = run(new TftpCapture()
                .udp(CLIENT, 1001, SERVER, 69, rrq("one"))
                .udp(CLIENT, 1002, SERVER, 69, wrq("two"))
                .udp(SERVER, 5002, CLIENT, 1002, ack(0))
                .udp(SERVER, 5001, CLIENT, 1001, data(1, 3))
                .udp(CLIENT, 1002, SERVER, 5002, data(1, 7))
                .udp(CLIENT, 1001, SERVER, 5001, ack(1))
                .udp(SERVER, 5002, CLIENT, 1002, ack(1)));
        List<JsonNode> s = summaries(r);
        assertThat(s).hasSize(2);
        assertThat(s.stream().map(d -> d.path("tftp").path("filename").asText() + ":"
                + d.path("tftp").path("transfer").path("state").asText() + ":"
                + d.path("tftp").path("transfer").path("bytes").asLong()))
                .containsExactlyInAnyOrder("one:completed:3", "two:completed:7");
        assertThat(messages(r).get(2).path("tftp").path("filename").asText()).isEqualTo("two");
        assertThat(messages(r).get(3).path("tftp").path("filename").asText()).isEqualTo("one");
    }

    @Test
    void aSecondRequestAnsweredFromTheSameServerPort() {
        // the client reuses its port for a second file and the server answers from the same port:
        // the reply flow (still alive) carries the second transfer
        Analyze.Run r = run(new TftpCapture()
                .udp(CLIENT, 1003, SERVER, 69, rrq("first"))
                .udp(SERVER, 5003, CLIENT, 1003, data(1, 5))
                .udp(CLIENT, 1003, SERVER, 5003, ack(1))
                .udp(CLIENT, 1003, SERVER, 69, rrq("second"))
                .udp(SERVER, 5003, CLIENT, 1003, data(1, 6))
                .udp(CLIENT, 1003, SERVER, 5003, ack(1)));
        assertThat(summaries(r).stream().map(d -> d.path("tftp").path("filename").asText() + ":"
                + d.path("tftp").path("transfer").path("state").asText() + ":"
                + d.path("tftp").path("transfer").path("bytes").asLong()
                + "@" + d.path("event").path("sequence").asLong()))
                .containsExactly("first:completed:5@3", "second:completed:6@6");
        assertThat(messages(r).get(4).path("tftp").path("filename").asText()).isEqualTo("second");
    }

    @Test
    void blockNumbersWrapAround() {
        // blksize 8 via OACK; blocks 65535 and 0 follow each other (RFC 7440 section 4 notes the wrap)
        TftpCapture c = new TftpCapture()
                .udp(CLIENT, 50006, SERVER, 69, rrq("wrap", "blksize", "8"))
                .udp(SERVER, 3006, CLIENT, 50006, oack("blksize", "8"))
                .udp(CLIENT, 50006, SERVER, 3006, ack(0))
                .udp(SERVER, 3006, CLIENT, 50006, data(65535, 8))
                .udp(CLIENT, 50006, SERVER, 3006, ack(65535))
                .udp(SERVER, 3006, CLIENT, 50006, data(0, 8))
                .udp(SERVER, 3006, CLIENT, 50006, data(0, 8))
                .udp(CLIENT, 50006, SERVER, 3006, ack(0))
                .udp(SERVER, 3006, CLIENT, 50006, data(1, 2))
                .udp(CLIENT, 50006, SERVER, 3006, ack(1));
        JsonNode x = summaries(run(c)).get(0).path("tftp").path("transfer");
        assertThat(x.path("state").asText()).isEqualTo("completed");
        assertThat(x.path("blocks").asLong()).isEqualTo(3);
        assertThat(x.path("retransmits").asLong()).isEqualTo(1);
        assertThat(x.path("bytes").asLong()).isEqualTo(18);
    }

    @Test
    void aFlowOnAnotherPortWithoutRequestIsNotTftp() {
        // DATA-looking datagrams between two ephemeral ports, no request seen: not claimed
        Analyze.Run r = run(new TftpCapture()
                .udp(SERVER, 3445, CLIENT, 50618, data(1, 512))
                .udp(CLIENT, 50618, SERVER, 3445, ack(1)));
        assertThat(r.output().dataset("vigil.tftp")).isEmpty();
    }

    @Test
    void tooManyPendingTransfers() {
        // a decoder that follows 2 unanswered requests at most; the third request pushes out the first
        Analyze.Run r = run(new TftpCapture()
                .udp(CLIENT, 2001, SERVER, 69, rrq("a"))
                .udp(CLIENT, 2002, SERVER, 69, rrq("b"))
                .udp(CLIENT, 2003, SERVER, 69, rrq("c"))
                .udp(SERVER, 6003, CLIENT, 2003, data(1, 1))
                .udp(CLIENT, 2003, SERVER, 6003, ack(1)),
                new AppRegistry().register(() -> new TftpApp(2)));
        assertThat(decodeKeys(r)).containsExactly("tftp.too_many_transfers");
        JsonNode d = r.output().dataset("vigil.decode").get(0);
        assertThat(d.path("event").path("sequence").asLong()).isEqualTo(3);
        assertThat(d.path("decode").path("kind").asText()).isEqualTo("overflow");
        assertThat(opcodes(r)).containsExactly("RRQ", "RRQ", "RRQ", "DATA", "ACK");
        // every request still ends: "a" by its request flow, "c" completed
        assertThat(summaries(r).stream().map(s -> s.path("tftp").path("filename").asText() + ":"
                + s.path("tftp").path("transfer").path("state").asText()))
                .containsExactlyInAnyOrder("a:incomplete", "b:incomplete", "c:completed");
    }

    @Test
    void anEvictedRequestsReplyIsStillDecodedWithoutItsFilename() {
        // "a" is pushed out of the pending table before its server answers: the announced reply
        // flow is still TFTP, but its transfer no longer knows the file
        Analyze.Run r = run(new TftpCapture()
                .udp(CLIENT, 2001, SERVER, 69, rrq("a"))
                .udp(CLIENT, 2002, SERVER, 69, rrq("b"))
                .udp(SERVER, 6001, CLIENT, 2001, data(1, 1))
                .udp(CLIENT, 2001, SERVER, 6001, ack(1)),
                new AppRegistry().register(() -> new TftpApp(1)));
        assertThat(opcodes(r)).containsExactly("RRQ", "RRQ", "DATA", "ACK");
        assertThat(messages(r).get(2).path("tftp").has("filename")).isFalse();
        assertThat(summaries(r).stream().map(s -> s.path("tftp").path("filename").asText("-") + ":"
                + s.path("tftp").path("transfer").path("state").asText()))
                .containsExactlyInAnyOrder("a:incomplete", "b:incomplete", "-:completed");
    }

    // ------------------------------------------------------------------ decode events in the pipeline

    @Test
    void malformedDatagramsBecomeDecodeEventsAndPartialMessages() {
        Analyze.Run r = run(new TftpCapture()
                .udp(CLIENT, 3001, SERVER, 69, new byte[] {0x00})                        // no opcode
                .udp(CLIENT, 3002, SERVER, 69, new byte[] {0x00, 0x09, 0x00, 0x01})      // opcode 9
                .udp(CLIENT, 3003, SERVER, 69, new byte[] {0x00, 0x01, 'a', 'b'})        // filename without NUL
                .udp(CLIENT, 3004, SERVER, 69, TftpCapture.rrq("A".repeat(400))));       // overlong filename
        assertThat(decodeKeys(r)).containsExactly("tftp.truncated", "tftp.bad_opcode", "tftp.unterminated_string",
                "tftp.filename_too_long");
        // no event for a datagram without an opcode; the others are messages carrying their failure
        List<JsonNode> m = messages(r);
        assertThat(opcodes(r)).containsExactly("9", "RRQ", "RRQ");
        assertThat(m.get(0).path("tftp").path("status").asText()).isEqualTo("malformed");
        assertThat(m.get(1).path("tftp").path("filename").asText()).isEqualTo("ab");
        assertThat(m.get(1).path("tftp").path("status").asText()).isEqualTo("malformed");
        assertThat(m.get(2).path("tftp").path("filename").asText()).hasSize(255);
        assertThat(m.get(2).path("tftp").has("status")).isFalse();
    }
}
