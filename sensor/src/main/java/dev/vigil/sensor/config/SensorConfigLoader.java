package dev.vigil.sensor.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the daemon's YAML configuration. Everything is checked before the sensor starts: types
 * and ranges, unknown keys (a typo is an error, not a silent default), referenced files that
 * must exist, and that no secret is written in the file. Every problem names
 * {@code file:line:column} and the dotted key; all problems of a file are reported at once.
 *
 * <p>Uses SnakeYAML's node API ({@link Yaml#compose}) rather than binding to objects: nodes keep
 * their positions, and nothing in the file can instantiate a class. Relative paths are taken
 * from the configuration file's directory.
 *
 * <p>The format is documented by {@code deploy/config/vigil.example.yaml}, which a test loads.
 */
public final class SensorConfigLoader {
    /** A configuration larger than this is not a configuration. */
    public static final int MAX_FILE_CHARS = 1 << 20;
    /** YAML alias expansion cap (billion-laughs). */
    private static final int MAX_ALIASES = 50;
    public static final int MIN_SNAPLEN = 64;
    public static final int MAX_SNAPLEN = 262_144;
    public static final long MIN_BUFFER = 1L << 20;
    public static final long MAX_BUFFER = (1L << 31) - (1L << 20);
    public static final int MAX_WORKERS = 64;
    public static final int MIN_RING = 1 << 6;
    public static final int MAX_RING = 1 << 22;
    public static final int MAX_FLOWS = 10_000_000;
    public static final long MIN_SPOOL = 16L << 20;
    public static final long MAX_SPOOL = 1L << 42;
    public static final int MAX_WEBHOOKS = 32;
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/vigil");

    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9_]{1,100}");
    private static final Pattern IFACE = Pattern.compile("[^\\s/]{1,15}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9_.-]{1,64}");

    private SensorConfigLoader() {
    }

    /** Reads and checks a configuration file. */
    public static SensorConfig load(Path file) throws ConfigException {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_CHARS) {
                throw new ConfigException(file + ": larger than " + MAX_FILE_CHARS + " bytes: not a configuration");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file, text);
    }

    /** Checks configuration text as if read from {@code file} (relative paths resolve against its directory). */
    public static SensorConfig parse(Path file, String text) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setCodePointLimit(MAX_FILE_CHARS);
        options.setAllowRecursiveKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Node root;
        try (Reader r = new java.io.StringReader(text)) {
            root = yaml.compose(r);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            YamlSection.Problems p = new YamlSection.Problems(file);
            p.add(m, "", "not valid YAML: " + (e.getProblem() != null ? e.getProblem() : e.getMessage()));
            throw new ConfigException(p.list);
        } catch (YAMLException | IOException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new ConfigException(file + ": empty: at least capture.interface and one output are needed");
        }
        YamlSection.Problems problems = new YamlSection.Problems(file);
        YamlSection top = new YamlSection(problems, "", root, root.getStartMark());
        SensorConfig config = read(file, top);
        if (!problems.list.isEmpty()) {
            throw new ConfigException(problems.list);
        }
        return config;
    }

    private static SensorConfig read(Path file, YamlSection top) {
        SensorConfig.Capture capture = capture(top.section("capture"));
        SensorConfig.Pipeline pipeline = pipeline(top.section("pipeline"));
        Path policy = existingFile(top, "policy");
        Path inventory = existingFile(top, "inventory");
        Path stateDir = top.path("state_dir", DEFAULT_STATE_DIR);
        SensorConfig.Outputs outputs = outputs(top.section("outputs"));
        SensorConfig.Spool spool = spool(top.section("spool"), stateDir);
        List<WebhookSettings> webhooks = webhooks(top);
        SensorConfig.Http http = http(top.section("http"));
        String user = top.string("user", null);
        if (user != null && !USER.matcher(user).matches()) {
            top.error("user", "must be a system account name (lower case letters, digits, _ and -), got '" + user + "'");
            user = null;
        }
        SensorConfig.Log log = log(top.section("log"));
        if (top.present() && outputs.ndjson() == null && outputs.elasticsearch() == null && webhooks.isEmpty()) {
            top.problems().add(null, "outputs",
                    "no output configured: add outputs.ndjson, outputs.elasticsearch or webhooks "
                            + "(events would go nowhere)");
        }
        top.finish();
        return new SensorConfig(file, capture, pipeline, outputs, policy, inventory, stateDir, spool, webhooks, http,
                user, log, top.problems().locations);
    }

    private static SensorConfig.Capture capture(YamlSection s) {
        if (!s.present()) {
            s.error("interface", "missing: the capture section with the mirror-port interface");
        }
        String iface = s.requiredString("interface", "the interface connected to the mirror (SPAN) port");
        if (iface != null && !IFACE.matcher(iface).matches()) {
            s.error("interface", "not an interface name: '" + iface + "'");
        }
        int snaplen = s.integer("snaplen", 65_535, MIN_SNAPLEN, MAX_SNAPLEN);
        long buffer = s.size("buffer_size", 64L << 20, MIN_BUFFER, MAX_BUFFER);
        String bpf = s.string("bpf", null);
        if (bpf != null && bpf.isBlank()) {
            bpf = null;
        }
        boolean immediate = s.bool("immediate", true);
        boolean promiscuous = s.bool("promiscuous", true);
        s.finish();
        return new SensorConfig.Capture(iface, snaplen, (int) buffer, bpf, immediate, promiscuous);
    }

    private static SensorConfig.Pipeline pipeline(YamlSection s) {
        int workers = s.integer("workers", 1, 1, MAX_WORKERS);
        int packetRing = ring(s, "packet_ring", 16_384);
        int recordRing = ring(s, "record_ring", 8_192);
        int maxFlows = s.integer("max_flows", 65_536, 1, MAX_FLOWS);
        List<String> decoders = s.strings("decoders", List.of("all"));
        s.finish();
        return new SensorConfig.Pipeline(workers, packetRing, recordRing, maxFlows, decoders);
    }

    private static int ring(YamlSection s, String key, int fallback) {
        int n = s.integer(key, fallback, MIN_RING, MAX_RING);
        if (Integer.bitCount(n) != 1) {
            s.error(key, "must be a power of two (ring slots), got " + n);
            return fallback;
        }
        return n;
    }

    private static SensorConfig.Outputs outputs(YamlSection s) {
        YamlSection nd = s.section("ndjson");
        SensorConfig.Ndjson ndjson = null;
        if (nd.present()) {
            String path = nd.requiredString("path", "the file events are appended to, or - for standard output");
            if (path != null) {
                ndjson = new SensorConfig.Ndjson("-".equals(path) ? "-" : nd.problems().dir.resolve(path).normalize()
                        .toString());
            }
            nd.finish();
        }
        YamlSection es = s.section("elasticsearch");
        SensorConfig.Elasticsearch elasticsearch = es.present() ? elasticsearch(es) : null;
        s.finish();
        return new SensorConfig.Outputs(ndjson, elasticsearch);
    }

    private static SensorConfig.Elasticsearch elasticsearch(YamlSection s) {
        List<String> urls = s.strings("url", List.of());
        if (urls.isEmpty()) {
            s.error("url", "missing: the Elasticsearch endpoint, e.g. https://127.0.0.1:9200 (or a list)");
        }
        for (String u : urls) {
            String problem = urlProblem(u, "http(s)://host[:port]");
            if (problem != null) {
                s.error("url", problem);
            }
        }
        String namespace = s.string("namespace", "default");
        if (!NAMESPACE.matcher(namespace).matches()) {
            s.error("namespace", "must be 1-100 of a-z, 0-9 and _ (a data stream namespace), got '" + namespace + "'");
            namespace = "default";
        }
        Path ca = existingFile(s, "ca_file");
        String username = s.string("username", null);
        Path passwordFile = existingFile(s, "password_file");
        String passwordEnv = env(s, "password_env");
        Path apiKeyFile = existingFile(s, "api_key_file");
        String apiKeyEnv = env(s, "api_key_env");
        boolean templates = s.bool("install_templates", true);
        if (passwordFile != null && passwordEnv != null) {
            s.error("password_env", "give password_file or password_env, not both");
        }
        if (apiKeyFile != null && apiKeyEnv != null) {
            s.error("api_key_env", "give api_key_file or api_key_env, not both");
        }
        boolean password = passwordFile != null || passwordEnv != null;
        boolean apiKey = apiKeyFile != null || apiKeyEnv != null;
        if (password && username == null) {
            s.error("username", "missing: a password needs a username");
        }
        if (username != null && !password) {
            s.error("username", "a username needs password_file or password_env");
        }
        if (apiKey && username != null) {
            s.error("username", "use either an API key or a username and password, not both");
        }
        s.finish();
        return new SensorConfig.Elasticsearch(urls, namespace, ca, username, passwordFile, passwordEnv, apiKeyFile,
                apiKeyEnv, templates);
    }

    private static SensorConfig.Spool spool(YamlSection s, Path stateDir) {
        Path dir = s.path("dir", stateDir.resolve("spool"));
        long max = s.size("max_size", 1L << 30, MIN_SPOOL, MAX_SPOOL);
        String fsync = s.choice("fsync", "batch", "always", "batch", "never");
        s.finish();
        return new SensorConfig.Spool(dir, max, fsync);
    }

    private static List<WebhookSettings> webhooks(YamlSection top) {
        List<YamlSection> list = top.sections("webhooks");
        if (list.size() > MAX_WEBHOOKS) {
            top.error("webhooks", "at most " + MAX_WEBHOOKS + " webhooks, got " + list.size());
        }
        List<WebhookSettings> out = new ArrayList<>();
        int n = 0;
        for (YamlSection w : list) {
            n++;
            if (!w.present()) {
                continue;
            }
            String name = w.string("name", "webhook-" + n);
            if (!NAME.matcher(name).matches()) {
                w.error("name", "must be 1-64 of a-z, 0-9, '.', '_' and '-', got '" + name + "'");
            }
            String url = w.string("url", null);
            Path urlFile = existingFile(w, "url_file");
            String urlEnv = env(w, "url_env");
            int given = (url == null ? 0 : 1) + (urlFile == null ? 0 : 1) + (urlEnv == null ? 0 : 1);
            if (given != 1) {
                w.error("url", given == 0 ? "missing: the receiver's http(s) URL (or url_file / url_env when the "
                        + "URL itself is the secret, as with Slack incoming webhooks)"
                        : "give exactly one of url, url_file and url_env");
            }
            if (url != null) {
                String problem = urlProblem(url, "http(s)://host[:port]/path");
                if (problem != null) {
                    w.error("url", problem);
                }
            }
            Path secretFile = existingFile(w, "secret_file");
            String secretEnv = env(w, "secret_env");
            if (secretFile != null && secretEnv != null) {
                w.error("secret_env", "give secret_file or secret_env, not both");
            }
            int minSeverity = w.integer("min_severity", 0, 0, 100);
            List<String> rules = w.strings("rules", List.of());
            String format = w.choice("format", "json", "json", "slack");
            w.finish();
            out.add(new WebhookSettings(name, url, urlFile, urlEnv, secretFile, secretEnv, minSeverity, rules, format,
                    w.location()));
        }
        return out;
    }

    private static SensorConfig.Http http(YamlSection s) {
        boolean enabled = s.bool("enabled", true);
        String listen = s.string("listen", "127.0.0.1:" + SensorConfig.DEFAULT_HTTP_PORT);
        String host = "127.0.0.1";
        int port = SensorConfig.DEFAULT_HTTP_PORT;
        int colon = listen.lastIndexOf(':');
        if (colon <= 0 || colon == listen.length() - 1) {
            s.error("listen", "must be host:port, e.g. 127.0.0.1:9469 or [::1]:9469, got '" + listen + "'");
        } else {
            host = listen.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                port = Integer.parseInt(listen.substring(colon + 1));
                if (port < 0 || port > 65_535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                s.error("listen", "port must be 0..65535, got '" + listen.substring(colon + 1) + "'");
                port = SensorConfig.DEFAULT_HTTP_PORT;
            }
        }
        s.finish();
        return new SensorConfig.Http(enabled, host, port);
    }

    private static SensorConfig.Log log(YamlSection s) {
        String format = s.choice("format", "text", "text", "json");
        String level = s.choice("level", "info", "error", "warn", "info", "debug", "trace");
        s.finish();
        return new SensorConfig.Log(format, level);
    }

    private static Path existingFile(YamlSection s, String key) {
        Path p = s.path(key, null);
        if (p != null && !Files.isRegularFile(p)) {
            s.error(key, (Files.exists(p) ? "not a regular file: " : "no such file: ") + p);
        }
        return p;
    }

    private static String env(YamlSection s, String key) {
        String v = s.string(key, null);
        if (v != null && !ENV.matcher(v).matches()) {
            s.error(key, "must name an environment variable (letters, digits, _), got '" + v + "'");
            return null;
        }
        return v;
    }

    /** Null for a usable http(s) URL, else why not (never echoing credentials written into it). */
    private static String urlProblem(String u, String shape) {
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            return "must be " + shape + ": " + e.getReason();
        }
        if (uri.getRawUserInfo() != null) {
            return "credentials in a URL are not accepted in the configuration file: use the _file or _env "
                    + "settings for secrets";
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            return "must be " + shape + ", got '" + u + "'";
        }
        return null;
    }
}
