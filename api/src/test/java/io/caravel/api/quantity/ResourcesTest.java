package io.caravel.api.quantity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.model.ResourcesConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourcesTest {

    @Test
    void parsesEveryField() {
        Resources r = Resources.parse(new ResourcesConfig("250m", "1Gi", "42MB", "2"));
        assertThat(r).isEqualTo(new Resources(250, 1073741824L, 42000000L, 2));
        assertThat(r.cpu()).isEqualTo(0.25);
    }

    @Test
    void emptyOrBlankFieldsAndNullConfigAreZero() {
        assertThat(Resources.parse(ResourcesConfig.EMPTY)).isEqualTo(new Resources(0, 0, 0, 0));
        assertThat(Resources.parse(new ResourcesConfig(" ", "\n", null, "")))
                .isEqualTo(new Resources(0, 0, 0, 0));
        assertThat(Resources.parse(null)).isEqualTo(new Resources(0, 0, 0, 0));
    }

    @ParameterizedTest(name = "cases 25 and 37: CPU {0} -> {1}")
    @CsvSource(
            delimiter = ';',
            value = {"-1; invalid CPU value: -1.000000", "-500m; invalid CPU value: -0.500000"})
    void refusesNegativeCpuWithBacalhausMessage(String cpu, String message) {
        assertThatThrownBy(() -> Resources.parse(new ResourcesConfig(cpu, "", "", "")))
                .isInstanceOf(QuantityFormatException.class)
                .hasMessageStartingWith(message)
                .hasMessageContaining("cannot be negative");
    }

    @Test
    void reportsTheFirstFailureInFieldOrder() {
        assertThatThrownBy(() -> Resources.parse(new ResourcesConfig("1", "lots", "more", "x")))
                .hasMessageStartingWith("invalid memory value: lots");
        assertThatThrownBy(() -> Resources.parse(new ResourcesConfig("1.5m", "lots", "", "")))
                .hasMessageStartingWith("invalid CPU value: 1.5m");
        assertThatThrownBy(() -> Resources.parse(new ResourcesConfig("1", "1gb", "more", "x")))
                .hasMessageStartingWith("invalid disk value: more");
        assertThatThrownBy(() -> Resources.parse(new ResourcesConfig("", "", "", "1.5")))
                .hasMessageStartingWith("invalid GPU value: 1.5");
    }

    @Test
    void defaultsFillOnlyZeroCpuAndMemory() {
        assertThat(Resources.parse(ResourcesConfig.EMPTY).withDefaults())
                .isEqualTo(new Resources(500, 512_000_000L, 0, 0));
        Resources given = new Resources(2000, 1024, 5, 1);
        assertThat(given.withDefaults()).isEqualTo(given);
        assertThat(Resources.DEFAULT_CPU).isEqualTo("500m");
        assertThat(Resources.DEFAULT_MEMORY).isEqualTo("512Mb");
    }
}
