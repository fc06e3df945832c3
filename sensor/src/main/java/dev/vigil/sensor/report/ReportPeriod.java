package dev.vigil.sensor.report;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The start of a report's period as the command line gives it. */
public final class ReportPeriod {
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhdw])");

    private ReportPeriod() {
    }

    /**
     * A duration back from {@code now} (30m, 24h, 7d, 4w), an ISO-8601 instant, or {@code all}
     * ({@link Instant#EPOCH}).
     */
    public static Instant since(String s, Instant now) {

        if (s.equals("all")) {
            return Instant.EPOCH;
        }
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(d);
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + s + "': expected a duration (30m, 24h, 7d, 4w), an ISO-8601 "
                    + "instant (2026-11-01T00:00:00Z) or 'all'");
        }
    }
}
