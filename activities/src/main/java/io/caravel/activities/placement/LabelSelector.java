package io.caravel.activities.placement;

import io.caravel.api.model.LabelSelectorRequirement;
import io.caravel.api.model.SelectorOperator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Matches job constraints against a node's labels with Kubernetes label-selector semantics, as
 * Bacalhau does: {@code in}, {@code =} and {@code ==} need the label and one of the values; {@code
 * notin} and {@code !=} also match a node without the label; {@code exists} and {@code !} test
 * presence only; {@code gt} and {@code lt} compare whole numbers and fail when either side is not
 * one. Keys and values are compared exactly (case-sensitive), as in Kubernetes.
 */
public final class LabelSelector {
    private LabelSelector() {}

    /** Whether {@code labels} satisfy {@code requirement}; an unknown operator never matches. */
    public static boolean matches(
            LabelSelectorRequirement requirement, Map<String, String> labels) {
        Optional<SelectorOperator> op = SelectorOperator.parse(requirement.operator().trim());
        if (op.isEmpty()) {
            return false;
        }
        String key = requirement.key();
        boolean present = labels.containsKey(key);
        String value = labels.get(key);
        List<String> values = requirement.values();
        return switch (op.get()) {
            case IN, EQUALS, DOUBLE_EQUALS -> present && values.contains(value);
            case NOT_IN, NOT_EQUALS -> !present || !values.contains(value);
            case EXISTS -> present;
            case DOES_NOT_EXIST -> !present;
            case GREATER_THAN, LESS_THAN -> present && compares(op.get(), value, values);
        };
    }

    /**
     * The requirements of {@code constraints} that {@code labels} do not satisfy, in their order.
     */
    public static List<LabelSelectorRequirement> unmet(
            List<LabelSelectorRequirement> constraints, Map<String, String> labels) {
        return constraints.stream().filter(r -> !matches(r, labels)).toList();
    }

    /**
     * A requirement as a user reads it: {@code gpu exists}, {@code zone in (a, b)}, {@code cores gt
     * 4}.
     */
    public static String describe(LabelSelectorRequirement requirement) {
        String op = requirement.operator().trim();
        StringBuilder out = new StringBuilder(requirement.key()).append(' ').append(op);
        Optional<SelectorOperator> parsed = SelectorOperator.parse(op);
        boolean listed =
                parsed.isEmpty()
                        || parsed.get() == SelectorOperator.IN
                        || parsed.get() == SelectorOperator.NOT_IN;
        if (listed) {
            out.append(" (").append(String.join(", ", requirement.values())).append(')');
        } else if (!requirement.values().isEmpty()) {
            out.append(' ').append(String.join(", ", requirement.values()));
        }
        return out.toString();
    }

    /** Labels as {@code {a=1, b=2}}, sorted by key. */
    public static String describe(Map<String, String> labels) {
        return new TreeMap<>(labels)
                .entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", ", "{", "}"));
    }

    private static boolean compares(SelectorOperator op, String labelValue, List<String> values) {
        if (values.size() != 1) {
            return false;
        }
        try {
            long have = Long.parseLong(labelValue);
            long bound = Long.parseLong(values.get(0));
            return op == SelectorOperator.GREATER_THAN ? have > bound : have < bound;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
