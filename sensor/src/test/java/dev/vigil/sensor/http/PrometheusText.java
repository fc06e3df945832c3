package dev.vigil.sensor.http;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format): every line
 * must be a comment ({@code # HELP}, {@code # TYPE}) or a sample {@code name{labels} value};
 * anything else fails the test. Samples are keyed {@code name{a="x",b="y"}} with labels sorted.
 */
final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (-?[0-9.eE+-]+|NaN|[+-]Inf)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) "
            + "(counter|gauge|histogram|summary|untyped)");

    final Map<String, Double> samples = new LinkedHashMap<>();
    final Map<String, String> types = new HashMap<>();

    static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ")) {
                String rest = line.substring(7);
                int sp = rest.indexOf(' ');
                String name = sp < 0 ? rest : rest.substring(0, sp);
                check(NAME.matcher(name).matches(), n, line);
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                Matcher m = TYPE.matcher(line);
                check(m.matches(), n, line);
                check(p.types.put(m.group(1), m.group(2)) == null, n, "second TYPE line: " + line);
                continue;
            }
            check(!line.startsWith("#"), n, line);
            Matcher m = SAMPLE.matcher(line);
            check(m.matches(), n, line);
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null && !m.group(3).isEmpty()) {
                Matcher l = LABEL.matcher(m.group(3));
                int end = 0;
                while (l.find() && l.start() == end) {
                    check(labels.put(l.group(1), l.group(2)) == null, n, "duplicate label: " + line);
                    end = l.end();
                }
                check(end == m.group(3).length(), n, "bad labels: " + line);
            }
            String key = key(m.group(1), labels);
            double v = switch (m.group(4)) {
                case "NaN" -> Double.NaN;
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(m.group(4));
            };
            check(p.samples.put(key, v) == null, n, "duplicate sample: " + line);
        }
        return p;
    }

    static String key(String name, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder(name);
        if (!labels.isEmpty()) {
            sb.append('{');
            new TreeMap<>(labels).forEach((k, v) -> sb.append(k).append("=\"").append(v).append("\","));
            sb.setLength(sb.length() - 1);
            sb.append('}');
        }
        return sb.toString();
    }

    /** The value of a sample, or null. Labels as alternating names and values. */
    Double get(String name, String... labels) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            m.put(labels[i], labels[i + 1]);
        }
        return samples.get(key(name, m));
    }

    private static void check(boolean ok, int line, String text) {
        if (!ok) {
            throw new AssertionError("not Prometheus text format, line " + line + ": " + text);
        }
    }
}
