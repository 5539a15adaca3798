package io.caravel.activities.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingTest {
    private static final Setting<Duration> TIMEOUT =
            Setting.duration("Test keys", "fooReadTimeout", Duration.ofMinutes(5), "A timeout.");
    private static final Setting<Integer> RETRIES =
            Setting.integer("Test keys", "fooMaxRetries", "count", 3, "Retries.");

    record Foo(Duration timeout, int retries) {}

    private static final SettingsDeclaration<Foo> FOO =
            SettingsDeclaration.of(
                    Foo.class,
                    "Test keys",
                    List.of(TIMEOUT, RETRIES),
                    (source, problems) -> {
                        int retries = source.get(RETRIES);
                        if (retries < 0) {
                            problems.add(new Problem(RETRIES.key(), "must be 0 or more"));
                        }
                        return new Foo(source.get(TIMEOUT), retries);
                    },
                    foo -> Arrays.asList(foo.timeout(), foo.retries()));

    @Test
    void theVariableTheFlagAndTheDocumentedDefaultComeFromTheDeclaration() {
        assertThat(TIMEOUT.envVar()).isEqualTo("CARAVEL_FOO_READ_TIMEOUT");
        assertThat(TIMEOUT.flag()).isEqualTo("--foo-read-timeout");
        assertThat(TIMEOUT.kind()).isEqualTo("duration");
        assertThat(TIMEOUT.defaultText()).isEqualTo("5m");
        assertThat(RETRIES.defaultText()).isEqualTo("3");
        assertThat(TIMEOUT.matches("foo_read_timeout")).isTrue();
        assertThat(TIMEOUT.matches("FOO-READ-TIMEOUT")).isTrue();
        assertThat(TIMEOUT.matches("fooTimeout")).isFalse();
    }

    @Test
    void aWrittenValueIsReadOrRefusedSayingWhatIsAccepted() {
        assertThat(TIMEOUT.parse(new SettingValue("90s"))).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> RETRIES.parse(new SettingValue("many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a whole number, got \"many\"");
        assertThatThrownBy(() -> TIMEOUT.parse(new SettingValue(List.of("1s"))))
                .hasMessage("expected one value, got a list");
    }

    @Test
    void aDeclarationResolvesFromItsSourceWithDefaultsAndGivesItsValuesBack() {
        List<Problem> problems = new ArrayList<>();
        SettingsSource source = SettingsSource.of(Map.of(RETRIES, 7));

        Foo foo = FOO.resolve(source, problems);

        assertThat(problems).isEmpty();
        assertThat(foo).isEqualTo(new Foo(Duration.ofMinutes(5), 7));
        assertThat(FOO.values(foo))
                .containsExactly(Map.entry(TIMEOUT, Duration.ofMinutes(5)), Map.entry(RETRIES, 7));
        assertThat(FOO.resolve(SettingsSource.of(Map.of(RETRIES, -1)), problems)).isNotNull();
        assertThat(problems).containsExactly(new Problem("fooMaxRetries", "must be 0 or more"));
    }
}
