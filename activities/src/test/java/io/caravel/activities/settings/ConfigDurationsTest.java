package io.caravel.activities.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigDurationsTest {
    @Test
    void goAndIsoFormsParse() {
        assertThat(ConfigDurations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(ConfigDurations.parse("1h2m3s")).isEqualTo(Duration.ofSeconds(3723));
        assertThat(ConfigDurations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(ConfigDurations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ConfigDurations.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(ConfigDurations.parse("pt30s")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void numbersWithoutUnitsAndJunkAreRefused() {
        for (String bad : new String[] {"10", "", "s", "10 s", "10x", "1m-3s", "PTxyz"}) {
            assertThatThrownBy(() -> ConfigDurations.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("write a duration with a unit");
        }
    }

    @Test
    void formatsLikeGo() {
        assertThat(ConfigDurations.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(ConfigDurations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(ConfigDurations.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(ConfigDurations.format(Duration.ofMillis(500))).isEqualTo("500ms");
    }
}
