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
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.workflows.activities.StagedInputs;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The wasm benchmark (docs/benchmarks.md): one CPU-heavy WASI program of the project's own ({@code
 * bench/wasm/cpuwork.c}) run natively (gcc -O2, the baseline), by Node's built-in WASI (V8), by
 * Caravel's wasm engine (Chicory's compiler, warm cache) and by Chicory's interpreter, all in one
 * run; and the setup time of a cached module (the same program with no work to do, through the
 * engine). Run by {@code bench/wasm/run.sh}, which builds the native binary first.
 *
 * <pre>
 * WasmBenchmark MODULE NATIVE_BINARY NODE_RUNNER [ROUNDS [RUNS [INTERPRETER_ROUNDS]]]
 * </pre>
 */
public final class WasmBenchmark {
    private static final int WARMUPS = 3;
    private static final int SETUP_RUNS = 30;

    private final Path module;
    private final Path work;

    private WasmBenchmark(Path module, Path work) {
        this.module = module;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println(
                    "usage: WasmBenchmark MODULE NATIVE_BINARY NODE_RUNNER [ROUNDS [RUNS [INTERPRETER_ROUNDS]]]");
            System.exit(2);
        }
        Path module = Path.of(args[0]).toAbsolutePath();
        Path nativeBinary = Path.of(args[1]).toAbsolutePath();
        Path nodeRunner = Path.of(args[2]).toAbsolutePath();
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        int interpreterRounds = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        Path work = Files.createTempDirectory("caravel-wasm-bench");
        WasmBenchmark bench = new WasmBenchmark(module, work);

        String expected =
                lines(run(List.of(nativeBinary.toString(), Integer.toString(rounds))).stdout)
                        .get(0);
        WasmEngine compiled = new WasmEngine(new ResultsLayout(), WasmEngine.Mode.COMPILED, null);
        bench.engineRuns(compiled, rounds, WARMUPS, 0, expected);
        // One run of each runner in turn, so that load from elsewhere on the machine falls on all
        // alike.
        double[] nativeMs = new double[runs];
        double[] v8Ms = new double[runs];
        double[] caravelMs = new double[runs];
        // The same module straight on Chicory, compiled as the engine compiles it and with its
        // interruption check emptied: what that check costs (docs/chicory-interruption-check.md).
        WasmModule parsed = Parser.parse(Files.readAllBytes(module));
        Function<Instance, Machine> withCheck = MachineFactoryCompiler.compile(parsed);
        Function<Instance, Machine> withoutCheck = WithoutInterruptionCheck.compile(parsed);
        double[] checkedMs = new double[runs];
        double[] uncheckedMs = new double[runs];
        for (int i = 0; i < WARMUPS; i++) {
            chicoryRun(parsed, withCheck, rounds, expected);
            chicoryRun(parsed, withoutCheck, rounds, expected);
        }
        for (int i = 0; i < runs; i++) {
            nativeMs[i] = bench.nativeRun(nativeBinary, rounds, expected);
            v8Ms[i] = bench.nodeRun(nodeRunner, rounds, expected);
            caravelMs[i] = bench.engineRuns(compiled, rounds, 0, 1, expected)[0];
            checkedMs[i] = chicoryRun(parsed, withCheck, rounds, expected);
            uncheckedMs[i] = chicoryRun(parsed, withoutCheck, rounds, expected);
        }
        double[] setupMs =
                bench.engineRuns(
                        compiled, 0, WARMUPS, SETUP_RUNS, "rounds=0 checksum=0000000000000000");
        WasmEngine interpreted =
                new WasmEngine(new ResultsLayout(), WasmEngine.Mode.INTERPRETED, null);
        String interpreterExpected =
                lines(
                                run(List.of(
                                                nativeBinary.toString(),
                                                Integer.toString(interpreterRounds)))
                                        .stdout)
                        .get(0);
        double[] interpreterMs =
                bench.engineRuns(interpreted, interpreterRounds, 1, 1, interpreterExpected);
        // Every round does the same work, so the interpreter's time scales to the others' rounds.
        double interpreterScaled = median(interpreterMs) * rounds / interpreterRounds;

        double base = median(nativeMs);
        double v8 = median(v8Ms);
        System.out.printf(
                Locale.ROOT,
                "%s, %d rounds, median of %d interleaved runs (interpreter: %d round(s),"
                        + " scaled)%n",
                expected,
                rounds,
                runs,
                interpreterRounds);
        System.out.println("| runner | median ms | ratio to native | ratio to V8 |");
        System.out.println("|---|---|---|---|");
        row("native, gcc -O2 (baseline)", base, base, v8);
        row("Node " + nodeVersion() + " WASI (V8)", v8, base, v8);
        row("Caravel wasm engine, compiled, warm cache", median(caravelMs), base, v8);
        row("Chicory compiled, straight (no engine)", median(checkedMs), base, v8);
        row(
                "Chicory compiled, interruption check emptied (unsafe, comparison only)",
                median(uncheckedMs),
                base,
                v8);
        row("Chicory interpreter (scaled)", interpreterScaled, base, v8);
        System.out.printf(
                Locale.ROOT,
                "setup of a cached module (rounds 0, through the engine): median %.1f ms,"
                        + " min %.1f ms, max %.1f ms over %d runs%n",
                median(setupMs),
                Arrays.stream(setupMs).min().orElse(0),
                Arrays.stream(setupMs).max().orElse(0),
                SETUP_RUNS);
        System.out.printf(
                Locale.ROOT,
                "all runs (ms): native %s; V8 %s; caravel %s; chicory %s; chicory without"
                        + " the check %s; interpreter %s%n",
                Arrays.toString(nativeMs),
                Arrays.toString(v8Ms),
                Arrays.toString(caravelMs),
                Arrays.toString(checkedMs),
                Arrays.toString(uncheckedMs),
                Arrays.toString(interpreterMs));
    }

    /**
     * One run of {@code module} straight on Chicory with WASI, stdout to memory, checked against
     * {@code expected} unless null; milliseconds.
     */
    static double chicoryRun(
            WasmModule module, Function<Instance, Machine> machine, int rounds, String expected) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        long start = System.nanoTime();
        try (WasiPreview1 wasi =
                WasiPreview1.builder()
                        .withOptions(
                                WasiOptions.builder()
                                        .withStdout(stdout)
                                        .withArguments(List.of("", Integer.toString(rounds)))
                                        .build())
                        .build()) {
            Store store = new Store();
            store.addFunction(wasi.toHostFunctions());
            Instance instance =
                    Instance.builder(module)
                            .withImportValues(store.toImportValues())
                            .withMachineFactory(machine)
                            .withStart(false)
                            .build();
            try {
                instance.export("_start").apply();
            } catch (WasiExitException e) {
                if (e.exitCode() != 0) {
                    throw new IllegalStateException("the module exited with " + e.exitCode(), e);
                }
            }
        }
        double ms = (System.nanoTime() - start) / 1e6;
        if (expected != null) {
            check("chicory", stdout.toString(StandardCharsets.UTF_8), expected);
        }
        return ms;
    }

    private double nativeRun(Path binary, int rounds, String expected) throws Exception {
        long start = System.nanoTime();
        Output out = run(List.of(binary.toString(), Integer.toString(rounds)));
        double ms = (System.nanoTime() - start) / 1e6;
        check("native", out.stdout, expected);
        return ms;
    }

    /**
     * One timed run in a fresh Node process, after one untimed run there (V8 compiles the module
     * once).
     */
    private double nodeRun(Path runner, int rounds, String expected) throws Exception {
        Output out =
                run(
                        List.of(
                                "node",
                                "--no-warnings",
                                runner.toString(),
                                module.toString(),
                                "1",
                                "1",
                                Integer.toString(rounds)));
        for (String line : lines(out.stdout)) {
            check("node", line, expected);
        }
        return lines(out.stderr).stream()
                .filter(l -> l.startsWith("ms="))
                .mapToDouble(l -> Double.parseDouble(l.substring(3)))
                .findFirst()
                .orElseThrow();
    }

    private double[] engineRuns(
            WasmEngine engine, int rounds, int warmups, int runs, String expected)
            throws Exception {
        double[] ms = new double[runs];
        for (int i = 0; i < warmups + runs; i++) {
            ExecutionContext context = context(rounds);
            long start = System.nanoTime();
            RunOutput out = engine.run(context);
            double took = (System.nanoTime() - start) / 1e6;
            check("engine", out.stdout(), expected);
            if (i >= warmups) {
                ms[i - warmups] = took;
            }
        }
        return ms;
    }

    private ExecutionContext context(int rounds) throws IOException {
        Path exec = work.resolve("exec");
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
                                                "/app/cpuwork.wasm",
                                                "Parameters",
                                                List.of(Integer.toString(rounds)))))
                        .resources(new ResourcesConfig("", "64Mi", "", ""))
                        .build();
        Job job =
                Job.builder()
                        .id("j-bench")
                        .name("wasm-bench")
                        .type("batch")
                        .count(1)
                        .task(task)
                        .build();
        StagedInputs inputs =
                new StagedInputs(
                        List.of(new StagedInput(module.toString(), "/app/cpuwork.wasm", true, 0)));
        return new ExecutionContext(
                job,
                "e-bench",
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

    static void check(String runner, String stdout, String expected) {
        if (!stdout.strip().equals(expected)) {
            throw new IllegalStateException(
                    runner + " printed " + stdout.strip() + ", expected " + expected);
        }
    }

    private static void row(String runner, double ms, double base, double v8) {
        System.out.printf(
                Locale.ROOT, "| %s | %.1f | %.2f | %.2f |%n", runner, ms, ms / base, ms / v8);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String nodeVersion() throws Exception {
        return run(List.of("node", "--version")).stdout.strip();
    }

    private record Output(String stdout, String stderr) {}

    private static Output run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).start();
        byte[] err;
        byte[] out = process.getInputStream().readAllBytes();
        err = process.getErrorStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(
                    command + " failed: " + new String(err, StandardCharsets.UTF_8));
        }
        return new Output(
                new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static List<String> lines(String text) {
        return new ArrayList<>(text.lines().filter(l -> !l.isBlank()).toList());
    }
}
