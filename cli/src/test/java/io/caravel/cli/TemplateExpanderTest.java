package io.caravel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateExpanderTest {
    @Test
    void replacesVariablesFromFlagsAndMatchingEnvironmentVariables() {
        TemplateExpander t =
                TemplateExpander.of(
                        List.of("greeting=hi there", "n=2"),
                        "^APP_.*",
                        Map.of("APP_NAME", "demo", "HOME", "/root"));

        assertThat(t.expand("Name: {{.APP_NAME}}\nCount: {{ .n }}\nStdout: {{.greeting}}"))
                .isEqualTo("Name: demo\nCount: 2\nStdout: hi there");
    }

    @Test
    void flagsWinOverTheEnvironmentAndStarMeansEveryVariable() {
        TemplateExpander t =
                TemplateExpander.of(List.of("X=flag"), "*", Map.of("X", "env", "Y", "why"));

        assertThat(t.expand("{{.X}} {{.Y}}")).isEqualTo("flag why");
    }

    @Test
    void anUnknownVariableIsNamed() {
        TemplateExpander t =
                TemplateExpander.of(List.of("HOME=/root"), "NONE", Map.of("Other", "unmatched"));

        assertThatThrownBy(() -> t.expand("{{.Missing}} {{.HOME}} {{.Other}}"))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("no value for template variables Missing, Other");
    }

    @Test
    void otherActionsAreRefused() {
        TemplateExpander t = TemplateExpander.of(List.of(), null, Map.of());

        assertThatThrownBy(() -> t.expand("{{ range .Items }}"))
                .hasMessageContaining("unsupported template action {{ range .Items }}");
    }

    @Test
    void badFlagsAreNamed() {
        assertThatThrownBy(() -> TemplateExpander.of(List.of("novalue"), null, Map.of()))
                .hasMessageContaining("--template-vars: expected key=value, got 'novalue'");
        assertThatThrownBy(() -> TemplateExpander.of(List.of(), "[", Map.of()))
                .hasMessageContaining("--template-envs: not a regular expression");
    }
}
