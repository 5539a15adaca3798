package io.caravel.api.cli;

import static io.caravel.api.cli.CliErrors.assertBadArgument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LabelsParserTest {
    static Stream<Arguments> case65Valid() {
        return Stream.of(
                Arguments.of(List.of("foo=bar", "baz=buz"), Map.of("foo", "bar", "baz", "buz")),
                Arguments.of(List.of("foo=bar,baz=buz"), Map.of("foo", "bar", "baz", "buz")),
                Arguments.of(List.of("foo"), Map.of("foo", "")),
                Arguments.of(List.of("foo="), Map.of("foo", "")),
                Arguments.of(
                        List.of("example.com/tier=web", "a_b.c-d=X.y_z-1"),
                        Map.of("example.com/tier", "web", "a_b.c-d", "X.y_z-1")),
                Arguments.of(
                        List.of("k=" + "v".repeat(63), "k2=1"),
                        Map.of("k", "v".repeat(63), "k2", "1")),
                Arguments.of(List.of("foo=a", "foo=b"), Map.of("foo", "b")),
                Arguments.of(List.of("\"a=1\",b=2"), Map.of("a", "1", "b", "2")),
                Arguments.of(List.of(""), Map.of()));
    }

    @ParameterizedTest(name = "case 65: {0}")
    @MethodSource("case65Valid")
    void case65_validLabels(List<String> values, Map<String, String> expected) {
        assertThat(LabelsParser.parse(values)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "case 65: {0} is refused ({1})")
    @CsvSource(
            delimiter = '|',
            value = {
                "=bar|label key is empty",
                "🐟=bar|label key \"🐟\" is invalid",
                "foo=🐟|label value \"🐟\" is invalid",
                "-foo=bar|label key \"-foo\" is invalid",
                "foo-=bar|label key \"foo-\" is invalid",
                "foo=bar-|label value \"bar-\" is invalid",
                "foo=a=b|label value \"a=b\" is invalid",
                "foo =bar|label key \"foo \" is invalid",
                "Example.com/tier=web|has an invalid prefix \"Example.com\"",
                "/tier=web|has an invalid prefix \"\"",
                "a/b/c=web|has more than one '/'",
                "example.com/=web|its name part must be",
                "ok=1,=2|label key is empty",
            })
    void case65_invalidLabels(String value, String fragment) {
        var e = assertBadArgument(() -> LabelsParser.parse(List.of(value)), "--labels", fragment);

        assertThat(e.getMessage()).contains("invalid label \"");
    }

    @Test
    void case65_nameAndValueAreLimitedTo63Characters() {
        assertBadArgument(
                () -> LabelsParser.parse(List.of("k".repeat(64) + "=v")), "--labels", "at most 63");
        assertBadArgument(
                () -> LabelsParser.parse(List.of("k=" + "v".repeat(64))), "--labels", "at most 63");
        assertBadArgument(
                () -> LabelsParser.parse(List.of("a".repeat(254) + "/k=v")), "--labels", "253");
    }

    @Test
    void orderIsKeptAndNullsAreSkipped() {
        assertThat(LabelsParser.parse(Arrays.asList("z=1", null, "a=2")))
                .containsExactly(entry("z", "1"), entry("a", "2"));
        assertThat(LabelsParser.parse(null)).isEmpty();
    }
}
