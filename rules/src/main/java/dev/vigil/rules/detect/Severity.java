package dev.vigil.rules.detect;

import java.util.Locale;

/**
 * How bad a finding is, as ECS {@code event.severity} numbers. The numbers are the ones Elastic
 * Security uses for its rule severities (low 21, medium 47, high 73, critical 99), so findings sort
 * and filter next to other alerts in Kibana; {@link #INFO} is below all of them for facts an analyst
 * wants recorded but not raised (a TFTP configuration download).
 */
public enum Severity {
    INFO(1),
    LOW(21),
    MEDIUM(47),
    HIGH(73),
    CRITICAL(99);

    private final int code;

    Severity(int code) {
        this.code = code;
    }

    /** The ECS {@code event.severity} number. */
    public int code() {
        return code;
    }

    /** The lower-case label written next to the number ({@code "high"}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One step up, capped at {@link #CRITICAL}: used for aggravated cases (a vendor default password). */
    public Severity escalate() {
        return this == CRITICAL ? CRITICAL : values()[ordinal() + 1];
    }

    /** The severity named by a label (case-insensitive), or null. */
    public static Severity ofLabel(String label) {
        if (label == null) {
            return null;
        }
        for (Severity s : values()) {
            if (s.name().equalsIgnoreCase(label.trim())) {
                return s;
            }
        }
        return null;
    }
}
