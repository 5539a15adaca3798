package io.caravel.bench.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Store;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.caravel.activities.node.ResultsLayout;
import io.caravel.activities.providers.wasm.WasmEngine;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.model.Job;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.workflows.activities.StagedInputs;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Where a small module's time goes in the wasm engine on a warm worker: its phases done one by one
 * on Chicory (read the file, SHA-256, WASI and store set-up, instantiation from the compiled
 * module, the run), then the whole {@code WasmEngine.run} with its cache warm. Usage:
 *
 * <pre>{@code java -cp bench/target/benchmarks.jar io.caravel.bench.wasm.WasmPhasesBenchmark
 *     [module, default examples/wasm/hello-world.wasm] [runs, default 300]}</pre>
 */
public final class WasmPhasesBenchmark {
    private static final int WARMUPS = 100;
    private static final String[] PHASES = {
        "read the module file",
        "SHA-256 of its bytes",
        "WASI and store set-up",
        "instantiate (compiled module cached)",
        "run _start",
        "whole WasmEngine.run, cache warm"
    };

    private WasmPhasesBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path file =
                Path.of(args.length > 0 ? args[0] : "examples/wasm/hello-world.wasm")
                        .toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        double[][] micros = new double[PHASES.length][runs];
        WasmModule module = Parser.parse(Files.readAllBytes(file));
        Function<Instance, Machine> machine = MachineFactoryCompiler.compile(module);
        for (int i = -WARMUPS; i < runs; i++) {
            long t0 = System.nanoTime();
            byte[] bytes = Files.readAllBytes(file);
            long t1 = System.nanoTime();
            MessageDigest.getInstance("SHA-256").digest(bytes);
            long t2 = System.nanoTime();
            try (WasiPreview1 wasi =
                    WasiPreview1.builder()
                            .withOptions(
                                    WasiOptions.builder()
                                            .withStdout(new ByteArrayOutputStream())
                                            .withArguments(List.of("", "world"))
                                            .build())
                            .build()) {
                Store store = new Store();
                store.addFunction(wasi.toHostFunctions());
                long t3 = System.nanoTime();
                Instance instance =
                        Instance.builder(module)
                                .withImportValues(store.toImportValues())
                                .withMachineFactory(machine)
                                .withStart(false)
                                .build();
                long t4 = System.nanoTime();
                try {
                    instance.export("_start").apply();
                } catch (WasiExitException exited) {
                    // proc_exit: the run is over.
                }
                long t5 = System.nanoTime();
                if (i >= 0) {
                    long[] at = {t0, t1, t2, t3, t4, t5};
                    for (int p = 0; p < 5; p++) {
                        micros[p][i] = (at[p + 1] - at[p]) / 1e3;
                    }
                }
            }
        }
        WasmEngine engine = new WasmEngine(new ResultsLayout(), WasmEngine.Mode.COMPILED, null);
        Path work = Files.createTempDirectory("caravel-wasm-phases");
        for (int i = -WARMUPS; i < runs; i++) {
            ExecutionContext context = context(work.resolve("e" + (i + WARMUPS)), file, i);
            long start = System.nanoTime();
            engine.run(context);
            if (i >= 0) {
                micros[5][i] = (System.nanoTime() - start) / 1e3;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%s, %d runs after %d warm-up runs%n",
                file.getFileName(),
                runs,
                WARMUPS);
        System.out.println("| phase | median µs | p90 µs |");
        System.out.println("|---|---|---|");
        for (int p = 0; p < PHASES.length; p++) {
            double[] sorted = micros[p].clone();
            Arrays.sort(sorted);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.1f | %.1f |%n",
                    PHASES[p],
                    sorted[runs / 2],
                    sorted[runs * 9 / 10]);
        }
    }

    private static ExecutionContext context(Path exec, Path module, int run) throws Exception {
        Path results = Files.createDirectories(exec.resolve("results"));
        Path logs = Files.createDirectories(exec.resolve("logs"));
        Task task =
                Task.builder()
                        .name("main")
                        .engine(
                                SpecConfig.of(
                                        "wasm",
                                        Map.of(
                                                "EntryModule",
                                                "/app/hello.wasm",
                                                "Parameters",
                                                List.of("world"))))
                        .resources(new ResourcesConfig("", "64Mi", "", ""))
                        .build();
        Job job =
                Job.builder()
                        .id("j-bench")
                        .name("wasm-phases")
                        .type("batch")
                        .count(1)
                        .task(task)
                        .build();
        StagedInputs inputs =
                new StagedInputs(
                        List.of(new StagedInput(module.toString(), "/app/hello.wasm", true, 0)));
        return new ExecutionContext(
                job,
                "e-" + run,
                0,
                "bench",
                null,
                exec,
                results,
                logs,
                inputs,
                Map.of(),
                message -> {},
                () -> false);
    }
}
