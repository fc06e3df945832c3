package dev.vigil.sensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The systemd unit in {@code deploy/systemd}: its hardening is checked directive by directive,
 * and, where {@code systemd-analyze} is installed, the unit must pass {@code verify} and score
 * at most 2.5 in {@code security --offline} (0 is fully locked down, 10 is unprotected).
 */
class SystemdUnitTest {
    private static final Path UNIT = Path.of(System.getProperty("vigil.repo.root", ".."))
            .resolve("deploy/systemd/vigil.service");

    @TempDir
    Path tmp;

    /** Directive name to its values, in order, per section ({@code Service.User}). */
    private static Map<String, List<String>> parse(Path unit) throws Exception {
        Map<String, List<String>> m = new LinkedHashMap<>();
        String section = "";
        for (String line : Files.readAllLines(unit)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            if (l.startsWith("[") && l.endsWith("]")) {
                section = l.substring(1, l.length() - 1);
                continue;
            }
            int eq = l.indexOf('=');
            assertThat(eq).as("not a directive: " + line).isPositive();
            m.computeIfAbsent(section + "." + l.substring(0, eq), k -> new ArrayList<>()).add(l.substring(eq + 1));
        }
        return m;
    }

    private static String one(Map<String, List<String>> m, String key) {
        assertThat(m).containsKey(key);
        assertThat(m.get(key)).as(key).hasSize(1);
        return m.get(key).get(0);
    }

    @Test
    void theUnitRunsAsItsOwnUserWithOnlyTheCaptureCapabilities() throws Exception {
        Map<String, List<String>> u = parse(UNIT);
        assertThat(one(u, "Service.User")).isEqualTo("vigil");
        assertThat(one(u, "Service.Group")).isEqualTo("vigil");
        assertThat(one(u, "Service.AmbientCapabilities")).isEqualTo("CAP_NET_RAW CAP_NET_ADMIN");
        assertThat(one(u, "Service.CapabilityBoundingSet")).isEqualTo("CAP_NET_RAW CAP_NET_ADMIN");
        assertThat(one(u, "Service.NoNewPrivileges")).isEqualTo("yes");
        assertThat(one(u, "Service.ProtectSystem")).isEqualTo("strict");
        assertThat(one(u, "Service.ProtectHome")).isEqualTo("yes");
        assertThat(one(u, "Service.PrivateTmp")).isEqualTo("yes");
        assertThat(one(u, "Service.StateDirectory")).isEqualTo("vigil");
        assertThat(one(u, "Service.ReadWritePaths")).isEqualTo("/var/lib/vigil");
        assertThat(one(u, "Service.RestrictAddressFamilies")).isEqualTo("AF_PACKET AF_INET AF_INET6 AF_UNIX AF_NETLINK");
        assertThat(one(u, "Service.SystemCallArchitectures")).isEqualTo("native");
        assertThat(one(u, "Service.ExecStart")).contains("-jar /usr/share/vigil/vigil.jar run --config /etc/vigil/vigil.yaml")
                .contains("-Xmx");
        assertThat(one(u, "Service.ExecStartPre")).endsWith("run --config /etc/vigil/vigil.yaml --check");
        assertThat(one(u, "Service.ExecReload")).isEqualTo("/bin/kill -HUP $MAINPID");
        assertThat(one(u, "Service.KillSignal")).isEqualTo("SIGTERM");
        assertThat(one(u, "Install.WantedBy")).isEqualTo("multi-user.target");
        // the JIT writes executable memory
        assertThat(u).doesNotContainKey("Service.MemoryDenyWriteExecute");
        // the daemon's own default state_dir is what systemd creates
        assertThat(dev.vigil.sensor.config.SensorConfigLoader.DEFAULT_STATE_DIR).isEqualTo(Path.of("/var/lib/vigil"));
    }

    @Test
    void systemdAcceptsTheUnitAndRatesItsExposureLow() throws Exception {
        Path analyze = which("systemd-analyze");
        if (analyze == null) {
            return;   // the structural test above still ran
        }
        // verify checks that ExecStart's program exists: point it at this JVM
        Path copy = tmp.resolve("vigil.service");
        String jvm = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(copy, Files.readString(UNIT).replace("/usr/bin/java", jvm));
        Run verify = run(analyze.toString(), "verify", "--man=no", copy.toString());
        assertThat(verify.status()).as(verify.output()).isZero();
        assertThat(verify.output()).as("systemd-analyze verify").isBlank();

        Run security = run(analyze.toString(), "security", "--offline=true", "--no-pager", copy.toString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Overall exposure level for vigil.service: "
                + "(\\d+\\.\\d)").matcher(security.output());
        if (m.find()) {   // systemd >= 252
            assertThat(Double.parseDouble(m.group(1))).as(security.output()).isLessThanOrEqualTo(2.5);
        }
    }

    private record Run(int status, String output) {
    }

    private static Run run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static Path which(String tool) {
        for (String d : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin:/bin")
                .split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return Path.of(d, tool);
            }
        }
        return null;
    }
}
