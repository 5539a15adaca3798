package io.caravel.api.env;

/**
 * A {@code Task.Env} value as written: a literal, or {@code env:HOST_VAR}, a reference to a
 * variable of the compute host. Only the prefix {@code env} before the first {@code :} makes a
 * reference; any other text, colons included, is a literal.
 *
 * @param raw the value as written; null is read as ""
 */
public record EnvValue(String raw) {
    /** The prefix, before the first {@code :}, of a host reference. */
    public static final String HOST_PREFIX = "env";

    public EnvValue {
        raw = raw == null ? "" : raw;
    }

    /** Whether the value is {@code env:<name>}. */
    public boolean isHostReference() {
        int colon = raw.indexOf(':');
        return colon >= 0 && raw.substring(0, colon).equals(HOST_PREFIX);
    }

    /** The host variable named by a {@linkplain #isHostReference reference}; "" for a literal. */
    public String hostVariable() {
        return isHostReference() ? raw.substring(raw.indexOf(':') + 1) : "";
    }
}
