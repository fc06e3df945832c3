package dev.vigil.sensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code vigil run} refusing what it cannot run, before any capture starts. */
class RunCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Vigil.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    }

    private Path config(String text) throws Exception {
        Path f = dir.resolve("vigil.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void aBadConfigurationListsEveryProblemAndExits2() throws Exception {
        Path f = config("""
                capture:
                  interface: eth1
                  snaplen: 10
                outputs:
                  ndjson:
                    path: x.ndjson
                    password: x
                """);
        assertThat(run("run", "--config", f.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("vigil run: the configuration has 2 problems:")
                .contains("  " + f + ":3:12: capture.snaplen: must be from 64 to 262144, got 10")
                .contains("  " + f + ":7:5: outputs.ndjson.password: secrets are not accepted");
    }

    @Test
    void checkValidatesWithoutCapturing() throws Exception {
        Path f = config("capture:\n  interface: nosuch0\noutputs:\n  ndjson:\n    path: x.ndjson\n");
        assertThat(run("run", "--config", f.toString(), "--check")).as(err.toString()).isZero();
        assertThat(err.toString()).contains("is usable: interface nosuch0, policy built-in default");

        Path bad = config("capture:\n  interface: eth1\noutputs:\n  ndjson:\n    path: x.ndjson\n"
                + "pipeline:\n  decoders: [sip, nope]\n");
        assertThat(run("run", "--config", bad.toString(), "--check")).isEqualTo(2);
        assertThat(err.toString()).contains(bad + ":7:13: pipeline.decoders: unknown decoder 'nope'");
    }

    @Test
    void policyAndInventoryOnTheCommandLineWinOverTheConfiguration() throws Exception {
        Path f = config("capture:\n  interface: nosuch0\noutputs:\n  ndjson:\n    path: x.ndjson\n");
        Path root = Path.of(System.getProperty("vigil.repo.root", "..")).resolve("deploy/config");
        try {
            assertThat(run("run", "--config", f.toString(), "--check", "--policy",
                    root.resolve("policy.example.yaml").toString(), "--inventory",
                    root.resolve("inventory.example.csv").toString())).as(err.toString()).isZero();
            assertThat(err.toString()).contains("policy.example.yaml");
            Path bad = f.resolveSibling("bad-policy.yaml");
            java.nio.file.Files.writeString(bad, "version: 1\nno_such_key: 3\n");
            assertThat(run("run", "--config", f.toString(), "--check", "--policy", bad.toString())).isEqualTo(2);
            assertThat(err.toString()).contains(bad + ":2");
        } finally {
            ConfigReloader.commandLineOverrides(null, null);
        }
    }

    @Test
    void anInterfaceThatDoesNotExistIsNamed() throws Exception {
        try {
            org.pcap4j.core.Pcaps.libVersion();
        } catch (Throwable e) {
            assumeTrue(false, "libpcap not installed");
        }
        Path f = config("capture:\n  interface: vglnosuch0\nstate_dir: state\noutputs:\n  ndjson:\n"
                + "    path: x.ndjson\nlog:\n  format: text\n");
        assertThat(run("run", "--config", f.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(f + ":2:14: capture: no such capture interface: vglnosuch0");
    }
}
