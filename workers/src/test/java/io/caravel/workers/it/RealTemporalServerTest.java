package io.caravel.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.JobStateType;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.api.spec.JobSpecs;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker process against a real Temporal server ({@code temporal server start-dev}, see {@link
 * DevServerWorker}).
 */
class RealTemporalServerTest {
    @TempDir Path storage;

    private DevServerWorker server;
    private WorkflowClient client;

    @BeforeEach
    void connect() {
        server = new DevServerWorker(storage);
        client = server.client;
    }

    @AfterEach
    void disconnect() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aJobRunsAndIsListedByItsSearchAttributes() throws InterruptedException {
        String id = JobSpecs.newJobId();
        JobWorkflow job =
                client.newWorkflowStub(
                        JobWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(id)
                                .setTaskQueue(TaskQueues.DEFAULT)
                                .build());
        JobResult result =
                job.run(
                        JobSpecWriter.toTree(
                                JobSpecs.parseSpecFile(
                                                """
                Name: on-a-real-server
                Type: batch
                Count: 2
                Tasks:
                  - Name: main
                    Engine:
                      Type: noop
                      Params:
                        Stdout: hello
                """)
                                        .job()));

        assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
        assertThat(result.executions())
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.runOutput().stdout()).isEqualTo("hello"));
        JobDescription described =
                WorkflowStub.fromTyped(job).query("describe", JobDescription.class);
        assertThat(described.history()).isNotEmpty();

        String query =
                "WorkflowId = '"
                        + id
                        + "' AND CaravelJobState = 'Completed' AND CaravelJobType = 'batch'"
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
