package io.caravel.api.model;

import java.util.List;

/**
 * One node constraint: {@code Key}, an operator ({@code in}, {@code notin}, {@code exists}, {@code
 * !}, {@code =}, {@code ==}, {@code !=}, {@code gt}, {@code lt}) and its values. The operator is
 * kept as written so that a bad one can be reported with the value the user gave.
 */
public record LabelSelectorRequirement(String key, String operator, List<String> values) {
    public LabelSelectorRequirement {
        key = Immutables.text(key);
        operator = Immutables.text(operator);
        values = Immutables.list(values);
    }

    public LabelSelectorRequirement(String key, SelectorOperator operator, List<String> values) {
        this(key, operator.symbol(), values);
    }
}
