package io.caravel.activities.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {
    private static final Setting<Integer> SIZE =
            Setting.integer("Bar keys", "barSize", "count", 4, "A size.");
    private static final Setting<String> NAME =
            Setting.string("Baz keys", "bazName", "name", "b", "A name.");

    record Bar(int size) {}

    record Baz(String name) {}

    private static final SettingsDeclaration<Bar> BAR =
            SettingsDeclaration.of(
                    Bar.class,
                    "Bar keys",
                    List.of(SIZE),
                    (source, problems) -> {
                        int size = source.get(SIZE);
                        if (size < 1) {
                            problems.add(new Problem(SIZE.key(), "must be at least 1"));
                        }
                        return new Bar(size);
                    },
                    bar -> List.of(bar.size()));

    private static final SettingsDeclaration<Baz> BAZ =
            SettingsDeclaration.of(
                    Baz.class,
                    "Baz keys",
                    List.of(NAME),
                    (source, problems) -> new Baz(source.get(NAME)),
                    baz -> List.of(baz.name()));

    @Test
    void everyDeclarationResolvesToItsRecordAndGivesItsValuesBack() {
        List<Problem> problems = new ArrayList<>();

        ProviderSettings settings =
                ProviderSettings.resolve(
                        List.of(BAR, BAZ), SettingsSource.of(Map.of(SIZE, 9)), problems);

        assertThat(problems).isEmpty();
        assertThat(settings.declarations()).containsExactly(BAR, BAZ);
        assertThat(settings.get(BAR)).isEqualTo(new Bar(9));
        assertThat(settings.get(BAZ)).isEqualTo(new Baz("b"));
        assertThat(settings.values()).containsExactly(Map.entry(SIZE, 9), Map.entry(NAME, "b"));
        assertThat(
                        ProviderSettings.resolve(
                                List.of(BAR, BAZ), SettingsSource.of(settings.values()), problems))
                .isEqualTo(settings);
    }

    @Test
    void everyDeclarationsProblemsAreReported() {
        List<Problem> problems = new ArrayList<>();

        ProviderSettings.resolve(List.of(BAR, BAZ), SettingsSource.of(Map.of(SIZE, 0)), problems);

        assertThat(problems).containsExactly(new Problem("barSize", "must be at least 1"));
    }

    @Test
    void aRecordCanBeReplacedAndAnUndeclaredOneIsRefused() {
        ProviderSettings settings =
                ProviderSettings.resolve(
                        List.of(BAR), SettingsSource.of(Map.of()), new ArrayList<>());

        assertThat(settings.with(BAR, bar -> new Bar(bar.size() * 2)).get(BAR))
                .isEqualTo(new Bar(8));
        assertThat(settings.get(BAR)).isEqualTo(new Bar(4));
        assertThatThrownBy(() -> settings.get(BAZ))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no provider declares the settings of Baz keys");
    }
}
