package io.caravel.api.cli;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes label rules, shared by labels and constraints: a key is an optional DNS-subdomain
 * prefix and {@code /} followed by a name; a value is empty or a name. Lengths are checked before
 * any pattern so that no pattern ever sees a long input.
 */
final class KubernetesNames {
    static final int MAX_NAME_LENGTH = 63;
    static final int MAX_PREFIX_LENGTH = 253;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final String NAME_RULE =
            "must be at most 63 characters of letters, digits, '-', '_' or '.',"
                    + " starting and ending with a letter or digit (e.g. 'MyName', 'my.name', '123-abc')";

    private KubernetesNames() {}

    /** Why {@code key} is not a valid label key, or empty when it is. */
    static Optional<String> keyProblem(String key) {
        if (key.isEmpty()) {
            return Optional.of("label key is empty; it " + NAME_RULE);
        }
        int slash = key.indexOf('/');
        String name = key;
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (name.indexOf('/') >= 0) {
                return Optional.of(
                        "label key \"" + key + "\" has more than one '/'; expected [PREFIX/]NAME");
            }
            if (prefix.isEmpty()
                    || prefix.length() > MAX_PREFIX_LENGTH
                    || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return Optional.of(
                        "label key \""
                                + key
                                + "\" has an invalid prefix \""
                                + prefix
                                + "\"; a prefix must be a DNS subdomain of at most 253 characters: lower-case letters,"
                                + " digits, '-' and '.', starting and ending with a letter or digit (e.g. 'example.com')");
            }
        }
        if (!isName(name)) {
            return Optional.of("label key \"" + key + "\" is invalid: its name part " + NAME_RULE);
        }
        return Optional.empty();
    }

    /** Why {@code value} is not a valid label value, or empty when it is. */
    static Optional<String> valueProblem(String value) {
        if (value.isEmpty() || isName(value)) {
            return Optional.empty();
        }
        return Optional.of(
                "label value \"" + value + "\" is invalid: a value is empty or " + NAME_RULE);
    }

    private static boolean isName(String s) {
        return !s.isEmpty() && s.length() <= MAX_NAME_LENGTH && NAME.matcher(s).matches();
    }
}
