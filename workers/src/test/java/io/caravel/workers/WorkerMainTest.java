package io.caravel.workers;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Module;
import io.caravel.activities.providers.ProvidersModule;
import io.caravel.activities.providers.noop.NoopEngine;
import io.caravel.activities.settings.Setting;
import io.caravel.workers.assembly.LocalResultsModule;
import io.caravel.workers.assembly.NodeAssemblyModule;
import io.caravel.workers.config.WorkerSettings;
import io.caravel.workflows.OrchestrationSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerMainTest {
    @TempDir Path storage;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) throws InterruptedException {
        return run(WorkerMain.assembly(), env, args);
    }

    private int run(List<Module> assembly, Map<String, String> env, String... args)
            throws InterruptedException {
        return WorkerMain.run(
                args,
                env,
                assembly,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryFlagWithItsVariableAndDefault() throws InterruptedException {
        assertThat(run(Map.of(), "--help")).isZero();

        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(help).startsWith("Usage: caravel-worker [--config FILE] [--key=value ...]");
        for (Setting<?> key : WorkerSettings.all()) {
            assertThat(help).contains(key.flag()).contains(key.envVar());
        }
    }

    @Test
    void aConfigurationErrorExitsWithCodeTwoAndSaysWhatIsWrong() throws InterruptedException {
        assertThat(run(Map.of(), "--metrics-port=lots", "--nodeid=x"))
                .isEqualTo(WorkerMain.EXIT_CONFIG);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("caravel-worker: invalid worker configuration:")
                .contains(
                        "metricsPort (from --metrics-port): expected a whole number, got \"lots\"")
                .contains("hint: see docs/configuration.md");
    }

    @Test
    void anEnabledEngineWithoutProviderStopsTheStart() throws InterruptedException {
        Map<String, String> env =
                Map.of(
                        "CARAVEL_NODE_ID",
                        "n1",
                        "CARAVEL_STORAGE_DIR",
                        storage.toString(),
                        "CARAVEL_CAPACITY_GPUS",
                        "0",
                        "CARAVEL_ENGINES",
                        "noop,docker",
                        "CARAVEL_RESULTS_PORT",
                        "0",
                        "CARAVEL_METRICS_PORT",
                        "0");

        // The built-in assembly has a provider for every engine type; this one has the noop engine
        // only.
        List<Module> noopOnly =
                List.of(
                        ProvidersModule.of(Map.of("noop", new NoopEngine()), Map.of(), Map.of()),
                        new LocalResultsModule(),
                        new NodeAssemblyModule(OrchestrationSettings.DEFAULTS));

        assertThat(run(noopOnly, env)).isEqualTo(WorkerMain.EXIT_CONFIG);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "engines: the engine \"docker\" is enabled but this worker has no provider for it;"
                                + " installed: noop");
    }
}
