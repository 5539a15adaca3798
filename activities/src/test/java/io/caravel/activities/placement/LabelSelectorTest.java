package io.caravel.activities.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.LabelSelectorRequirement;
import io.caravel.api.model.SelectorOperator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSelectorTest {
    private static final Map<String, String> LABELS =
            Map.of("zone", "eu-1", "cores", "8", "gpu", "", "tier", "Gold");

    /** Key, operator, values ('|'-separated, '-' for none), and whether LABELS satisfy it. */
    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
        "zone, in, eu-1|us-1, true",
        "zone, in, us-1, false",
        "region, in, eu, false",
        "zone, notin, us-1, true",
        "zone, notin, eu-1|us-1, false",
        "region, notin, eu, true",
        "zone, =, eu-1, true",
        "zone, ==, eu-1, true",
        "zone, =, EU-1, false",
        "tier, =, gold, false",
        "zone, !=, us-1, true",
        "zone, !=, eu-1, false",
        "region, !=, eu, true",
        "gpu, exists, -, true",
        "region, exists, -, false",
        "region, !, -, true",
        "gpu, !, -, false",
        "cores, gt, 4, true",
        "cores, gt, 8, false",
        "cores, lt, 16, true",
        "cores, lt, 8, false",
        "zone, gt, 1, false",
        "cores, gt, four, false",
        "region, lt, 100, false",
        "cores, gt, 1|2, false",
        "zone, like, eu-1, false",
    })
    void matchesAsKubernetes(String key, String op, String values, boolean expected) {
        List<String> vs = values.equals("-") ? List.of() : List.of(values.split("\\|"));
        assertThat(LabelSelector.matches(new LabelSelectorRequirement(key, op, vs), LABELS))
                .isEqualTo(expected);
    }

    @Test
    void unmetKeepsOrderAndDescribesRequirements() {
        var gpu = new LabelSelectorRequirement("gpu-model", SelectorOperator.EXISTS, List.of());
        var zone = new LabelSelectorRequirement("zone", SelectorOperator.IN, List.of("eu-1"));
        var cores =
                new LabelSelectorRequirement("cores", SelectorOperator.GREATER_THAN, List.of("16"));
        assertThat(LabelSelector.unmet(List.of(gpu, zone, cores), LABELS))
                .containsExactly(gpu, cores);
        assertThat(LabelSelector.describe(gpu)).isEqualTo("gpu-model exists");
        assertThat(
                        LabelSelector.describe(
                                new LabelSelectorRequirement("zone", "in", List.of("a", "b"))))
                .isEqualTo("zone in (a, b)");
        assertThat(LabelSelector.describe(cores)).isEqualTo("cores gt 16");
        assertThat(LabelSelector.describe(Map.of("b", "2", "a", "1"))).isEqualTo("{a=1, b=2}");
    }
}
