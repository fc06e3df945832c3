package dev.vigil.sensor.capture;

import dev.vigil.sensor.testing.Corpus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every capture of the shared corpus, read fully; a few of them compared with tshark frame by frame. */
class CaptureFileReaderCorpusTest {

    static Stream<Corpus.Entry> corpus() {
        return Corpus.entries().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void readsEveryPacketWithTheManifestLinkType(Corpus.Entry entry) throws Exception {
        RecordedPacket.Recorder recorder = new RecordedPacket.Recorder();
        try (CaptureFileReader reader = CaptureFileReader.open(entry.file())) {
            assertThat(reader.format()).isEqualTo(entry.format());
            assertThat(reader.read(recorder)).isEqualTo(entry.packets());
            assertThat(reader.packets()).isEqualTo(entry.packets());
            assertThat(reader.position()).isEqualTo(reader.size()).isEqualTo(Files.size(entry.file()));
        }
        assertThat(recorder.packets).hasSize((int) entry.packets());
        for (int i = 0; i < recorder.packets.size(); i++) {
            RecordedPacket p = recorder.packets.get(i);
            assertThat(p.frame()).isEqualTo(i + 1);
            assertThat(p.linkType()).as("link type of frame %d", i + 1).isEqualTo(entry.linkType());
            assertThat(p.capturedLength()).isLessThanOrEqualTo(p.originalLength());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void smallWindowsGiveTheSameResult(Corpus.Entry entry) throws Exception {
        RecordedPacket.Recorder big = new RecordedPacket.Recorder();
        RecordedPacket.Recorder small = new RecordedPacket.Recorder();
        try (CaptureFileReader reader = CaptureFileReader.open(entry.file())) {
            reader.read(big);
        }
        try (CaptureFileReader reader = CaptureFileReader.open(entry.file(), 4096)) {
            reader.read(small);
        }
        assertThat(small.packets).isEqualTo(big.packets);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "misc/ndpi__rsh-syslog-false-positive.pcap",   // raw IP, 2 frames cut by the snap length
            "misc/ndpi__dns.pcap",                          // pcapng content with a .pcap name
            "sip/ndpi__gre.pcapng",
            "rtp/ndpi__rtp.pcapng",
            "rtp/ndpi__stun_dtls_rtp.pcapng",
            "sip/heplify__erspan_sip_ipv4_udp.pcapng",
            "tls/ndpi__tls_ech.pcapng",
            "sip/sv__sip-body-large.pcap",                  // BSD loopback
            "rtp/ndpi__rtcp_multiple_pkts_in_the_same_datagram.pcap", // Linux SLL
            "sip/ndpi__sip.pcap",
    })
    void matchesTshark(String relative) throws Exception {
        assumeTrue(Tools.has("tshark"), "tshark not installed");
        Path file = Corpus.file(relative);
        List<String[]> expected = tshark(file);
        RecordedPacket.Recorder recorder = new RecordedPacket.Recorder();
        long truncated;
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            reader.read(recorder);
            truncated = reader.truncatedRecords();
        }
        assertThat(recorder.packets).hasSize(expected.size());
        long cut = 0;
        for (int i = 0; i < expected.size(); i++) {
            String[] e = expected.get(i);
            RecordedPacket p = recorder.packets.get(i);
            assertThat(p.frame()).isEqualTo(Long.parseLong(e[0]));
            assertThat(p.originalLength()).as("frame.len of %d", p.frame()).isEqualTo(Integer.parseInt(e[1]));
            assertThat(p.capturedLength()).as("frame.cap_len of %d", p.frame()).isEqualTo(Integer.parseInt(e[2]));
            long nanos = new BigDecimal(e[3]).movePointRight(9).longValueExact();
            assertThat(p.timestampNanos()).as("frame.time_epoch of %d", p.frame()).isEqualTo(nanos);
            if (p.capturedLength() < p.originalLength()) {
                cut++;
            }
        }
        assertThat(truncated).isEqualTo(cut);
        if (relative.startsWith("misc/ndpi__rsh")) {
            assertThat(truncated).isEqualTo(2);
        }
    }

    private static List<String[]> tshark(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tshark", "-r", file.toString(), "-T", "fields", "-e", "frame.number",
                "-e", "frame.len", "-e", "frame.cap_len", "-e", "frame.time_epoch")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                rows.add(line.split("\t"));
            }
        }
        return rows;
    }
}
