package io.caravel.api.cli;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.LabelSelectorRequirement;
import io.caravel.api.model.SelectorOperator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@code --constraints} grammar: a Kubernetes label selector. Requirements are separated by
 * commas outside parentheses and are one of {@code k=v}, {@code k==v}, {@code k!=v}, {@code k in
 * (a, b)}, {@code k notin (a, b)}, {@code k}, {@code !k}, {@code k>42}, {@code k<42}.
 */
public final class ConstraintsParser {
    static final String FLAG = "--constraints";
    private static final String HINT =
            "write requirements such as 'env=prod,region notin (a, b),size>42,!gpu',"
                    + " separated by commas";

    private final String text;
    private final List<SelectorToken> tokens;
    private int next;

    private ConstraintsParser(String text) {
        this.text = text;
        this.tokens = SelectorToken.scan(text);
    }

    /**
     * Parses a selector into requirements sorted by key (stably, so requirements on one key keep
     * their order). Set values of {@code in}/{@code notin} are de-duplicated and sorted; the value
     * of {@code =}, {@code ==}, {@code !=} may be empty ({@code k=}). A blank selector has no
     * requirements.
     *
     * @throws CaravelException ({@code BAD_ARGUMENT}) naming the character position and the text
     *     found for a syntax error, an invalid label key or value, or a non-integer value of {@code
     *     >}/{@code <}
     */
    public static List<LabelSelectorRequirement> parse(String selector) {
        String text = selector == null ? "" : selector;
        ConstraintsParser parser = new ConstraintsParser(text);
        List<LabelSelectorRequirement> requirements = parser.requirements();
        List<LabelSelectorRequirement> sorted = new ArrayList<>(requirements);
        sorted.sort(Comparator.comparing(LabelSelectorRequirement::key));
        return List.copyOf(sorted);
    }

    private List<LabelSelectorRequirement> requirements() {
        List<LabelSelectorRequirement> requirements = new ArrayList<>();
        if (peek().kind() == SelectorToken.Kind.END) {
            return requirements;
        }
        while (true) {
            requirements.add(requirement());
            SelectorToken after = take();
            if (after.kind() == SelectorToken.Kind.END) {
                return requirements;
            }
            if (after.kind() != SelectorToken.Kind.COMMA) {
                throw syntax(after, "',' or the end of the selector");
            }
        }
    }

    private LabelSelectorRequirement requirement() {
        SelectorToken first = take();
        if (first.kind() == SelectorToken.Kind.NOT) {
            SelectorToken key = take();
            if (key.kind() != SelectorToken.Kind.WORD) {
                throw syntax(key, "a label key after '!'");
            }
            return new LabelSelectorRequirement(
                    checkKey(key), SelectorOperator.DOES_NOT_EXIST, List.of());
        }
        if (first.kind() != SelectorToken.Kind.WORD) {
            throw syntax(first, "a label key or '!'");
        }
        String key = checkKey(first);
        SelectorToken op = peek();
        switch (op.kind()) {
            case END, COMMA -> {
                return new LabelSelectorRequirement(key, SelectorOperator.EXISTS, List.of());
            }
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
                take();
                SelectorToken valueToken = peek();
                String value = checkValue(singleValue(), valueToken);
                return new LabelSelectorRequirement(key, operatorOf(op), List.of(value));
            }
            case GREATER, LESS -> {
                take();
                SelectorToken valueToken = peek();
                String value = singleValue();
                if (!isInteger(value)) {
                    throw error(
                            valueToken,
                            "the value of '"
                                    + op.text()
                                    + "' for key \""
                                    + key
                                    + "\" must be an integer, but is \""
                                    + value
                                    + "\"");
                }
                return new LabelSelectorRequirement(key, operatorOf(op), List.of(value));
            }
            case WORD -> {
                if (op.text().equals("in") || op.text().equals("notin")) {
                    take();
                    SelectorOperator operator =
                            op.text().equals("in") ? SelectorOperator.IN : SelectorOperator.NOT_IN;
                    return new LabelSelectorRequirement(key, operator, valueSet(op.text()));
                }
                throw syntax(
                        op,
                        "an operator (=, ==, !=, in, notin, >, <), ',' or the end after key \""
                                + key
                                + "\"");
            }
            default ->
                    throw syntax(
                            op,
                            "an operator (=, ==, !=, in, notin, >, <), ',' or the end after key \""
                                    + key
                                    + "\"");
        }
    }

    /** One value after =, ==, !=, > or <; nothing before a comma or the end is the empty value. */
    private String singleValue() {
        SelectorToken token = peek();
        if (token.kind() == SelectorToken.Kind.END || token.kind() == SelectorToken.Kind.COMMA) {
            return "";
        }
        if (token.kind() != SelectorToken.Kind.WORD) {
            throw syntax(token, "a value");
        }
        take();
        return token.text();
    }

    /**
     * {@code (a, b, ...)}: an entry may be empty, as in Kubernetes ({@code (a,)} holds "" and "a").
     */
    private List<String> valueSet(String operator) {
        SelectorToken open = take();
        if (open.kind() != SelectorToken.Kind.OPEN) {
            throw syntax(open, "'(' after '" + operator + "'");
        }
        TreeSet<String> values = new TreeSet<>();
        while (true) {
            SelectorToken token = take();
            String value = "";
            if (token.kind() == SelectorToken.Kind.WORD) {
                value = checkValue(token.text(), token);
                token = take();
            }
            values.add(value);
            if (token.kind() == SelectorToken.Kind.CLOSE) {
                return List.copyOf(values);
            }
            if (token.kind() != SelectorToken.Kind.COMMA) {
                throw syntax(token, "',' or ')' in the value list of '" + operator + "'");
            }
        }
    }

    private String checkKey(SelectorToken token) {
        Optional<String> problem = KubernetesNames.keyProblem(token.text());
        if (problem.isPresent()) {
            throw error(token, problem.get());
        }
        return token.text();
    }

    private String checkValue(String value, SelectorToken at) {
        Optional<String> problem = KubernetesNames.valueProblem(value);
        if (problem.isPresent()) {
            throw error(at, problem.get());
        }
        return value;
    }

    private static SelectorOperator operatorOf(SelectorToken token) {
        return switch (token.kind()) {
            case EQUALS -> SelectorOperator.EQUALS;
            case DOUBLE_EQUALS -> SelectorOperator.DOUBLE_EQUALS;
            case NOT_EQUALS -> SelectorOperator.NOT_EQUALS;
            case GREATER -> SelectorOperator.GREATER_THAN;
            case LESS -> SelectorOperator.LESS_THAN;
            default -> throw new IllegalStateException("not a single-value operator: " + token);
        };
    }

    /** A 64-bit signed decimal integer, as Kubernetes checks gt/lt values. */
    private static boolean isInteger(String value) {
        String digits = value.startsWith("+") || value.startsWith("-") ? value.substring(1) : value;
        if (digits.isEmpty()
                || digits.length() > 19
                || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private SelectorToken peek() {
        return tokens.get(next);
    }

    private SelectorToken take() {
        SelectorToken token = tokens.get(next);
        if (token.kind() != SelectorToken.Kind.END) {
            next++;
        }
        return token;
    }

    private CaravelException syntax(SelectorToken found, String expected) {
        return error(found, "expected " + expected + " but found " + found.describe());
    }

    private CaravelException error(SelectorToken at, String problem) {
        return CaravelException.badArgument(
                FLAG,
                "at character " + (at.position() + 1) + " of \"" + text + "\": " + problem,
                HINT);
    }
}
