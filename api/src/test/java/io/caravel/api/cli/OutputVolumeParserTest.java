package io.caravel.api.cli;

import static io.caravel.api.cli.CliErrors.assertBadArgument;
import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.ResultPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Section 11's {@code -o NAME:PATH} rule (no numbered case; cases 20-22 validate what it builds).
 */
class OutputVolumeParserTest {
    @ParameterizedTest(name = "{0} ⇒ name {1}, path {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "outputs:/outputs|outputs|/outputs",
                "results:/data/results/|results|/data/results/",
                "a:b|a|b",
            })
    void nameAndPath(String value, String name, String path) {
        assertThat(OutputVolumeParser.parse(value)).isEqualTo(new ResultPath(name, path));
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"", "outputs", ":/outputs", "outputs:", ":", "a:b:c", "c:/x:/y"})
    void invalidVolumes(String value) {
        var e = assertBadArgument(() -> OutputVolumeParser.parse(value), "--output");

        assertThat(e.getMessage())
                .startsWith("--output: invalid output volume: \"" + value + "\"")
                .contains("NAME:PATH");
    }

    @ParameterizedTest(name = "null is refused")
    @NullSource
    void nullIsRefused(String value) {
        assertBadArgument(
                () -> OutputVolumeParser.parse(value), "--output", "invalid output volume");
    }
}
