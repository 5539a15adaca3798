package io.caravel.bench.docker;

import io.caravel.api.model.Job;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.api.spec.JobSpecs;
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
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Submit-to-completion time of a trivial container job through Caravel ({@code echo hello} in the
 * local busybox test image, network None) against {@code docker run --rm} of the same image and
 * command, measured in the same run, alternating one of each. Usage:
 *
 * <pre>{@code java -cp bench/target/benchmarks.jar io.caravel.bench.docker.DockerJobBenchmark
 *     [test|HOST:PORT] [runs of each, default 20]}</pre>
 *
 * {@code test} starts the Java test server in this JVM on a free port; {@code HOST:PORT} uses a
 * running server such as {@code temporal server start-dev}. A noop job on the same node is timed
 * alongside: what orchestration alone costs on that server. The worker (the real {@code
 * WorkerProcess} with the built-in providers, engines noop and docker) is labelled with a random
 * {@code bench} value that the job requires, so that no other node on the server takes it.
 */
public final class DockerJobBenchmark {
    public static final String IMAGE = "caravel-test/busybox:1";

    private DockerJobBenchmark() {}

    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "test";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        java.io.Closeable server = null;
        String address = target;
        if (target.equals("test")) {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                address = "127.0.0.1:" + socket.getLocalPort();
            }
            server =
                    io.temporal.testserver.TestServer.createPortBoundServer(
                            Integer.parseInt(address.substring(address.indexOf(':') + 1)), true);
        }
        String label = UUID.randomUUID().toString().substring(0, 8);
        WorkerConfig config =
                WorkerConfig.builder()
                        .temporalAddress(address)
                        .nodeId("bench-docker-" + label)
                        .labels(Map.of("bench", label))
                        .engines(List.of("noop", "docker"))
                        .capacityCpu("16")
                        .capacityMemory("64Gi")
                        .capacityDisk("100Gi")
                        .storageDir(Files.createTempDirectory("caravel-bench-docker"))
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
        Job job = JobSpecs.parseSpecFile(jobSpec(label)).job();
        Job noop = JobSpecs.parseSpecFile(noopSpec(label)).job();
        try (WorkerProcess worker =
                WorkerProcess.start(
                        config, BuiltinProviders.assembly(OrchestrationSettings.DEFAULTS))) {
            Thread.sleep(1_000); // the node's first heartbeat reaches the registry
            for (int i = 0; i < 3; i++) {
                runJob(client, job);
                dockerRun();
            }
            List<Double> caravel = new ArrayList<>();
            List<Double> docker = new ArrayList<>();
            List<Double> orchestration = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                caravel.add(timed(() -> runJob(client, job)));
                docker.add(timed(DockerJobBenchmark::dockerRun));
                orchestration.add(timed(() -> runJob(client, noop)));
            }
            LatencyStats o = LatencyStats.of(orchestration);
            LatencyStats c = LatencyStats.of(caravel);
            LatencyStats d = LatencyStats.of(docker);
            System.out.printf(
                    Locale.ROOT,
                    "server: %s%n",
                    target.equals("test") ? "Java test server" : address);
            System.out.printf(
                    Locale.ROOT,
                    "caravel docker job (n=%d): median %.1f ms, p95 %.1f ms%n",
                    c.count(),
                    c.medianMs(),
                    c.p95Ms());
            System.out.printf(
                    Locale.ROOT,
                    "docker run --rm    (n=%d): median %.1f ms, p95 %.1f ms%n",
                    d.count(),
                    d.medianMs(),
                    d.p95Ms());
            System.out.printf(
                    Locale.ROOT,
                    "noop job, same node (n=%d): median %.1f ms, p95 %.1f ms%n",
                    o.count(),
                    o.medianMs(),
                    o.p95Ms());
            System.out.printf(
                    Locale.ROOT,
                    "ratio caravel/docker run: median %.2f, p95 %.2f%n",
                    c.medianMs() / d.medianMs(),
                    c.p95Ms() / d.p95Ms());
        } finally {
            stubs.shutdownNow();
            if (server != null) {
                server.close();
            }
        }
        System.exit(0);
    }

    static String jobSpec(String label) {
        return spec(
                "bench-docker",
                label,
                """
                      Type: docker
                      Params:
                        Image: %s
                        Parameters: [echo, hello]
                    Network:
                      Type: None
                """
                        .formatted(IMAGE));
    }

    /** The same job with the noop engine: what orchestration alone costs on this server. */
    public static String noopSpec(String label) {
        return spec(
                "bench-noop",
                label,
                """
                      Type: noop
                """);
    }

    /**
     * A one-execution batch job on the node labelled {@code bench=label}; {@code engine} goes under
     * Engine.
     */
    public static String spec(String name, String label, String engine) {
        return """
                Name: %s
                Type: batch
                Count: 1
                Constraints:
                  - Key: bench
                    Operator: "="
                    Values: ["%s"]
                Tasks:
                  - Name: main
                    Engine:
                """
                        .formatted(name, label)
                + engine;
    }

    private interface Run {
        void run() throws Exception;
    }

    private static double timed(Run run) throws Exception {
        long start = System.nanoTime();
        run.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static void runJob(WorkflowClient client, Job job) {
        String id = JobSpecs.newJobId();
        JobResult result =
                client.newWorkflowStub(
                                JobWorkflow.class,
                                WorkflowOptions.newBuilder()
                                        .setWorkflowId(id)
                                        .setTaskQueue(TaskQueues.DEFAULT)
                                        .build())
                        .run(JobSpecWriter.toTree(job));
        if (result.executions().isEmpty()
                || result.executions().get(0).runOutput().exitCode() != 0) {
            throw new IllegalStateException(
                    "job " + id + " ended " + result.state() + ": " + result.message());
        }
    }

    /** The baseline: the docker CLI, as a user would run the same container. */
    private static void dockerRun() throws Exception {
        Process p =
                new ProcessBuilder(
                                "docker",
                                "run",
                                "--rm",
                                "--network",
                                "none",
                                IMAGE,
                                "echo",
                                "hello")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || !out.equals("hello\n")) {
            throw new IllegalStateException("docker run failed: " + out);
        }
    }
}
