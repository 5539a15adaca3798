package io.caravel.bench.latency;

import io.caravel.api.model.Job;
import io.caravel.api.spec.JobSpecs;
import io.caravel.bench.orchestration.LatencyStats;
import io.caravel.workflows.model.JobResult;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A CPU-bound WASM job, whole, against a whole {@code node} process running the same module with
 * Node's WASI (V8), in turns after one untimed run of each: the job's time in the server and from
 * submission to result against the process's from start to exit. Both must print the same line.
 */
final class CpuBoundComparison {
    private static final Path NODE_RUNNER = Path.of("bench/wasm/run-node.mjs");

    private final WorkflowClient client;
    private final Path module;
    private final int rounds;
    private final Job job;

    CpuBoundComparison(WorkflowClient client, String label, Path module, int rounds)
            throws IOException {
        this.client = client;
        this.module = module;
        this.rounds = rounds;
        this.job =
                JobSpecs.parseSpecFile(
                                SmallJobLatencyBenchmark.wasmSpec(
                                        label,
                                        Files.readAllBytes(module),
                                        Integer.toString(rounds)))
                        .job();
    }

    static boolean nodeInstalled() {
        try {
            return new ProcessBuilder("node", "--version")
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void run(int runs) throws Exception {
        String expected = nodeProcess().strip();
        jobRun(expected);
        List<Double> inServer = new ArrayList<>();
        List<Double> whole = new ArrayList<>();
        List<Double> node = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            String id = jobRun(expected);
            whole.add((System.nanoTime() - start) / 1e6);
            inServer.add(
                    HistorySteps.of(client.fetchHistory(id).getHistory().getEventsList())
                            .totalMs());
            start = System.nanoTime();
            nodeProcess();
            node.add((System.nanoTime() - start) / 1e6);
        }
        LatencyStats s = LatencyStats.of(inServer);
        LatencyStats w = LatencyStats.of(whole);
        LatencyStats n = LatencyStats.of(node);
        System.out.printf(
                Locale.ROOT,
                "%nCPU-bound: %s, %d rounds (%s), %d runs of each in turns%n",
                module,
                rounds,
                expected,
                runs);
        System.out.println("| run | median ms | p95 ms | median / node |");
        System.out.println("|---|---|---|---|");
        System.out.printf(
                Locale.ROOT,
                "| node process (%s, start to exit) | %.1f | %.1f | 1.00 |%n",
                NODE_RUNNER.getFileName(),
                n.medianMs(),
                n.p95Ms());
        System.out.printf(
                Locale.ROOT,
                "| wasm job, in the server | %.1f | %.1f | %.2f |%n",
                s.medianMs(),
                s.p95Ms(),
                s.medianMs() / n.medianMs());
        System.out.printf(
                Locale.ROOT,
                "| wasm job, submit to result | %.1f | %.1f | %.2f |%n",
                w.medianMs(),
                w.p95Ms(),
                w.medianMs() / n.medianMs());
        System.out.printf(
                Locale.ROOT, "all runs (ms): job in the server %s; node %s%n", inServer, node);
    }

    private String jobRun(String expected) {
        String id = JobSpecs.newJobId();
        JobResult result = SmallJobLatencyBenchmark.run(client, id, job);
        String printed = result.executions().get(0).runOutput().stdout().strip();
        if (!printed.equals(expected)) {
            throw new IllegalStateException(
                    "the job printed " + printed + ", node printed " + expected);
        }
        return id;
    }

    /** One whole node process: start, compile, one run; its stdout. */
    private String nodeProcess() throws Exception {
        Process p =
                new ProcessBuilder(
                                "node",
                                "--no-warnings",
                                NODE_RUNNER.toString(),
                                module.toString(),
                                "0",
                                "1",
                                Integer.toString(rounds))
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("node failed on " + module);
        }
        return out;
    }
}
