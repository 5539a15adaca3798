package io.caravel.api.env;

import java.util.Locale;
import java.util.Optional;

/** Bacalhau's rules for the names and values of {@code Task.Env}. */
public final class EnvNames {
    /** Names with this prefix are reserved for the variables Bacalhau sets itself. */
    public static final String RESERVED_PREFIX = "BACALHAU_";

    private EnvNames() {}

    /**
     * Checks a variable name; the first broken rule wins, in this order: not empty, upper case,
     * starts with a letter, only letters, digits and underscores, no {@code BACALHAU_} prefix.
     *
     * @return Bacalhau's message ({@code environment variable 'x' must be uppercase}), or empty
     */
    public static Optional<String> check(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("environment variable name cannot be empty");
        }
        if (!name.equals(name.toUpperCase(Locale.ROOT))) {
            return named(name, "must be uppercase");
        }
        if (!isLetter(name.charAt(0))) {
            return named(name, "must start with a letter");
        }
        if (!name.chars().allMatch(c -> isLetter(c) || (c >= '0' && c <= '9') || c == '_')) {
            return named(name, "can only contain letters, numbers, and underscores");
        }
        if (name.startsWith(RESERVED_PREFIX)) {
            return named(name, "cannot start with BACALHAU_");
        }
        return Optional.empty();
    }

    /**
     * Checks a variable's value, which must not be empty.
     *
     * @return {@code environment variable '<name>' cannot have empty value}, or empty
     */
    public static Optional<String> checkValue(String name, String value) {
        return value == null || value.isEmpty()
                ? named(name == null ? "" : name, "cannot have empty value")
                : Optional.empty();
    }

    private static boolean isLetter(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static Optional<String> named(String name, String rule) {
        return Optional.of("environment variable '" + name + "' " + rule);
    }
}
