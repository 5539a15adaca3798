package io.caravel.bench.queue;

import io.caravel.api.model.Job;
import io.caravel.api.spec.JobSpecs;
import io.caravel.bench.docker.DockerJobBenchmark;
import io.caravel.bench.load.JobLoad;
import io.caravel.bench.orchestration.LatencyStats;
import io.caravel.workers.WorkerProcess;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.OrchestrationSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Many jobs queued on one node at once: N noop jobs, each needing the node's whole CPU, so that one
 * runs at a time and the rest wait for the node in the placement queue, as jobs wait on a busy
 * cluster. Measures what a user and an operator see meanwhile: how fast the jobs are accepted
 * (submissions per second from THREADS client threads), how long the whole {@code caravel job list}
 * and {@code caravel node list} commands take while they wait (run as processes through {@code
 * bin/caravel}), the time to drain, and the worker's heap. The worker is the real {@code
 * WorkerProcess}, in this process (its heap is read here after a GC; the client's part is small: it
 * keeps no stubs). Usage:
 *
 * <pre>{@code java -cp bench/target/benchmarks.jar io.caravel.bench.queue.QueuedJobsBenchmark
 *     HOST:PORT N [THREADS] [CARAVEL (bin/caravel)]}</pre>
 */
public final class QueuedJobsBenchmark {
    private QueuedJobsBenchmark() {}

    public static void main(String[] args) throws Exception {
        String address = args.length > 0 ? args[0] : "127.0.0.1:7233";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        String caravel = args.length > 3 ? args[3] : "bin/caravel";
        String label = UUID.randomUUID().toString().substring(0, 8);
        WorkerConfig config =
                WorkerConfig.builder()
                        .temporalAddress(address)
                        .nodeId("bench-queue-" + label)
                        .labels(Map.of("bench", label))
                        .engines(List.of("noop"))
                        .storageDir(Files.createTempDirectory("caravel-bench-queue"))
                        .resultsPort(0)
                        .build();
        WorkflowServiceStubs stubs =
                WorkflowServiceStubs.newServiceStubs(
                        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
        WorkflowClient client =
                WorkflowClient.newInstance(
                        stubs,
                        WorkflowClientOptions.newBuilder()
                                .setDataConverter(CaravelDataConverter.get())
                                .build());
        Job job = JobSpecs.parseSpecFile(spec(label, count)).job();
        long before = JobLoad.running(stubs);
        try (WorkerProcess worker =
                WorkerProcess.start(
                        config, BuiltinProviders.assembly(OrchestrationSettings.DEFAULTS))) {
            Thread.sleep(1_000); // the node's first heartbeat reaches the registry
            long start = System.nanoTime();
            double submitSeconds = JobLoad.submit(client, job, count, threads);
            System.out.printf(
                    Locale.ROOT,
                    "submitted %d jobs in %.1f s: %.0f jobs/s from %d threads%n",
                    count,
                    submitSeconds,
                    count / submitSeconds,
                    threads);
            report("caravel job list", timeCommand(caravel, address, 5, "job", "list"));
            report(
                    "caravel job list --limit 100",
                    timeCommand(caravel, address, 5, "job", "list", "--limit", "100"));
            report("caravel node list", timeCommand(caravel, address, 5, "node", "list"));
            long maxHeap = 0;
            long left;
            while ((left = JobLoad.running(stubs) - before) > 0) {
                maxHeap = Math.max(maxHeap, heapAfterGc());
                System.out.printf(
                        Locale.ROOT,
                        "%.0f s: %d jobs not done, heap %d MiB%n",
                        (System.nanoTime() - start) / 1e9,
                        left,
                        maxHeap >> 20);
                Thread.sleep(10_000);
            }
            double drain = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "all done %.0f s after the first submission (%.1f jobs/s); worker heap after GC"
                            + " at most %d MiB while jobs waited%n",
                    drain,
                    count / drain,
                    maxHeap >> 20);
        } finally {
            stubs.shutdownNow();
        }
        System.exit(0);
    }

    private static List<Double> timeCommand(
            String caravel, String address, int rounds, String... verb) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            List<String> command = new ArrayList<>(List.of(caravel));
            command.addAll(List.of(verb));
            command.add("--address=" + address);
            long start = System.nanoTime();
            Process p =
                    new ProcessBuilder(command)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .start();
            if (p.waitFor() != 0) {
                System.out.println(String.join(" ", command) + " failed: exit " + p.exitValue());
            }
            ms.add((System.nanoTime() - start) / 1e6);
        }
        return ms;
    }

    private static void report(String what, List<Double> ms) {
        LatencyStats l = LatencyStats.of(ms);
        System.out.printf(
                Locale.ROOT,
                "%s while the jobs wait: median %.0f ms, p95 %.0f ms (%d runs)%n",
                what,
                l.medianMs(),
                l.p95Ms(),
                l.count());
    }

    private static long heapAfterGc() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** A noop job that takes the node's whole CPU (2 cores here), so that one runs at a time. */
    static String spec(String label, int count) {
        return DockerJobBenchmark.spec(
                "bench-queue",
                label,
                """
                      Type: noop
                    Resources:
                      CPU: "%d"
                    Timeouts:
                      QueueTimeout: 86400
                """
                        .formatted(Runtime.getRuntime().availableProcessors()));
    }
}
