package io.caravel.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.caravel.api.spec.JobSpecs;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.JobWorkflowImpl;
import io.caravel.workflows.OrchestrationSettings;
import io.caravel.workflows.model.JobResult;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.common.converter.RawValue;
import io.temporal.failure.ApplicationFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On the real dev server ({@link DevServerWorker#ADDRESS}), a JobWorkflow started with a raw
 * payload that is not a JSON object ends Failed with SPEC_UNREADABLE within seconds, instead of
 * staying Running with a failing workflow task. The workflow worker polls a task queue of this
 * test's own, so no other worker on the server (an older build) can take the workflow task.
 */
class BadInputOnDevServerTest {
    private final String queue = "caravel-bad-input-" + UUID.randomUUID();
    private WorkflowServiceStubs stubs;
    private WorkflowClient client;
    private WorkerFactory workers;

    @BeforeEach
    void startWorker() {
        stubs =
                WorkflowServiceStubs.newServiceStubs(
                        WorkflowServiceStubsOptions.newBuilder()
                                .setTarget(DevServerWorker.ADDRESS)
                                .build());
        client =
                WorkflowClient.newInstance(
                        stubs,
                        WorkflowClientOptions.newBuilder()
                                .setDataConverter(CaravelDataConverter.get())
                                .build());
        workers = WorkerFactory.newInstance(client);
        JobWorkflowImpl.register(workers.newWorker(queue), OrchestrationSettings.DEFAULTS);
        workers.start();
    }

    @AfterEach
    void stopWorker() {
        workers.shutdownNow();
        stubs.shutdownNow();
    }

    private static RawValue json(String text) {
        return new RawValue(
                Payload.newBuilder()
                        .putMetadata(
                                EncodingKeys.METADATA_ENCODING_KEY,
                                ByteString.copyFromUtf8("json/plain"))
                        .setData(ByteString.copyFromUtf8(text))
                        .build());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aStringOrAnArrayFailsTheWorkflowWithSpecUnreadableWithinSeconds() throws Exception {
        for (String input : new String[] {"\"garbage\"", "[1,2,3]"}) {
            WorkflowStub job =
                    client.newUntypedWorkflowStub(
                            JobWorkflow.TYPE,
                            WorkflowOptions.newBuilder()
                                    .setWorkflowId(JobSpecs.newJobId())
                                    .setTaskQueue(queue)
                                    .build());
            job.start(json(input));

            ApplicationFailure failure;
            try {
                job.getResult(20, TimeUnit.SECONDS, JobResult.class);
                throw new AssertionError("the workflow completed with input " + input);
            } catch (TimeoutException e) {
                throw new AssertionError(
                        "the workflow with input "
                                + input
                                + " was still "
                                + job.describe().getStatus()
                                + " after 20 s",
                        e);
            } catch (WorkflowFailedException e) {
                assertThat(e.getCause()).isInstanceOf(ApplicationFailure.class);
                failure = (ApplicationFailure) e.getCause();
            }
            assertThat(failure.getType()).isEqualTo("SPEC_UNREADABLE");
            assertThat(failure.getOriginalMessage())
                    .contains(
                            "the workflow input is a JSON",
                            input.replace("\"", ""),
                            "JobWorkflow accepts a Bacalhau job as a JSON object");
            assertThat(job.describe().getStatus())
                    .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED);
        }
    }
}
