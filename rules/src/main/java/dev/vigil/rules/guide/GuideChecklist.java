package dev.vigil.rules.guide;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hardening guide's "Check" phase: per CIS control, the task, what is expected, the guide's
 * recommendations and what the sensor observes for it ({@code guide-checklist.yaml}). The
 * report is built on it.
 */
public final class GuideChecklist {
    /** One control of the checklist. */
    public record Control(int id, String title, String task, List<String> expectation, List<String> recommendations,
                          String observes) {
    }

    private static final List<Control> CONTROLS = load();

    private GuideChecklist() {
    }

    /** The controls in the guide's order (1, 2, 3, 4, 6, 9). */
    public static List<Control> controls() {
        return CONTROLS;
    }

    @SuppressWarnings("unchecked")
    private static List<Control> load() {
        try (InputStream in = GuideChecklist.class.getResourceAsStream("/dev/vigil/rules/guide-checklist.yaml")) {
            if (in == null) {
                throw new IllegalStateException("guide-checklist.yaml missing from the rules jar");
            }
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            List<Control> out = new ArrayList<>();
            for (Map<String, Object> c : (List<Map<String, Object>>) root.get("controls")) {
                out.add(new Control(((Number) c.get("id")).intValue(), (String) c.get("title"), (String) c.get("task"),
                        List.copyOf((List<String>) c.get("expectation")),
                        List.copyOf((List<String>) c.get("recommendations")), (String) c.get("observes")));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
