package dev.vigil.sensor.app.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Sequences of mutated RTP and RTCP datagrams (bit flips, cuts, repeats, reordering, foreign
 * payloads) on the port range and on heuristic ports, through the whole pipeline: no error, every
 * {@code vigil.rtp} summary fits the event schema and keeps the loss identity
 * (lost = expected - packets), and the heuristic never reports a stream from fewer than two packets.
 */
class RtpAppProperties {
    private static Path dir;

    private static synchronized Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("vigil-rtp-props");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        if (dir != null) {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    @Property(tries = 60)
    void mutatedMediaNeverBreaksThePipeline(@ForAll long seed) {
        Random r = new Random(seed);
        RtpCapture c = new RtpCapture();
        int[][] ports = {{61000, 61002}, {17732, 9400}, {40000, 40002}};
        byte[][] rtcp = {
            dev.vigil.sensor.app.dhcp.UdpCapture.hex("81 c9 0007 0000b2b2 0000a1a1 40000005 00000064 00000050 00000000 00000000"),
            dev.vigil.sensor.app.dhcp.UdpCapture.hex("80 c8 0006 0000a1a1 00000000 00000000 00001f40 00000032 00001f40",
                    "81 ca 0003 0000a1a1 0105 616c696365 00"),
        };
        long t = 0;
        int seq = r.nextInt(65536);
        for (int i = 0; i < 120; i++) {
            t += 20_000 + r.nextInt(4_000);
            int[] p = ports[r.nextInt(ports.length)];
            byte[] b;
            int kind = r.nextInt(10);
            if (kind < 7) {
                seq = (seq + r.nextInt(4) - 1) & 0xFFFF;
                int pt = new int[] {0, 8, 13, 18, 101, 111, 77}[r.nextInt(7)];
                b = RtpCapture.rtp(pt, r.nextInt(10) == 0, seq, 160L * i, 0xA1A1 + r.nextInt(3), new byte[r.nextInt(200)]);
            } else if (kind < 9) {
                b = rtcp[r.nextInt(rtcp.length)].clone();
            } else {
                b = new byte[r.nextInt(80)];
                r.nextBytes(b);
            }
            for (int f = r.nextInt(3); f > 0 && b.length > 0; f--) {
                int bit = r.nextInt(b.length * 8);
                b[bit >> 3] ^= (byte) (1 << (bit & 7));
            }
            if (r.nextInt(8) == 0) {
                b = Arrays.copyOf(b, r.nextInt(b.length + 1));
            }
            boolean reverse = r.nextInt(4) == 0;
            int caplen = r.nextInt(10) == 0 ? 42 + r.nextInt(b.length + 1) : Integer.MAX_VALUE;
            c.udp(t, reverse ? "10.1.1.2" : "10.1.1.1", reverse ? p[1] : p[0], reverse ? "10.1.1.1" : "10.1.1.2",
                    reverse ? p[0] : p[1], b, caplen);
        }
        Analyze.Run run = Analyze.files(new AppRegistry().register(RtpApp::new), c.write(dir(), seed + ".pcap"));
        assertThat(run.result().errors()).isEmpty();
        List<JsonNode> docs = run.output().dataset("vigil.rtp");
        for (JsonNode d : docs) {
            assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
            JsonNode x = d.path("rtp");
            assertThat(x.path("lost").asLong()).isEqualTo(x.path("expected").asLong() - x.path("packets").asLong());
            assertThat(d.path("event").path("sequence").asLong()).isPositive();
            if (!x.path("recognized_by").asText().equals("sdp")) {
                assertThat(x.path("packets").asLong()).isGreaterThanOrEqualTo(2);
            }
        }
    }
}
