package dev.vigil.rules.policy;

import java.util.List;

/**
 * A policy or inventory that cannot be used, with every problem found (not just the first), each
 * naming {@code file:line[:column]}. The sensor refuses to start on it: a half-configured sensor
 * would silently judge with rules nobody wrote.
 */
public final class PolicyException extends Exception {
    private final List<String> problems;

    public PolicyException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each starting with {@code file:line:column:}. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems").append(" in the policy:");
        for (String p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
