package dev.vigil.sensor.output.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {
    @TempDir
    Path dir;

    private DiskSpoolConfig config(long maxBytes, long segmentBytes) {
        return new DiskSpoolConfig(dir.resolve("spool"), maxBytes, segmentBytes, 1024, FsyncPolicy.never());
    }

    private static byte[] rec(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(SpoolRecord r) {
        return r == null ? null : new String(r.data(), StandardCharsets.UTF_8);
    }

    private static List<String> drain(DiskSpool spool, boolean ack) throws IOException {
        List<String> out = new ArrayList<>();
        for (SpoolRecord r; (r = spool.poll()) != null; ) {
            out.add(str(r));
            if (ack) {
                spool.ack(r);
            }
        }
        return out;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("spool"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void recordsComeOutInOrderAndOnce() throws Exception {
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            assertThat(spool.append(rec("a"))).isEqualTo(DiskSpool.Append.APPENDED);
            assertThat(spool.append(rec(""))).isEqualTo(DiskSpool.Append.APPENDED);
            assertThat(spool.append(rec("ccc"))).isEqualTo(DiskSpool.Append.APPENDED);
            assertThat(spool.pendingRecords()).isEqualTo(3);
            assertThat(drain(spool, false)).containsExactly("a", "", "ccc");
            assertThat(spool.poll()).isNull();
            assertThat(spool.pendingRecords()).isEqualTo(3); // read is not acknowledged
            spool.rewind();
            assertThat(drain(spool, true)).containsExactly("a", "", "ccc");
            assertThat(spool.pendingRecords()).isZero();
            assertThat(spool.pendingBytes()).isZero();
        }
    }

    @Test
    void unacknowledgedRecordsAreDeliveredAgainAfterRestartAndAcknowledgedOnesNever() throws Exception {
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            for (int i = 0; i < 5; i++) {
                spool.append(rec("r" + i));
            }
            spool.poll();
            SpoolRecord second = spool.poll();
            spool.poll(); // read, not acknowledged
            spool.ack(second);
        }
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            assertThat(spool.recoveredRecords()).isEqualTo(3);
            assertThat(spool.pendingRecords()).isEqualTo(3);
            assertThat(drain(spool, true)).containsExactly("r2", "r3", "r4");
        }
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            assertThat(spool.recoveredRecords()).isZero();
            assertThat(spool.poll()).isNull();
            spool.append(rec("after"));
            assertThat(drain(spool, true)).containsExactly("after");
        }
    }

    @Test
    void tornTailIsTruncatedWithAWarningNotAnError() throws Exception {
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            spool.append(rec("first"));
            spool.append(rec("second"));
            spool.append(rec("third-record"));
        }
        Path seg = segmentFiles().get(0);
        long size = Files.size(seg);
        // kill -9 in the middle of writing the third record: 5 of its 12 data bytes reached the file
        truncate(seg, size - 7);
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            assertThat(spool.truncatedBytes()).isEqualTo(DiskSpool.RECORD_HEADER_BYTES + 5);
            assertThat(spool.recoveredRecords()).isEqualTo(2);
            assertThat(Files.size(seg)).isEqualTo(size - DiskSpool.RECORD_HEADER_BYTES - 12);
            spool.append(rec("fourth"));
            assertThat(drain(spool, true)).containsExactly("first", "second", "fourth");
        }
    }

    @Test
    void tornRecordHeaderIsTruncated() throws Exception {
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            spool.append(rec("first"));
            spool.append(rec("second"));
        }
        Path seg = segmentFiles().get(0);
        truncate(seg, Files.size(seg) - "second".length() - 5); // 3 bytes of the second header remain
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            assertThat(spool.truncatedBytes()).isEqualTo(3);
            assertThat(drain(spool, true)).containsExactly("first");
        }
    }

    @Test
    void aDamagedByteInTheTailFailsTheChecksumAndIsCutOff() throws Exception {
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            spool.append(rec("good"));
            spool.append(rec("flipped"));
            spool.append(rec("after"));
        }
        Path seg = segmentFiles().get(0);
        long flippedData = DiskSpool.SEGMENT_HEADER_BYTES + 2L * DiskSpool.RECORD_HEADER_BYTES + 4;
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.seek(flippedData + 2);
            int b = f.read();
            f.seek(flippedData + 2);
            f.write(b ^ 0x20);
        }
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            // what follows a damaged record cannot be trusted to start at a record boundary
            assertThat(drain(spool, true)).containsExactly("good");
            assertThat(spool.truncatedBytes()).isEqualTo(2L * DiskSpool.RECORD_HEADER_BYTES + 7 + 5);
        }
    }

    @Test
    void aSegmentWhoseHeaderWasNotFullyWrittenIsStartedAgain() throws Exception {
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            spool.append(rec("kept"));
        }
        // a crash right after creating the next segment file
        Files.write(dir.resolve("spool").resolve(String.format("%020d.seg", 4 + DiskSpool.RECORD_HEADER_BYTES)),
                new byte[] {'V', 'G'});
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            assertThat(spool.truncatedBytes()).isEqualTo(2);
            spool.append(rec("new"));
            assertThat(drain(spool, true)).containsExactly("kept", "new");
        }
    }

    @Test
    void aCopyTakenWhileOpenRecoversLikeAKilledProcess() throws Exception {
        Path copy = dir.resolve("copy");
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            for (int i = 0; i < 10; i++) {
                spool.append(rec("r" + i));
            }
            for (int i = 0; i < 4; i++) {
                spool.ack(spool.poll());
            }
            // the files as the kernel holds them at this instant, never closed
            Files.createDirectories(copy);
            try (Stream<Path> s = Files.list(dir.resolve("spool"))) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    if (!p.getFileName().toString().equals("lock")) {
                        Files.copy(p, copy.resolve(p.getFileName()));
                    }
                }
            }
        }
        try (DiskSpool spool = DiskSpool.open(new DiskSpoolConfig(copy, 1 << 20, 4096, 1024, FsyncPolicy.never()))) {
            assertThat(drain(spool, true)).containsExactly("r4", "r5", "r6", "r7", "r8", "r9");
        }
    }

    @Test
    void aDamagedCursorMeansEverythingIsDeliveredAgainNeverLess() throws Exception {
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            spool.append(rec("a"));
            spool.append(rec("b"));
            spool.ack(spool.poll());
        }
        Files.write(dir.resolve("spool/cursor"), new byte[64]);
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            assertThat(drain(spool, true)).containsExactly("a", "b");
        }
    }

    @Test
    void aTornCursorSlotFallsBackToTheOtherSlot() throws Exception {
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            for (int i = 0; i < 4; i++) {
                spool.append(rec("r" + i));
            }
            for (int i = 0; i < 3; i++) {
                spool.ack(spool.poll());
            }
        }
        // acknowledgements: generation 1 (open, position 0) then 2, 3, 4: slot 0 holds the last (gen 4)
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("spool/cursor").toFile(), "rw")) {
            f.seek(14);
            f.write(0x7f); // tear slot 0
        }
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            // slot 1 (generation 3: two acknowledged) wins: one record is delivered twice, none lost
            assertThat(drain(spool, true)).containsExactly("r2", "r3");
        }
    }

    @Test
    void segmentsAreDeletedOnceFullyAcknowledged() throws Exception {
        byte[] data = new byte[500];
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            for (int i = 0; i < 40; i++) {
                spool.append(data);
            }
            assertThat(segmentFiles()).hasSizeGreaterThan(4);
            assertThat(spool.diskBytes()).isEqualTo(segmentFiles().stream().mapToLong(DiskSpoolTest::size).sum());
            for (int i = 0; i < 39; i++) {
                spool.ack(spool.poll());
            }
            assertThat(segmentFiles()).hasSize(1);
            assertThat(spool.segmentCount()).isEqualTo(1);
            assertThat(spool.pendingRecords()).isEqualTo(1);
        }
    }

    @Test
    void theCapRefusesAndCountsAndFreesUpOnceAcknowledged() throws Exception {
        byte[] data = new byte[1000];
        try (DiskSpool spool = DiskSpool.open(config(8192, 4096))) {
            int appended = 0;
            DiskSpool.Append last;
            while ((last = spool.append(data)) == DiskSpool.Append.APPENDED) {
                appended++;
                assertThat(spool.diskBytes()).isLessThanOrEqualTo(8192);
            }
            assertThat(last).isEqualTo(DiskSpool.Append.FULL);
            assertThat(appended).isEqualTo(8); // 4 records of 1008 bytes per 4096-byte segment
            assertThat(spool.append(data)).isEqualTo(DiskSpool.Append.FULL);
            assertThat(spool.overflowRecords()).isEqualTo(2);
            assertThat(spool.overflowBytes()).isEqualTo(2000);
            for (int i = 0; i < 4; i++) {
                spool.ack(spool.poll()); // the first segment is entirely acknowledged
            }
            assertThat(spool.append(data)).isEqualTo(DiskSpool.Append.APPENDED);
            assertThat(spool.diskBytes()).isLessThanOrEqualTo(8192);
        }
    }

    @Test
    void aCapOfOneSegmentStillFreesItselfWhenEverythingIsAcknowledged() throws Exception {
        byte[] data = new byte[1000];
        try (DiskSpool spool = DiskSpool.open(config(4096, 4096))) {
            for (int round = 0; round < 5; round++) {
                int n = 0;
                while (spool.append(data) == DiskSpool.Append.APPENDED) {
                    n++;
                }
                assertThat(n).isEqualTo(4);
                assertThat(drain(spool, true)).hasSize(4);
            }
            assertThat(spool.overflowRecords()).isEqualTo(5);
            assertThat(segmentFiles()).hasSize(1);
        }
    }

    @Test
    void tooLargeRecordsAreRefusedAndCounted() throws Exception {
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            assertThat(spool.append(new byte[1025])).isEqualTo(DiskSpool.Append.TOO_LARGE);
            assertThat(spool.append(new byte[1024])).isEqualTo(DiskSpool.Append.APPENDED);
            assertThat(spool.tooLargeRecords()).isEqualTo(1);
        }
    }

    @Test
    void oneDirectoryHoldsOneSpool() throws Exception {
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            assertThatThrownBy(() -> DiskSpool.open(config(1 << 20, 4096))).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use");
        }
        DiskSpool.open(config(1 << 20, 4096)).close();
    }

    @Test
    void pollWaitsForTheProducerAndCloseWakesIt() throws Exception {
        try (DiskSpool spool = DiskSpool.open(config(1 << 20, 4096))) {
            AtomicReference<String> got = new AtomicReference<>();
            Thread consumer = new Thread(() -> {
                try {
                    got.set(str(spool.poll(10, TimeUnit.SECONDS)));
                } catch (Exception e) {
                    got.set(e.toString());
                }
            });
            consumer.start();
            Thread.sleep(20);
            spool.append(rec("late"));
            consumer.join(5000);
            assertThat(got.get()).isEqualTo("late");
        }
        DiskSpool spool = DiskSpool.open(config(1 << 20, 4096));
        Thread waiting = new Thread(() -> {
            try {
                spool.poll(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // fine
            }
        });
        waiting.start();
        Thread.sleep(20);
        long t0 = System.nanoTime();
        spool.close();
        waiting.join(5000);
        assertThat(waiting.isAlive()).isFalse();
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void oneProducerAndOneConsumerThreadAgreeOnEveryRecord() throws Exception {
        int n = 20_000;
        DiskSpoolConfig cfg = new DiskSpoolConfig(dir.resolve("spool"), 1 << 20, 64 * 1024, 1024,
                FsyncPolicy.every(java.time.Duration.ofMillis(50)));
        try (DiskSpool spool = DiskSpool.open(cfg)) {
            List<String> got = new ArrayList<>();
            Thread consumer = new Thread(() -> {
                try {
                    while (got.size() < n) {
                        SpoolRecord r = spool.poll(5, TimeUnit.SECONDS);
                        if (r == null) {
                            return;
                        }
                        got.add(str(r));
                        if (got.size() % 7 == 0) {
                            spool.ack(r);
                        }
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            consumer.start();
            int refused = 0;
            for (int i = 0; i < n; i++) {
                byte[] r = rec("record-" + i + "-" + "x".repeat(i % 100));
                while (spool.append(r) == DiskSpool.Append.FULL) {
                    refused++;
                    Thread.onSpinWait(); // the consumer acknowledges and frees segments
                }
            }
            spool.flush();
            consumer.join(30_000);
            assertThat(got).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(got.get(i)).startsWith("record-" + i + "-");
            }
            assertThat(spool.overflowRecords()).isEqualTo(refused);
        }
    }

    @Test
    void fsyncAlwaysWorksToo() throws Exception {
        DiskSpoolConfig cfg = config(1 << 20, 4096).withFsync(FsyncPolicy.always());
        try (DiskSpool spool = DiskSpool.open(cfg)) {
            for (int i = 0; i < 20; i++) {
                spool.append(rec("r" + i));
            }
            spool.ack(spool.poll());
        }
        try (DiskSpool spool = DiskSpool.open(cfg)) {
            assertThat(drain(spool, true)).hasSize(19);
        }
    }

    @Test
    void fsyncPolicyParses() {
        assertThat(FsyncPolicy.parse("always").toString()).isEqualTo("always");
        assertThat(FsyncPolicy.parse("never").toString()).isEqualTo("never");
        assertThat(FsyncPolicy.parse("200ms").toString()).isEqualTo("PT0.2S");
        assertThat(FsyncPolicy.parse("2s").toString()).isEqualTo("PT2S");
        assertThatThrownBy(() -> FsyncPolicy.parse("often")).hasMessageContaining("always, never");
    }

    @Test
    void configRejectsImpossibleSizes() {
        assertThatThrownBy(() -> new DiskSpoolConfig(dir, 4096, 8192, 100, FsyncPolicy.never()))
                .hasMessageContaining("at least one segment");
        assertThatThrownBy(() -> new DiskSpoolConfig(dir, 8192, 4096, 5000, FsyncPolicy.never()))
                .hasMessageContaining("max record size");
    }

    private static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
