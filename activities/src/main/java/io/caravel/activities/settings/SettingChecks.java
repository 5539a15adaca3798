package io.caravel.activities.settings;

import io.caravel.api.errors.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Checks that several owners' settings share, each reporting under the key's name. */
public final class SettingChecks {
    private SettingChecks() {}

    /**
     * {@code text} as an {@code http://} or {@code https://} URL with a host and without a query or
     * fragment; empty when it is not one.
     */
    public static Optional<URI> httpUrl(String text) {
        try {
            URI uri = new URI(text);
            if (!("http".equalsIgnoreCase(uri.getScheme())
                            || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null
                    || uri.getQuery() != null
                    || uri.getFragment() != null) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * Adds a problem under {@code key} unless {@code d} is more than 0 (or, with {@code
     * zeroAllowed}, 0 or more).
     */
    public static void positive(
            List<Problem> problems, String key, Duration d, boolean zeroAllowed) {
        if (d == null || d.isNegative() || (!zeroAllowed && d.isZero())) {
            problems.add(
                    new Problem(
                            key,
                            "must be "
                                    + (zeroAllowed ? "0 or more" : "more than 0")
                                    + ", got "
                                    + (d == null ? "nothing" : ConfigDurations.format(d))
                                    + "; "
                                    + ConfigDurations.ACCEPTED));
        }
    }
}
