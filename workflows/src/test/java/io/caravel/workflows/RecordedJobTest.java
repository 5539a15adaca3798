package io.caravel.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.workflows.internal.JobAdmission;
import io.caravel.workflows.internal.JobInput;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.worker.NonDeterministicException;
import java.nio.file.Path;
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
}
