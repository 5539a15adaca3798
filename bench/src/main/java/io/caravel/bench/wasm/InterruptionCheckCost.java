package io.caravel.bench.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * One variant per JVM of the interruption check's cost (docs/chicory-interruption-check.md): the
 * module straight on Chicory, compiled as the engine compiles it ({@code with}) or with its {@code
 * checkInterruption()} emptied ({@code without}). The JIT compiles such a program's hot loops
 * differently from one JVM to the next, so run each variant in several JVMs, in turns:
 *
 * <pre>{@code for i in 1 2 3; do for v in with without; do
 *   java -cp bench/target/benchmarks.jar io.caravel.bench.wasm.InterruptionCheckCost \
 *       bench/wasm/cpuwork.wasm $v 20 7; done; done}</pre>
 */
public final class InterruptionCheckCost {
    private static final int WARMUPS = 3;

    private InterruptionCheckCost() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || !Arrays.asList("with", "without").contains(args[1])) {
            System.err.println("usage: InterruptionCheckCost MODULE with|without ROUNDS RUNS");
            System.exit(2);
        }
        WasmModule module = Parser.parse(Files.readAllBytes(Path.of(args[0])));
        boolean with = args[1].equals("with");
        int rounds = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        Function<Instance, Machine> machine =
                with
                        ? MachineFactoryCompiler.compile(module)
                        : WithoutInterruptionCheck.compile(module);
        double[] ms = new double[runs];
        for (int i = -WARMUPS; i < runs; i++) {
            double took = WasmBenchmark.chicoryRun(module, machine, rounds, null);
            if (i >= 0) {
                ms[i] = took;
            }
        }
        Arrays.sort(ms);
        System.out.printf(
                Locale.ROOT,
                "%s the check: median %.1f ms, all %s%n",
                args[1],
                ms[runs / 2],
                Arrays.toString(ms));
    }
}
