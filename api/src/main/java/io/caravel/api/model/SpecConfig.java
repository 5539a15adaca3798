package io.caravel.api.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A typed plug-in configuration: the engine, publisher or input source of a task. {@code Type}
 * names the provider ({@code docker}, {@code s3}, ...); {@code Params} is its JSON object, kept as
 * given (keys in their original case) and read through the typed views in {@code
 * io.caravel.api.providers}.
 */
public record SpecConfig(String type, Map<String, Object> params) {
    public static final SpecConfig EMPTY = new SpecConfig("", Map.of());

    public SpecConfig {
        type = Immutables.text(type);
        params = Immutables.params(params);
    }

    public static SpecConfig of(String type) {
        return new SpecConfig(type, Map.of());
    }

    public static SpecConfig of(String type, Map<String, ?> params) {
        return new SpecConfig(type, Immutables.params(params));
    }

    /** Type compared as Bacalhau does: trimmed, case-insensitive. */
    public boolean isType(String other) {
        return type.trim().equalsIgnoreCase(other == null ? "" : other.trim());
    }

    /** No type and no params: a publisher left out. */
    @JsonIgnore
    public boolean isEmpty() {
        return type.isEmpty() && params.isEmpty();
    }

    /** The type as registries key it: trimmed and lower-cased. */
    @JsonIgnore
    public String typeKey() {
        return typeKey(type);
    }

    /**
     * {@code type} as registries key it (engines, sources, publishers, params views, result
     * fetchers): trimmed and lower-cased.
     */
    public static String typeKey(String type) {
        return Objects.requireNonNull(type, "type").trim().toLowerCase(Locale.ROOT);
    }

    public SpecConfig withType(String newType) {
        return new SpecConfig(newType, params);
    }

    public SpecConfig withParams(Map<String, ?> newParams) {
        return new SpecConfig(type, Immutables.params(newParams));
    }
}
