package io.caravel.activities.settings;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A value as one configuration layer wrote it: a scalar (a {@code String}), a list or a map.
 * Converts on demand, failing with an {@link IllegalArgumentException} that says what would be
 * accepted; the loader reports that message under the key and the layer that set it.
 *
 * @param value a {@code String}, a {@code List} or a {@code Map}
 */
public record SettingValue(Object value) {
    /** The single value, stripped. */
    public String string() {
        if (value instanceof String s) {
            return s.strip();
        }
        throw new IllegalArgumentException(
                "expected one value, got a " + (value instanceof Map ? "map" : "list"));
    }

    /** A YAML sequence, or comma-separated values (empty ones dropped). */
    public List<String> list() {
        if (value instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object o : l) {
                out.add(String.valueOf(o).strip());
            }
            return out;
        }
        if (value instanceof String s) {
            return Arrays.stream(s.split(","))
                    .map(String::strip)
                    .filter(x -> !x.isEmpty())
                    .toList();
        }
        throw new IllegalArgumentException(
                "expected a list (a YAML sequence or comma-separated values)," + " got a map");
    }

    /** A YAML map, or {@code key=value,key=value} (a bare key has the empty value). */
    public Map<String, String> map() {
        if (value instanceof Map<?, ?> m) {
            Map<String, String> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            return out;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : list()) {
            int eq = pair.indexOf('=');
            out.put(
                    eq < 0 ? pair : pair.substring(0, eq).strip(),
                    eq < 0 ? "" : pair.substring(eq + 1).strip());
        }
        return out;
    }

    /** A whole number that fits an {@code int}. */
    public int integer() {
        String s = string();
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, got \"" + s + "\"");
        }
    }

    /**
     * {@code true}/{@code false}, {@code yes}/{@code no}, {@code on}/{@code off}, 1/0; empty is
     * false.
     */
    public boolean bool() {
        String s = string().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0", "" -> false;
            default ->
                    throw new IllegalArgumentException("expected true or false, got \"" + s + "\"");
        };
    }

    /** A duration as {@link ConfigDurations#parse} reads it. */
    public Duration duration() {
        return ConfigDurations.parse(string());
    }

    /** A path, {@code ~} being the user's home; null for an empty value. */
    public Path path() {
        String s = string();
        if (s.isEmpty()) {
            return null;
        }
        if (s.equals("~") || s.startsWith("~/")) {
            s = System.getProperty("user.home") + s.substring(1);
        }
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid path \"" + s + "\": " + e.getReason());
        }
    }
}
