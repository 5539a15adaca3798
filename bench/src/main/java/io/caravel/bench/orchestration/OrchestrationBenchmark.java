package io.caravel.bench.orchestration;

import io.caravel.api.model.Job;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.api.spec.JobSpecs;
import io.caravel.workers.WorkerProcess;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.OrchestrationSettings;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.model.JobResult;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Submit-to-completion latency and burst throughput of a {@code noop} job, against the baseline of
 * a bare workflow running as many empty activities as the job's execution runs, measured in the
 * same run on the same server. Usage:
 *
 * <pre>
 * {@code java -cp bench/target/benchmarks.jar io.caravel.bench.orchestration.OrchestrationBenchmark
 *     [test|HOST:PORT] [sequential jobs, default 50] [burst size, default 200]}</pre>
 *
 * {@code test} starts the Java test server in this JVM on a free port; {@code HOST:PORT} uses a
 * running server such as {@code temporal server start-dev}.
 */
public final class OrchestrationBenchmark {
    private static final String BASELINE_QUEUE = "caravel-bench-baseline";
    private static final String NOOP_JOB =
            """
            Name: bench-noop
            Type: batch
            Count: 1
            Tasks:
              - Name: main
                Engine:
                  Type: noop
            """;

    private OrchestrationBenchmark() {}

    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "test";
        int sequential = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int burst = args.length > 2 ? Integer.parseInt(args[2]) : 200;

        Closeable server = null;
        String address = target;
        if (target.equals("test")) {
            int port = freePort();
            server = TestServer.createPortBoundServer(port, true);
            address = "127.0.0.1:" + port;
        }
        Path storage = Files.createTempDirectory("caravel-bench");
        WorkerConfig config =
                WorkerConfig.builder()
                        .temporalAddress(address)
                        .nodeId("bench-node")
                        .capacityCpu("1000")
                        .capacityMemory("1Ti")
                        .capacityDisk("1Ti")
                        .storageDir(storage)
                        .placementSlots(8)
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
        WorkerFactory baselineFactory = WorkerFactory.newInstance(client);
        Worker baseline = baselineFactory.newWorker(BASELINE_QUEUE);
        baseline.registerWorkflowImplementationTypes(BaselineWorkflow.Impl.class);
        baseline.registerActivitiesImplementations(new BaselineWorkflow.EmptyImpl());
        baselineFactory.start();

        try (WorkerProcess worker =
                WorkerProcess.start(
                        config, BuiltinProviders.assembly(OrchestrationSettings.DEFAULTS))) {
            Thread.sleep(1_000); // the node's first heartbeat reaches the registry
            Job job = JobSpecs.parseSpecFile(NOOP_JOB).job();
            String firstId = runJob(client, job);
            int activities = countActivities(client, firstId);
            int workflowTasks = countWorkflowTasks(client, firstId);

            Supplier<Void> jobRun =
                    () -> {
                        runJob(client, job);
                        return null;
                    };
            Supplier<Void> baselineRun =
                    () -> {
                        runBaseline(client, activities);
                        return null;
                    };
            warmUp(jobRun, baselineRun);

            LatencyStats jobLatency = latency(jobRun, sequential);
            LatencyStats baseLatency = latency(baselineRun, sequential);
            double jobThroughput = throughput(() -> startJob(client, job), burst);
            double baseThroughput = throughput(() -> startBaseline(client, activities), burst);

            System.out.printf(
                    Locale.ROOT,
                    "target: %s%n",
                    target.equals("test") ? "Java test server" : address);
            System.out.printf(
                    Locale.ROOT,
                    "per noop job: %d activities, %d workflow tasks%n",
                    activities,
                    workflowTasks);
            System.out.printf(
                    Locale.ROOT,
                    "latency noop job   (n=%d): median %.1f ms, p95 %.1f ms%n",
                    jobLatency.count(),
                    jobLatency.medianMs(),
                    jobLatency.p95Ms());
            System.out.printf(
                    Locale.ROOT,
                    "latency baseline   (n=%d): median %.1f ms, p95 %.1f ms%n",
                    baseLatency.count(),
                    baseLatency.medianMs(),
                    baseLatency.p95Ms());
            System.out.printf(
                    Locale.ROOT,
                    "ratio job/baseline: median %.2f, p95 %.2f%n",
                    jobLatency.medianMs() / baseLatency.medianMs(),
                    jobLatency.p95Ms() / baseLatency.p95Ms());
            System.out.printf(
                    Locale.ROOT,
                    "throughput, %d at once: noop jobs %.1f/s, baseline %.1f/s (ratio %.2f)%n",
                    burst,
                    jobThroughput,
                    baseThroughput,
                    jobThroughput / baseThroughput);
        } finally {
            baselineFactory.shutdownNow();
            stubs.shutdownNow();
            if (server != null) {
                server.close();
            }
        }
        System.exit(0);
    }

    private static void warmUp(Supplier<Void> a, Supplier<Void> b) {
        for (int i = 0; i < 10; i++) {
            a.get();
            b.get();
        }
    }

    private static LatencyStats latency(Supplier<Void> run, int count) {
        List<Double> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            run.get();
            samples.add((System.nanoTime() - start) / 1e6);
        }
        return LatencyStats.of(samples);
    }

    /**
     * Starts {@code count} runs at once and waits for all; runs per second from first start to last
     * end.
     */
    private static double throughput(Supplier<CompletableFuture<?>> start, int count) {
        long begin = System.nanoTime();
        List<CompletableFuture<?>> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(start.get());
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return count / ((System.nanoTime() - begin) / 1e9);
    }

    private static String runJob(WorkflowClient client, Job job) {
        String id = JobSpecs.newJobId();
        JobResult result = jobStub(client, id).run(JobSpecWriter.toTree(job));
        if (!result.state().isTerminal()) {
            throw new IllegalStateException("job " + id + " ended " + result.state());
        }
        return id;
    }

    private static CompletableFuture<?> startJob(WorkflowClient client, Job job) {
        JobWorkflow stub = jobStub(client, JobSpecs.newJobId());
        WorkflowClient.start(stub::run, JobSpecWriter.toTree(job));
        return io.temporal.client.WorkflowStub.fromTyped(stub).getResultAsync(JobResult.class);
    }

    private static JobWorkflow jobStub(WorkflowClient client, String id) {
        return client.newWorkflowStub(
                JobWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(id)
                        .setTaskQueue(TaskQueues.DEFAULT)
                        .build());
    }

    private static void runBaseline(WorkflowClient client, int steps) {
        baselineStub(client).run(steps);
    }

    private static CompletableFuture<?> startBaseline(WorkflowClient client, int steps) {
        BaselineWorkflow stub = baselineStub(client);
        WorkflowClient.start(stub::run, steps);
        return io.temporal.client.WorkflowStub.fromTyped(stub).getResultAsync(Integer.class);
    }

    private static BaselineWorkflow baselineStub(WorkflowClient client) {
        return client.newWorkflowStub(
                BaselineWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId("bench-" + java.util.UUID.randomUUID())
                        .setTaskQueue(BASELINE_QUEUE)
                        .build());
    }

    private static int countActivities(WorkflowClient client, String workflowId) {
        return (int)
                events(client, workflowId).stream()
                        .filter(
                                e ->
                                        e.getEventType()
                                                == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                        .count();
    }

    private static int countWorkflowTasks(WorkflowClient client, String workflowId) {
        return (int)
                events(client, workflowId).stream()
                        .filter(
                                e ->
                                        e.getEventType()
                                                == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
                        .count();
    }

    private static List<HistoryEvent> events(WorkflowClient client, String workflowId) {
        return client.fetchHistory(workflowId).getHistory().getEventsList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
