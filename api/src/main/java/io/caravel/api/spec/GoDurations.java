package io.caravel.api.spec;

/**
 * Formats whole seconds the way Go prints a time.Duration ({@code 15s}, {@code 1m40s}, {@code
 * -10s}).
 */
public final class GoDurations {
    private GoDurations() {}

    public static String format(long seconds) {
        if (seconds == 0) {
            return "0s";
        }
        String sign = seconds < 0 ? "-" : "";
        long s = Math.abs(seconds == Long.MIN_VALUE ? Long.MAX_VALUE : seconds);
        long hours = s / 3600;
        long minutes = (s % 3600) / 60;
        long rest = s % 60;
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + rest + "s";
        }
        if (minutes > 0) {
            return sign + minutes + "m" + rest + "s";
        }
        return sign + rest + "s";
    }
}
