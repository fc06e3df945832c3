package dev.vigil.sensor.capture;

import dev.vigil.sensor.testing.Corpus;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Arbitrary bytes and mutated real captures: the reader only ever fails with a
 * {@link CaptureFileException}, and every offset it hands out stays inside the buffer.
 */
class CaptureFileReaderPropertiesTest {
    private static final List<String> SEEDS = List.of(
            "sip/sv__sip-sdp.pcap", "misc/ndpi__dns.pcap", "sip/ndpi__gre.pcapng", "tls/ndpi__tls_ech.pcapng");
    private static final byte[][] MAGICS = {
            {(byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1},
            {(byte) 0xA1, (byte) 0xB2, (byte) 0xC3, (byte) 0xD4},
            {(byte) 0x4D, (byte) 0x3C, (byte) 0xB2, (byte) 0xA1},
            {0x0A, 0x0D, 0x0D, 0x0A},
    };

    private static Path dir;
    private static byte[][] seeds;

    @BeforeContainer
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("vigil-capture-prop");
        seeds = new byte[SEEDS.size()][];
        for (int i = 0; i < SEEDS.size(); i++) {
            seeds[i] = Files.readAllBytes(Corpus.file(SEEDS.get(i)));
        }
    }

    @AfterContainer
    static void tearDown() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Property(tries = 300)
    void arbitraryBytesAfterAKnownMagic(@ForAll @IntRange(max = 3) int magic,
                                        @ForAll @Size(max = 600) byte[] rest,
                                        @ForAll boolean smallWindow) {
        byte[] bytes = new byte[4 + rest.length];
        System.arraycopy(MAGICS[magic], 0, bytes, 0, 4);
        System.arraycopy(rest, 0, bytes, 4, rest.length);
        readChecked(bytes, smallWindow);
    }

    @Property(tries = 100)
    void arbitraryBytes(@ForAll @Size(max = 200) byte[] bytes) {
        readChecked(bytes, false);
    }

    @Property(tries = 400)
    void mutatedRealCaptures(@ForAll("mutated") byte[] bytes, @ForAll boolean smallWindow) {
        readChecked(bytes, smallWindow);
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<Integer> seed = Arbitraries.integers().between(0, SEEDS.size() - 1);
        Arbitrary<List<int[]>> edits = Arbitraries.integers().between(0, Integer.MAX_VALUE)
                .tuple3().map(t -> new int[]{t.get1(), t.get2(), t.get3()})
                .list().ofMinSize(1).ofMaxSize(8);
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, 100);
        return Combinators.combine(seed, edits, cut).as((s, list, c) -> {
            byte[] b = seeds[s].clone();
            for (int[] e : list) {
                int at = e[0] % b.length;
                switch (e[1] % 4) {
                    case 0 -> b[at] = (byte) e[2];                         // random byte
                    case 1 -> b[at] ^= (byte) (1 << (e[2] % 8));           // bit flip
                    case 2 -> b[at] = (byte) (e[2] % 2 == 0 ? 0 : 0xFF);   // extremes
                    default -> {                                            // 32-bit field
                        int a = at & ~3;
                        if (a + 4 <= b.length) {
                            b[a] = (byte) e[2];
                            b[a + 1] = (byte) (e[2] >>> 8);
                            b[a + 2] = (byte) (e[2] >>> 16);
                            b[a + 3] = (byte) (e[2] >>> 24);
                        }
                    }
                }
            }
            // sometimes cut the file short
            if (c < 30) {
                b = java.util.Arrays.copyOf(b, (int) ((long) b.length * c / 30));
            }
            return b;
        });
    }

    private static void readChecked(byte[] bytes, boolean smallWindow) {
        Path file;
        try {
            file = Files.createTempFile(dir, "case", ".cap");
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            RecordedPacket.Recorder recorder = new RecordedPacket.Recorder();   // checks offsets
            try (CaptureFileReader reader = smallWindow ? CaptureFileReader.open(file, 4096)
                                                        : CaptureFileReader.open(file)) {
                reader.read(recorder);
                assertThat(reader.position()).isEqualTo(bytes.length);
            } catch (CaptureFileException expected) {
                assertThat(expected.getMessage()).startsWith(file + ": at byte ").doesNotContain("\n");
                assertThat(expected.offset()).isBetween(0L, (long) bytes.length);
            }
            for (RecordedPacket p : recorder.packets) {
                assertThat(p.capturedLength()).isBetween(0, CaptureFileReader.MAX_CAPTURED_LENGTH);
            }
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // temp dir is removed after the container
            }
        }
    }
}
