package io.caravel.workflows.placement;

import io.caravel.api.model.LabelSelectorRequirement;
import io.caravel.api.model.SelectorOperator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes label-selector matching, as Bacalhau applies job constraints to node labels: keys and
 * values compared exactly, {@code notin} and {@code !=} also true when the label is absent, {@code
 * gt}/{@code lt} comparing 64-bit integers and false when either side is not one.
 */
public final class LabelSelectors {
    private LabelSelectors() {}

    /** Whether {@code labels} satisfy every requirement (an empty list matches everything). */
    public static boolean matchesAll(
            List<LabelSelectorRequirement> requirements, Map<String, String> labels) {
        return requirements.stream().allMatch(r -> matches(r, labels));
    }

    /**
     * Whether {@code labels} satisfy {@code requirement}. An unknown operator matches nothing; spec
     * validation refuses it before a job gets here.
     */
    public static boolean matches(
            LabelSelectorRequirement requirement, Map<String, String> labels) {
        Optional<SelectorOperator> op = SelectorOperator.parse(requirement.operator());
        if (op.isEmpty()) {
            return false;
        }
        String key = requirement.key();
        boolean has = labels.containsKey(key);
        String value = labels.get(key);
        List<String> values = requirement.values();
        return switch (op.get()) {
            case IN, EQUALS, DOUBLE_EQUALS -> has && values.contains(value);
            case NOT_IN, NOT_EQUALS -> !has || !values.contains(value);
            case EXISTS -> has;
            case DOES_NOT_EXIST -> !has;
            case GREATER_THAN, LESS_THAN ->
                    has && values.size() == 1 && compare(op.get(), value, values.get(0));
        };
    }

    /**
     * The requirement in the CLI's selector syntax: {@code region in (eu, us)}, {@code !gpu},
     * {@code size>42}.
     */
    public static String describe(LabelSelectorRequirement r) {
        String key = r.key();
        String joined = String.join(", ", r.values());
        String first = r.values().isEmpty() ? "" : r.values().get(0);
        return SelectorOperator.parse(r.operator())
                .map(
                        op ->
                                switch (op) {
                                    case IN -> key + " in (" + joined + ")";
                                    case NOT_IN -> key + " notin (" + joined + ")";
                                    case EXISTS -> key;
                                    case DOES_NOT_EXIST -> "!" + key;
                                    case EQUALS -> key + "=" + first;
                                    case DOUBLE_EQUALS -> key + "==" + first;
                                    case NOT_EQUALS -> key + "!=" + first;
                                    case GREATER_THAN -> key + ">" + first;
                                    case LESS_THAN -> key + "<" + first;
                                })
                .orElse(key + " " + r.operator() + " (" + joined + ")");
    }

    private static boolean compare(SelectorOperator op, String labelValue, String bound) {
        Optional<Long> have = parseLong(labelValue);
        Optional<Long> limit = parseLong(bound);
        if (have.isEmpty() || limit.isEmpty()) {
            return false;
        }
        return op == SelectorOperator.GREATER_THAN
                ? have.get() > limit.get()
                : have.get() < limit.get();
    }

    private static Optional<Long> parseLong(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException notAnInteger) {
            return Optional.empty();
        }
    }
}
