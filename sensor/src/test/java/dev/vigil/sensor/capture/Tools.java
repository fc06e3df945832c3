package dev.vigil.sensor.capture;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** External tools for tests: lookup on PATH and running with a bounded wait. */
final class Tools {
    private Tools() {
    }

    static boolean has(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : (path + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin")
                .split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command, returns its combined output; fails on a non-zero exit unless {@code allowFailure}. */
    static String run(boolean allowFailure, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + List.of(command));
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 && !allowFailure) {
            throw new IOException("exit " + p.exitValue() + ": " + List.of(command) + ": " + text.strip());
        }
        return text;
    }

    static String run(String... command) throws IOException, InterruptedException {
        return run(false, command);
    }
}
