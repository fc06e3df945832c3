package dev.vigil.sensor.app.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.PortClaims;
import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.flow.FlowTable;
import dev.vigil.sensor.pipeline.InputContext;
import dev.vigil.sensor.pipeline.PacketSlot;
import dev.vigil.sensor.testing.Analyze;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * jqwik: random conversations between two clients and a server (port 69 and two transfer
 * ports) made of well-formed, mutated and arbitrary datagrams never make the decoder throw; each
 * transfer is summarised at most once; every event stays inside the capture's frames.
 */
class TftpAppProperties {

    @Property(tries = 60)
    void randomConversationsNeverThrow(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int packets)
            throws IOException {
        Random r = new Random(seed);
        int[] clientPorts = {40000, 40001};
        int[] serverPorts = {69, 3000, 3001};
        TftpCapture c = new TftpCapture();
        for (int i = 0; i < packets; i++) {
            int cp = clientPorts[r.nextInt(clientPorts.length)];
            int sp = serverPorts[r.nextInt(serverPorts.length)];
            byte[] payload = datagram(r);
            if (r.nextBoolean()) {
                c.udp(TftpCapture.CLIENT, cp, TftpCapture.SERVER, sp, payload);
            } else {
                c.udp(TftpCapture.SERVER, sp, TftpCapture.CLIENT, cp, payload);
            }
        }
        Path dir = Files.createTempDirectory("tftp-prop");
        try {
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Analyze.Run run = Analyze.files(new AppRegistry().register(() -> new Checked(new TftpApp(2), failures)),
                    c.write(dir, "p.pcap"));
            assertThat(failures).isEmpty();
            Set<String> summaries = new HashSet<>();
            for (JsonNode d : run.output().dataset("vigil.tftp")) {
                assertThat(d.path("event").path("sequence").asLong()).isBetween(1L, (long) packets);
                if (d.path("tftp").has("transfer")) {
                    assertThat(d.path("tftp").has("opcode")).isFalse();
                    assertThat(summaries.add(d.path("event").path("id").asText())).isTrue();
                }
            }
        } finally {
            for (Path p : Files.list(dir).toList()) {
                Files.delete(p);
            }
            Files.delete(dir);
        }
    }

    private static byte[] datagram(Random r) {
        byte[] m;
        switch (r.nextInt(8)) {
            case 0: m = TftpCapture.rrq("f" + r.nextInt(3), "blksize", Integer.toString(r.nextInt(2000))); break;
            case 1: m = TftpCapture.wrq("f" + r.nextInt(3)); break;
            case 2: m = TftpCapture.data(r.nextInt(4), r.nextInt(600)); break;
            case 3: m = TftpCapture.ack(r.nextInt(4)); break;
            case 4: m = TftpCapture.error(r.nextInt(9), "e"); break;
            case 5: m = TftpCapture.oack("blksize", Integer.toString(r.nextInt(70000))); break;
            default:
                m = new byte[r.nextInt(40)];
                r.nextBytes(m);
                return m;
        }
        if (r.nextInt(3) == 0 && m.length > 0) {
            m[r.nextInt(m.length)] ^= (byte) (1 << r.nextInt(8));
            m = java.util.Arrays.copyOf(m, r.nextInt(m.length + 1));
        }
        return m;
    }

    /**
     * Runs a decoder and records what it throws (the pipeline would only log it). The decoder
     * sees a context whose {@code expect} names this wrapper, the instance the worker knows.
     */
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
                inner.onPacket(new Ctx(ctx), flow, direction, slot);
            } catch (Throwable t) {
                failures.add(t);
            }
        }

        @Override
        public void onFlowEnd(AppContext ctx, int flow) {
            try {
                inner.onFlowEnd(new Ctx(ctx), flow);
            } catch (Throwable t) {
                failures.add(t);
            }
        }

        private final class Ctx implements AppContext {
            private final AppContext c;

            Ctx(AppContext c) {
                this.c = c;
            }

            @Override
            public FlowTable flows() {
                return c.flows();
            }

            @Override
            public EventWriter writer() {
                return c.writer();
            }

            @Override
            public String eventId(String dataset, long sequence, long discriminator, String extra) {
                return c.eventId(dataset, sequence, discriminator, extra);
            }

            @Override
            public void begin(String dataset, long timestampNanos, long sequence, String id) {
                c.begin(dataset, timestampNanos, sequence, id);
            }

            @Override
            public void emit(String dataset, String id, long timestampNanos) {
                c.emit(dataset, id, timestampNanos);
            }

            @Override
            public void decodeEvent(DecodeEventType type, long timestampNanos, long sequence) {
                c.decodeEvent(type, timestampNanos, sequence);
            }

            @Override
            public void decodeEvent(DecodeEventType type, PacketSlot slot) {
                c.decodeEvent(type, slot);
            }

            @Override
            public InputContext input() {
                return c.input();
            }

            @Override
            public void writeEndpoints(PacketSlot slot) {
                c.writeEndpoints(slot);
            }

            @Override
            public void writeFlowEndpoints(int flow, int direction) {
                c.writeFlowEndpoints(flow, direction);
            }

            @Override
            public void expect(AppDecoder decoder, int transport, long hostHi, long hostLo, long peerHi, long peerLo,
                               int peerPort, long untilNanos, Object attachment) {
                c.expect(Checked.this, transport, hostHi, hostLo, peerHi, peerLo, peerPort, untilNanos, attachment);
            }

            @Override
            public AppDecoder decoder(String protocol) {
                return c.decoder(protocol);
            }
        }
    }
}
