package io.caravel.activities.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One key of the worker configuration, declared by whoever owns it (a provider, or the node): its
 * name as written in the YAML file, the environment variable and flag derived from it, the kind of
 * value it takes, its default (as a value and as documented), one line on what it does, the section
 * of the documentation it belongs to, and how a written value is read.
 *
 * <p>Names match case-insensitively and ignoring {@code -}, {@code _} and {@code .} ({@link
 * #matches}), so {@code dockerHost}, {@code docker_host} and {@code docker-host} are one key. A
 * setting is compared by identity: declare each once, as a constant.
 *
 * @param <T> the type of its value
 */
public final class Setting<T> {
    /** Prefix of the environment variables of every setting. */
    public static final String ENV_PREFIX = "CARAVEL_";

    private final String section;
    private final String key;
    private final String kind;
    private final T defaultValue;
    private final String defaultText;
    private final String meaning;
    private final Function<SettingValue, T> parser;

    private Setting(
            String section,
            String key,
            String kind,
            T defaultValue,
            String defaultText,
            String meaning,
            Function<SettingValue, T> parser) {
        this.section = Objects.requireNonNull(section, "section");
        this.key = Objects.requireNonNull(key, "key");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.defaultValue = defaultValue;
        this.defaultText = Objects.requireNonNull(defaultText, "defaultText");
        this.meaning = Objects.requireNonNull(meaning, "meaning");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /**
     * Declares a setting.
     *
     * @param section the documentation section it belongs to, e.g. {@code docker engine}
     * @param key the key as written in the YAML file, in lower camel case
     * @param kind the kind of value, in a word: {@code path}, {@code list}, {@code duration} ...
     * @param defaultValue the value when no layer sets it; may be null (the owner then decides)
     * @param defaultText the default as documented; empty for none
     * @param meaning what it does, in one sentence or two
     * @param parser reads a written value, throwing {@link IllegalArgumentException} saying what
     *     would be accepted
     */
    public static <T> Setting<T> of(
            String section,
            String key,
            String kind,
            T defaultValue,
            String defaultText,
            String meaning,
            Function<SettingValue, T> parser) {
        return new Setting<>(section, key, kind, defaultValue, defaultText, meaning, parser);
    }

    /** A single value, stripped; documented with its default as written. */
    public static Setting<String> string(
            String section, String key, String kind, String defaultValue, String meaning) {
        return of(section, key, kind, defaultValue, defaultValue, meaning, SettingValue::string);
    }

    /** A boolean, {@code false} unless {@code defaultValue}. */
    public static Setting<Boolean> bool(
            String section, String key, boolean defaultValue, String meaning) {
        return of(
                section,
                key,
                "boolean",
                defaultValue,
                Boolean.toString(defaultValue),
                meaning,
                SettingValue::bool);
    }

    /** A whole number; {@code kind} says what it counts ({@code count}, {@code port}). */
    public static Setting<Integer> integer(
            String section, String key, String kind, int defaultValue, String meaning) {
        return of(
                section,
                key,
                kind,
                defaultValue,
                Integer.toString(defaultValue),
                meaning,
                SettingValue::integer);
    }

    /** A duration, documented in Go's spelling ({@code 5m}). */
    public static Setting<Duration> duration(
            String section, String key, Duration defaultValue, String meaning) {
        return of(
                section,
                key,
                "duration",
                defaultValue,
                ConfigDurations.format(defaultValue),
                meaning,
                SettingValue::duration);
    }

    /**
     * A path ({@code ~} for the home directory); {@code defaultText} documents what unset means.
     */
    public static Setting<Path> path(
            String section, String key, String defaultText, String meaning) {
        return of(section, key, "path", null, defaultText, meaning, SettingValue::path);
    }

    /** A list: a YAML sequence, or comma-separated values; empty by default. */
    public static Setting<List<String>> list(String section, String key, String meaning) {
        return of(section, key, "list", List.of(), "", meaning, SettingValue::list);
    }

    /** The documentation section, e.g. {@code docker engine}. */
    public String section() {
        return section;
    }

    /** The key as written in the YAML file, e.g. {@code dockerHost}. */
    public String key() {
        return key;
    }

    /** The environment variable, e.g. {@code CARAVEL_DOCKER_HOST}. */
    public String envVar() {
        return ENV_PREFIX + key.replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT);
    }

    /** The flag, e.g. {@code --docker-host}. */
    public String flag() {
        return "--" + key.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /** What kind of value it takes, in a word: {@code path}, {@code list}, {@code duration} ... */
    public String kind() {
        return kind;
    }

    /** The value when no layer sets it; may be null. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as documented; empty for none. */
    public String defaultText() {
        return defaultText;
    }

    /** What the key does, in one sentence or two. */
    public String meaning() {
        return meaning;
    }

    /**
     * Reads a written value.
     *
     * @throws IllegalArgumentException saying what would be accepted
     */
    public T parse(SettingValue value) {
        return parser.apply(value);
    }

    /** Whether {@code name} names this key, ignoring case, {@code -}, {@code _} and {@code .}. */
    public boolean matches(String name) {
        return normalize(key).equals(normalize(name));
    }

    /** {@code name} lower-cased, without {@code -}, {@code _} and {@code .}. */
    public static String normalize(String name) {
        return name == null ? "" : name.replaceAll("[-_.]", "").toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return key;
    }
}
