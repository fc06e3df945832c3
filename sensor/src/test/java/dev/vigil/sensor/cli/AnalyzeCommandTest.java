package dev.vigil.sensor.cli;

import dev.vigil.sensor.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user meets it: exit status, messages, files written. */
class AnalyzeCommandTest {
    @TempDir
    Path tmp;

    record Outcome(int status, String out, String err) {
    }

    static Outcome vigil(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Vigil.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(status, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "analyze", "capture", "demo"})
    void everyCommandHasHelp(String command) {
        String[] args = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};
        Outcome o = vigil(args);
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("Usage: vigil");
        assertThat(o.out().lines()).allMatch(l -> l.length() <= 100);
    }

    @Test
    void versionNamesTheProduct() {
        Outcome o = vigil("--version");
        assertThat(o.status()).isZero();
        assertThat(o.out()).startsWith("vigil ");
    }

    @Test
    void analyzeWritesNdjsonAndASummary() throws Exception {
        Path out = tmp.resolve("events.ndjson");
        Outcome o = vigil("analyze", Corpus.file("discovery/sv__decode-arp-2.pcap").toString(), "--ndjson",
                out.toString());
        assertThat(o.status()).as(o.err()).isZero();
        List<String> lines = Files.readAllLines(out).stream().filter(l -> !l.contains("\"dataset\":\"vigil.asset\""))
                .toList();
        // 4 ARP packets (tshark: frames 1, 2, 5, 6) and the one TCP flow (plus the inventory's documents)
        assertThat(lines).hasSize(5);
        assertThat(lines.stream().filter(l -> l.contains("\"vigil.arp\""))).hasSize(4);
        assertThat(o.err()).contains("6 packets").contains("vigil.arp 4").contains("drops:    none");
        assertThat(out.resolveSibling("events.ndjson.tmp")).doesNotExist();
    }

    @Test
    void aDirectoryIsSearchedForCaptures() throws Exception {
        Path dir = tmp.resolve("caps");
        Files.createDirectories(dir);
        Files.copy(Corpus.file("discovery/sv__decode-arp-2.pcap"), dir.resolve("a.pcap"));
        Files.copy(Corpus.file("misc/ndpi__dns.pcap"), dir.resolve("b.cap"));
        Files.writeString(dir.resolve("notes.txt"), "not a capture");
        Outcome o = vigil("analyze", dir.toString(), "--ndjson", tmp.resolve("e.ndjson").toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.err()).contains("2 file(s), 11 packets");
    }

    @Test
    void aMissingFileIsAnUsageErrorWithItsName() {
        Outcome o = vigil("analyze", tmp.resolve("nope.pcap").toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("nope.pcap: no such file or directory");
    }

    @Test
    void badMagicIsOneLineWithFileAndOffset() throws Exception {
        Path bad = tmp.resolve("bad.pcap");
        Files.writeString(bad, "this is not a capture file at all");
        Outcome o = vigil("analyze", bad.toString(), "--quiet");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err().strip().lines()).hasSize(1);
        assertThat(o.err()).contains("bad.pcap: at byte 0:");
    }

    /** A record cut short: the events of the packets before it are written, exit status 2. */
    @Test
    void aTruncatedFileKeepsTheEventsBeforeTheDamage() throws Exception {
        byte[] whole = Files.readAllBytes(Corpus.file("discovery/sv__decode-arp-2.pcap"));
        Path cut = tmp.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 20));
        Path out = tmp.resolve("cut.ndjson");
        Outcome o = vigil("analyze", cut.toString(), "--ndjson", out.toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).containsPattern("cut\\.pcap: at byte \\d+: ");
        List<String> lines = Files.readAllLines(out);
        // ARP frames 1, 2 and 5 come before the damaged last record
        assertThat(lines.stream().filter(l -> l.contains("\"vigil.arp\""))).hasSize(3);
        assertThat(o.err()).contains("5 packets");
    }

    @Test
    void decodersCanBeChosen() throws Exception {
        String snmp = Corpus.file("snmp/zeek__snmpv2_get.pcap").toString();
        Outcome all = vigil("analyze", snmp, "--ndjson", tmp.resolve("a.ndjson").toString());
        Outcome none = vigil("analyze", snmp, "--decoders", "none", "--ndjson", tmp.resolve("n.ndjson").toString());
        Outcome some = vigil("analyze", snmp, "--decoders", "dns,snmp", "--ndjson", tmp.resolve("s.ndjson").toString());
        assertThat(all.err()).contains("vigil.snmp 2");
        assertThat(none.err()).doesNotContain("vigil.snmp");
        assertThat(some.err()).contains("vigil.snmp 2");
        Outcome bad = vigil("analyze", snmp, "--decoders", "sip2");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown decoder 'sip2'").contains("snmp");
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        Outcome o = vigil("analyze", "--workers", "zero", "x.pcap");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("--workers");
    }
}
