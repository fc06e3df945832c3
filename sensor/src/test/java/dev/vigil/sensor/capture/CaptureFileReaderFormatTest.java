package dev.vigil.sensor.capture;

import dev.vigil.sensor.testing.Corpus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.protocol.LinkType;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pcap and pcapng variants (byte orders, resolutions, interfaces, block types) give the same packets. */
class CaptureFileReaderFormatTest {
    private static final long T0 = 1_700_000_000L;

    @TempDir
    Path tmp;

    /** Packets with microsecond times so that every format can hold them exactly. */
    private static final int COUNT = 40;

    private static byte[] data(int i) {
        return CaptureBytes.payload(20 + i * 7 % 300, i);
    }

    private static long nanos(int i) {
        return (T0 + i) * 1_000_000_000L + i * 12_345_000L;
    }

    private static int origLen(int i) {
        return i % 5 == 0 ? data(i).length + 100 : data(i).length;   // every fifth one cut by a snap length
    }

    private Path pcap(String name, ByteOrder order, boolean nanos) throws Exception {
        CaptureBytes c = CaptureBytes.pcap(order, nanos, 65535, LinkType.ETHERNET);
        for (int i = 0; i < COUNT; i++) {
            long frac = (nanos(i) % 1_000_000_000L) / (nanos ? 1 : 1000);
            c.record(nanos(i) / 1_000_000_000L, frac, data(i), origLen(i));
        }
        return c.write(tmp.resolve(name));
    }

    private Path pcapng(String name, ByteOrder order, int tsresol) throws Exception {
        CaptureBytes c = CaptureBytes.pcapng(order).idb(LinkType.ETHERNET, 65535, tsresol, 0, "eth0");
        long div = tsresol == 9 ? 1 : 1000;
        for (int i = 0; i < COUNT; i++) {
            c.epb(0, nanos(i) / div, data(i), origLen(i));
        }
        return c.write(tmp.resolve(name));
    }

    private static List<RecordedPacket> read(Path file) throws Exception {
        RecordedPacket.Recorder r = new RecordedPacket.Recorder();
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            assertThat(reader.read(r)).isEqualTo(r.packets.size());
            assertThat(reader.position()).isEqualTo(reader.size());
        }
        return r.packets;
    }

    private static List<RecordedPacket> expected() {
        List<RecordedPacket> list = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            list.add(new RecordedPacket(i + 1, 0, LinkType.ETHERNET, nanos(i), data(i).length, origLen(i), data(i)));
        }
        return list;
    }

    @Test
    void pcapMicrosNanosAndBothByteOrdersAgree() throws Exception {
        List<RecordedPacket> expected = expected();
        assertThat(read(pcap("le-us.pcap", ByteOrder.LITTLE_ENDIAN, false))).isEqualTo(expected);
        assertThat(read(pcap("be-us.pcap", ByteOrder.BIG_ENDIAN, false))).isEqualTo(expected);
        assertThat(read(pcap("le-ns.pcap", ByteOrder.LITTLE_ENDIAN, true))).isEqualTo(expected);
        assertThat(read(pcap("be-ns.pcap", ByteOrder.BIG_ENDIAN, true))).isEqualTo(expected);
    }

    @Test
    void pcapngBothByteOrdersAndResolutionsAgreeWithPcap() throws Exception {
        List<RecordedPacket> expected = expected();
        assertThat(read(pcapng("le-default.pcapng", ByteOrder.LITTLE_ENDIAN, -1))).isEqualTo(expected);
        assertThat(read(pcapng("be-default.pcapng", ByteOrder.BIG_ENDIAN, -1))).isEqualTo(expected);
        assertThat(read(pcapng("le-ns.pcapng", ByteOrder.LITTLE_ENDIAN, 9))).isEqualTo(expected);
        assertThat(read(pcapng("be-ns.pcapng", ByteOrder.BIG_ENDIAN, 9))).isEqualTo(expected);
    }

    @Test
    void formatAndInterfaces() throws Exception {
        try (CaptureFileReader r = CaptureFileReader.open(pcap("a.pcap", ByteOrder.BIG_ENDIAN, true))) {
            assertThat(r.format()).isEqualTo("pcap");
            assertThat(r.nanosecondPcap()).isTrue();
            assertThat(r.interfaces()).singleElement().satisfies(i -> {
                assertThat(i.linkType()).isEqualTo(LinkType.ETHERNET);
                assertThat(i.snapLength()).isEqualTo(65535);
                assertThat(i.timestampResolution()).isEqualTo(9);
            });
            assertThat(r.position()).isEqualTo(24);
            r.read(new RecordedPacket.Recorder());
            assertThat(r.packets()).isEqualTo(COUNT);
            assertThat(r.truncatedRecords()).isEqualTo(COUNT / 5);
        }
        try (CaptureFileReader r = CaptureFileReader.open(pcapng("b.pcapng", ByteOrder.LITTLE_ENDIAN, 9))) {
            assertThat(r.format()).isEqualTo("pcapng");
            // the interface description after the section header is known before read()
            assertThat(r.interfaces()).singleElement().satisfies(i -> {
                assertThat(i.name()).isEqualTo("eth0");
                assertThat(i.timestampResolution()).isEqualTo(9);
            });
        }
    }

    @Test
    void toolsRewrittenCorpusFilesAgree() throws Exception {
        assumeTrue(Tools.has("editcap"), "editcap not installed");
        Path original = Corpus.file("sip/ndpi__sip.pcap");
        List<RecordedPacket> expected = read(original);
        Path ng = tmp.resolve("sip.pcapng");
        Tools.run("editcap", "-F", "pcapng", original.toString(), ng.toString());
        Path ns = tmp.resolve("sip-ns.pcap");
        Tools.run("editcap", "-F", "nsecpcap", original.toString(), ns.toString());
        assertThat(read(ng)).isEqualTo(expected);
        assertThat(read(ns)).isEqualTo(expected);
        try (CaptureFileReader r = CaptureFileReader.open(ns)) {
            assertThat(r.nanosecondPcap()).isTrue();
        }

        // snap length 64 cuts every longer packet: counted, same times and original lengths
        Path cut = tmp.resolve("sip-64.pcap");
        Tools.run("editcap", "-s", "64", original.toString(), cut.toString());
        RecordedPacket.Recorder r = new RecordedPacket.Recorder();
        long truncated;
        try (CaptureFileReader reader = CaptureFileReader.open(cut)) {
            reader.read(r);
            truncated = reader.truncatedRecords();
        }
        assertThat(r.packets).hasSameSizeAs(expected);
        long longer = expected.stream().filter(p -> p.capturedLength() > 64).count();
        assertThat(longer).isPositive();
        assertThat(truncated).isEqualTo(longer);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(r.packets.get(i).timestampNanos()).isEqualTo(expected.get(i).timestampNanos());
            assertThat(r.packets.get(i).originalLength()).isEqualTo(expected.get(i).originalLength());
            assertThat(r.packets.get(i).capturedLength()).isEqualTo(Math.min(64, expected.get(i).capturedLength()));
        }
    }

    @Test
    void interfacesWithTheirOwnLinkTypesAndResolutions() throws Exception {
        long t = 1_700_000_123L;
        CaptureBytes c = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
                .idb(LinkType.ETHERNET, 0, -1, 0, "eth0")               // µs (default)
                .idb(LinkType.RAW, 0, 9, 0, "tun0")                     // ns
                .idb(LinkType.LINUX_SLL, 0, 0x80 | 20, 3600, "any")     // 2^-20 s, +1 h
                .idb(LinkType.NULL, 0, 3, -10, null);                   // ms, -10 s
        c.epb(0, t * 1_000_000 + 250_000, CaptureBytes.payload(60, 1), 60);
        c.epb(1, t * 1_000_000_000 + 7, CaptureBytes.payload(40, 2), 40);
        c.epb(2, (t << 20) + (1 << 19) + (1 << 18), CaptureBytes.payload(50, 3), 50);   // t + 0.75 s
        c.epb(3, t * 1000 + 5, CaptureBytes.payload(44, 4), 44);
        c.epb(1, t * 1_000_000_000 + 8, CaptureBytes.payload(41, 5), 41);
        Path file = c.write(tmp.resolve("multi.pcapng"));

        List<RecordedPacket> p = read(file);
        assertThat(p).extracting(RecordedPacket::interfaceId).containsExactly(0, 1, 2, 3, 1);
        assertThat(p).extracting(RecordedPacket::linkType)
                .containsExactly(LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL, LinkType.NULL, LinkType.RAW);
        long s = t * 1_000_000_000L;
        assertThat(p).extracting(RecordedPacket::timestampNanos).containsExactly(
                s + 250_000_000L, s + 7, s + 3600_000_000_000L + 750_000_000L, s - 10_000_000_000L + 5_000_000L, s + 8);
        try (CaptureFileReader r = CaptureFileReader.open(file)) {
            assertThat(r.interfaces()).extracting(InterfaceInfo::name).containsExactly("eth0", "tun0", "any", null);
            assertThat(r.interfaces()).extracting(InterfaceInfo::timestampResolution).containsExactly(6, 9, 0x94, 3);
        }
    }

    @Test
    void sectionsWithTheirOwnByteOrderAndInterfaces() throws Exception {
        CaptureBytes c = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
                .idb(LinkType.ETHERNET, 0, 9, 0, "a")
                .epb(0, 1_000, CaptureBytes.payload(30, 1), 30)
                .section(ByteOrder.BIG_ENDIAN)
                .idb(LinkType.RAW, 0, 6, 0, "b")
                .idb(LinkType.ETHERNET, 0, 9, 0, "c")
                .epb(1, 2_000, CaptureBytes.payload(31, 2), 31)
                .epb(0, 3, CaptureBytes.payload(32, 3), 32)
                .section(ByteOrder.LITTLE_ENDIAN)
                .idb(LinkType.LINUX_SLL, 0, 6, 0, "d")
                .epb(0, 4, CaptureBytes.payload(33, 4), 33);
        Path file = c.write(tmp.resolve("sections.pcapng"));
        List<RecordedPacket> p = read(file);
        assertThat(p).extracting(RecordedPacket::interfaceId).containsExactly(0, 2, 1, 3);
        assertThat(p).extracting(RecordedPacket::linkType)
                .containsExactly(LinkType.ETHERNET, LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL);
        assertThat(p).extracting(RecordedPacket::timestampNanos).containsExactly(1_000L, 2_000L, 3_000L, 4_000L);
        assertThat(p.get(2).data()).isEqualTo(CaptureBytes.payload(32, 3));
        try (CaptureFileReader r = CaptureFileReader.open(file)) {
            assertThat(r.interfaces()).hasSize(1);     // first section only, before read()
            r.read(new RecordedPacket.Recorder());
            assertThat(r.interfaces()).extracting(InterfaceInfo::section).containsExactly(0, 1, 1, 2);
            assertThat(r.interfaces()).extracting(InterfaceInfo::interfaceId).containsExactly(0, 0, 1, 0);
        }
    }

    @Test
    void simplePacketBlocksObsoletePacketBlocksAndSkippedBlocks() throws Exception {
        CaptureBytes c = CaptureBytes.pcapng(ByteOrder.BIG_ENDIAN)
                .idb(LinkType.ETHERNET, 64, 9, 0, null)
                .block(4, new byte[]{0, 1, 0, 8, 10, 0, 0, 1, 'h', 'o', 's', 't', 0, 0, 0, 0})    // NRB
                .epb(0, 5_000, CaptureBytes.payload(60, 1), 60)
                .spb(100, CaptureBytes.payload(64, 2))               // cut to the snap length 64
                .spb(42, CaptureBytes.payload(42, 3))                // 42 bytes + 2 padding: captured 42
                .block(0x00000BAD, new byte[]{1, 2, 3, 4, 5, 6, 7, 8})   // custom block, copyable
                .block(0x0A0A0A0A, new byte[0])                       // unknown type
                .packetBlock(0, 9_000, CaptureBytes.payload(50, 4), 50)
                .block(0x0000000A, new byte[]{0, 0, 0, 1, 0, 0, 0, 4, 'k', 'e', 'y', 's'})   // DSB
                .isb(0, 5, 1);
        Path file = c.write(tmp.resolve("blocks.pcapng"));
        RecordedPacket.Recorder r = new RecordedPacket.Recorder();
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            assertThat(reader.read(r)).isEqualTo(4);
            assertThat(reader.truncatedRecords()).isEqualTo(1);
            assertThat(reader.interfaces().get(0).receivedPackets()).isEqualTo(5);
            assertThat(reader.interfaces().get(0).droppedPackets()).isEqualTo(1);
        }
        List<RecordedPacket> p = r.packets;
        assertThat(p).extracting(RecordedPacket::capturedLength).containsExactly(60, 64, 42, 50);
        assertThat(p).extracting(RecordedPacket::originalLength).containsExactly(60, 100, 42, 50);
        // a simple packet block has no time: it gets the previous packet's
        assertThat(p).extracting(RecordedPacket::timestampNanos).containsExactly(5_000L, 5_000L, 5_000L, 9_000L);
        assertThat(p.get(1).data()).isEqualTo(CaptureBytes.payload(64, 2));
        assertThat(p.get(2).data()).isEqualTo(CaptureBytes.payload(42, 3));
        assertThat(p.get(3).data()).isEqualTo(CaptureBytes.payload(50, 4));
    }

    @Test
    void recordsCrossingWindowBoundaries() throws Exception {
        // records of varying sizes around the 4 KiB window: many cross a boundary
        CaptureBytes pc = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 262144, LinkType.ETHERNET);
        CaptureBytes ng = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).idb(LinkType.ETHERNET, 0, 6, 0, null);
        for (int i = 0; i < 500; i++) {
            int len = (i * 997) % 9000 + 1;
            pc.record(T0 + i, i, CaptureBytes.payload(len, i), len);
            ng.epb(0, (T0 + i) * 1_000_000 + i, CaptureBytes.payload(len, i), len);
        }
        Path p1 = pc.write(tmp.resolve("w.pcap"));
        Path p2 = ng.write(tmp.resolve("w.pcapng"));
        for (Path p : List.of(p1, p2)) {
            RecordedPacket.Recorder small = new RecordedPacket.Recorder();
            try (CaptureFileReader r = CaptureFileReader.open(p, 4096)) {
                assertThat(r.read(small)).isEqualTo(500);
            }
            assertThat(small.packets).isEqualTo(read(p));
            for (int i = 0; i < 500; i++) {
                int len = (i * 997) % 9000 + 1;
                assertThat(small.packets.get(i).data()).isEqualTo(CaptureBytes.payload(len, i));
            }
        }
    }

    @Test
    void handlerDropsAreCountedAndPositionIsPublished() throws Exception {
        Path file = pcap("d.pcap", ByteOrder.LITTLE_ENDIAN, false);
        AtomicLong seen = new AtomicLong();
        try (CaptureFileReader r = CaptureFileReader.open(file)) {
            assertThat(r.position()).isEqualTo(24);
            r.read((f, i, l, t, b, o, c, ol) -> seen.incrementAndGet() % 2 == 0);
            assertThat(r.handlerDrops()).isEqualTo(COUNT / 2);
            assertThat(r.position()).isEqualTo(r.size());
            assertThat(r.read(new RecordedPacket.Recorder())).isZero();   // nothing left
        }
        assertThat(seen).hasValue(COUNT);
    }

    @Test
    void aHandlerExceptionConsumesItsPacket() throws Exception {
        Path file = pcap("throw.pcap", ByteOrder.LITTLE_ENDIAN, false);
        try (CaptureFileReader r = CaptureFileReader.open(file)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.read((f, i, l, t, b, o, c, ol) -> {
                if (f == 3) {
                    throw new IllegalStateException("handler bug");
                }
                return true;
            })).hasMessage("handler bug");
            assertThat(r.packets()).isEqualTo(3);
            RecordedPacket.Recorder rest = new RecordedPacket.Recorder();
            assertThat(r.read(rest)).isEqualTo(COUNT - 3);
            assertThat(rest.packets.get(0).frame()).isEqualTo(4);
            assertThat(rest.packets.get(0).data()).isEqualTo(data(3));
        }
    }
}
