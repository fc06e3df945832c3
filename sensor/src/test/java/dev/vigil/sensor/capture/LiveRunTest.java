package dev.vigil.sensor.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.sensor.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The daemon as systemd or an operator starts it: {@code vigil run --config FILE} in its own
 * JVM, started as root, on the capture end of a veth pair. It must switch to the configured
 * user (nobody) with no capabilities left, capture every replayed packet, serve its metrics,
 * reload its policy on a real SIGHUP, drain on a real SIGTERM and exit 0, write only JSON log
 * lines, and never transmit on the capture interface (its tx counter must not move).
 *
 * <p>Runs only as root with {@code ip}, {@code tcpreplay}, {@code tcprewrite} and libpcap;
 * otherwise skipped. The child's class path is copied to a directory the unprivileged user can
 * read (the build's jars under root's home are not), as an installed {@code vigil.jar} would be.
 */
class LiveRunTest {
    private static final String CAPTURE = "sip/heplify__sip_ipv4_tcp.pcap";
    private static final int NOBODY = 65_534;
    private static final Pattern HTTP = Pattern.compile("http 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path tmp;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private static boolean possible() {
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

    @Test
    void theDaemonDropsRootCapturesReloadsDrainsAndNeverTransmits() throws Exception {
        assumeTrue(possible(), "live capture needs root, ip, tcpreplay, tcprewrite and libpcap");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Path replay = tmp.resolve("replay.pcap");
        Tools.run("tcprewrite", "--pnat=0.0.0.0/0:127.0.0.0/8", "--infile=" + Corpus.file(CAPTURE),
                "--outfile=" + replay);
        long packets;
        try (CaptureFileReader r = CaptureFileReader.open(replay)) {
            packets = r.read((f, i, l, t, b, o, c, ol) -> true);
        }
        String classpath = readableClasspath(tmp.resolve("lib"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path policy = tmp.resolve("policy.yaml");
        // a real policy (the guide's default), as the daemon judges by it
        String v1Text = dev.vigil.rules.policy.DefaultPolicy.yaml();
        Files.writeString(policy, v1Text);
        Path log = tmp.resolve("vigil.log");

        try (VethPair veth = VethPair.create("r")) {
            Path config = tmp.resolve("vigil.yaml");
            Files.writeString(config, """
                    capture:
                      interface: %s
                      buffer_size: 8MiB
                    policy: policy.yaml
                    state_dir: out/state
                    outputs:
                      ndjson:
                        path: out/events.ndjson
                    http:
                      listen: 127.0.0.1:0
                    user: nobody
                    log:
                      format: json
                    """.formatted(veth.capture));
            for (Path p : List.of(config, policy, replay)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
            }
            long txBefore = veth.captureTxPackets();
            Process vigil = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:-UsePerfData", "-cp", classpath, "dev.vigil.sensor.cli.Vigil", "run", "--config",
                    config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                int port = awaitStarted(vigil, log);
                long pid = vigil.pid();

                // root is gone: real, effective, saved and file-system ids are nobody's; no capabilities
                String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
                assertThat(field(status, "Uid")).isEqualTo(NOBODY + "\t" + NOBODY + "\t" + NOBODY + "\t" + NOBODY);
                assertThat(field(status, "Gid").split("\t")[0]).isEqualTo(Integer.toString(NOBODY));
                assertThat(field(status, "CapEff")).isEqualTo("0000000000000000");
                assertThat(field(status, "CapPrm")).isEqualTo("0000000000000000");
                for (Path task : listTasks(pid)) {   // every thread, not only the one that called setuid
                    String t = Files.readString(task.resolve("status"));
                    assertThat(field(t, "Uid")).as(task.toString())
                            .isEqualTo(NOBODY + "\t" + NOBODY + "\t" + NOBODY + "\t" + NOBODY);
                    assertThat(field(t, "CapEff")).as(task.toString()).isEqualTo("0000000000000000");
                }

                veth.replay(replay);
                await(() -> metric(port, "vigil_capture_packets_total") == packets, vigil, log);
                JsonNode health = json.readTree(get(port, "/health").body());
                assertThat(health.path("ready").asBoolean()).as(health.toString()).isTrue();

                // SIGHUP with a new policy: reloaded, named by its hash
                String v2Text = v1Text + "\n# v2: reloaded on SIGHUP\n";
                Files.writeString(policy, v2Text);
                Tools.run("kill", "-HUP", Long.toString(pid));
                String v2 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(v2Text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                await(() -> logText(log).contains("reloaded: policy " + policy + " sha256:" + v2), vigil, log);

                veth.replay(replay);
                await(() -> metric(port, "vigil_capture_packets_total") == 2 * packets, vigil, log);
                assertThat(metric(port, "vigil_drops_total{reason=\"kernel\"}")).isZero();
                assertThat(metric(port, "vigil_drops_total{reason=\"packet_ring_full\"}")).isZero();
                assertThat(metric(port, "vigil_config_reloads_total{result=\"ok\"}")).isEqualTo(1);

                Tools.run("kill", "-TERM", Long.toString(pid));
                assertThat(vigil.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(vigil.exitValue()).as(logText(log)).isZero();
            } finally {
                vigil.destroyForcibly();
            }
            assertThat(veth.captureTxPackets()).as("packets sent by " + veth.capture).isEqualTo(txBefore);
        }

        // structured logs only: every line is an ECS JSON document
        List<String> lines = Files.readAllLines(log);
        List<String> messages = new ArrayList<>();
        for (String line : lines) {
            JsonNode doc = json.readTree(line);
            assertThat(doc.path("@timestamp").isTextual()).as(line).isTrue();
            messages.add(doc.path("message").asText());
        }
        assertThat(messages).anyMatch(m -> m.startsWith("vigil ") && m.contains("running: interface vgl"))
                .anyMatch(m -> m.startsWith("vigil stopped after"));

        // the drain wrote every packet's flow, to a file the unprivileged user created
        Path events = out.resolve("events.ndjson");
        assertThat(Files.getAttribute(events, "unix:uid")).isEqualTo(NOBODY);
        long flowPackets = 0;
        for (String line : Files.readAllLines(events)) {
            JsonNode d = json.readTree(line);
            if ("vigil.flow".equals(d.path("event").path("dataset").asText())) {
                flowPackets += d.path("network").path("packets").asLong();
            }
        }
        assertThat(flowPackets).isEqualTo(2 * packets);
    }

    /** Waits for the startup line and returns the HTTP port it names. */
    private int awaitStarted(Process vigil, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String text = logText(log);
            if (text.contains("running: interface")) {
                Matcher m = HTTP.matcher(text);
                assertThat(m.find()).as(text).isTrue();
                return Integer.parseInt(m.group(1));
            }
            assertThat(vigil.isAlive()).as("vigil exited early: " + text).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("no startup line: " + logText(log));
    }

    private void await(BooleanSupplier condition, Process vigil, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(vigil.isAlive()).as("vigil exited: " + logText(log)).isTrue();
            assertThat(System.nanoTime()).as("timed out; log: " + logText(log)).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A sample's value from /metrics, or -1 when absent. */
    private long metric(int port, String sample) {
        try {
            for (String line : get(port, "/metrics").body().split("\n")) {
                if (line.startsWith(sample + " ")) {
                    return (long) Double.parseDouble(line.substring(sample.length() + 1));
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String logText(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private static String field(String procStatus, String name) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        throw new AssertionError("no " + name + " in /proc status");
    }

    private static List<Path> listTasks(long pid) throws IOException {
        try (var s = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return s.toList();
        }
    }

    /** Copies the test class path where any user can read it; returns it as a class path. */
    private static String readableClasspath(Path lib) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Files.createDirectories(lib);
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String entry : cp.split(File.pathSeparator)) {
            Path src = Path.of(entry);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = lib.resolve((n++) + "-" + src.getFileName());
            copyReadable(src, dst);
            out.add(dst.toString());
        }
        return String.join(File.pathSeparator, out);
    }

    private static void copyReadable(Path src, Path dst) throws IOException {
        Files.walkFileTree(src, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path d = dst.resolve(src.relativize(dir).toString());
                Files.createDirectories(d);
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path f = src.equals(file) ? dst : dst.resolve(src.relativize(file).toString());
                Files.copy(file, f);
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
