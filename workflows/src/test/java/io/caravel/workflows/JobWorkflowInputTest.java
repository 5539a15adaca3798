package io.caravel.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.caravel.api.model.JobStateType;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobResult;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.common.converter.RawValue;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever arrives as JobWorkflow's input fails the workflow at once with SPEC_UNREADABLE or
 * SPEC_INVALID; none leaves it Running with a failing workflow task. Inputs are sent as an untyped
 * client or the Temporal CLI would send them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobWorkflowInputTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new TestCluster();
        cluster.node("n1");
        cluster.start();
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static WorkflowStub newStub() {
        return cluster.client.newUntypedWorkflowStub(
                JobWorkflow.TYPE,
                WorkflowOptions.newBuilder()
                        .setWorkflowId("j-" + UUID.randomUUID())
                        .setTaskQueue(TaskQueues.DEFAULT)
                        .build());
    }

    /** Starts the workflow with {@code args}, expects it Failed, and returns its failure. */
    private static ApplicationFailure failure(String type, Object... args) {
        WorkflowStub stub = newStub();
        stub.start(args);
        try {
            stub.getResult(JobResult.class);
        } catch (WorkflowFailedException e) {
            assertThat(e.getCause()).isInstanceOf(ApplicationFailure.class);
            ApplicationFailure f = (ApplicationFailure) e.getCause();
            assertThat(f.getType()).isEqualTo(type);
            assertThat(f.isNonRetryable()).isTrue();
            String id = stub.getExecution().getWorkflowId();
            assertThat(cluster.client.fetchHistory(id).getEvents())
                    .extracting(e2 -> e2.getEventType())
                    .doesNotContain(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
            JobDescription described = stub.query("describe", JobDescription.class);
            assertThat(described.state()).isEqualTo(JobStateType.FAILED);
            assertThat(described.message()).isEqualTo(f.getOriginalMessage());
            return f;
        }
        throw new AssertionError("the workflow did not fail");
    }

    private static RawValue raw(String encoding, String data) {
        return new RawValue(
                Payload.newBuilder()
                        .putMetadata(
                                EncodingKeys.METADATA_ENCODING_KEY,
                                ByteString.copyFromUtf8(encoding))
                        .setData(ByteString.copyFromUtf8(data))
                        .build());
    }

    @Test
    void aStringFailsWithWhatWasReceivedAndWhatIsAccepted() {
        assertThat(failure("SPEC_UNREADABLE", "garbage").getOriginalMessage())
                .isEqualTo(
                        "the job spec could not be read: the workflow input is a JSON string: \"garbage\"; JobWorkflow "
                                + "accepts a Bacalhau job as a JSON object, such as {\"Type\": \"batch\", \"Tasks\": "
                                + "[{\"Name\": \"main\", \"Engine\": {...}}]}, or the Bacalhau API's {\"Job\": {...}} wrapper");
    }

    @Test
    void anArrayANumberABooleanOrNullFails() {
        assertThat(failure("SPEC_UNREADABLE", List.of(1, 2, 3)).getOriginalMessage())
                .contains("a JSON array: [1,2,3]");
        assertThat(failure("SPEC_UNREADABLE", 42).getOriginalMessage())
                .contains("a JSON number: 42");
        assertThat(failure("SPEC_UNREADABLE", true).getOriginalMessage())
                .contains("a JSON boolean: true");
        assertThat(failure("SPEC_UNREADABLE", (Object) null).getOriginalMessage())
                .contains("the workflow input is null");
        assertThat(failure("SPEC_UNREADABLE", raw("json/plain", "null")).getOriginalMessage())
                .contains("the workflow input is JSON null");
    }

    @Test
    void noInputBytesOrInvalidJsonFail() {
        assertThat(failure("SPEC_UNREADABLE").getOriginalMessage())
                .contains("started without an input");
        assertThat(failure("SPEC_UNREADABLE", (Object) new byte[] {1, 2, 3}).getOriginalMessage())
                .contains("encoding binary/plain, not json/plain");
        assertThat(
                        failure("SPEC_UNREADABLE", raw("json/plain", "{\"Type\": batch"))
                                .getOriginalMessage())
                .contains("not valid JSON");
    }

    @Test
    void aDeeplyNestedOrHugeDocumentFailsOnItsLimit() {
        String deep = "{\"Tasks\":".repeat(100_000) + "1" + "}".repeat(100_000);
        assertThat(failure("SPEC_UNREADABLE", raw("json/plain", deep)).getOriginalMessage())
                .contains("deeper than the limit of 64 levels");
        String huge = "{\"Name\": \"" + "x".repeat(1_200_000) + "\"}";
        assertThat(failure("SPEC_UNREADABLE", raw("json/plain", huge)).getOriginalMessage())
                .contains("above the limit of 1048576 bytes (1 MiB)");
    }

    @Test
    void anObjectOfTheWrongShapeFailsAsInvalidNamingEachField() {
        String message =
                failure(
                                "SPEC_INVALID",
                                Map.of(
                                        "Type",
                                        "batch",
                                        "Count",
                                        "many",
                                        "Tasks",
                                        List.of(Map.of("Name", "main", "Engine", "docker"))))
                        .getOriginalMessage();
        assertThat(message)
                .startsWith("the job spec is invalid:")
                .contains("Count: invalid type", "Tasks[0].Engine: invalid type");
    }

    @Test
    void aGoodJobStillRuns() {
        WorkflowStub stub = newStub();
        stub.start(Jobs.batch(1));
        assertThat(stub.getResult(JobResult.class).state()).isEqualTo(JobStateType.COMPLETED);
    }
}
