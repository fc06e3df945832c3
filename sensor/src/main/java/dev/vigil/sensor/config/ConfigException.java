package dev.vigil.sensor.config;

import java.util.List;

/**
 * A configuration file the sensor refuses to run with. Carries every problem found, each as
 * one line starting with {@code file:line:column:}, the way compilers report, so an operator
 * fixes them all in one pass and an editor can jump to each.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a config exception needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** Each problem, {@code file:line:column: key: message}. */
    public List<String> problems() {
        return problems;
    }
}
