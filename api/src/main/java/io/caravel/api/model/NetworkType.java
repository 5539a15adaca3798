package io.caravel.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Bacalhau's network modes, with their canonical names and ordinal codes. */
public enum NetworkType {
    DEFAULT("Default"),
    NONE("None"),
    HOST("Host"),
    /** Deprecated synonym of {@link #HOST}. */
    FULL("Full"),
    HTTP("HTTP"),
    BRIDGE("Bridge");

    private final String canonical;

    NetworkType(String canonical) {
        this.canonical = canonical;
    }

    @JsonValue
    public String canonical() {
        return canonical;
    }

    /** Parses a name as Bacalhau does: trimmed, case-insensitive. */
    public static Optional<NetworkType> parse(String text) {
        String t = text == null ? "" : text.trim();
        return Arrays.stream(values()).filter(v -> v.canonical.equalsIgnoreCase(t)).findFirst();
    }

    /** The mode with Bacalhau's numeric code (0 = Default ... 5 = Bridge). */
    public static Optional<NetworkType> ofCode(long code) {
        return code >= 0 && code < values().length
                ? Optional.of(values()[(int) code])
                : Optional.empty();
    }

    @JsonCreator
    static NetworkType fromJson(String text) {
        return parse(text)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown network type \""
                                                + text
                                                + "\"; accepted: "
                                                + acceptedNames()));
    }

    public static String acceptedNames() {
        return Arrays.stream(values())
                .map(NetworkType::canonical)
                .collect(Collectors.joining(", "));
    }

    /** Host and its synonym Full. */
    public boolean isHost() {
        return this == HOST || this == FULL;
    }
}
