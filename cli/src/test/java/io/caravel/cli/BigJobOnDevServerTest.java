package io.caravel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.Durations;
import io.caravel.cli.serve.ApiRequests;
import io.caravel.cli.serve.ApiServer;
import io.caravel.workers.WorkerProcess;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.OrchestrationSettings;
import io.caravel.workflows.model.ChunkInfo;
import io.caravel.workflows.model.JobDescription;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.operatorservice.v1.DeleteNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch job run in chunks (child workflows) on the real dev server of {@code
 * scripts/temporal-dev.sh}, through the CLI, on a noop worker with small chunks, in a namespace of
 * its own (deleted after): it completes, {@code job describe} counts every execution and pages
 * through all of them, and {@code job stop} or a terminated job workflow leaves no chunk and no
 * execution running. A server that is not there fails the test: CI starts it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BigJobOnDevServerTest {
    private static final String ADDRESS =
            System.getenv().getOrDefault("CARAVEL_TEST_TEMPORAL_ADDRESS", "127.0.0.1:7233");

    /** Chunks of 4 partitions; with the worker's 8 partitions at once, 2 chunks at a time. */
    private static final OrchestrationSettings SETTINGS =
            OrchestrationSettings.builder().partitionsPerChunk(4).build();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String namespace = "caravel-big-" + UUID.randomUUID().toString().substring(0, 8);
    @TempDir Path storage;
    private WorkflowServiceStubs stubs;
    private WorkflowClient client;
    private WorkerProcess worker;
    private Cli cli;

    @BeforeEach
    void start() throws InterruptedException {
        stubs =
                WorkflowServiceStubs.newServiceStubs(
                        WorkflowServiceStubsOptions.newBuilder()
                                .setTarget(ADDRESS)
                                .validateAndBuildWithDefaults());
        stubs.blockingStub()
                .registerNamespace(
                        RegisterNamespaceRequest.newBuilder()
                                .setNamespace(namespace)
                                .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
                                .build());
        for (int i = 0; i < 100; i++) {
            try {
                stubs.blockingStub()
                        .describeNamespace(
                                DescribeNamespaceRequest.newBuilder()
                                        .setNamespace(namespace)
                                        .build());
                break;
            } catch (RuntimeException notYet) {
                Thread.sleep(100);
            }
        }
        client =
                WorkflowClient.newInstance(
                        stubs,
                        WorkflowClientOptions.newBuilder()
                                .setNamespace(namespace)
                                .setDataConverter(CaravelDataConverter.get())
                                .build());
        worker =
                WorkerProcess.start(
                        WorkerConfig.builder()
                                .temporalAddress(ADDRESS)
                                .namespace(namespace)
                                .nodeId("big-" + UUID.randomUUID().toString().substring(0, 8))
                                .capacityCpu("64")
                                .capacityMemory("256Gi")
                                .capacityDisk("1Ti")
                                .capacityGpus("0")
                                .storageDir(storage)
                                .resultsPort(0)
                                .heartbeatInterval(Duration.ofMillis(500))
                                .maxConcurrentPartitions(8)
                                .build(),
                        BuiltinProviders.assembly(SETTINGS));
        cli = Cli.at(ADDRESS);
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
        OperatorServiceStubs operator =
                OperatorServiceStubs.newServiceStubs(
                        OperatorServiceStubsOptions.newBuilder()
                                .setTarget(ADDRESS)
                                .validateAndBuildWithDefaults());
        try {
            operator.blockingStub()
                    .deleteNamespace(
                            DeleteNamespaceRequest.newBuilder().setNamespace(namespace).build());
        } finally {
            operator.shutdownNow();
            stubs.shutdownNow();
        }
    }

    private static String spec(int count, int sleepSeconds) {
        return """
                Name: %s
                Type: batch
                Count: %d
                Tasks:
                  - Name: main
                    Engine:
                      Type: noop
                      Params:
                        Sleep: %d
                """
                .formatted(BacalhauConventionsTest.unique("big"), count, sleepSeconds);
    }

    private Cli.Result run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--namespace";
        all[1] = namespace;
        System.arraycopy(args, 0, all, 2, args.length);
        return cli.run(all);
    }

    private JsonNode describe(String id, String... paging) throws IOException {
        String[] args = new String[4 + paging.length];
        args[0] = "--output=json";
        args[1] = "job";
        args[2] = "describe";
        System.arraycopy(paging, 0, args, 3, paging.length);
        args[3 + paging.length] = id;
        Cli.Result r = run(args);
        assertThat(r.code()).as(r.toString()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void aJobOf30PartitionsInChunksOf4CompletesAndDescribePagesThroughEveryExecution()
            throws IOException {
        Cli.Result r = cli.stdin(spec(30, 0)).run("--namespace", namespace, "job", "run", "-");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Executions in 8 child workflows: Completed 30\n");
        String id = JobCommandsTest.jobId(r.out());

        JsonNode page = describe(id, "--limit", "7");
        assertThat(page.at("/Job/State/StateType").asText()).isEqualTo("Completed");
        assertThat(page.at("/Summary/Completed").asInt()).isEqualTo(30);
        Set<Integer> partitions = new HashSet<>();
        int pages = 0;
        while (true) {
            pages++;
            JsonNode items = page.at("/Executions/Items");
            assertThat(items.size()).isBetween(1, 7);
            items.forEach(e -> partitions.add(e.at("/PartitionIndex").asInt()));
            String next = page.at("/Executions/NextToken").asText();
            if (next.isEmpty()) {
                break;
            }
            page = describe(id, "--limit", "7", "--next-token", next);
        }
        assertThat(partitions).hasSize(30).allMatch(p -> p >= 0 && p < 30);
        assertThat(pages).isBetween(5, 6);
        List<ChunkInfo> chunks = job(id).chunks();
        assertThat(chunks).hasSize(8);
        chunks.forEach(
                c ->
                        assertThat(status(c.workflowId()))
                                .isEqualTo(
                                        WorkflowExecutionStatus
                                                .WORKFLOW_EXECUTION_STATUS_COMPLETED));
    }

    @Test
    void logsOfAJobRunInChunksPrintEveryExecutionAndOneAskedFor() throws IOException {
        String spec = spec(6, 0).replace("Sleep: 0", "Stdout: hi from a chunk");
        Cli.Result r = cli.stdin(spec).run("--namespace", namespace, "job", "run", "-");
        assertThat(r.code()).as(r.toString()).isZero();
        String id = JobCommandsTest.jobId(r.out());

        Cli.Result logs = run("job", "logs", id);

        assertThat(logs.code()).as(logs.toString()).isZero();
        assertThat(logs.out().lines().toList())
                .as(logs.toString())
                .hasSize(6)
                .allMatch(l -> l.matches("\\[e-[0-9a-f]{8}@big-[0-9a-f]{8}\\] hi from a chunk"));
        String inTheSecondChunk =
                describe(id, "--limit", "1", "--next-token", "2:0")
                        .at("/Executions/Items/0/ID")
                        .asText();
        assertThat(inTheSecondChunk).startsWith("e-");
        Cli.Result one = run("job", "logs", "-e", inTheSecondChunk, id);
        assertThat(one.code()).as(one.toString()).isZero();
        assertThat(one.out()).isEqualTo("hi from a chunk");
    }

    @Test
    void bacalhausApiListsTheExecutionsAndResultsOfAJobRunInChunks() throws Exception {
        Cli.Result r = cli.stdin(spec(6, 0)).run("--namespace", namespace, "job", "run", "-");
        assertThat(r.code()).as(r.toString()).isZero();
        String id = JobCommandsTest.jobId(r.out());

        try (ApiServer server =
                ApiServer.start(
                        new ApiServer.Settings("127.0.0.1", 0, Optional.empty()),
                        client,
                        JobLogStreams.of(client, null))) {
            JsonNode executions =
                    JSON.readTree(
                            ApiRequests.get(
                                            server,
                                            "/api/v1/orchestrator/jobs/" + id + "/executions")
                                    .body());

            assertThat(executions.at("/Items").size()).as(executions.toString()).isEqualTo(6);
            Set<Integer> partitions = new HashSet<>();
            executions.at("/Items").forEach(e -> partitions.add(e.at("/PartitionIndex").asInt()));
            assertThat(partitions).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        }
    }

    @Test
    void stopMidwayEndsEveryChunkAndNothingRunsAfterwards() throws Exception {
        String id =
                cli.stdin(spec(30, 120))
                        .run("--namespace", namespace, "job", "run", "--wait=false", "-")
                        .out()
                        .strip();
        awaitRunning(id, 8);

        Cli.Result stop = run("job", "stop", id);
        assertThat(stop.code()).as(stop.toString()).isZero();
        JsonNode after = describe(id);
        assertThat(after.at("/Job/State/StateType").asText()).isEqualTo("Stopped");
        assertThat(after.at("/Summary/Cancelled").asInt()).isEqualTo(8);
        assertThat(after.at("/Summary/Running").isMissingNode()).isTrue();
        List<ChunkInfo> chunks = job(id).chunks();
        assertThat(chunks).hasSize(2);
        for (ChunkInfo c : chunks) {
            assertThat(status(c.workflowId()))
                    .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
        }
        Thread.sleep(2_000);
        assertThat(job(id).chunks()).hasSize(2);
        assertThat(describe(id).at("/Summary").toString()).isEqualTo("{\"Cancelled\":8}");
    }

    @Test
    void terminatingTheJobsWorkflowCancelsItsChunksAndTheirExecutions() throws Exception {
        String id =
                cli.stdin(spec(30, 120))
                        .run("--namespace", namespace, "job", "run", "--wait=false", "-")
                        .out()
                        .strip();
        awaitRunning(id, 8);
        List<ChunkInfo> chunks = job(id).chunks();

        client.newUntypedWorkflowStub(id).terminate("by hand");
        for (ChunkInfo c : chunks) {
            for (int i = 0;
                    i < 300
                            && status(c.workflowId())
                                    == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
                    i++) {
                Thread.sleep(100);
            }
            assertThat(status(c.workflowId()))
                    .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
            assertThat(
                            client.newWorkflowStub(
                                            io.caravel.workflows.JobChunkWorkflow.class,
                                            c.workflowId())
                                    .summary())
                    .isEqualTo(java.util.Map.of("Cancelled", 4));
        }
    }

    private JobDescription job(String id) {
        return client.newUntypedWorkflowStub(id).query("describe", JobDescription.class);
    }

    private void awaitRunning(String id, int running) throws IOException, InterruptedException {
        for (int i = 0; i < 600 && describe(id).at("/Summary/Running").asInt() < running; i++) {
            Thread.sleep(100);
        }
        assertThat(describe(id).at("/Summary/Running").asInt()).isEqualTo(running);
    }

    private WorkflowExecutionStatus status(String workflowId) {
        return stubs.blockingStub()
                .describeWorkflowExecution(
                        DescribeWorkflowExecutionRequest.newBuilder()
                                .setNamespace(namespace)
                                .setExecution(
                                        WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                                .build())
                .getWorkflowExecutionInfo()
                .getStatus();
    }
}
