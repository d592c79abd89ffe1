package acs;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human durations as ops people write them: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h30m}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    public static Duration parse(String parameter, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(parameter, "is empty; expected a duration such as 30s, 10m or 1h30m");
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            return Duration.parse(t.startsWith("p") ? t.toUpperCase(java.util.Locale.ROOT) : "x");
        } catch (RuntimeException notIso) {
            // fall through to the short form
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw new InvalidInputException(parameter, "'" + text + "' is not a duration; expected e.g. 30s, 10m, 1h30m or 500ms");
        }
        return total;
    }

    /** A duration that must be more than zero (a timeout): zero or less is bad input. */
    public static Duration positive(String parameter, String text) {
        Duration d = parse(parameter, text);
        if (d.isZero() || d.isNegative()) {
            throw new InvalidInputException(parameter, "'" + text + "' must be more than zero; expected e.g. 30s");
        }
        return d;
    }

    public static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
        long s = d.toSeconds();
        if (s % 3600 == 0 && s > 0) return s / 3600 + "h";
        if (s % 60 == 0 && s > 0) return s / 60 + "m";
        return s + "s";
    }
}
