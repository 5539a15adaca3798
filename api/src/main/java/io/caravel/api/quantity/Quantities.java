package io.caravel.api.quantity;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the resource strings of a task the way Bacalhau does: CPU with the rules of k8sresource
 * (cores or millicores), memory and disk with the rules of go-humanize (decimal {@code kb/mb/gb}
 * and binary {@code ki/mi/gi} units) and GPUs as a plain count. Every value is {@linkplain
 * #normalize normalised} first, as Bacalhau's {@code ResourcesConfig.Normalize} does.
 */
public final class Quantities {
    static final String CPU_HINT = "; use cores like 0.5 or 2, or millicores like 250m";
    static final String BYTES_HINT =
            "; use a number of bytes, optionally with a unit: 1000-based kb, mb, gb, tb "
                    + "(e.g. 512Mb) or 1024-based ki, mi, gi, ti (e.g. 1Gi)";
    static final String GPU_HINT = "; use a whole number of GPUs such as 1";

    // Only plain decimal notation: Go's ParseFloat also takes inf, nan and hex floats, which make
    // no sense as a CPU request.
    private static final Pattern CPU_CORES =
            Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:e[+-]?[0-9]+)?");
    private static final Pattern CPU_MILLIS = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern SIZE_NUMBER = Pattern.compile("[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    /** 2^63 as a double: the first value a {@code long} cannot hold. */
    private static final double LONG_LIMIT = 0x1p63;

    private static final Map<String, Long> BYTE_UNITS =
            Map.ofEntries(
                    Map.entry("", 1L), Map.entry("b", 1L),
                    Map.entry("k", 1_000L), Map.entry("kb", 1_000L),
                    Map.entry("m", 1_000_000L), Map.entry("mb", 1_000_000L),
                    Map.entry("g", 1_000_000_000L), Map.entry("gb", 1_000_000_000L),
                    Map.entry("t", 1_000_000_000_000L), Map.entry("tb", 1_000_000_000_000L),
                    Map.entry("p", 1_000_000_000_000_000L), Map.entry("pb", 1_000_000_000_000_000L),
                    Map.entry("e", 1_000_000_000_000_000_000L),
                            Map.entry("eb", 1_000_000_000_000_000_000L),
                    Map.entry("ki", 1L << 10), Map.entry("kib", 1L << 10),
                    Map.entry("mi", 1L << 20), Map.entry("mib", 1L << 20),
                    Map.entry("gi", 1L << 30), Map.entry("gib", 1L << 30),
                    Map.entry("ti", 1L << 40), Map.entry("tib", 1L << 40),
                    Map.entry("pi", 1L << 50), Map.entry("pib", 1L << 50),
                    Map.entry("ei", 1L << 60), Map.entry("eib", 1L << 60));

    private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Quantities() {}

    /**
     * Lower-cases {@code text} and removes every whitespace character, inner ones included; null
     * gives "".
     */
    public static String normalize(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints()
                .filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c))
                .forEach(out::appendCodePoint);
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * A CPU request in millicores: {@code 250m} is 250, {@code 0.25} and {@code .25} are 250,
     * {@code 2} is 2000. Cores are truncated to whole millicores ({@code 0.0005} is 0). Negative
     * values parse; {@link Resources#parse} rejects them.
     *
     * @throws QuantityFormatException {@code invalid CPU value: <normalised text>; ...} when the
     *     text is neither cores nor an integer of millicores, or is too large
     */
    public static long parseCpuMillis(String text) {
        String s = normalize(text);
        if (s.endsWith("m")) {
            String millis = s.substring(0, s.length() - 1);
            if (CPU_MILLIS.matcher(millis).matches()) {
                try {
                    return Long.parseLong(millis);
                } catch (NumberFormatException tooLarge) {
                    throw cpuError(s, "; the value is too large");
                }
            }
            throw cpuError(s, "; millicores must be a whole number" + CPU_HINT);
        }
        if (!CPU_CORES.matcher(s).matches()) {
            throw cpuError(s, CPU_HINT);
        }
        double millis = Double.parseDouble(s) * 1000.0;
        if (Double.isNaN(millis) || Math.abs(millis) >= LONG_LIMIT) {
            throw cpuError(s, "; the value is too large");
        }
        // Truncation toward zero, as k8sresource converts with int64(cores * 1000).
        return (long) millis;
    }

    /** A CPU request in cores: {@link #parseCpuMillis} divided by 1000. */
    public static double parseCpu(String text) {
        return parseCpuMillis(text) / 1000.0;
    }

    /**
     * A byte size: a number made of digits, {@code .} and {@code ,} (commas are ignored) followed
     * by an optional unit, case-insensitive: {@code b}, decimal {@code k/kb, m/mb, g/gb, t/tb,
     * p/pb, e/eb} (powers of 1000) or binary {@code ki/kib ... ei/eib} (powers of 1024). The result
     * is truncated to whole bytes. Signs and exponents are not accepted.
     *
     * @param kind what the size is, for the message: {@code memory} or {@code disk}
     * @throws QuantityFormatException {@code invalid <kind> value: <normalised text>; ...}, also
     *     when the size is 2^63 bytes (8 EiB) or more
     */
    public static long parseBytes(String text, String kind) {
        String what = kind == null || kind.isBlank() ? "size" : kind.trim();
        String s = normalize(text);
        int end = 0;
        while (end < s.length() && isSizeNumberChar(s.charAt(end))) {
            end++;
        }
        String number = s.substring(0, end).replace(",", "");
        Long unit = BYTE_UNITS.get(s.substring(end));
        if (!SIZE_NUMBER.matcher(number).matches() || unit == null) {
            throw bytesError(what, s, BYTES_HINT);
        }
        double bytes = Double.parseDouble(number) * unit;
        if (bytes >= LONG_LIMIT) {
            // go-humanize allows up to 2^64; Caravel holds sizes in a signed long.
            throw bytesError(what, s, "; the largest accepted size is just under 8Ei (2^63 bytes)");
        }
        return (long) bytes;
    }

    /**
     * A GPU count: a non-negative base-10 integer without sign.
     *
     * @throws QuantityFormatException {@code invalid GPU value: <normalised text>; ...}
     */
    public static long parseGpu(String text) {
        String s = normalize(text);
        if (DIGITS.matcher(s).matches()) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException tooLarge) {
                throw new QuantityFormatException(
                        "GPU", "invalid GPU value: " + s + "; the value is too large");
            }
        }
        throw new QuantityFormatException("GPU", "invalid GPU value: " + s + GPU_HINT);
    }

    /**
     * A size for messages, in 1024-based units with two decimals: {@code 5.00 GiB}, {@code 512 B}.
     */
    public static String formatBytes(long bytes) {
        if (bytes > -1024 && bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < BINARY_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %s", value, BINARY_UNITS[unit]);
    }

    private static boolean isSizeNumberChar(char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == ',';
    }

    private static QuantityFormatException cpuError(String normalised, String hint) {
        return new QuantityFormatException("CPU", "invalid CPU value: " + normalised + hint);
    }

    private static QuantityFormatException bytesError(String kind, String normalised, String hint) {
        String field =
                kind.isEmpty() ? kind : Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
        return new QuantityFormatException(
                field, "invalid " + kind + " value: " + normalised + hint);
    }
}
