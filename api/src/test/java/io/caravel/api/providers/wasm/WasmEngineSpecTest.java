package io.caravel.api.providers.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.Problem;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WasmEngineSpecTest {

    private static List<Problem> problemsOf(Map<String, ?> params) {
        Problems problems = new Problems();
        WasmEngineSpec.from(
                SpecConfig.of("wasm", params), problems.at("Tasks").index(0).at("Engine"));
        return problems.list();
    }

    @Test
    void readsEveryParam() {
        WasmEngineSpec spec =
                WasmEngineSpec.decode(
                        SpecConfig.of(
                                "wasm",
                                Map.of(
                                        "EntryModule",
                                        "/app/main.wasm",
                                        "Entrypoint",
                                        "run",
                                        "Parameters",
                                        List.of("a", "b"),
                                        "ImportModules",
                                        List.of("/app/lib.wasm"))));

        assertThat(spec)
                .isEqualTo(
                        new WasmEngineSpec(
                                "/app/main.wasm",
                                "run",
                                List.of("a", "b"),
                                List.of("/app/lib.wasm")));
    }

    @Test
    void decodesLowerCaseKeys() {
        WasmEngineSpec spec =
                WasmEngineSpec.decode(
                        SpecConfig.of(
                                "WASM",
                                Map.of(
                                        "entrymodule",
                                        "main.wasm",
                                        "entrypoint",
                                        "go",
                                        "parameters",
                                        List.of("x"),
                                        "importmodules",
                                        List.of("lib.wasm"))));

        assertThat(spec)
                .isEqualTo(
                        new WasmEngineSpec("main.wasm", "go", List.of("x"), List.of("lib.wasm")));
    }

    @Test
    void emptyEntrypointDefaultsToStart() {
        assertThat(
                        WasmEngineSpec.decode(
                                        SpecConfig.of("wasm", Map.of("EntryModule", "m.wasm")))
                                .entrypoint())
                .isEqualTo("_start");
        assertThat(
                        WasmEngineSpec.decode(
                                        SpecConfig.of(
                                                "wasm",
                                                Map.of("EntryModule", "m.wasm", "Entrypoint", "")))
                                .entrypoint())
                .isEqualTo(WasmEngineSpec.DEFAULT_ENTRYPOINT);
        assertThat(new WasmEngineSpec("m", null, null, null).entrypoint()).isEqualTo("_start");
    }

    @Test
    void roundTripsThroughCanonicalParams() {
        for (WasmEngineSpec spec :
                List.of(
                        new WasmEngineSpec("/m.wasm", "main", List.of("1"), List.of("/i.wasm")),
                        new WasmEngineSpec("/m.wasm", "", null, null))) {
            assertThat(spec.toParams())
                    .containsOnlyKeys("EntryModule", "Entrypoint", "Parameters", "ImportModules");
            assertThat(WasmEngineSpec.decode(SpecConfig.of("wasm", spec.toParams())))
                    .isEqualTo(spec);
        }
    }

    @Test
    void emptyEntryModuleIsRejected() {
        assertThat(problemsOf(Map.of("Entrypoint", "x")))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo("Tasks[0].Engine.Params.EntryModule");
                            assertThat(p.message())
                                    .startsWith(
                                            "invalid wasm engine entry module. target path cannot be empty");
                        });
    }

    @Test
    void wrongTypesAreProblemsNotExceptions() {
        List<Problem> problems =
                problemsOf(
                        Map.of(
                                "EntryModule",
                                42,
                                "Entrypoint",
                                List.of(),
                                "Parameters",
                                "x",
                                "ImportModules",
                                List.of(1)));

        assertThat(problems)
                .extracting(Problem::path)
                .containsExactlyInAnyOrder(
                        "Tasks[0].Engine.Params.EntryModule",
                        "Tasks[0].Engine.Params.Entrypoint",
                        "Tasks[0].Engine.Params.Parameters",
                        "Tasks[0].Engine.Params.ImportModules[0]");
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).startsWith("invalid type: "));
    }

    @Test
    void legacyParamsAreTypeErrorsUntilConverted() {
        List<Problem> problems =
                problemsOf(Map.of("EntryModule", Map.of("Source", Map.of("Type", "ipfs"))));

        assertThat(problems)
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo("Tasks[0].Engine.Params.EntryModule");
                            assertThat(p.message())
                                    .isEqualTo("invalid type: 'object' expected: 'string'");
                        });
    }

    @Test
    void otherTypeIsReportedAndDecodeThrows() {
        assertThatThrownBy(
                        () ->
                                WasmEngineSpec.decode(
                                        SpecConfig.of("docker", Map.of("EntryModule", "m"))))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(Problem::path)
                                        .containsExactly("Type"));
    }

    @Test
    void detectsTheLegacyForm() {
        Map<String, Object> source =
                Map.of("Source", Map.of("Type", "ipfs", "Params", Map.of("CID", "Qm")));

        assertThat(WasmEngineSpec.isLegacyForm(Map.of("EntryModule", source))).isTrue();
        assertThat(WasmEngineSpec.isLegacyForm(Map.of("entrymodule", source))).isTrue();
        assertThat(
                        WasmEngineSpec.isLegacyForm(
                                Map.of("EntryModule", "m", "ImportModules", List.of("a", source))))
                .isTrue();
        assertThat(
                        WasmEngineSpec.isLegacyForm(
                                Map.of("EntryModule", "m", "ImportModules", List.of("a"))))
                .isFalse();
        assertThat(WasmEngineSpec.isLegacyForm(Map.of("EntryModule", 3))).isFalse();
        assertThat(WasmEngineSpec.isLegacyForm(Map.of())).isFalse();
        assertThat(WasmEngineSpec.isLegacyForm(null)).isFalse();
    }
}
