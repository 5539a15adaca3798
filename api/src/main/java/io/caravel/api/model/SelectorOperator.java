package io.caravel.api.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The Kubernetes label-selector operators Bacalhau constraints use. */
public enum SelectorOperator {
    IN("in"),
    NOT_IN("notin"),
    EXISTS("exists"),
    DOES_NOT_EXIST("!"),
    EQUALS("="),
    DOUBLE_EQUALS("=="),
    NOT_EQUALS("!="),
    GREATER_THAN("gt"),
    LESS_THAN("lt");

    private final String symbol;

    SelectorOperator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public static Optional<SelectorOperator> parse(String text) {
        return Arrays.stream(values()).filter(v -> v.symbol.equals(text)).findFirst();
    }

    public static String acceptedSymbols() {
        return Arrays.stream(values())
                .map(SelectorOperator::symbol)
                .collect(Collectors.joining(", "));
    }
}
