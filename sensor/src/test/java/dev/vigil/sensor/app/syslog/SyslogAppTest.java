package dev.vigil.sensor.app.syslog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.dip.TestCapture;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Syslog in the pipeline over hand-made captures: UDP and TCP (RFC 6587) messages, the decode
 * events the app records (caps, framing, gaps) and their way into {@code vigil.decode}.
 */
class SyslogAppTest {
    private static final String SENDER = "10.20.0.10";
    private static final String COLLECTOR = "10.20.0.3";

    @TempDir
    Path dir;

    private Analyze.Run analyze(TestCapture c) {
        Analyze.Run run = Analyze.files(new AppRegistry().register(SyslogApp::new), c.write(dir, "s.pcap"));
        assertThat(run.result().errors()).isEmpty();
        for (JsonNode d : run.output().docs()) {
            assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
        }
        return run;
    }

    private static List<String> decodeKeys(Analyze.Run run) {
        List<String> k = new ArrayList<>();
        run.output().dataset("vigil.decode").forEach(d -> k.add(d.path("decode").path("key").asText()));
        return k;
    }

    @Test
    void udpRfc5424FieldsAndNames() {
        TestCapture c = new TestCapture();
        c.udp(SENDER, 514, COLLECTOR, 514, "<133>1 2026-03-02T08:00:00.040Z icx-alphacom alphacom 77 SYSTEM "
                + "[origin@1 ip=\"10.20.0.10\"] System start");
        JsonNode s = analyze(c).output().dataset(SyslogApp.DATASET).get(0).path("syslog");
        assertThat(s.path("format").asText()).isEqualTo("rfc5424");
        assertThat(s.path("priority").asInt()).isEqualTo(133);
        assertThat(s.path("facility").path("code").asInt()).isEqualTo(16);
        assertThat(s.path("facility").path("name").asText()).isEqualTo("local0");
        assertThat(s.path("severity").path("code").asInt()).isEqualTo(5);
        assertThat(s.path("severity").path("name").asText()).isEqualTo("notice");
        assertThat(s.path("version").asInt()).isEqualTo(1);
        assertThat(s.path("timestamp").asText()).isEqualTo("2026-03-02T08:00:00.040Z");
        assertThat(s.path("hostname").asText()).isEqualTo("icx-alphacom");
        assertThat(s.path("appname").asText()).isEqualTo("alphacom");
        assertThat(s.path("procid").asText()).isEqualTo("77");
        assertThat(s.path("msgid").asText()).isEqualTo("SYSTEM");
        assertThat(s.path("structured_data").asText()).isEqualTo("[origin@1 ip=\"10.20.0.10\"]");
        assertThat(s.path("message").asText()).isEqualTo("System start");
        assertThat(s.has("framing")).isFalse();
    }

    @Test
    void parserEventsReachVigilDecode() {
        TestCapture c = new TestCapture();
        c.udp(SENDER, 514, COLLECTOR, 514, "");                                      // syslog.empty
        c.udp(SENDER, 514, COLLECTOR, 514, "no priority");                           // syslog.bad_pri
        c.udp(SENDER, 514, COLLECTOR, 514, "<14>1 - host");                          // syslog.bad_header
        c.udp(SENDER, 514, COLLECTOR, 514, "<14>1 yesterday h a - - - x");           // syslog.bad_timestamp
        c.udp(SENDER, 514, COLLECTOR, 514, "<14>1 - h a - - [x y");                  // syslog.bad_structured_data
        Analyze.Run run = analyze(c);
        assertThat(decodeKeys(run)).containsExactlyInAnyOrder("syslog.empty", "syslog.bad_pri", "syslog.bad_header",
                "syslog.bad_timestamp", "syslog.bad_structured_data");
        List<JsonNode> e = run.output().dataset(SyslogApp.DATASET);
        assertThat(e).hasSize(4);
        assertThat(e.get(0).path("syslog").has("priority")).isFalse();
        assertThat(e.get(0).path("syslog").path("anomalies").get(0).asText()).isEqualTo("syslog.bad_pri");
    }

    @Test
    void messageTooLong() {
        TestCapture c = new TestCapture();
        c.udp(SENDER, 514, COLLECTOR, 514, "<14>1 - h a - - - " + "m".repeat(1500));
        Analyze.Run run = analyze(c);
        JsonNode s = run.output().dataset(SyslogApp.DATASET).get(0).path("syslog");
        assertThat(s.path("message").asText()).hasSize(SyslogLogger.MAX_TEXT_BYTES);
        assertThat(s.path("message_length").asInt()).isEqualTo(1500);
        assertThat(s.path("anomalies").get(0).asText()).isEqualTo("syslog.message_too_long");
        assertThat(decodeKeys(run)).containsExactly("syslog.message_too_long");
    }

    @Test
    void tcpOctetCountingAndNonTransparentFraming() {
        TestCapture c = new TestCapture();
        c.session(SENDER, 40000, COLLECTOR, 514)                        // 1-3
                .send(0, "51 <13>Oct 11 22:14:15 mymachine su: 'su")    // 4: a frame split over two segments
                .send(0, " root' failed <14>Oct 11 22:14:16 mymachine su: 'su root' failed\n"
                        + "<15>Oct 11 22:14:17 mymachine su: last")     // 5: ends one, one whole, one unterminated
                .close(0);                                              // 6-8: FIN: the last frame is passed on
        Analyze.Run run = analyze(c);
        List<JsonNode> e = run.output().dataset(SyslogApp.DATASET);
        assertThat(e).extracting(x -> x.path("event").path("sequence").asInt()).containsExactly(5, 5, 6);
        assertThat(e).extracting(x -> x.path("syslog").path("framing").asText())
                .containsExactly("octet_counting", "non_transparent", "non_transparent");
        assertThat(e).extracting(x -> x.path("syslog").path("message").asText())
                .containsExactly("'su root' failed ", "'su root' failed", "last");
        assertThat(e.get(0).path("network").path("transport").asText()).isEqualTo("tcp");
        assertThat(e.get(0).path("destination").path("port").asInt()).isEqualTo(514);
        assertThat(decodeKeys(run)).isEmpty();
    }

    @Test
    void badFramingOnTcp514() {
        // RSH's opening ("port\0user\0user\0command\0") is not syslog: reported once, then ignored
        TestCapture c = new TestCapture();
        c.session("10.20.0.50", 1022, COLLECTOR, 514).send(0, "0\0root\0root\0ls\0").send(0, "<13>x\n").send(1, "\0");
        Analyze.Run run = analyze(c);
        assertThat(run.output().dataset(SyslogApp.DATASET)).isEmpty();
        assertThat(decodeKeys(run)).containsExactly("syslog.bad_framing");
    }

    @Test
    void frameTooLongAndIncomplete() {
        TestCapture c = new TestCapture();
        c.session(SENDER, 40001, COLLECTOR, 514)
                .send(0, "9000 <14>1 - h a - - - " + "x".repeat(8982))        // 4: one 9000-byte frame
                .send(0, "30 <14>1 - h a - - - abc")                          // 5: 21 of 30 bytes
                .sendAfterLoss(0, 9, "<14>1 - h a - - - next\n");             // 6: the 9 bytes are never seen
        Analyze.Run run = analyze(c);
        List<JsonNode> e = run.output().dataset(SyslogApp.DATASET);
        assertThat(e).hasSize(3);
        JsonNode big = e.get(0).path("syslog");
        assertThat(big.path("anomalies").toString()).contains("syslog.frame_too_long", "syslog.message_too_long");
        JsonNode cut = e.get(1).path("syslog");
        assertThat(cut.path("incomplete").asBoolean()).isTrue();
        assertThat(cut.path("message").asText()).isEqualTo("abc");
        assertThat(cut.path("anomalies").toString()).doesNotContain("frame_too_long");
        assertThat(e.get(2).path("syslog").path("message").asText()).isEqualTo("next");
        assertThat(decodeKeys(run)).contains("syslog.frame_too_long", "syslog.message_too_long", "syslog.incomplete",
                "tcp.reassembly_gap");
    }
}
