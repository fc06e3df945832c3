package dev.vigil.sensor.app.lldp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.FrameDecoder;
import dev.vigil.sensor.app.cdp.CdpFrameDecoder;
import dev.vigil.sensor.pipeline.PacketSlot;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import dev.vigil.sensor.testing.EventSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * jqwik: captures of real LLDP and CDP frames (from the corpus) with bit flips, cuts (as
 * snap-length cuts or as short frames) and random tails never make the frame decoders throw,
 * and every document they write validates against the event schema with its frame number.
 */
class LinkDiscoveryProperties {
    private static final List<byte[]> SEEDS = seeds("discovery/tcpdump__LLDP_and_CDP.pcap",
            "discovery/arkime__wireshark-lldp.pcap", "discovery/packetnet__lldp.pcap", "discovery/zeek__cdp-v1.pcap");

    @Property(tries = 40)
    void mutatedFramesNeverThrowAndDocumentsValidate(@ForAll long seed,
                                                     @ForAll @IntRange(min = 1, max = 40) int frames)
            throws IOException {
        Random r = new Random(seed);
        LinkCapture c = new LinkCapture();
        for (int i = 0; i < frames; i++) {
            byte[] f = SEEDS.get(r.nextInt(SEEDS.size())).clone();
            int flips = r.nextInt(6);
            for (int k = 0; k < flips; k++) {
                int at = 14 + r.nextInt(f.length - 14); // keep the Ethernet header: the frame stays LLDP/CDP
                f[at] ^= (byte) (1 << r.nextInt(8));
            }
            switch (r.nextInt(4)) {
                case 0 -> c.frame(f, 14 + r.nextInt(f.length - 13));                 // snap-length cut
                case 1 -> c.frame(Arrays.copyOf(f, 14 + r.nextInt(f.length - 13)));  // short frame
                case 2 -> {
                    byte[] tail = new byte[r.nextInt(64)];
                    r.nextBytes(tail);
                    c.frame(LinkCapture.concat(Arrays.copyOf(f, 14 + r.nextInt(f.length - 13)), tail));
                }
                default -> c.frame(f);
            }
        }
        Path dir = Files.createTempDirectory("link-prop");
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Analyze.Run run = Analyze.files(new AppRegistry()
                .registerFrames(() -> new Checked(new LldpFrameDecoder(), failures))
                .registerFrames(() -> new Checked(new CdpFrameDecoder(), failures)), c.write(dir, "p.pcap"));
        assertThat(failures).isEmpty();
        for (String ds : List.of("vigil.lldp", "vigil.cdp", "vigil.decode")) {
            for (JsonNode d : run.output().dataset(ds)) {
                assertThat(d.path("event").path("sequence").asLong()).isBetween(1L, (long) frames);
                assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
            }
        }
        Files.deleteIfExists(dir.resolve("p.pcap"));
        Files.deleteIfExists(dir);
    }

    /** Records what a decoder throws (the worker must never see it). */
    private record Checked(FrameDecoder d, List<Throwable> failures) implements FrameDecoder {
        @Override
        public String protocol() {
            return d.protocol();
        }

        @Override
        public boolean onFrame(AppContext ctx, PacketSlot slot) {
            try {
                return d.onFrame(ctx, slot);
            } catch (RuntimeException e) {
                failures.add(e);
                return true;
            }
        }
    }

    /** The frames of classic little-endian pcap files (the corpus captures named). */
    private static List<byte[]> seeds(String... captures) {
        List<byte[]> out = new ArrayList<>();
        for (String name : captures) {
            byte[] file;
            try {
                file = Files.readAllBytes(Corpus.file(name));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(b.getInt(0)).as(name + " is little-endian pcap").isEqualTo(0xA1B2C3D4);
            for (int p = 24; p + 16 <= file.length; ) {
                int caplen = b.getInt(p + 8);
                out.add(Arrays.copyOfRange(file, p + 16, p + 16 + caplen));
                p += 16 + caplen;
            }
        }
        return out;
    }
}
