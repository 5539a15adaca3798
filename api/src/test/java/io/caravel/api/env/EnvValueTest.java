package io.caravel.api.env;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvValueTest {

    @ParameterizedTest(name = "{0}: host reference {1}, variable ''{2}''")
    @CsvSource(
            delimiter = ';',
            value = {
                "env:HOST_VAR; true; HOST_VAR",
                "env:A:B; true; A:B",
                "env:; true; ''",
                "value; false; ''",
                "ENV:HOST_VAR; false; ''",
                "environment:X; false; ''",
                "http://x; false; ''",
                "x:env:Y; false; ''",
                "''; false; ''"
            })
    void splitsAtTheFirstColon(String raw, boolean reference, String variable) {
        EnvValue value = new EnvValue(raw);
        assertThat(value.isHostReference()).isEqualTo(reference);
        assertThat(value.hostVariable()).isEqualTo(variable);
    }

    @Test
    void nullReadsAsEmpty() {
        assertThat(new EnvValue(null).raw()).isEmpty();
        assertThat(new EnvValue(null).isHostReference()).isFalse();
    }
}
