package dev.vigil.rules.detect;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads the ISO-8601 UTC instants of event documents ({@code 2026-03-02T08:00:00.040816Z}) as epoch
 * nanoseconds. The engine reads one per event, so the common form (what the sensor writes:
 * {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z}) is parsed by hand without allocating; anything else goes
 * to {@link Instant#parse}.
 */
public final class Timestamps {
    /** Returned when the text is not an instant. */
    public static final long INVALID = Long.MIN_VALUE;

    private Timestamps() {
    }

    public static long parseNanos(String s) {
        if (s == null) {
            return INVALID;
        }
        int n = s.length();
        if (n >= 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                && s.charAt(16) == ':' && s.charAt(n - 1) == 'Z') {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 2);
            int day = digits(s, 8, 2);
            int hour = digits(s, 11, 2);
            int min = digits(s, 14, 2);
            int sec = digits(s, 17, 2);
            long frac = 0;
            boolean ok = year >= 1970 && year <= 2262 && month >= 1 && month <= 12 && day >= 1 && day <= 31
                    && hour <= 23 && min <= 59 && sec <= 59;
            if (ok && n > 20) {
                int fd = n - 21;
                if (s.charAt(19) != '.' || fd < 1 || fd > 9) {
                    ok = false;
                } else {
                    int f = digits(s, 20, fd);
                    if (f < 0) {
                        ok = false;
                    } else {
                        frac = f;
                        for (int i = fd; i < 9; i++) {
                            frac *= 10;
                        }
                    }
                }
            } else if (n != 20) {
                ok = false;
            }
            if (ok && day <= daysInMonth(year, month)) {
                long days = epochDay(year, month, day);
                return ((days * 86_400L + hour * 3600L + min * 60L + sec) * 1_000_000_000L) + frac;
            }
        }
        try {
            Instant i = Instant.parse(s);
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            return INVALID;
        }
    }

    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int daysInMonth(int y, int m) {
        switch (m) {
            case 2:
                return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil). */
    static long epochDay(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /** Formats epoch nanoseconds as the sensor does (microseconds or nanoseconds as needed). */
    static String format(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                .toString();
    }
}
