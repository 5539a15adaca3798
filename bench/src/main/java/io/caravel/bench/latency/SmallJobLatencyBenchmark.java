package io.caravel.bench.latency;

import com.google.protobuf.util.Durations;
import io.caravel.api.model.Job;
import io.caravel.api.providers.inline.InlineSourceSpec;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.api.spec.JobSpecs;
import io.caravel.bench.docker.DockerJobBenchmark;
import io.caravel.bench.orchestration.BaselineWorkflow;
import io.caravel.bench.orchestration.LatencyStats;
import io.caravel.workers.WorkerProcess;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.OrchestrationSettings;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.model.JobResult;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.DeleteNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.Closeable;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How long a small job spends inside the server (its history's first event to its last) on a warm
 * worker: the WASM hello-world job (its module inline, no other input, no publisher), a noop job of
 * the same shape, and the baseline, a bare workflow running as many empty activities as the noop
 * job, all in one run, one after the other, on one server. Prints each one's median and p95 and
 * where the time went, step by step (median of each step over the runs). Usage:
 *
 * <pre>
 * {@code java -cp bench/target/benchmarks.jar io.caravel.bench.latency.SmallJobLatencyBenchmark
 *     [test|HOST:PORT] [runs of each, default 50] [module, default examples/wasm/hello-world.wasm]
 *     [CPU-bound module, default bench/wasm/cpuwork.wasm] [its rounds, default 20] [its runs, default 7]}
 * </pre>
 *
 * Then, when {@code node} is on the PATH, a CPU-bound WASM job (the wasm benchmark's {@code
 * cpuwork.wasm}) against a whole {@code node} process running the same module with Node's WASI
 * ({@code bench/wasm/run-node.mjs}: start, compile, one run), in turns: the job's time in the
 * server and from submission to result, the process's from start to exit. Both must print the same
 * checksum.
 *
 * <p>On a {@code HOST:PORT} server the benchmark works in a namespace of its own, deleted at the
 * end, so no other worker on the server takes its tasks.
 */
public final class SmallJobLatencyBenchmark {
    private static final int WARMUPS = 10;
    private static final String BASELINE_QUEUE = "caravel-bench-baseline";

    private final WorkflowClient client;

    private SmallJobLatencyBenchmark(WorkflowClient client) {
        this.client = client;
    }

    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "test";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path module = Path.of(args.length > 2 ? args[2] : "examples/wasm/hello-world.wasm");
        Closeable server = null;
        String address = target;
        String namespace = "default";
        if (target.equals("test")) {
            try (ServerSocket socket = new ServerSocket(0)) {
                address = "127.0.0.1:" + socket.getLocalPort();
            }
            server =
                    TestServer.createPortBoundServer(
                            Integer.parseInt(address.substring(address.indexOf(':') + 1)), true);
        }
        WorkflowServiceStubs stubs =
                WorkflowServiceStubs.newServiceStubs(
                        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
        if (!target.equals("test")) {
            namespace = "caravel-bench-" + UUID.randomUUID().toString().substring(0, 8);
            createNamespace(stubs, address, namespace);
        }
        WorkflowClient client =
                WorkflowClient.newInstance(
                        stubs,
                        WorkflowClientOptions.newBuilder()
                                .setNamespace(namespace)
                                .setDataConverter(CaravelDataConverter.get())
                                .build());
        WorkerFactory baselineFactory = WorkerFactory.newInstance(client);
        Worker baseline = baselineFactory.newWorker(BASELINE_QUEUE);
        baseline.registerWorkflowImplementationTypes(BaselineWorkflow.Impl.class);
        baseline.registerActivitiesImplementations(new BaselineWorkflow.EmptyImpl());
        baselineFactory.start();

        String label = UUID.randomUUID().toString().substring(0, 8);
        WorkerConfig config =
                WorkerConfig.builder()
                        .temporalAddress(address)
                        .namespace(namespace)
                        .nodeId("bench-small-" + label)
                        .labels(Map.of("bench", label))
                        .engines(List.of("noop", "wasm"))
                        .capacityCpu("16")
                        .capacityMemory("64Gi")
                        .capacityDisk("100Gi")
                        .storageDir(Files.createTempDirectory("caravel-bench-small"))
                        .resultsPort(0)
                        .build();
        Job wasm = JobSpecs.parseSpecFile(wasmSpec(label, Files.readAllBytes(module))).job();
        Job noop = JobSpecs.parseSpecFile(DockerJobBenchmark.noopSpec(label)).job();
        SmallJobLatencyBenchmark bench = new SmallJobLatencyBenchmark(client);
        try (WorkerProcess worker =
                WorkerProcess.start(
                        config, BuiltinProviders.assembly(OrchestrationSettings.DEFAULTS))) {
            Thread.sleep(1_000); // the node's first heartbeat reaches the registry
            int steps = bench.activities(bench.runJob(noop));
            Map<String, Supplier<String>> kinds = new LinkedHashMap<>();
            kinds.put("wasm hello-world job", () -> bench.runJob(wasm));
            kinds.put("noop job", () -> bench.runJob(noop));
            kinds.put(
                    "bare workflow, " + steps + " empty activities",
                    () -> bench.runBaseline(steps));
            for (int i = 0; i < WARMUPS; i++) {
                for (Supplier<String> kind : kinds.values()) {
                    var unused = kind.get();
                }
            }
            Map<String, List<HistorySteps>> measured = new LinkedHashMap<>();
            Map<String, List<Double>> clientMs = new LinkedHashMap<>();
            for (int i = 0; i < runs; i++) {
                for (Map.Entry<String, Supplier<String>> kind : kinds.entrySet()) {
                    long start = System.nanoTime();
                    String id = kind.getValue().get();
                    clientMs.computeIfAbsent(kind.getKey(), k -> new ArrayList<>())
                            .add((System.nanoTime() - start) / 1e6);
                    measured.computeIfAbsent(kind.getKey(), k -> new ArrayList<>())
                            .add(
                                    HistorySteps.of(
                                            client.fetchHistory(id).getHistory().getEventsList()));
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "server: %s; %d runs of each after %d warm-up runs%n",
                    target.equals("test") ? "Java test server" : address,
                    runs,
                    WARMUPS);
            System.out.println(
                    "| run | in the server: median / p95 ms | submit to result: median / p95 ms |");
            System.out.println("|---|---|---|");
            for (String kind : kinds.keySet()) {
                LatencyStats inServer =
                        LatencyStats.of(
                                measured.get(kind).stream().map(HistorySteps::totalMs).toList());
                LatencyStats whole = LatencyStats.of(clientMs.get(kind));
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %.1f / %.1f | %.1f / %.1f |%n",
                        kind,
                        inServer.medianMs(),
                        inServer.p95Ms(),
                        whole.medianMs(),
                        whole.p95Ms());
            }
            for (String kind : kinds.keySet()) {
                printSteps(kind, measured.get(kind));
            }
            Path cpuModule = Path.of(args.length > 3 ? args[3] : "bench/wasm/cpuwork.wasm");
            int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
            int cpuRuns = args.length > 5 ? Integer.parseInt(args[5]) : 7;
            if (CpuBoundComparison.nodeInstalled()) {
                new CpuBoundComparison(client, label, cpuModule, rounds).run(cpuRuns);
            } else {
                System.out.println("node is not on the PATH: the CPU-bound comparison is left out");
            }
        } finally {
            baselineFactory.shutdownNow();
            if (!target.equals("test")) {
                deleteNamespace(address, namespace);
            }
            stubs.shutdownNow();
            if (server != null) {
                server.close();
            }
        }
        System.exit(0);
    }

    /** The median of each step over the runs that have the most common shape. */
    private static void printSteps(String kind, List<HistorySteps> runs) {
        Map<String, List<HistorySteps>> byShape = new LinkedHashMap<>();
        runs.forEach(r -> byShape.computeIfAbsent(r.shape(), s -> new ArrayList<>()).add(r));
        List<HistorySteps> common =
                byShape.values().stream()
                        .max((a, b) -> Integer.compare(a.size(), b.size()))
                        .orElseThrow();
        System.out.printf(
                Locale.ROOT,
                "%n%s, step by step (median ms of the %d of %d runs with this shape):%n",
                kind,
                common.size(),
                runs.size());
        for (int i = 0; i < common.get(0).steps().size(); i++) {
            int step = i;
            LatencyStats s =
                    LatencyStats.of(common.stream().map(r -> r.steps().get(step).ms()).toList());
            System.out.printf(
                    Locale.ROOT,
                    "  %-45s %7.1f%n",
                    common.get(0).steps().get(i).label(),
                    s.medianMs());
        }
    }

    /**
     * The hello-world job as {@code caravel wasm run MODULE world} sends it, on this benchmark's
     * node.
     */
    static String wasmSpec(String label, byte[] module) {
        return wasmSpec(label, module, "world");
    }

    /**
     * A job running {@code module} inline with one parameter, as {@code caravel wasm run} sends it.
     */
    static String wasmSpec(String label, byte[] module, String parameter) {
        return DockerJobBenchmark.spec(
                "bench-wasm",
                label,
                """
                      Type: wasm
                      Params:
                        EntryModule: /app/hello.wasm
                        Parameters: ["%s"]
                    InputSources:
                      - Target: /app/hello.wasm
                        Source:
                          Type: inline
                          Params:
                            URL: "%s"
                """
                        .formatted(
                                parameter, InlineSourceSpec.of("application/wasm", module).url()));
    }

    private String runJob(Job job) {
        String id = JobSpecs.newJobId();
        run(client, id, job);
        return id;
    }

    /**
     * Runs {@code job} as {@code id} and returns its result; a job that did not exit 0 is an error.
     */
    static JobResult run(WorkflowClient client, String id, Job job) {
        JobResult result =
                client.newWorkflowStub(
                                JobWorkflow.class,
                                WorkflowOptions.newBuilder()
                                        .setWorkflowId(id)
                                        .setTaskQueue(TaskQueues.DEFAULT)
                                        .build())
                        .run(JobSpecWriter.toTree(job));
        int exit =
                result.executions().isEmpty()
                        ? 1
                        : result.executions().get(0).runOutput().exitCode();
        // -1: the module returned from its entrypoint without calling proc_exit (as Bacalhau
        // reports it).
        if (exit != 0 && exit != -1) {
            throw new IllegalStateException(
                    "job " + id + " ended " + result.state() + ": " + result.message());
        }
        return result;
    }

    private String runBaseline(int steps) {
        String id = "bench-" + UUID.randomUUID();
        client.newWorkflowStub(
                        BaselineWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(id)
                                .setTaskQueue(BASELINE_QUEUE)
                                .build())
                .run(steps);
        return id;
    }

    private int activities(String workflowId) {
        List<HistoryEvent> events = client.fetchHistory(workflowId).getHistory().getEventsList();
        return (int)
                events.stream()
                        .filter(
                                e ->
                                        e.getEventType()
                                                == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                        .count();
    }

    private static void createNamespace(
            WorkflowServiceStubs stubs, String address, String namespace)
            throws InterruptedException {
        stubs.blockingStub()
                .registerNamespace(
                        RegisterNamespaceRequest.newBuilder()
                                .setNamespace(namespace)
                                .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
                                .build());
        for (int i = 0; ; i++) {
            try {
                stubs.blockingStub()
                        .describeNamespace(
                                DescribeNamespaceRequest.newBuilder()
                                        .setNamespace(namespace)
                                        .build());
                break;
            } catch (RuntimeException e) {
                if (i == 100) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
        OperatorServiceStubs operator = operator(address);
        try {
            AddSearchAttributesRequest.Builder request =
                    AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
            for (String name :
                    List.of(
                            "CaravelJobState",
                            "CaravelJobType",
                            "CaravelJobName",
                            "CaravelNamespace")) {
                request.putSearchAttributes(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
            }
            operator.blockingStub().addSearchAttributes(request.build());
        } finally {
            operator.shutdownNow();
        }
    }

    private static void deleteNamespace(String address, String namespace) {
        OperatorServiceStubs operator = operator(address);
        try {
            operator.blockingStub()
                    .deleteNamespace(
                            DeleteNamespaceRequest.newBuilder().setNamespace(namespace).build());
        } finally {
            operator.shutdownNow();
        }
    }

    private static OperatorServiceStubs operator(String address) {
        return OperatorServiceStubs.newServiceStubs(
                OperatorServiceStubsOptions.newBuilder()
                        .setTarget(address)
                        .validateAndBuildWithDefaults());
    }
}
