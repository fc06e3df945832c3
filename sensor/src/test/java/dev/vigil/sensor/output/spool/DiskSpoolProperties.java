package dev.vigil.sensor.output.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of {@link DiskSpool}: arbitrary record sequences come out as they went in, across
 * restarts, acknowledgements and torn tails, never more than once after an acknowledgement and
 * never lost before one.
 */
class DiskSpoolProperties {

    @Provide
    Arbitrary<List<byte[]>> records() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(700).list().ofMaxSize(60);
    }

    @Property(tries = 60)
    void arbitraryRecordsRoundTripAcrossARestart(@ForAll("records") List<byte[]> records,
            @ForAll @IntRange(min = 0, max = 60) int acked,
            @ForAll @IntRange(min = 4096, max = 9000) int segmentBytes) throws IOException {
        Path dir = Files.createTempDirectory("spool-prop");
        try {
            DiskSpoolConfig cfg = new DiskSpoolConfig(dir, 1 << 22, segmentBytes, 1024, FsyncPolicy.never());
            int ack = Math.min(acked, records.size());
            try (DiskSpool spool = DiskSpool.open(cfg)) {
                for (byte[] r : records) {
                    assertThat(spool.append(r)).isEqualTo(DiskSpool.Append.APPENDED);
                }
                for (int i = 0; i < records.size(); i++) {
                    SpoolRecord r = spool.poll();
                    assertThat(r.data()).isEqualTo(records.get(i));
                    if (i == ack - 1) {
                        spool.ack(r);
                    }
                }
                assertThat(spool.poll()).isNull();
            }
            try (DiskSpool spool = DiskSpool.open(cfg)) {
                assertThat(spool.recoveredRecords()).isEqualTo(records.size() - ack);
                for (int i = ack; i < records.size(); i++) {
                    SpoolRecord r = spool.poll();
                    assertThat(r.data()).isEqualTo(records.get(i));
                    spool.ack(r);
                }
                assertThat(spool.poll()).isNull();
                assertThat(spool.segmentCount()).isEqualTo(1);
            }
        } finally {
            delete(dir);
        }
    }

    /** Cutting the last segment anywhere loses at most the records the cut touches, and reopening never fails. */
    @Property(tries = 60)
    void aTailCutAnywhereKeepsEveryCompleteRecord(@ForAll("records") List<byte[]> records,
            @ForAll @IntRange(min = 0, max = 100_000) int cutSeed) throws IOException {
        Path dir = Files.createTempDirectory("spool-prop");
        try {
            DiskSpoolConfig cfg = new DiskSpoolConfig(dir, 1 << 22, 1 << 20, 1024, FsyncPolicy.never());
            try (DiskSpool spool = DiskSpool.open(cfg)) {
                for (byte[] r : records) {
                    spool.append(r);
                }
            }
            Path seg;
            try (Stream<Path> s = Files.list(dir)) {
                seg = s.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
            }
            long size = Files.size(seg);
            long cut = cutSeed % (size + 1);
            try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
                f.setLength(cut);
            }
            // records wholly inside the cut survive
            long end = DiskSpool.SEGMENT_HEADER_BYTES;
            int complete = 0;
            for (byte[] r : records) {
                end += DiskSpool.RECORD_HEADER_BYTES + r.length;
                if (end > cut) {
                    break;
                }
                complete++;
            }
            try (DiskSpool spool = DiskSpool.open(cfg)) {
                List<byte[]> got = new ArrayList<>();
                for (SpoolRecord r; (r = spool.poll()) != null; ) {
                    got.add(r.data());
                }
                assertThat(got).hasSize(complete);
                for (int i = 0; i < complete; i++) {
                    assertThat(got.get(i)).isEqualTo(records.get(i));
                }
                assertThat(spool.append(new byte[] {1, 2, 3})).isEqualTo(DiskSpool.Append.APPENDED);
                assertThat(spool.poll().data()).containsExactly(1, 2, 3);
            }
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
