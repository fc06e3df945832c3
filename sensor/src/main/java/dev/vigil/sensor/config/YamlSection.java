package dev.vigil.sensor.config;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping of a YAML file read through SnakeYAML's node API, so that every value keeps the
 * line and column it came from. Typed getters record the keys they read; {@link #finish()}
 * reports every key nobody read as unknown (a typo must not silently become a default).
 * Problems are collected, not thrown, so one run reports all of them.
 */
final class YamlSection {
    /** Keys that would hold a secret in clear: never accepted, whatever the section. */
    private static final Set<String> SECRET_KEYS = Set.of("password", "passwd", "api_key", "apikey", "secret",
            "token", "credentials", "auth");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KiB|MiB|GiB)?");

    private final Problems problems;
    private final String path;
    private final Node node;
    private final Mark mark;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();

    /** Collects problems with the file name; shared by every section of one file. */
    static final class Problems {
        final String file;
        final Path dir;
        final List<String> list = new ArrayList<>();
        final Map<String, String> locations = new LinkedHashMap<>();

        Problems(Path file) {
            this.file = file.toString();
            Path abs = file.toAbsolutePath().getParent();
            this.dir = abs == null ? Path.of(".") : abs;
        }

        String where(Mark m) {
            return m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
        }

        void add(Mark m, String key, String message) {
            list.add(where(m) + ": " + (key.isEmpty() ? "" : key + ": ") + message);
        }
    }

    YamlSection(Problems problems, String path, Node node, Mark parentMark) {
        this.problems = problems;
        this.path = path;
        this.mark = node == null ? parentMark : node.getStartMark();
        if (node != null && !(node instanceof MappingNode)) {
            problems.add(node.getStartMark(), path, "must be a mapping of keys to values");
            this.node = null;
            return;
        }
        this.node = node;
        if (node != null) {
            for (NodeTuple t : ((MappingNode) node).getValue()) {
                Node k = t.getKeyNode();
                if (!(k instanceof ScalarNode sk)) {
                    problems.add(k.getStartMark(), path, "keys must be plain words");
                    continue;
                }
                String key = sk.getValue();
                if (entries.containsKey(key)) {
                    problems.add(k.getStartMark(), qualified(key), "duplicate key (first at line "
                            + (entries.get(key).getKeyNode().getStartMark().getLine() + 1) + ")");
                    continue;
                }
                entries.put(key, t);
            }
        }
    }

    boolean present() {
        return node != null;
    }

    Problems problems() {
        return problems;
    }

    String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The value node of a key, or null when absent or YAML null; marks the key as read. */
    Node value(String key) {
        read.add(key);
        NodeTuple t = entries.get(key);
        if (t == null) {
            return null;
        }
        Node v = t.getValueNode();
        problems.locations.put(qualified(key), problems.where(v.getStartMark()));
        if (v instanceof ScalarNode s && Tag.NULL.equals(s.getTag())) {
            return null;
        }
        return v;
    }

    /** Where a key's value is, or this section's start when the key is absent. */
    Mark mark(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? mark : t.getValueNode().getStartMark();
    }

    void error(String key, String message) {
        problems.add(mark(key), qualified(key), message);
    }

    private String scalar(String key) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ScalarNode s)) {
            error(key, "must be a single value, not a " + (v instanceof SequenceNode ? "list" : "mapping"));
            return null;
        }
        return s.getValue();
    }

    String string(String key, String fallback) {
        String s = scalar(key);
        return s == null ? fallback : s.strip();
    }

    String requiredString(String key, String what) {
        String s = string(key, null);
        if (s == null || s.isEmpty()) {
            error(key, "missing: " + what);
            return null;
        }
        return s;
    }

    /** One of the given words (case-sensitive, as written in the docs). */
    String choice(String key, String fallback, String... allowed) {
        String s = string(key, null);
        if (s == null) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equals(s)) {
                return a;
            }
        }
        error(key, "must be one of " + String.join(", ", allowed) + ", got '" + s + "'");
        return fallback;
    }

    int integer(String key, int fallback, int min, int max) {
        long v = longValue(key, fallback, min, max);
        return (int) v;
    }

    long longValue(String key, long fallback, long min, long max) {
        Node v = value(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof ScalarNode s) || !Tag.INT.equals(s.getTag())) {
            error(key, "must be a whole number from " + min + " to " + max);
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(s.getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            error(key, "must be a whole number from " + min + " to " + max + ", got '" + s.getValue() + "'");
            return fallback;
        }
        if (n < min || n > max) {
            error(key, "must be from " + min + " to " + max + ", got " + n);
            return fallback;
        }
        return n;
    }

    /** A byte count: a plain number of bytes, or a number with KiB, MiB or GiB. */
    long size(String key, long fallback, long min, long max) {
        String s = scalar(key);
        if (s == null) {
            return fallback;
        }
        Matcher m = SIZE.matcher(s.strip().replace("_", ""));
        if (!m.matches()) {
            error(key, "must be a size such as 1048576, 64MiB or 1GiB, got '" + s + "'");
            return fallback;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long factor = switch (unit) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1L;
        };
        if (n > max / factor || n * factor < min) {
            error(key, "must be from " + human(min) + " to " + human(max) + ", got " + s.strip());
            return fallback;
        }
        return n * factor;
    }

    static String human(long bytes) {
        if (bytes % (1L << 30) == 0 && bytes > 0) {
            return (bytes >> 30) + "GiB";
        }
        if (bytes % (1L << 20) == 0 && bytes > 0) {
            return (bytes >> 20) + "MiB";
        }
        if (bytes % (1L << 10) == 0 && bytes > 0) {
            return (bytes >> 10) + "KiB";
        }
        return Long.toString(bytes);
    }

    boolean bool(String key, boolean fallback) {
        Node v = value(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof ScalarNode s) || !Tag.BOOL.equals(s.getTag())) {
            error(key, "must be true or false");
            return fallback;
        }
        String t = s.getValue().toLowerCase(Locale.ROOT);
        return t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("y");
    }

    /** A path; relative paths are taken from the configuration file's directory. */
    Path path(String key, Path fallback) {
        String s = string(key, null);
        if (s == null) {
            return fallback;
        }
        if (s.isEmpty()) {
            error(key, "must not be empty");
            return fallback;
        }
        if (s.indexOf('\0') >= 0) {
            error(key, "must not contain a NUL character");
            return fallback;
        }
        return problems.dir.resolve(s).normalize();
    }

    /** A list of words; a single word is a list of one. */
    List<String> strings(String key, List<String> fallback) {
        Node v = value(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof ScalarNode s) {
            return List.of(s.getValue().strip());
        }
        if (!(v instanceof SequenceNode seq)) {
            error(key, "must be a list of values");
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (item instanceof ScalarNode s && !Tag.NULL.equals(s.getTag()) && !s.getValue().isBlank()) {
                out.add(s.getValue().strip());
            } else {
                problems.add(item.getStartMark(), qualified(key), "list items must be single values");
            }
        }
        return out;
    }

    /** A nested mapping; an absent key gives an empty section whose getters return their defaults. */
    YamlSection section(String key) {
        return new YamlSection(problems, qualified(key), value(key), mark(key));
    }

    /** A list of mappings. */
    List<YamlSection> sections(String key) {
        Node v = value(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof SequenceNode seq)) {
            error(key, "must be a list");
            return List.of();
        }
        List<YamlSection> out = new ArrayList<>();
        int i = 0;
        for (Node item : seq.getValue()) {
            out.add(new YamlSection(problems, qualified(key) + "[" + i++ + "]", item, item.getStartMark()));
        }
        return out;
    }

    /** Where this section starts, as {@code file:line:column}. */
    String location() {
        return problems.where(mark);
    }

    String location(String key) {
        return problems.where(mark(key));
    }

    /** Reports the keys no getter asked for: unknown, or a literal secret. */
    void finish() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            String key = e.getKey();
            if (read.contains(key)) {
                continue;
            }
            Mark m = e.getValue().getKeyNode().getStartMark();
            if (SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
                // never echo the value
                problems.add(m, qualified(key), "secrets are not accepted in the configuration file (it is read by "
                        + "more people and tools than a secret should be): name a file with " + key
                        + "_file or an environment variable with " + key + "_env instead");
                continue;
            }
            String hint = suggestion(key);
            problems.add(m, qualified(key), "unknown key" + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                    + "; known here: " + String.join(", ", knownKeys()));
        }
    }

    private List<String> knownKeys() {
        List<String> k = new ArrayList<>(read);
        k.sort(null);
        return k;
    }

    private String suggestion(String key) {
        String best = null;
        int bestDistance = 3;
        for (String k : read) {
            int d = distance(key.toLowerCase(Locale.ROOT), k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
