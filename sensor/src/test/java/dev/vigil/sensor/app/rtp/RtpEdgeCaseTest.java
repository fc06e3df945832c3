package dev.vigil.sensor.app.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The streams of {@code rtp/rtp-edge-cases.pcap} (written by {@code make_edge_cases.py} next to
 * it: sequence and timestamp wrap, reordering, duplicates, loss, markers, comfort noise, telephone
 * events, H.263 frames, L16 at 44.1 kHz, a late packet and a sender restart, two SSRCs on one
 * 5-tuple) against tshark 4.0's {@code -z rtp,streams} output for the same file
 * ({@code rtp-edge-cases.rtp_streams.txt}): packets, lost, max delta and max/mean jitter, to
 * tshark's printed precision.
 */
class RtpEdgeCaseTest {
    private static final Pattern LINE = Pattern.compile(
            "^\\s*(?<start>-?[\\d.]+)\\s+(?<end>-?[\\d.]+)\\s+(?<src>\\S+)\\s+(?<sport>\\d+)\\s+(?<dst>\\S+)\\s+"
                    + "(?<dport>\\d+)\\s+(?<ssrc>0x[0-9A-Fa-f]+)\\s+(?<payload>.+?)\\s+(?<pkts>\\d+)\\s+(?<lost>-?\\d+)\\s+"
                    + "\\((?<lostpct>-?[\\d.]+)%\\)\\s+(?<mind>-?[\\d.]+)\\s+(?<meand>-?[\\d.]+)\\s+(?<maxd>-?[\\d.]+)\\s+"
                    + "(?<minj>-?[\\d.]+)\\s+(?<meanj>-?[\\d.]+)\\s+(?<maxj>-?[\\d.]+)\\s*(?<prob>X?)\\s*$");
    /** tshark prints three decimals; our doubles round to the microsecond as well. */
    private static final double MS = 0.0015;

    static Path resource(String name) {
        try {
            return Path.of(RtpEdgeCaseTest.class.getResource("/rtp/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Matcher> tsharkStreams(String name) throws IOException {
        Map<String, Matcher> out = new HashMap<>();
        try (InputStream in = RtpEdgeCaseTest.class.getResourceAsStream("/rtp/" + name)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Matcher m = LINE.matcher(line);
                if (m.matches()) {
                    out.put(key(Long.parseLong(m.group("ssrc").substring(2), 16), m.group("src"),
                            Integer.parseInt(m.group("sport")), m.group("dst"), Integer.parseInt(m.group("dport"))), m);
                }
            }
        }
        return out;
    }

    static String key(long ssrc, String src, int sport, String dst, int dport) {
        return ssrc + " " + src + ":" + sport + ">" + dst + ":" + dport;
    }

    @Test
    void everyStreamAgreesWithTshark() throws IOException {
        Map<String, Matcher> tshark = tsharkStreams("rtp-edge-cases.rtp_streams.txt");
        assertThat(tshark).hasSize(11);
        agree(Analyze.files(new AppRegistry().register(RtpApp::new), resource("rtp-edge-cases.pcap")), tshark);
    }

    /**
     * The bundled demo capture (seven G.711 streams of station, SIP and group calls, one of them
     * multicast to 239.192.1.1) through every decoder of the build: tshark's streams
     * ({@code intercom-site.rtp_streams.txt}) and the generator's loss figures, and the RTCP
     * sender reports attached.
     */
    @Test
    void demoCaptureAgreesWithTsharkAndItsGenerator() throws IOException {
        Map<String, Matcher> tshark = tsharkStreams("intercom-site.rtp_streams.txt");
        assertThat(tshark).hasSize(7);
        AppRegistry apps = dev.vigil.sensor.app.Decoders.names().contains(RtpApp.PROTOCOL) ? Analyze.decoders()
                : Analyze.decoders().register(RtpApp::new);
        Analyze.Run run = Analyze.files(apps, dev.vigil.sensor.app.dip.Demo.pcap());
        List<JsonNode> docs = agree(run, tshark);
        JsonNode truth = dev.vigil.sensor.app.dip.Demo.truth().path("rtp").path("streams");
        assertThat(truth).hasSize(7);
        for (JsonNode t : truth) {
            JsonNode d = docs.stream().filter(x -> x.path("rtp").path("ssrc").asLong()
                    == Long.parseLong(t.path("ssrc").asText().substring(2), 16)).findFirst().orElseThrow();
            assertThat(d.path("rtp").path("expected").asLong()).isEqualTo(t.path("expected").asLong());
            assertThat(d.path("rtp").path("lost").asLong()).isEqualTo(t.path("lost").asLong());
            assertThat(d.path("rtp").path("multicast").asBoolean())
                    .isEqualTo(t.path("dst").asText().startsWith("239."));
        }
        assertThat(docs).filteredOn(d -> d.path("rtp").path("rtcp").path("sender_packets").isNumber())
                .as("streams with a sender report").isNotEmpty();
    }

    private static List<JsonNode> agree(Analyze.Run run, Map<String, Matcher> tshark) {
        List<JsonNode> docs = run.output().dataset("vigil.rtp");
        assertThat(docs).hasSize(tshark.size());
        for (JsonNode d : docs) {
            assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
            JsonNode r = d.path("rtp");
            String k = key(r.path("ssrc").asLong(), d.path("source").path("ip").asText(),
                    d.path("source").path("port").asInt(), d.path("destination").path("ip").asText(),
                    d.path("destination").path("port").asInt());
            Matcher t = tshark.get(k);
            assertThat(t).as("tshark has stream %s", k).isNotNull();
            assertThat(r.path("packets").asLong()).as("%s packets", k).isEqualTo(Long.parseLong(t.group("pkts")));
            assertThat(r.path("lost").asLong()).as("%s lost", k).isEqualTo(Long.parseLong(t.group("lost")));
            assertThat(r.path("max_delta_ms").asDouble()).as("%s max delta", k)
                    .isCloseTo(Double.parseDouble(t.group("maxd")), within(MS));
            assertThat(r.has("mos")).as("%s: a score for speech only", k)
                    .isEqualTo(r.has("jitter") && !t.group("payload").equals("h263"));
            if (Double.parseDouble(t.group("minj")) >= 0) {
                assertThat(r.path("jitter").path("max_ms").asDouble()).as("%s max jitter", k)
                        .isCloseTo(Double.parseDouble(t.group("maxj")), within(MS));
                assertThat(r.path("jitter").path("mean_ms").asDouble()).as("%s mean jitter", k)
                        .isCloseTo(Double.parseDouble(t.group("meanj")), within(MS));
            } else {
                assertThat(r.has("jitter")).as("%s: tshark has no jitter", k).isFalse();
            }
        }
        return docs;
    }
}
