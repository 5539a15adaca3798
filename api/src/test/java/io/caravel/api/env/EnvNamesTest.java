package io.caravel.api.env;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvNamesTest {

    @ParameterizedTest(name = "cases 27, 34: {0} is a valid name")
    @ValueSource(
            strings = {"VALID_VAR", "MY_BACALHAU", "TEST_VAR", "A", "A1_B2", "X__", "BACALHAU"})
    void acceptsUpperCaseLettersDigitsAndUnderscores(String name) {
        assertThat(EnvNames.check(name)).isEmpty();
    }

    @ParameterizedTest(name = "cases 26, 34: {0} -> {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "INVALID NAME; environment variable 'INVALID NAME' can only contain letters, numbers, and underscores",
                "INVALID@NAME; environment variable 'INVALID@NAME' can only contain letters, numbers, and underscores",
                "lowercase; environment variable 'lowercase' must be uppercase",
                "Mixed_Case; environment variable 'Mixed_Case' must be uppercase",
                "1VAR; environment variable '1VAR' must start with a letter",
                "_VAR; environment variable '_VAR' must start with a letter",
                "BACALHAU_TEST; environment variable 'BACALHAU_TEST' cannot start with BACALHAU_",
                "BACALHAU_; environment variable 'BACALHAU_' cannot start with BACALHAU_",
                "\u00c9T\u00c9; environment variable '\u00c9T\u00c9' must start with a letter",
                "A\u00c9; environment variable 'A\u00c9' can only contain letters, numbers, and underscores"
            })
    void refusesWithBacalhausMessage(String name, String message) {
        assertThat(EnvNames.check(name)).contains(message);
    }

    @Test
    void refusesAnEmptyName() {
        assertThat(EnvNames.check("")).contains("environment variable name cannot be empty");
        assertThat(EnvNames.check(null)).contains("environment variable name cannot be empty");
    }

    @Test
    void valueMustNotBeEmpty() {
        assertThat(EnvNames.checkValue("FOO", ""))
                .contains("environment variable 'FOO' cannot have empty value");
        assertThat(EnvNames.checkValue("FOO", null))
                .contains("environment variable 'FOO' cannot have empty value");
        assertThat(EnvNames.checkValue("FOO", "value")).isEmpty();
        // Case 34: a host reference is a non-empty value like any other.
        assertThat(EnvNames.checkValue("TEST_VAR", "env:HOST_VAR")).isEmpty();
    }
}
