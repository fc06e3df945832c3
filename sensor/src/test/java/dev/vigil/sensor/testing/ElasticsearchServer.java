package dev.vigil.sensor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real Elasticsearch per test JVM, started with {@code scripts/elasticsearch.sh} on a free
 * port with a fresh data directory (so every run starts empty) and stopped by a shutdown hook.
 * The script creates the system user Elasticsearch needs when the tests run as root (CI).
 *
 * <p>{@code -Dvigil.es.url=http://host:9200} uses an already running server instead. Data
 * streams cannot be deleted in this distribution (no data-streams module): tests isolate
 * themselves with their own namespace or dataset.
 */
public final class ElasticsearchServer {
    /** Startup on 2 busy cores (other Maven builds) can be slow; the first run also unpacks the zip. */
    private static final int WAIT_SECONDS = 240;
    private static final int ATTEMPTS = 3;

    private static ElasticsearchServer shared;

    private final String url;
    private final Path dataDir;

    private ElasticsearchServer(String url, Path dataDir) {
        this.url = url;
        this.dataDir = dataDir;
    }

    /** The shared server, started on first use; its base URL, e.g. {@code http://127.0.0.1:41234}. */
    public static synchronized String shared() {
        if (shared == null) {
            String external = System.getProperty("vigil.es.url");
            shared = external != null && !external.isBlank()
                    ? new ElasticsearchServer(external.strip(), null)
                    : start();
        }
        return shared.url;
    }

    /** The repository root: {@code vigil.repo.root} (set by surefire), else the first parent of user.dir with the script. */
    public static Path repoRoot() {
        String prop = System.getProperty("vigil.repo.root");
        if (prop != null && Files.isRegularFile(Paths.get(prop, "scripts", "elasticsearch.sh"))) {
            return Paths.get(prop).toAbsolutePath();
        }
        for (Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/elasticsearch.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find scripts/elasticsearch.sh above " + System.getProperty("user.dir"));
    }

    private static ElasticsearchServer start() {
        Path script = repoRoot().resolve("scripts/elasticsearch.sh");
        String failures = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Path data;
            int port;
            try {
                data = Files.createTempDirectory("vigil-es-test-");
                port = freePort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> env = Map.of(
                    "VIGIL_ES_PORT", Integer.toString(port),
                    "VIGIL_ES_DATA", data.toString(),
                    "VIGIL_ES_WAIT", Integer.toString(WAIT_SECONDS));
            ElasticsearchServer server = new ElasticsearchServer("http://127.0.0.1:" + port, data);
            // registered before starting: a start that times out may still leave a process behind
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(script, env), "vigil-es-stop-" + port));
            Result r = run(script, "start", env, WAIT_SECONDS + 300);
            // the pidfile proves that this start launched the server (not another one on the port)
            if (r.exitCode == 0 && Files.exists(data.resolve("elasticsearch.pid"))) {
                return server;
            }
            failures += "\n--- attempt " + attempt + " (port " + port + "), exit " + r.exitCode + ":\n" + r.output;
        }
        throw new IllegalStateException("could not start Elasticsearch with " + script + ":" + failures);
    }

    /**
     * A server of the caller's own, which it may stop and start again (outage tests): same port,
     * same data directory, so what was indexed before the stop is there after the start. Never
     * the shared server, which other tests use at the same time. Started here; {@link
     * Dedicated#close()} stops it and deletes its data.
     */
    public static Dedicated dedicated() {
        Path script = repoRoot().resolve("scripts/elasticsearch.sh");
        String failures = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Dedicated d;
            try {
                d = new Dedicated(script, freePort(), Files.createTempDirectory("vigil-es-dedicated-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(d.hook);
            String failure = d.startOnce();
            if (failure == null) {
                return d;
            }
            d.close();
            failures += "\n--- attempt " + attempt + " (port " + d.port + "):\n" + failure;
        }
        throw new IllegalStateException("could not start a dedicated Elasticsearch with " + script + ":" + failures);
    }

    /** See {@link #dedicated()}. */
    public static final class Dedicated implements AutoCloseable {
        private final Path script;
        private final int port;
        private final Path data;
        private final Map<String, String> env;
        private final Thread hook;
        private boolean closed;

        private Dedicated(Path script, int port, Path data) {
            this.script = script;
            this.port = port;
            this.data = data;
            this.env = Map.of(
                    "VIGIL_ES_PORT", Integer.toString(port),
                    "VIGIL_ES_DATA", data.toString(),
                    "VIGIL_ES_WAIT", Integer.toString(WAIT_SECONDS));
            ElasticsearchServer server = new ElasticsearchServer(url(), data);
            this.hook = new Thread(() -> server.stop(script, env), "vigil-es-dedicated-stop-" + port);
        }

        public String url() {
            return "http://127.0.0.1:" + port;
        }

        /** Stops the server (SIGTERM, as an operator or systemd would); the data stays. */
        public synchronized void stop() {
            Result r = run(script, "stop", env, 90);
            if (r.exitCode != 0) {
                throw new IllegalStateException("could not stop Elasticsearch on port " + port + ":\n" + r.output);
            }
        }

        /** Starts it again on the same port with the same data; returns once the cluster is yellow. */
        public synchronized void start() {
            String failure = startOnce();
            if (failure != null) {
                throw new IllegalStateException("could not restart Elasticsearch on port " + port + ":\n" + failure);
            }
        }

        /** Null on success, else the script's output. */
        private String startOnce() {
            Result r = run(script, "start", env, WAIT_SECONDS + 300);
            return r.exitCode == 0 && Files.exists(data.resolve("elasticsearch.pid")) ? null
                    : "exit " + r.exitCode + ":\n" + r.output;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            hook.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down already, or never registered: the hook ran above anyway
            }
        }
    }

    private void stop(Path script, Map<String, String> env) {
        run(script, "stop", env, 90);
        deleteRecursively(dataDir);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path script, String command, Map<String, String> env, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("vigil-es-" + command + "-", ".log");
            ProcessBuilder pb = new ProcessBuilder(List.of("bash", script.toString(), command))
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().putAll(env);
            String version = System.getProperty("vigil.es.version");
            if (version != null && !version.isBlank()) {
                pb.environment().put("VIGIL_ES_VERSION", version);
            }
            Process p = pb.start();
            int code;
            if (p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                code = p.exitValue();
            } else {
                p.destroy();
                code = -1;
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            return new Result(code, output);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        } catch (IOException | UncheckedIOException e) {
            return;
        }
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: a temp dir left behind is harmless
            }
        }
    }
}
