package io.caravel.activities.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as operators write them: Go's form ({@code 10s}, {@code 1m30s}, {@code 500ms},
 * {@code 2h}), as Bacalhau's configuration does, or ISO-8601 ({@code PT10S}).
 */
public final class ConfigDurations {
    public static final String ACCEPTED =
            "write a duration with a unit, such as 10s, 1m30s, 500ms or 2h (or ISO-8601 PT10S)";

    private static final Pattern PART =
            Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h)");

    private ConfigDurations() {}

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException saying what would be accepted
     */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.regionMatches(true, 0, "PT", 0, 2)
                || s.regionMatches(true, 0, "P", 0, 1)
                        && s.length() > 1
                        && Character.isDigit(s.charAt(1))) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "invalid duration \"" + text + "\"; " + ACCEPTED, e);
            }
        }
        Matcher m = PART.matcher(s);
        int at = 0;
        double nanos = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            nanos += Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
            at = m.end();
        }
        if (s.isEmpty() || at != s.length()) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\"; " + ACCEPTED);
        }
        if (nanos >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("duration \"" + text + "\" is too long");
        }
        return Duration.ofNanos((long) nanos);
    }

    /** Go's spelling of {@code d}: {@code 10s}, {@code 1m30s}, {@code 500ms}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toNanos() % 1_000_000_000L != 0 && d.toSeconds() == 0) {
            return d.toMillis() + "ms";
        }
        long seconds = d.toSeconds();
        StringBuilder out = new StringBuilder();
        if (seconds >= 3600) {
            out.append(seconds / 3600).append('h');
        }
        if (seconds >= 60 && seconds % 3600 / 60 != 0) {
            out.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 != 0 || out.length() == 0) {
            out.append(seconds % 60).append('s');
        }
        return out.toString();
    }

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
    }
}
