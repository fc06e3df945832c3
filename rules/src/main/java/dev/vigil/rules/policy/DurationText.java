package dev.vigil.rules.policy;

import java.time.Duration;

/**
 * Durations as people write them in a policy: a number and a unit ({@code 500ms}, {@code 30s},
 * {@code 15m}, {@code 24h}, {@code 7d}, {@code 2w}), or {@code 0}. ISO-8601 ({@code PT1H}) is accepted
 * too.
 */
public final class DurationText {
    private DurationText() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException with a message for the policy's error list
     */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (!s.isEmpty() && (s.charAt(0) == 'P' || s.charAt(0) == 'p')) {
            try {
                return nonNegative(Duration.parse(s), text);
            } catch (java.time.format.DateTimeParseException e) {
                throw bad(text);
            }
        }
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 12) {
            throw bad(text);
        }
        long n = Long.parseLong(s.substring(0, i));
        String unit = s.substring(i).trim();
        switch (unit) {
            case "ms":
                return Duration.ofMillis(n);
            case "s":
                return Duration.ofSeconds(n);
            case "m":
            case "min":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            case "d":
                return Duration.ofDays(n);
            case "w":
                return Duration.ofDays(7 * n);
            default:
                throw bad(text);
        }
    }

    private static Duration nonNegative(Duration d, String text) {
        if (d.isNegative()) {
            throw bad(text);
        }
        return d;
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration (a number and a unit: ms, s, m,"
                + " h, d or w, e.g. 24h or 7d)");
    }

    /** The shortest of the forms above that says exactly {@code d} ({@code 7d}, {@code 90m}). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        long[] sizes = {7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};
        String[] units = {"w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return (ms / sizes[i]) + units[i];
            }
        }
        return ms + "ms";
    }
}
