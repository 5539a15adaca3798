package io.caravel.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.model.Job;
import io.caravel.api.model.Task;
import io.caravel.workflows.internal.JobAdmission;
import io.caravel.workflows.internal.JobInput;
import io.caravel.workflows.internal.RecordedJob;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.worker.NonDeterministicException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replay acts on the job the first run recorded, whatever today's code makes of the input; only
 * histories from before the job was recorded decode their input again. Changing a history's input
 * stands for a change of the api rules: both make today's pipeline produce another job.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecordedJobTest {
    private static WorkflowExecutionHistory committed(String name) throws Exception {
        return Histories.read(
                Path.of(RecordedJobTest.class.getResource("/histories/" + name + ".json").toURI()));
    }

    @Test
    void replayReadsTheRecordedJobNotTheInput() throws Exception {
        WorkflowExecutionHistory twoPartitions = committed("batch-docker-local-count-2");
        assertThatCode(() -> Scenarios.replay(Histories.withInput(twoPartitions, Jobs.batch(1))))
                .doesNotThrowAnyException();
        assertThatCode(() -> Scenarios.replay(Histories.withInput(twoPartitions, "garbage")))
                .doesNotThrowAnyException();
    }

    @Test
    void aRecordedRefusalStaysARefusalWhenTheInputWouldNowBeAccepted() throws Exception {
        WorkflowExecutionHistory unreadable = committed("spec-unreadable");
        assertThat(Histories.admissions(unreadable))
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.job()).isNull();
                            assertThat(a.refusalType()).isEqualTo("SPEC_UNREADABLE");
                        });
        assertThatCode(() -> Scenarios.replay(Histories.withInput(unreadable, Jobs.batch(1))))
                .doesNotThrowAnyException();
    }

    @Test
    void aHistoryFromBeforeTheJobWasRecordedDecodesItsInputOnReplay() throws Exception {
        WorkflowExecutionHistory earlier = committed("batch-count-2");
        Scenarios.replay(earlier);
        assertThatThrownBy(() -> Scenarios.replay(Histories.withInput(earlier, Jobs.batch(1))))
                .hasMessageContaining(NonDeterministicException.class.getName());
    }

    @Test
    void theRecordedJobIsTheInputMadeCanonical() throws Exception {
        WorkflowExecutionHistory history = Scenarios.CORPUS.get("api-wrapper-lower-case").record();
        String id = history.getWorkflowExecution().getWorkflowId();
        JobAdmission recorded = Histories.admissions(history).get(0);

        assertThat(recorded.job())
                .isEqualTo(JobInput.decode(Jobs.lowerCaseInTheApiWrapper(), id, "").job());
        assertThat(recorded.job().id()).isEqualTo(id);
        assertThat(recorded.job().name()).isEqualTo("lower");
        assertThat(recorded.job().task().orElseThrow().resources().cpu()).isEqualTo("500m");
        assertThat(recorded.refusalType()).isEmpty();
    }

    @Test
    void theRecordLeavesOutInlineDataTheInputHoldsAndReadsItBackFromThere() throws Exception {
        WorkflowExecutionHistory history =
                Scenarios.CORPUS.get("batch-wasm-inline-module").record();
        String id = history.getWorkflowExecution().getWorkflowId();
        Job whole = JobInput.decode(Jobs.wasmWithInlineModule(), id, "").job();
        Map<String, Object> wholeParams =
                whole.task().orElseThrow().inputSources().get(0).source().params();
        JobAdmission recorded = Histories.admissions(history).get(0);

        assertThat(recorded.job().task().orElseThrow().inputSources().get(0).source().params())
                .containsOnlyKeys("InlineDataSHA256");
        Task wholeTask = whole.task().orElseThrow();
        assertThat(
                        recorded.job().toBuilder()
                                .tasks(
                                        List.of(
                                                recorded.job().task().orElseThrow().toBuilder()
                                                        .inputSources(wholeTask.inputSources())
                                                        .build()))
                                .build())
                .as("all but the inline data")
                .isEqualTo(whole);
        assertThat(Histories.versionMarkers(history))
                .contains(RecordedJob.CHANGE, "claim-without-inline-data");
        Scenarios.replay(history);
        // The data comes from the input: an input without it cannot be replayed.
        assertThatThrownBy(() -> Scenarios.replay(Histories.withInput(history, Jobs.batch(1))))
                .hasStackTraceContaining("is not in the workflow's input");
        assertThat(wholeParams.get("URL").toString()).startsWith("data:application/wasm;base64,");
    }
}
