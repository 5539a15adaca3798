package io.caravel.workflows.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSelectorsTest {
    private static final Map<String, String> LABELS =
            Map.of("region", "eu", "size", "42", "tier", "gold");

    @ParameterizedTest(name = "{0} {1} [{2}] -> {3}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "region|in|eu,us|true",
                "region|in|us|false",
                "missing|in|eu|false",
                "region|notin|us,asia|true",
                "region|notin|eu|false",
                "missing|notin|eu|true",
                "region|exists|-|true",
                "missing|exists|-|false",
                "region|!|-|false",
                "missing|!|-|true",
                "region|=|eu|true",
                "region|=|EU|false",
                "region|==|eu|true",
                "missing|=|eu|false",
                "region|!=|us|true",
                "region|!=|eu|false",
                "missing|!=|eu|true",
                "size|gt|41|true",
                "size|gt|42|false",
                "size|lt|43|true",
                "size|lt|42|false",
                "size|gt|-5|true",
                "tier|gt|1|false",
                "size|gt|many|false",
                "missing|gt|1|false",
                "missing|lt|1|false",
                "region|like|eu|false"
            })
    void matchesAsKubernetesSelectors(
            String key, String operator, String values, boolean expected) {
        List<String> list = values == null ? List.of() : List.of(values.split(","));
        assertThat(
                        LabelSelectors.matches(
                                new LabelSelectorRequirement(key, operator, list), LABELS))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "region|in|eu,us|region in (eu, us)",
                "region|notin|us|region notin (us)",
                "gpu|exists|-|gpu",
                "gpu|!|-|!gpu",
                "env|=|prod|env=prod",
                "env|==|prod|env==prod",
                "env|!=|prod|env!=prod",
                "size|gt|42|size>42",
                "size|lt|42|size<42"
            })
    void describesRequirementsInTheCliSyntax(
            String key, String operator, String values, String expected) {
        List<String> list = values == null ? List.of() : List.of(values.split(","));
        assertThat(LabelSelectors.describe(new LabelSelectorRequirement(key, operator, list)))
                .isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void allRequirementsMustMatch() {
        var eu = new LabelSelectorRequirement("region", "=", List.of("eu"));
        var big = new LabelSelectorRequirement("size", "gt", List.of("100"));
        assertThat(LabelSelectors.matchesAll(List.of(), LABELS)).isTrue();
        assertThat(LabelSelectors.matchesAll(List.of(eu), LABELS)).isTrue();
        assertThat(LabelSelectors.matchesAll(List.of(eu, big), LABELS)).isFalse();
    }
}
