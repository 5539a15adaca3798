package io.caravel.activities.settings;

import io.caravel.api.errors.Problem;
import java.time.Duration;
import java.util.List;

/** Checks that several owners' settings share, each reporting under the key's name. */
public final class SettingChecks {
    private SettingChecks() {}

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
