package io.caravel.workers.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import io.caravel.activities.engines.docker.DockerEngine;
import io.caravel.activities.engines.wasm.WasmEngine;
import io.caravel.activities.sources.inline.InlineSource;
import io.caravel.activities.sources.local.LocalSource;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.SpecConfig;
import io.caravel.workers.Registrar;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.inject.CaravelWorkerModule;
import io.caravel.workers.registry.NodeDescription;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinProvidersTest {
    @TempDir
    Path tmp;

    private Injector injector(List<String> allowedLocalPaths) {
        WorkerConfig config = WorkerConfig.builder().nodeId("n-1").storageDir(tmp.resolve("storage"))
                .capacityCpu("2").capacityMemory("1Gi").capacityDisk("1Gi").allowedLocalPaths(allowedLocalPaths)
                .build();
        return Guice.createInjector(Stage.PRODUCTION, new CaravelWorkerModule(config, List::of),
                binder -> binder.bind(Registrar.class).toInstance(Registrar.NONE), BuiltinProviders.providers());
    }

    private static Map<String, InputSourceProvider> sources(Injector injector) {
        return injector.getInstance(Key.get(new TypeLiteral<Map<String, InputSourceProvider>>() { }));
    }

    @Test
    void inlineAndLocalUnderBothKeysAreInstalled() {
        Injector injector = injector(List.of());
        Map<String, InputSourceProvider> sources = sources(injector);

        assertThat(sources).containsOnlyKeys("inline", "local", "localdirectory");
        assertThat(sources.get("inline")).isInstanceOf(InlineSource.class);
        assertThat(sources.get("local")).isInstanceOf(LocalSource.class).isSameAs(sources.get("localdirectory"));
        assertThat(injector.getInstance(NodeDescription.class).get().sources())
                .containsExactlyInAnyOrder("inline", "local");
        injector.getInstance(WorkflowServiceStubs.class).shutdownNow();
    }

    @Test
    void theWasmAndNoopEnginesAreInstalledAndEnabledByDefault() {
        Injector injector = injector(List.of());
        Map<String, Engine> engines = injector.getInstance(Key.get(new TypeLiteral<Map<String, Engine>>() { }));

        assertThat(engines).containsOnlyKeys("wasm", "noop", "docker");
        assertThat(engines.get("wasm")).isInstanceOf(WasmEngine.class);
        assertThat(injector.getInstance(NodeDescription.class).get().engines())
                .containsExactlyInAnyOrder("wasm", "noop");
        injector.getInstance(WorkflowServiceStubs.class).shutdownNow();
    }

    @Test
    void theDockerEngineIsEnabledWhenTheEnginesListIt() {
        WorkerConfig config = WorkerConfig.builder().nodeId("n-1").storageDir(tmp.resolve("storage"))
                .capacityCpu("2").capacityMemory("1Gi").capacityDisk("1Gi").engines(List.of("noop", "docker"))
                .dockerHost("unix:///var/run/docker.sock").build();
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new CaravelWorkerModule(config, List::of),
                binder -> binder.bind(Registrar.class).toInstance(Registrar.NONE), BuiltinProviders.providers());
        Map<String, Engine> engines = injector.getInstance(Key.get(new TypeLiteral<Map<String, Engine>>() { }));

        assertThat(engines.get("docker")).isInstanceOf(DockerEngine.class);
        assertThat(injector.getInstance(NodeDescription.class).get().engines())
                .containsExactlyInAnyOrder("noop", "docker");
        injector.getInstance(WorkflowServiceStubs.class).shutdownNow();
    }

    @Test
    void theLocalSourceJudgesPathsByTheWorkersAllowList() throws Exception {
        Path data = Files.createDirectories(tmp.toRealPath().resolve("data"));
        Files.writeString(data.resolve("in.txt"), "x");
        Path elsewhere = Files.writeString(tmp.toRealPath().resolve("elsewhere.txt"), "y");
        Injector injector = injector(List.of(data + "/**"));
        InputSourceProvider local = sources(injector).get("localdirectory");

        StagedInput staged = local.stage(new InputSource(SpecConfig.of("localDirectory",
                Map.of("SourcePath", data.resolve("in.txt").toString())), "", "/in"), tmp, null);

        assertThat(staged.hostPath()).isEqualTo(data.resolve("in.txt").toString());
        assertThatThrownBy(() -> local.stage(new InputSource(SpecConfig.of("local",
                Map.of("SourcePath", elsewhere.toString())), "", "/in"), tmp, null))
                .isInstanceOf(CaravelException.class).hasMessageContaining("is not allowlisted");
        injector.getInstance(WorkflowServiceStubs.class).shutdownNow();
    }

    @Test
    void theAssemblyStillBuildsFromSettingsAlone() {
        assertThat(BuiltinProviders.assembly(io.caravel.workflows.OrchestrationSettings.DEFAULTS))
                .extracting(m -> m.getClass().getSimpleName())
                .contains("LocalResultsModule", "NodeAssemblyModule");
    }
}
