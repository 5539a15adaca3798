package io.caravel.cli.output;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the CLI prints them: UTC, to the second. */
public final class Times {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Times() {}

    /** Unix milliseconds (workflow time) as {@code 2026-01-02 15:04:05}; 0 as "". */
    public static String millis(long millis) {
        return millis <= 0 ? "" : FORMAT.format(Instant.ofEpochMilli(millis));
    }

    /**
     * Unix nanoseconds (execution create and modify times, as in Bacalhau) as {@link #millis} does.
     */
    public static String nanos(long nanos) {
        return millis(nanos / 1_000_000);
    }

    public static String instant(Instant instant) {
        return instant == null ? "" : FORMAT.format(instant);
    }
}
