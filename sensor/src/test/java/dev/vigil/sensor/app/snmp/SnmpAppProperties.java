package dev.vigil.sensor.app.snmp;

import static dev.vigil.sensor.app.snmp.Ber.message;
import static dev.vigil.sensor.app.snmp.Ber.nul;
import static dev.vigil.sensor.app.snmp.Ber.octets;
import static dev.vigil.sensor.app.snmp.Ber.pdu;
import static dev.vigil.sensor.app.snmp.Ber.seq;
import static dev.vigil.sensor.app.snmp.Ber.v3;
import static dev.vigil.sensor.app.snmp.Ber.varbind;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.PortClaims;
import dev.vigil.sensor.pipeline.PacketSlot;
import dev.vigil.sensor.testing.Analyze;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * jqwik: random exchanges on UDP 161 and 162 of well-formed, mutated, cut and arbitrary
 * datagrams never make the app throw; every datagram gives exactly one {@code vigil.snmp} event
 * whose {@code event.sequence} is its frame.
 */
class SnmpAppProperties {

    @Property(tries = 60)
    void randomExchangesNeverThrow(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int packets)
            throws IOException {
        Random r = new Random(seed);
        SnmpCapture c = new SnmpCapture();
        for (int i = 0; i < packets; i++) {
            byte[] payload = datagram(r);
            int port = r.nextBoolean() ? 161 : 162;
            int captured = r.nextInt(4) == 0 ? r.nextInt(payload.length + 1) : payload.length;
            if (r.nextBoolean()) {
                c.udp(SnmpCapture.MANAGER, 40000 + r.nextInt(2), SnmpCapture.AGENT, port, payload, captured);
            } else {
                c.udp(SnmpCapture.AGENT, port, SnmpCapture.MANAGER, 40000 + r.nextInt(2), payload, captured);
            }
        }
        Path dir = Files.createTempDirectory("snmp-prop");
        try {
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Analyze.Run run = Analyze.files(new AppRegistry().register(
                    () -> new Checked(new SnmpApp(SnmpCorpusTest.SALT, 4), failures)), c.write(dir, "p.pcap"));
            assertThat(failures).isEmpty();
            Set<Long> frames = new HashSet<>();
            for (JsonNode d : run.output().dataset("vigil.snmp")) {
                long seq = d.path("event").path("sequence").asLong();
                assertThat(seq).isBetween(1L, (long) packets);
                assertThat(frames.add(seq)).as("one event per datagram").isTrue();
                assertThat(d.path("snmp").path("oids").size()).isLessThanOrEqualTo(4);
            }
            assertThat(frames).hasSize(packets);
        } finally {
            for (Path p : Files.list(dir).toList()) {
                Files.delete(p);
            }
            Files.delete(dir);
        }
    }

    private static byte[] datagram(Random r) {
        byte[] m;
        switch (r.nextInt(6)) {
            case 0: m = message(r.nextInt(2), "public", pdu(r.nextInt(10), r.nextInt(), 0, 0,
                    varbind("1.3.6.1.2.1.1." + r.nextInt(8) + ".0", nul()))); break;
            case 1: m = message(1, "c", pdu(2, r.nextInt(), r.nextInt(20), 1,
                    varbind("1.3.6.1.2.1.1.1.0", octets("d".repeat(r.nextInt(300)))),
                    varbind("1.3.6.1.2.1.1.5.0", octets("n")), varbind("1.3.6.1.2.1.1.6.0", octets("l")),
                    varbind("1.3.6.1.2.1.1.4.0", octets("c")), varbind("1.3.6.1.2.1.1.3.0", nul()))); break;
            case 2: m = v3(r.nextInt(1000), r.nextInt(8), "u", new byte[] {(byte) 0x80, 0, 0, 9, 3},
                    seq(octets(""), octets(""), pdu(r.nextInt(9), 1, 0, 0))); break;
            case 3: m = v3(r.nextInt(1000), 3, "u", new byte[5], octets(new byte[r.nextInt(50)])); break;
            default:
                m = new byte[r.nextInt(60)];
                r.nextBytes(m);
                if (m.length > 0 && r.nextBoolean()) {
                    m[0] = 0x30;
                }
                return m;
        }
        if (r.nextInt(3) == 0 && m.length > 0) {
            m[r.nextInt(m.length)] ^= (byte) (1 << r.nextInt(8));
            m = Arrays.copyOf(m, r.nextInt(m.length + 1));
        }
        return m;
    }

    /** Runs a decoder and records what it throws (the pipeline would only log it). */
    static final class Checked implements AppDecoder {
        private final AppDecoder inner;
        private final List<Throwable> failures;

        Checked(AppDecoder inner, List<Throwable> failures) {
            this.inner = inner;
            this.failures = failures;
        }

        @Override
        public String protocol() {
            return inner.protocol();
        }

        @Override
        public PortClaims claims() {
            return inner.claims();
        }

        @Override
        public void onPacket(AppContext ctx, int flow, int direction, PacketSlot slot) {
            try {
                inner.onPacket(ctx, flow, direction, slot);
            } catch (Throwable t) {
                failures.add(t);
            }
        }

        @Override
        public void onFlowEnd(AppContext ctx, int flow) {
            try {
                inner.onFlowEnd(ctx, flow);
            } catch (Throwable t) {
                failures.add(t);
            }
        }
    }
}
