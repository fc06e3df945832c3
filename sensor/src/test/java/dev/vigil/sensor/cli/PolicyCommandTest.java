package dev.vigil.sensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyCommandTest {
    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new PolicyCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    static Path repo() {
        return Path.of(System.getProperty("vigil.repo.root", "..")).toAbsolutePath();
    }

    @Test
    void checkExplainsTheExamplePolicyWithItsInventory() {
        Result r = run("check", repo().resolve("deploy/config/policy.example.yaml").toString(), "--inventory",
                repo().resolve("deploy/config/inventory.example.csv").toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains(": valid.").contains("Authorized inventory: 12 devices")
                .contains("intercom networks:     10.20.0.0/24");
    }

    @Test
    void checkReportsEveryProblemWithItsLineAndExitsTwo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "networks: {intercom: [10.20.0.1/24]}\nsips_requried: true\n");
        Result r = run("check", f.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("2 problems").contains(f + ":1:23: '10.20.0.1/24' has host bits set")
                .contains(f + ":2:1: unknown key 'sips_requried'");
    }

    @Test
    void defaultPrintsAPolicyThatChecks(@TempDir Path dir) throws Exception {
        Result r = run("default");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("# vigil policy: the DEFAULT");
        Path f = dir.resolve("default.yaml");
        Files.writeString(f, r.out());
        assertThat(run("check", f.toString()).status()).isZero();
    }
}
