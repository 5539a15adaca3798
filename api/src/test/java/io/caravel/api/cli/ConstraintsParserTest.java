package io.caravel.api.cli;

import static io.caravel.api.cli.CliErrors.assertBadArgument;
import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.LabelSelectorRequirement;
import io.caravel.api.model.SelectorOperator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConstraintsParserTest {
    @Test
    void case66_dockerRunConstraintsAreSortedByKey() {
        List<LabelSelectorRequirement> requirements =
                ConstraintsParser.parse(
                        "scale!=linear,env=prod,region notin (Utumno, Mordor, Isengard),size>42");

        assertThat(requirements)
                .containsExactly(
                        new LabelSelectorRequirement("env", "=", List.of("prod")),
                        new LabelSelectorRequirement(
                                "region", "notin", List.of("Isengard", "Mordor", "Utumno")),
                        new LabelSelectorRequirement("scale", "!=", List.of("linear")),
                        new LabelSelectorRequirement("size", "gt", List.of("42")));
    }

    static Stream<Arguments> singleRequirements() {
        return Stream.of(
                Arguments.of("k=v", req("k", SelectorOperator.EQUALS, "v")),
                Arguments.of("k == v", req("k", SelectorOperator.DOUBLE_EQUALS, "v")),
                Arguments.of("k!=v", req("k", SelectorOperator.NOT_EQUALS, "v")),
                Arguments.of("k=", req("k", SelectorOperator.EQUALS, "")),
                Arguments.of("k in (b, a, b)", req("k", SelectorOperator.IN, "a", "b")),
                Arguments.of("k in(a)", req("k", SelectorOperator.IN, "a")),
                Arguments.of("k notin (a,)", req("k", SelectorOperator.NOT_IN, "", "a")),
                Arguments.of("k in ()", req("k", SelectorOperator.IN, "")),
                Arguments.of("gpu", req("gpu", SelectorOperator.EXISTS)),
                Arguments.of(" !gpu ", req("gpu", SelectorOperator.DOES_NOT_EXIST)),
                Arguments.of("k>42", req("k", SelectorOperator.GREATER_THAN, "42")),
                Arguments.of("k < -7", req("k", SelectorOperator.LESS_THAN, "-7")),
                Arguments.of("k = in", req("k", SelectorOperator.EQUALS, "in")),
                Arguments.of(
                        "example.com/zone=eu-1",
                        req("example.com/zone", SelectorOperator.EQUALS, "eu-1")));
    }

    @ParameterizedTest(name = "case 66 (operators): {0}")
    @MethodSource("singleRequirements")
    void case66_eachOperator(String selector, LabelSelectorRequirement expected) {
        assertThat(ConstraintsParser.parse(selector)).containsExactly(expected);
    }

    @ParameterizedTest(name = "case 66: blank selector \"{0}\" has no requirements")
    @NullSource
    @ValueSource(strings = {"", "   "})
    void case66_blankSelector(String selector) {
        assertThat(ConstraintsParser.parse(selector)).isEmpty();
    }

    @Test
    void case66_sortIsStableForRepeatedKeys() {
        assertThat(ConstraintsParser.parse("b, a>1, a<9"))
                .containsExactly(
                        req("a", SelectorOperator.GREATER_THAN, "1"),
                        req("a", SelectorOperator.LESS_THAN, "9"),
                        req("b", SelectorOperator.EXISTS));
    }

    @ParameterizedTest(name = "case 66: \"{0}\" is refused ({1})")
    @CsvSource(
            delimiter = '|',
            value = {
                "k>abc|at character 3 of \"k>abc\": the value of '>' for key \"k\" must be an integer, but is \"abc\"",
                "k<|the value of '<' for key \"k\" must be an integer, but is \"\"",
                "k>99999999999999999999|must be an integer",
                "k>4.2|must be an integer",
                "k in a|at character 6 of \"k in a\": expected '(' after 'in' but found \"a\"",
                "k in (a b)|expected ',' or ')' in the value list of 'in' but found \"b\"",
                "k in (a|expected ',' or ')' in the value list of 'in' but found the end of the selector",
                "k notin (a, =)|expected ',' or ')' in the value list of 'notin' but found \"=\"",
                "k v|at character 3 of \"k v\": expected an operator (=, ==, !=, in, notin, >, <), ',' or the end",
                "k >= 4|at character 4 of \"k >= 4\": expected a value but found \"=\"",
                "a=1,|at character 5 of \"a=1,\": expected a label key or '!' but found the end of the selector",
                ",a|at character 1 of \",a\": expected a label key or '!' but found \",\"",
                "!|expected a label key after '!' but found the end of the selector",
                "!k=v|expected ',' or the end of the selector but found \"=\"",
                "a=b c|expected ',' or the end of the selector but found \"c\"",
                "a=(b)|expected a value but found \"(\"",
                "🐟=1|at character 1 of \"🐟=1\": label key \"🐟\" is invalid",
                "k=🐟|at character 3 of \"k=🐟\": label value \"🐟\" is invalid",
                "k in (ok, bad-)|at character 11 of \"k in (ok, bad-)\": label value \"bad-\" is invalid",
                "a/b/c|has more than one '/'",
            })
    void case66_syntaxErrorsNamePositionAndText(String selector, String fragment) {
        assertBadArgument(() -> ConstraintsParser.parse(selector), "--constraints", fragment);
    }

    private static LabelSelectorRequirement req(
            String key, SelectorOperator operator, String... values) {
        return new LabelSelectorRequirement(key, operator, List.of(values));
    }
}
