package io.caravel.api.providers.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.Problem;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WasmLegacyConverterTest {

    private static final Map<String, Object> IPFS_ENTRY =
            Map.of("Source", Map.of("Type", "ipfs", "Params", Map.of("CID", "QmEntry")));
    private static final Map<String, Object> URL_IMPORT =
            Map.of(
                    "Source",
                    Map.of(
                            "Type",
                            "urlDownload",
                            "Params",
                            Map.of("URL", "https://example.com/lib.wasm")));
    private static final InputSource EXISTING =
            new InputSource(SpecConfig.of("inline", Map.of("URL", "data:,hi")), "", "/data");

    private static Job job(Map<String, ?> engineParams) {
        return job(SpecConfig.of("wasm", engineParams), Map.of());
    }

    private static Job job(SpecConfig engine, Map<String, String> env) {
        Task task =
                Task.builder()
                        .name("main")
                        .engine(engine)
                        .env(env)
                        .inputSources(List.of(EXISTING))
                        .build();
        return Job.builder().id("j-1").name("legacy").type("batch").count(1).task(task).build();
    }

    @Test
    void case50_entryModuleWithoutTargetIsStagedAtTheDefaultPath() {
        Task task =
                WasmLegacyConverter.convert(
                                job(Map.of("EntryModule", IPFS_ENTRY, "EntryPoint", "_start")))
                        .tasks()
                        .get(0);

        assertThat(task.inputSources())
                .containsExactly(
                        EXISTING,
                        new InputSource(
                                SpecConfig.of("ipfs", Map.of("CID", "QmEntry")),
                                "",
                                "/wasm/entry.wasm"));
        assertThat(WasmEngineSpec.decode(task.engine()))
                .isEqualTo(new WasmEngineSpec("/wasm/entry.wasm", "_start", List.of(), List.of()));
        assertThat(task.engine().type()).isEqualTo("wasm");
    }

    @Test
    void case51_importWithoutTargetIsStagedAtItsIndexedPath() {
        Map<String, Object> targeted =
                Map.of(
                        "Source",
                        URL_IMPORT.get("Source"),
                        "Alias",
                        "lib",
                        "Target",
                        "/mods/lib.wasm");
        Task task =
                WasmLegacyConverter.convert(
                                job(
                                        Map.of(
                                                "EntryModule",
                                                        Map.of(
                                                                "Source",
                                                                IPFS_ENTRY.get("Source"),
                                                                "Target",
                                                                "/app/main.wasm"),
                                                "ImportModules",
                                                        List.of(URL_IMPORT, targeted, URL_IMPORT),
                                                "EntryPoint", "run",
                                                "Parameters", List.of("a", "b"))))
                        .tasks()
                        .get(0);

        SpecConfig url =
                SpecConfig.of("urlDownload", Map.of("URL", "https://example.com/lib.wasm"));
        assertThat(task.inputSources())
                .containsExactly(
                        EXISTING,
                        new InputSource(
                                SpecConfig.of("ipfs", Map.of("CID", "QmEntry")),
                                "",
                                "/app/main.wasm"),
                        new InputSource(url, "", "/wasm/imports/module_0.wasm"),
                        new InputSource(url, "lib", "/mods/lib.wasm"),
                        new InputSource(url, "", "/wasm/imports/module_2.wasm"));
        assertThat(WasmEngineSpec.decode(task.engine()))
                .isEqualTo(
                        new WasmEngineSpec(
                                "/app/main.wasm",
                                "run",
                                List.of("a", "b"),
                                List.of(
                                        "/wasm/imports/module_0.wasm",
                                        "/mods/lib.wasm",
                                        "/wasm/imports/module_2.wasm")));
        assertThat(WasmEngineSpec.isLegacyForm(task.engine().params())).isFalse();
    }

    @Test
    void legacyKeysMatchCaseInsensitively() {
        Task task =
                WasmLegacyConverter.convert(
                                job(
                                        Map.of(
                                                "entrymodule",
                                                        Map.of(
                                                                "source",
                                                                Map.of(
                                                                        "type",
                                                                        "ipfs",
                                                                        "params",
                                                                        Map.of("cid", "Qm")),
                                                                "alias",
                                                                "e",
                                                                "target",
                                                                "/e.wasm"),
                                                "entrypoint", "go",
                                                "parameters", List.of("p"))))
                        .tasks()
                        .get(0);

        assertThat(task.inputSources())
                .last()
                .isEqualTo(
                        new InputSource(
                                SpecConfig.of("ipfs", Map.of("cid", "Qm")), "e", "/e.wasm"));
        assertThat(WasmEngineSpec.decode(task.engine()))
                .isEqualTo(new WasmEngineSpec("/e.wasm", "go", List.of("p"), List.of()));
    }

    @Test
    void legacyEnvironmentIsMergedWithoutReplacingTaskValues() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("EntryModule", IPFS_ENTRY);
        params.put("EnvironmentVariables", Map.of("KEEP", "engine", "NEW", "value"));
        Task task =
                WasmLegacyConverter.convert(
                                job(SpecConfig.of("wasm", params), Map.of("KEEP", "task")))
                        .tasks()
                        .get(0);

        assertThat(task.env()).containsOnly(Map.entry("KEEP", "task"), Map.entry("NEW", "value"));
        assertThat(task.engine().params()).doesNotContainKey("EnvironmentVariables");
    }

    @Test
    void stringModulesNextToLegacyObjectsAreKeptAsPaths() {
        Task task =
                WasmLegacyConverter.convert(
                                job(
                                        Map.of(
                                                "EntryModule",
                                                "/app/main.wasm",
                                                "ImportModules",
                                                List.of("/app/a.wasm", URL_IMPORT))))
                        .tasks()
                        .get(0);

        assertThat(task.inputSources()).hasSize(2);
        assertThat(WasmEngineSpec.decode(task.engine()).importModules())
                .containsExactly("/app/a.wasm", "/wasm/imports/module_1.wasm");
    }

    @Test
    void newFormAndOtherEnginesComeBackUnchanged() {
        Job newForm = job(Map.of("EntryModule", "/m.wasm", "ImportModules", List.of("/i.wasm")));
        Job dockerWithObject =
                job(SpecConfig.of("docker", Map.of("EntryModule", IPFS_ENTRY)), Map.of());
        Job noEngine = Job.builder().task(Task.builder().name("t").build()).build();
        Job noTasks = Job.builder().build();

        for (Job job : List.of(newForm, dockerWithObject, noEngine, noTasks)) {
            assertThat(WasmLegacyConverter.convert(job)).isSameAs(job);
        }
        assertThat(WasmLegacyConverter.convert((Task) null, new Problems())).isNull();
    }

    @Test
    void convertsEveryTaskAndLeavesOthers() {
        Task legacy =
                Task.builder()
                        .name("a")
                        .engine(SpecConfig.of("Wasm", Map.of("EntryModule", IPFS_ENTRY)))
                        .build();
        Task docker =
                Task.builder()
                        .name("b")
                        .engine(SpecConfig.of("docker", Map.of("Image", "x")))
                        .build();
        Job converted =
                WasmLegacyConverter.convert(Job.builder().tasks(List.of(docker, legacy)).build());

        assertThat(converted.tasks().get(0)).isSameAs(docker);
        assertThat(converted.tasks().get(1).engine().type()).isEqualTo("Wasm");
        assertThat(converted.tasks().get(1).inputSources())
                .extracting(InputSource::target)
                .containsExactly("/wasm/entry.wasm");
    }

    @Test
    void badLegacyShapesAreReportedAndTheTaskLeftAsItWas() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("EntryModule", Map.of("Target", 5));
        params.put("ImportModules", List.of(Map.of("Source", "ipfs"), 7, URL_IMPORT));
        params.put("Parameters", "x");
        params.put("EnvironmentVariables", Map.of("N", 1));
        Job job = job(params);
        Problems problems = new Problems();

        Job converted = WasmLegacyConverter.convert(job, problems);

        assertThat(converted).isSameAs(job);
        assertThat(problems.list())
                .extracting(Problem::path)
                .containsExactlyInAnyOrder(
                        "Tasks[0].Engine.Params.EntryModule.Source",
                        "Tasks[0].Engine.Params.EntryModule.Target",
                        "Tasks[0].Engine.Params.ImportModules[0].Source",
                        "Tasks[0].Engine.Params.ImportModules[1]",
                        "Tasks[0].Engine.Params.Parameters",
                        "Tasks[0].Engine.Params.EnvironmentVariables[N]");
        assertThat(problems.list())
                .filteredOn(p -> p.path().endsWith("ImportModules[1]"))
                .singleElement()
                .satisfies(
                        p ->
                                assertThat(p.message())
                                        .startsWith(
                                                "invalid type: 'number' expected: 'InputSource'"));
    }

    @Test
    void importModulesThatAreNotAListAreReported() {
        Problems problems = new Problems();
        Task task =
                job(Map.of("EntryModule", IPFS_ENTRY, "ImportModules", "lib.wasm")).tasks().get(0);

        assertThat(WasmLegacyConverter.convert(task, problems.at("Task"))).isSameAs(task);
        assertThat(problems.list())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo("Task.Engine.Params.ImportModules");
                            assertThat(p.message())
                                    .isEqualTo("invalid type: 'string' expected: '[]InputSource'");
                        });
    }

    @Test
    void throwingVariantsListEveryProblem() {
        Job job = job(Map.of("EntryModule", Map.of("Alias", "x")));

        assertThatThrownBy(() -> WasmLegacyConverter.convert(job))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(Problem::path)
                                        .containsExactly(
                                                "Tasks[0].Engine.Params.EntryModule.Source"));
        assertThatThrownBy(() -> WasmLegacyConverter.convert(job.tasks().get(0)))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(Problem::path)
                                        .containsExactly("Engine.Params.EntryModule.Source"));
    }

    @Test
    void nullJobIsReportedNotThrown() {
        Problems problems = new Problems();

        assertThat(WasmLegacyConverter.convert((Job) null, problems)).isNotNull();
        assertThat(problems.list()).hasSize(1);
    }
}
