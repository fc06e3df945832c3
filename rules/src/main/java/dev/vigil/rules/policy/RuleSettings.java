package dev.vigil.rules.policy;

import dev.vigil.rules.detect.Severity;

import java.util.List;

/**
 * A rule's settings in a policy: on or off, its severity (aggravated cases such as vendor default
 * passwords are one step higher), and the findings the site has accepted.
 */
public record RuleSettings(boolean enabled, Severity severity, List<Suppression> suppressions) {
    public RuleSettings {
        suppressions = List.copyOf(suppressions);
    }
}
