package io.caravel.api.cli;

import io.caravel.api.errors.CaravelException;
import java.util.Locale;

/** Pieces shared by the {@code -i} and {@code -p} grammars: keyed fields, options and URI parts. */
final class UriFields {
    private UriFields() {}

    /** A {@code key=value} field; the key is lower-cased, the value kept as written. */
    record Keyed(String key, String value) {}

    /** A {@code scheme://rest} URI; the scheme is lower-cased, {@code rest} kept as written. */
    record SchemeAndRest(String scheme, String rest) {}

    /**
     * Whether the first field of a record is a bare URI rather than {@code key=value}: it has no
     * {@code =}, or a {@code ://} comes before its first {@code =} (a URL with a query string).
     */
    static boolean isBareUri(String field) {
        int eq = field.indexOf('=');
        if (eq < 0) {
            return true;
        }
        int scheme = field.indexOf("://");
        return scheme >= 0 && scheme < eq;
    }

    /**
     * Splits a {@code key=value} field at its first {@code =}; the key is lower-cased, the value
     * kept as written.
     *
     * @throws CaravelException naming {@code flag} when the field has no {@code =}
     */
    static Keyed keyed(String flag, String field, String acceptedKeys, String hint) {
        int eq = field.indexOf('=');
        if (eq < 0) {
            throw CaravelException.badArgument(
                    flag,
                    "field \"" + field + "\" is not KEY=VALUE; accepted keys: " + acceptedKeys,
                    hint);
        }
        return new Keyed(field.substring(0, eq).toLowerCase(Locale.ROOT), field.substring(eq + 1));
    }

    /**
     * Splits the value of an {@code opt=KEY=VALUE} field at its first {@code =}; the key is kept as
     * written.
     *
     * @throws CaravelException naming {@code flag} when there is no {@code =} or the key is empty
     */
    static Keyed option(String flag, String optionText, String hint) {
        int eq = optionText.indexOf('=');
        if (eq <= 0) {
            throw CaravelException.badArgument(
                    flag, "invalid option \"" + optionText + "\": expected opt=KEY=VALUE", hint);
        }
        return new Keyed(optionText.substring(0, eq), optionText.substring(eq + 1));
    }

    /**
     * Splits {@code scheme://rest}; a text without {@code ://} has an empty scheme and is all rest.
     */
    static SchemeAndRest schemeAndRest(String uri) {
        int sep = uri.indexOf("://");
        if (sep < 0) {
            return new SchemeAndRest("", uri);
        }
        return new SchemeAndRest(
                uri.substring(0, sep).toLowerCase(Locale.ROOT), uri.substring(sep + 3));
    }

    static CaravelException unexpectedKey(
            String flag, Keyed field, String rawField, String accepted, String hint) {
        return CaravelException.badArgument(
                flag,
                "unexpected key \""
                        + field.key()
                        + "\" in field \""
                        + rawField
                        + "\"; accepted keys: "
                        + accepted,
                hint);
    }
}
