package io.caravel.api.spec;

import io.caravel.api.errors.Problems;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The top-level allow-list Bacalhau's CLI applies to spec files: server-managed fields are refused,
 * and so is any key that is not a job field.
 */
final class SpecFileKeys {
    private static final Set<String> SERVER_MANAGED =
            Set.of("id", "state", "version", "revision", "createtime", "modifytime");
    static final List<String> ACCEPTED =
            List.of(
                    "Name",
                    "Namespace",
                    "Type",
                    "Priority",
                    "Count",
                    "Constraints",
                    "Meta",
                    "Labels",
                    "Tasks");

    private SpecFileKeys() {}

    static void check(Map<String, Object> job, Problems problems) {
        for (String key : job.keySet()) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (SERVER_MANAGED.contains(lower)) {
                problems.add(
                        "field: '"
                                + key
                                + "' in 'Job' is not allowed; it is set by the server, remove it");
            } else if (ACCEPTED.stream().noneMatch(a -> a.equalsIgnoreCase(key))) {
                problems.add(
                        "unknown field: '"
                                + key
                                + "' in 'Job'"
                                + Suggestions.didYouMean(key, ACCEPTED)
                                + "; accepted fields: "
                                + String.join(", ", ACCEPTED));
            }
        }
    }
}
