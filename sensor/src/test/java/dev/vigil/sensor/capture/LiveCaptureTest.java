package dev.vigil.sensor.capture;

import dev.vigil.sensor.testing.Corpus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.protocol.LinkType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live capture on a veth pair: one end ({@code va}) in a network namespace the test creates,
 * the other ({@code vb}) in the root namespace where the capture runs. A corpus capture,
 * rewritten into 127.0.0.0/8 first so the replay can never address anything real, is replayed
 * onto {@code va} with tcpreplay; {@code vb} has IPv6 and ARP off and no address, so the kernel
 * answers nothing, and the test checks that its transmit counter does not move.
 *
 * <p>Runs only as root with {@code ip}, {@code tcpreplay}, {@code tcprewrite} and libpcap
 * available; otherwise skipped. The libpcap-missing message is checked in a child JVM always.
 */
class LiveCaptureTest {
    private static final String CAPTURE = "sip/heplify__sip_ipv4_tcp.pcap";
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(15);

    private static String namespace;
    private static String va;
    private static String vb;
    private static boolean created;

    @TempDir
    static Path tmp;

    private static Path replay;
    private static List<RecordedPacket> replayPackets;

    @BeforeAll
    static void setUp() throws Exception {
        if (!liveTestsPossible()) {
            return;
        }
        long pid = ProcessHandle.current().pid() % 1_000_000;
        namespace = "vgl" + pid + "ns";
        va = "vgl" + pid + "a";
        vb = "vgl" + pid + "b";
        replay = tmp.resolve("replay.pcap");
        Tools.run("tcprewrite", "--pnat=0.0.0.0/0:127.0.0.0/8", "--infile=" + Corpus.file(CAPTURE),
                "--outfile=" + replay);
        RecordedPacket.Recorder r = new RecordedPacket.Recorder();
        try (CaptureFileReader reader = CaptureFileReader.open(replay)) {
            reader.read(r);
        }
        replayPackets = r.packets;

        created = true;
        Tools.run("ip", "netns", "add", namespace);
        Tools.run("ip", "link", "add", va, "type", "veth", "peer", "name", vb);
        Tools.run("ip", "link", "set", va, "netns", namespace);
        // no IPv6 (router solicitations, DAD, MLD) and no ARP on either end, then up
        Tools.run("sysctl", "-q", "-w", "net.ipv6.conf." + vb + ".disable_ipv6=1");
        Tools.run("ip", "netns", "exec", namespace, "sysctl", "-q", "-w", "net.ipv6.conf." + va + ".disable_ipv6=1");
        Tools.run("ip", "link", "set", vb, "arp", "off");
        Tools.run("ip", "netns", "exec", namespace, "ip", "link", "set", va, "arp", "off");
        Tools.run("ip", "link", "set", vb, "up");
        Tools.run("ip", "netns", "exec", namespace, "ip", "link", "set", va, "up");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (!created) {
            return;
        }
        // deleting the namespace deletes va and with it its peer vb; the rest is belt and braces
        Tools.run(true, "ip", "netns", "del", namespace);
        if (Files.exists(Path.of("/sys/class/net", vb))) {
            Tools.run(true, "ip", "link", "del", vb);
        }
    }

    private static boolean liveTestsPossible() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        if (!(Tools.has("ip") && Tools.has("tcpreplay") && Tools.has("tcprewrite") && Tools.has("sysctl"))) {
            return false;
        }
        try {
            org.pcap4j.core.Pcaps.libVersion();
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    private static void assumeLive() {
        assumeTrue(liveTestsPossible(), "live capture needs root, ip, tcpreplay, tcprewrite and libpcap");
        assumeTrue(created && vb != null, "veth pair not created");
    }

    @Test
    void capturesEveryReplayedPacketAndSendsNothing() throws Exception {
        assumeLive();
        List<RecordedPacket> got = new CopyOnWriteArrayList<>();
        long txBefore = txPackets(vb);
        long started = System.currentTimeMillis();
        LiveCapture.Stats stats;
        boolean nanos;
        try (LiveCapture capture = LiveCapture.open(vb, LiveCapture.Options.defaults())) {
            assertThat(capture.linkType()).isEqualTo(LinkType.ETHERNET);
            nanos = capture.nanosecondTimestamps();
            Thread thread = runInBackground(capture, recorder(got));
            Tools.run("ip", "netns", "exec", namespace, "tcpreplay", "-q", "--topspeed", "-i", va, replay.toString());
            awaitCount(got, replayPackets.size());
            capture.stop();
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).isFalse();
            assertThat(CAPTURE_FAILURE.get()).isNull();
            stats = capture.stats();
        }
        long txAfter = txPackets(vb);

        assertThat(got).hasSize(replayPackets.size());
        assertThat(txAfter).as("packets sent by " + vb).isEqualTo(txBefore);
        assertThat(stats.packets()).isEqualTo(replayPackets.size());
        assertThat(stats.dropped()).isZero();
        assertThat(stats.handlerDropped()).isZero();
        if (nanos) {
            assertThat(got).anyMatch(p -> p.timestampNanos() % 1000 != 0);
        }
        for (int i = 0; i < got.size(); i++) {
            RecordedPacket p = got.get(i);
            RecordedPacket sent = replayPackets.get(i);
            assertThat(p.frame()).isEqualTo(i + 1);
            assertThat(p.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(p.data()).as("frame %d", i + 1).isEqualTo(sent.data());
            assertThat(p.originalLength()).isEqualTo(sent.originalLength());
            assertThat(p.timestampNanos() / 1_000_000L).isBetween(started - 1000, System.currentTimeMillis() + 1000);
        }
    }

    /** The whole sensor, as a user runs it: {@code vigil capture} on the veth end, events out as NDJSON. */
    @Test
    void theCaptureCommandSeesEveryReplayedPacketInItsFlows() throws Exception {
        assumeLive();
        Path out = tmp.resolve("live.ndjson");
        java.io.StringWriter err = new java.io.StringWriter();
        int[] status = {-1};
        long txBefore = txPackets(vb);
        Thread cli = new Thread(() -> status[0] = dev.vigil.sensor.cli.Vigil.execute(
                new java.io.PrintWriter(new java.io.StringWriter(), true), new java.io.PrintWriter(err, true),
                "capture", "-i", vb, "--count", Integer.toString(replayPackets.size()), "--duration", "30",
                "--ndjson", out.toString()), "vigil-capture-cli");
        cli.start();
        // the command prints its start line once the interface is open
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!err.toString().contains("vigil capture: " + vb) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Tools.run("ip", "netns", "exec", namespace, "tcpreplay", "-q", "--topspeed", "-i", va, replay.toString());
        cli.join(TimeUnit.SECONDS.toMillis(40));
        assertThat(cli.isAlive()).isFalse();
        assertThat(status[0]).as(err.toString()).isZero();
        assertThat(err.toString()).contains(String.format("%,d packets", replayPackets.size()))
                .contains("dropped 0");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        long flowPackets = 0;
        for (String line : Files.readAllLines(out)) {
            com.fasterxml.jackson.databind.JsonNode d = json.readTree(line);
            if ("vigil.flow".equals(d.path("event").path("dataset").asText())) {
                flowPackets += d.path("network").path("packets").asLong();
            }
        }
        assertThat(flowPackets).isEqualTo(replayPackets.size());
        assertThat(txPackets(vb)).as("packets sent by " + vb).isEqualTo(txBefore);
    }

    @Test
    void filterSelectsPacketsAndHandlerDropsAreCounted() throws Exception {
        assumeLive();
        assumeTrue(Tools.has("tcpdump"), "tcpdump needed to count the expected matches");
        long expected = Tools.run("tcpdump", "-nn", "-r", replay.toString(), "tcp").lines()
                .filter(l -> !l.isBlank() && !l.startsWith("reading from")).count();
        assertThat(expected).isPositive().isLessThan(replayPackets.size());
        List<RecordedPacket> got = new CopyOnWriteArrayList<>();
        PacketHandler keep = recorder(got);
        LiveCapture.Stats stats;
        try (LiveCapture capture = LiveCapture.open(vb, LiveCapture.Options.defaults().filter("tcp").snaplen(96))) {
            assertThat(capture.filter()).isEqualTo("tcp");
            Thread thread = runInBackground(capture, (f, i, l, t, b, o, c, ol) -> {
                keep.onPacket(f, i, l, t, b, o, c, ol);
                return f % 2 == 0;   // "drop" every odd frame
            });
            Tools.run("ip", "netns", "exec", namespace, "tcpreplay", "-q", "--topspeed", "-i", va, replay.toString());
            awaitCount(got, (int) expected);
            capture.stop();
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).isFalse();
            assertThat(CAPTURE_FAILURE.get()).isNull();
            stats = capture.stats();
        }
        assertThat(got).hasSize((int) expected);
        assertThat(got).allSatisfy(p -> assertThat(p.capturedLength()).isLessThanOrEqualTo(96));
        assertThat(stats.handlerDropped()).isEqualTo((expected + 1) / 2);
    }

    @Test
    void invalidFilterNamesTheExpression() {
        assumeLive();
        assertThatThrownBy(() -> LiveCapture.open(vb, LiveCapture.Options.defaults().filter("udp port banana")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("udp port banana");
    }

    @Test
    void unknownInterface() {
        assumeLive();
        assertThatThrownBy(() -> LiveCapture.open("vglnosuch0", LiveCapture.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vglnosuch0");
    }

    @Test
    void stopBeforeRunReturnsImmediately() throws Exception {
        assumeLive();
        try (LiveCapture capture = LiveCapture.open(vb, LiveCapture.Options.defaults())) {
            capture.stop();
            capture.run((f, i, l, t, b, o, c, ol) -> true);
            assertThat(capture.stats().packets()).isZero();
        }
    }

    /** Runs in a child JVM with a libpcap name that does not exist. */
    @Test
    void missingLibpcapIsExplained() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Dorg.pcap4j.core.pcapLibName=vigil-no-such-pcap",
                "-Djna.nosys=true", "-cp", System.getProperty("java.class.path"), MissingLibpcapMain.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("IllegalStateException: libpcap not found: install libpcap0.8");
        assertThat(p.exitValue()).as(out).isEqualTo(3);
    }

    /** Child process of {@link #missingLibpcapIsExplained()}. */
    static final class MissingLibpcapMain {
        public static void main(String[] args) {
            for (int attempt = 0; attempt < 2; attempt++) {   // second attempt: NoClassDefFoundError path
                try {
                    LiveCapture.open("lo", LiveCapture.Options.defaults()).close();
                    System.exit(1);
                } catch (IllegalStateException e) {
                    System.out.println(e);
                } catch (Throwable e) {
                    e.printStackTrace(System.out);
                    System.exit(2);
                }
            }
            System.exit(3);
        }
    }

    // --------------------------------------------------------------------------------- helpers

    private static PacketHandler recorder(List<RecordedPacket> into) {
        return (long frame, int ifid, int linkType, long ts, DirectBuffer buffer, int offset, int cap, int orig) -> {
            byte[] data = new byte[cap];
            buffer.getBytes(offset, data);
            into.add(new RecordedPacket(frame, ifid, linkType, ts, cap, orig, data));
            return true;
        };
    }

    private static final AtomicReference<Throwable> CAPTURE_FAILURE = new AtomicReference<>();

    private static Thread runInBackground(LiveCapture capture, PacketHandler handler) {
        CAPTURE_FAILURE.set(null);
        Thread t = new Thread(() -> {
            try {
                capture.run(handler);
            } catch (IOException | RuntimeException | Error e) {
                CAPTURE_FAILURE.set(e);
            }
        }, "live-capture-test");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until {@code count} packets arrived or the bounded wait ran out, then a little longer for extras. */
    private static void awaitCount(List<?> got, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (got.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300);   // anything unexpected after the last one would show up now
    }

    private static long txPackets(String iface) throws IOException {
        return Long.parseLong(Files.readString(Path.of("/sys/class/net", iface, "statistics", "tx_packets")).strip());
    }
}
