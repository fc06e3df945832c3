package dev.vigil.sensor.app.dip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.discovery.DiscoveryApp;
import dev.vigil.sensor.app.syslog.SyslogApp;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arbitrary and mutated payloads on the DIP, discovery and syslog ports, over UDP and TCP
 * (segments in and out of order, lost bytes), through the whole pipeline: no error, every
 * document fits the event schema, every event carries its frame number.
 */
class IntercomAppsProperties {
    private static final String[] SEEDS = {
        "2 con 2 \"102\" \"Gate 2\" 1a ee48 1 ee5c 2 ee70 3 1389 239.192.1.0 0013cb14000a\r\n",
        "1 agc 1 1 239.192.1.1 0 19 0013cb14000a",
        "4 auc ee48 0 a0 1a 1\n",
        "<133>1 2026-03-02T08:00:00.040Z icx-alphacom alphacom - SYSTEM [a@1 b=\"c\"] System start",
        "51 <13>Oct 11 22:14:15 mymachine su: 'su root' failed ",
        "\u0002Z\u0001\u0000\u0010\u0014IP Station\u00007.6.3.2\u000000:13:CB:14:01:02\u0000Gate 2\u0000",
    };
    private static final int[][] PORTS = {{6, 50001}, {17, 5001}, {17, 5002}, {17, 514}, {6, 514}};
    private static Path dir;

    private static synchronized Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("vigil-props");
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

    @Provide
    Arbitrary<List<byte[]>> payloads() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(700);
        Arbitrary<byte[]> mutated = Arbitraries.of(SEEDS).flatMap(s -> Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0, n = 1 + r.nextInt(3); i < n && b.length > 0; i++) {
                if (r.nextBoolean()) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                } else {
                    b = java.util.Arrays.copyOf(b, r.nextInt(b.length * 2 + 1));
                }
            }
            return b;
        }));
        return Arbitraries.oneOf(random, mutated).list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 200)
    void arbitraryPayloadsNeverBreakThePipeline(@ForAll("payloads") List<byte[]> payloads, @ForAll long seed) {
        Random r = new Random(seed);
        int[] port = PORTS[r.nextInt(PORTS.length)];
        TestCapture c = new TestCapture();
        if (port[0] == 17) {
            for (byte[] p : payloads) {
                c.udp(TestCapture.mac("10.20.0.10"), "10.20.0.10", port[1], TestCapture.BROADCAST, "255.255.255.255",
                        port[1], p);
            }
        } else {
            TestCapture.Session s = c.session("10.20.0.102", 40000 + r.nextInt(1000), "10.20.0.10", port[1]);
            long offset = 0;
            for (byte[] p : payloads) {
                String text = new String(p, StandardCharsets.ISO_8859_1);
                switch (r.nextInt(5)) {
                    case 0 -> s.sendAfterLoss(0, 1 + r.nextInt(50), text);
                    case 1 -> s.sendAt(0, Math.max(0, offset + r.nextInt(40) - 20), text);
                    case 2 -> s.send(1, text);
                    default -> s.send(0, text);
                }
                offset += p.length;
            }
            if (r.nextBoolean()) {
                s.close(r.nextInt(2));
            }
        }
        Path pcap = c.write(dir(), "p" + Long.toHexString(seed) + ".pcap");
        Analyze.Run run = Analyze.files(new AppRegistry().register(DipApp::new).register(DiscoveryApp::new)
                .register(SyslogApp::new), pcap);
        try {
            assertThat(run.result().errors()).isEmpty();
            for (JsonNode d : run.output().docs()) {
                assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
                assertThat(d.path("event").path("sequence").asLong()).isBetween(1L, (long) c.frames());
            }
        } finally {
            try {
                Files.deleteIfExists(pcap);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
