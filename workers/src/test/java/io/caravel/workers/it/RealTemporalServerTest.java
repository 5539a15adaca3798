package io.caravel.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.JobStateType;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.api.spec.JobSpecs;
import io.caravel.workers.WorkerProcess;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.OrchestrationSettings;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker process against a real Temporal server ({@code temporal server start-dev}, started
 * by {@code scripts/temporal-dev.sh}; address from {@code CARAVEL_TEST_TEMPORAL_ADDRESS}). A server
 * that is not there fails the test: CI starts it.
 */
class RealTemporalServerTest {
    private static final String ADDRESS = System.getenv().getOrDefault("CARAVEL_TEST_TEMPORAL_ADDRESS",
            "127.0.0.1:7233");

    @TempDir
    Path storage;

    private WorkerProcess worker;
    private WorkflowServiceStubs stubs;
    private WorkflowClient client;

    @BeforeEach
    void connect() {
        String[] hostPort = ADDRESS.split(":");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2_000);
        } catch (IOException e) {
            throw new AssertionError("no Temporal server at " + ADDRESS + "; start one with scripts/temporal-dev.sh",
                    e);
        }
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(ADDRESS)
                .build());
        client = WorkflowClient.newInstance(stubs,
                WorkflowClientOptions.newBuilder().setDataConverter(CaravelDataConverter.get()).build());
        WorkerConfig config = WorkerConfig.builder()
                .temporalAddress(ADDRESS)
                .nodeId("it-" + UUID.randomUUID().toString().substring(0, 8))
                .capacityCpu("4")
                .capacityMemory("8Gi")
                .capacityDisk("10Gi")
                .capacityGpus("0")
                .storageDir(storage)
                .searchAttributes(true)
                .resultsPort(0)
                .heartbeatInterval(Duration.ofMillis(500))
                .build();
        worker = WorkerProcess.start(config, BuiltinProviders.assembly(OrchestrationSettings.DEFAULTS));
    }

    @AfterEach
    void disconnect() {
        if (worker != null) {
            worker.stop();
        }
        if (stubs != null) {
            stubs.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aJobRunsAndIsListedByItsSearchAttributes() throws InterruptedException {
        String id = JobSpecs.newJobId();
        JobWorkflow job = client.newWorkflowStub(JobWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.DEFAULT).build());
        JobResult result = job.run(JobSpecWriter.toTree(JobSpecs.parseSpecFile("""
                Name: on-a-real-server
                Type: batch
                Count: 2
                Tasks:
                  - Name: main
                    Engine:
                      Type: noop
                      Params:
                        Stdout: hello
                """).job()));

        assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
        assertThat(result.executions()).hasSize(2)
                .allSatisfy(e -> assertThat(e.runOutput().stdout()).isEqualTo("hello"));
        JobDescription described = WorkflowStub.fromTyped(job).query("describe", JobDescription.class);
        assertThat(described.history()).isNotEmpty();

        String query = "WorkflowId = '" + id + "' AND CaravelJobState = 'Completed' AND CaravelJobType = 'batch'"
                + " AND CaravelNamespace = 'default'";
        long found = 0;
        for (int i = 0; i < 100 && found == 0; i++) {
            found = client.listExecutions(query).count();
            if (found == 0) {
                Thread.sleep(100);
            }
        }
        assertThat(found).as("visibility finds the job by its search attributes").isEqualTo(1);
    }
}
