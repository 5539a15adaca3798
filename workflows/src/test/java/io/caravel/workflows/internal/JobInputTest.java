package io.caravel.workflows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.caravel.api.model.Job;
import io.caravel.workflows.CaravelDataConverter;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobInputTest {
    private static Map<String, Object> json(String text) throws Exception {
        return CaravelDataConverter.mapper()
                .readValue(text, new TypeReference<Map<String, Object>>() {});
    }

    private static final String JOB =
            """
            {"Type": "batch", "Count": 2, "Tasks": [{"Name": "main",
              "Engine": {"Type": "docker", "Params": {"Image": "busybox"}}}]}""";

    @Test
    void preparesTheJobAndGivesItTheWorkflowId() throws Exception {
        Job job = JobInput.decode(json(JOB), "j-42").job();
        assertThat(job.id()).isEqualTo("j-42");
        assertThat(job.name()).isEqualTo("j-42");
        assertThat(job.namespace()).isEqualTo("default");
        assertThat(job.count()).isEqualTo(2);
        assertThat(job.task().orElseThrow().resources().cpu()).isEqualTo("500m");
    }

    @Test
    void theDefaultPublisherFillsOnlyTasksWithoutOne() throws Exception {
        assertThat(
                        JobInput.decode(json(JOB), "j-1", "local")
                                .job()
                                .task()
                                .orElseThrow()
                                .publisher()
                                .type())
                .isEqualTo("local");
        String withIpfs =
                JOB.replace(
                        "\"Name\": \"main\",",
                        "\"Name\": \"main\", \"Publisher\": {\"Type\": \"ipfs\"},");
        assertThat(
                        JobInput.decode(json(withIpfs), "j-1", "local")
                                .job()
                                .task()
                                .orElseThrow()
                                .publisher()
                                .type())
                .isEqualTo("ipfs");
        assertThat(
                        JobInput.decode(json(JOB), "j-1", "")
                                .job()
                                .task()
                                .orElseThrow()
                                .publisher()
                                .isEmpty())
                .isTrue();
    }

    @Test
    void unwrapsTheApiWrapperWhateverTheCaseOfItsKey() throws Exception {
        assertThat(
                        JobInput.decode(json("{\"Job\": " + JOB + ", \"Force\": true}"), "j-1")
                                .job()
                                .count())
                .isEqualTo(2);
        assertThat(JobInput.decode(json("{\"job\": " + JOB + "}"), "j-1").job().count())
                .isEqualTo(2);
        assertThat(JobInput.unwrap(Map.of("Type", "batch"))).isEqualTo(Map.of("Type", "batch"));
    }

    @Test
    void reportsWarningsForWhatWasIgnored() throws Exception {
        var decoded =
                JobInput.decode(
                        json(
                                """
                {"Type": "batch", "State": {"StateType": "Running"}, "Tasks": [{"Name": "main",
                  "Engine": {"Type": "docker", "Params": {"Image": "busybox"}}}]}"""),
                        "j-1");
        assertThat(decoded.warnings()).contains("job state is ignored when submitting a job");
    }

    @Test
    void aBadSpecIsANonRetryableFailureListingEveryProblem() {
        assertThatThrownBy(
                        () ->
                                JobInput.decode(
                                        json(
                                                """
                {"Type": "batch", "Count": -1, "Tasks": [{"Name": "main", "Engine": {"Type": ""}}]}"""),
                                        "j-1"))
                .isInstanceOfSatisfying(
                        ApplicationFailure.class,
                        f -> {
                            assertThat(f.getType()).isEqualTo("SPEC_INVALID");
                            assertThat(f.isNonRetryable()).isTrue();
                            assertThat(f.getOriginalMessage())
                                    .contains(
                                            "job count must be >= 0",
                                            "missing spec type",
                                            "hint: ");
                        });
    }

    @Test
    void anUnreadableOrMissingInputIsRefused() {
        assertThatThrownBy(() -> JobInput.decode(null, "j-1"))
                .isInstanceOfSatisfying(
                        ApplicationFailure.class,
                        f -> assertThat(f.getType()).isEqualTo("SPEC_UNREADABLE"));
        assertThatThrownBy(() -> JobInput.decode(json("{\"Tasks\": \"not a list\"}"), "j-1"))
                .isInstanceOfSatisfying(
                        ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isTrue());
    }

    @Test
    void serviceAndDaemonJobsAreAcceptedAndADaemonRunsOnEveryNode() throws Exception {
        assertThat(JobInput.decode(json(JOB.replace("batch", "service")), "j-1").job().count())
                .isEqualTo(2);
        assertThat(
                        JobInput.decode(
                                        json(JOB.replace("batch", "daemon").replace("2", "1")),
                                        "j-1")
                                .job()
                                .count())
                .isZero();
    }
}
