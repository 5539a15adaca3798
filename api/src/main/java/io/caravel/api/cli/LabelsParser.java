package io.caravel.api.cli;

import io.caravel.api.errors.CaravelException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code -l/--labels} grammar: {@code KEY=VALUE} or bare {@code KEY}, comma-separated,
 * repeatable.
 */
public final class LabelsParser {
    static final String FLAG = "--labels";
    private static final String HINT =
            "write -l KEY=VALUE[,KEY=VALUE...] with Kubernetes-style label keys and values,"
                    + " for example -l env=prod,tier=web";

    private LabelsParser() {}

    /**
     * Parses every value of the flag (each may hold several comma-separated labels) into one map in
     * the order given; a bare key has the empty value and a repeated key keeps its last value.
     *
     * @throws CaravelException ({@code BAD_ARGUMENT}) for a key or value that is not a valid
     *     Kubernetes label key or value, or a malformed comma-separated value
     */
    public static Map<String, String> parse(List<String> values) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (values == null) {
            return Collections.unmodifiableMap(labels);
        }
        for (String value : values) {
            if (value == null) {
                continue;
            }
            for (String field : CsvFields.split(FLAG, value)) {
                int eq = field.indexOf('=');
                String key = eq < 0 ? field : field.substring(0, eq);
                String labelValue = eq < 0 ? "" : field.substring(eq + 1);
                String problem =
                        KubernetesNames.keyProblem(key)
                                .or(() -> KubernetesNames.valueProblem(labelValue))
                                .orElse(null);
                if (problem != null) {
                    throw CaravelException.badArgument(
                            FLAG, "invalid label \"" + field + "\": " + problem, HINT);
                }
                labels.put(key, labelValue);
            }
        }
        return Collections.unmodifiableMap(labels);
    }
}
