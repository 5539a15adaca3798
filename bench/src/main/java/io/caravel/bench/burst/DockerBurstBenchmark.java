package io.caravel.bench.burst;

import io.caravel.api.model.Job;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.api.spec.JobSpecs;
import io.caravel.bench.docker.DockerJobBenchmark;
import io.caravel.bench.orchestration.LatencyStats;
import io.caravel.workers.WorkerProcess;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.OrchestrationSettings;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.model.JobResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A burst of trivial container jobs ({@code true} in the busybox test image, network None)
 * submitted at once to one worker node, timed from the first submission to the last job's end: what
 * a user's application sees when it starts many jobs. The worker is the real {@code WorkerProcess}
 * with the built-in providers and the node's detected capacity, as {@code caravel worker} starts
 * it; its label, which the jobs require, keeps other nodes of the server out. Usage:
 *
 * <pre>{@code java -cp bench/target/benchmarks.jar io.caravel.bench.burst.DockerBurstBenchmark
 *     HOST:PORT SIZES (e.g. 40,400) [LIMIT_SECONDS (600)]}</pre>
 *
 * Prints one line per burst: jobs, seconds, jobs per second, how many jobs completed, failed and
 * did not end within the limit (each burst waits at most LIMIT_SECONDS), and the completed jobs'
 * own submit-to-end latency (median, p95). {@code bench/burst/run.sh} runs it next to Bacalhau's
 * burst.
 */
public final class DockerBurstBenchmark {
    private DockerBurstBenchmark() {}

    public static void main(String[] args) throws Exception {
        String address = args.length > 0 ? args[0] : "127.0.0.1:7233";
        List<Integer> sizes = new ArrayList<>();
        for (String s : (args.length > 1 ? args[1] : "40").split(",")) {
            sizes.add(Integer.parseInt(s.strip()));
        }
        long limitSeconds = args.length > 2 ? Long.parseLong(args[2].strip()) : 600;
        String label = UUID.randomUUID().toString().substring(0, 8);
        WorkerConfig config =
                WorkerConfig.builder()
                        .temporalAddress(address)
                        .nodeId("bench-burst-" + label)
                        .labels(Map.of("bench", label))
                        .engines(List.of("noop", "docker"))
                        .storageDir(Files.createTempDirectory("caravel-bench-burst"))
                        .resultsPort(0)
                        .claimsAhead(claimsAhead())
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
        Job job = JobSpecs.parseSpecFile(spec(label)).job();
        try (WorkerProcess worker =
                WorkerProcess.start(
                        config, BuiltinProviders.assembly(OrchestrationSettings.DEFAULTS))) {
            Thread.sleep(1_000); // the node's first heartbeat reaches the registry
            // Warm-up: the worker's JIT (a worker in service has run many jobs; Bacalhau's node is
            // a running Go process), the image in the page cache. Its figure is printed as the
            // fresh worker's.
            int warmUp = warmUpSize();
            Burst cold = burst(client, job, warmUp, limitSeconds);
            System.out.printf(
                    Locale.ROOT,
                    "caravel warm-up burst of %d docker jobs on the fresh worker: %.2f s, %d"
                            + " completed%n",
                    warmUp,
                    cold.seconds(),
                    cold.completed());
            for (int size : sizes) {
                Map<String, Double> cpu = CpuTimes.now();
                Burst b = burst(client, job, size, limitSeconds);
                String cpuUsed = CpuTimes.since(cpu);
                LatencyStats l =
                        LatencyStats.of(b.latenciesMs().isEmpty() ? List.of(0.0) : b.latenciesMs());
                System.out.printf(
                        Locale.ROOT,
                        "caravel burst of %d docker jobs: %.2f s, %.1f jobs/s, %d completed, %d"
                                + " failed, %d not ended in %d s; job latency median %.0f ms, p95"
                                + " %.0f ms%n",
                        size,
                        b.seconds(),
                        size / b.seconds(),
                        b.completed(),
                        b.failed(),
                        b.unfinished(),
                        limitSeconds,
                        l.medianMs(),
                        l.p95Ms());
                System.out.printf(
                        Locale.ROOT,
                        "caravel burst of %d: CPU used during it: %s%n",
                        size,
                        cpuUsed);
            }
        } finally {
            stubs.shutdownNow();
        }
        System.exit(0);
    }

    /**
     * @param completed jobs that ended with their execution's exit code 0
     * @param failed jobs that ended otherwise
     * @param unfinished jobs that had not ended within the limit
     * @param latenciesMs the completed jobs' submit-to-end latencies
     */
    private record Burst(
            double seconds, int completed, int failed, int unfinished, List<Double> latenciesMs) {}

    /**
     * Starts {@code size} jobs and waits up to {@code limitSeconds} for all of them to end; the
     * burst's time runs to the last job's end, or to the limit when some did not end.
     */
    private static Burst burst(WorkflowClient client, Job job, int size, long limitSeconds)
            throws InterruptedException {
        long start = System.nanoTime();
        List<CompletableFuture<Double>> ends = new ArrayList<>();
        AtomicLong lastEnd = new AtomicLong(start);
        for (int i = 0; i < size; i++) {
            String id = JobSpecs.newJobId();
            long submitted = System.nanoTime();
            WorkflowStub stub =
                    client.newUntypedWorkflowStub(
                            JobWorkflow.TYPE,
                            WorkflowOptions.newBuilder()
                                    .setWorkflowId(id)
                                    .setTaskQueue(TaskQueues.DEFAULT)
                                    .build());
            stub.start(JobSpecWriter.toTree(JobSpecs.assignIdentity(job, id)));
            ends.add(
                    stub.getResultAsync(JobResult.class)
                            .handle(
                                    (r, e) -> {
                                        long now = System.nanoTime();
                                        lastEnd.accumulateAndGet(now, Math::max);
                                        if (e != null
                                                || r.executions().isEmpty()
                                                || r.executions().get(0).runOutput().exitCode()
                                                        != 0) {
                                            System.err.println(
                                                    "job "
                                                            + id
                                                            + " did not complete: "
                                                            + (e != null
                                                                    ? e
                                                                    : r.state()
                                                                            + ": "
                                                                            + r.message()));
                                            return -1.0;
                                        }
                                        return (now - submitted) / 1e6;
                                    }));
        }
        try {
            CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new))
                    .get(limitSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            lastEnd.set(System.nanoTime());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // handle() turns every failure into a value
        }
        List<Double> latencies = new ArrayList<>();
        int failed = 0;
        int unfinished = 0;
        for (CompletableFuture<Double> end : ends) {
            if (!end.isDone()) {
                unfinished++;
            } else if (end.join() < 0) {
                failed++;
            } else {
                latencies.add(end.join());
            }
        }
        return new Burst(
                (lastEnd.get() - start) / 1e9, latencies.size(), failed, unfinished, latencies);
    }

    /**
     * {@code true} in the busybox test image, network None, on the node labelled {@code
     * bench=label}.
     */
    static String spec(String label) {
        return DockerJobBenchmark.spec(
                "bench-burst",
                label,
                """
                      Type: docker
                      Params:
                        Image: %s
                        Parameters: ["true"]
                    Network:
                      Type: None
                """
                        .formatted(DockerJobBenchmark.IMAGE));
    }

    /** The node's claimsAhead: CARAVEL_CLAIMS_AHEAD as the worker reads it, else the default. */
    private static int claimsAhead() {
        String v = System.getenv("CARAVEL_CLAIMS_AHEAD");
        return v == null || v.isBlank()
                ? WorkerConfig.DEFAULT_CLAIMS_AHEAD
                : Integer.parseInt(v.strip());
    }

    /** BURST_WARMUP jobs (default 40) run before the timed bursts. */
    private static int warmUpSize() {
        String v = System.getenv("BURST_WARMUP");
        return v == null || v.isBlank() ? 40 : Integer.parseInt(v.strip());
    }
}
