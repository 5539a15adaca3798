package io.caravel.workflows.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.ExecutionDesiredStateType;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.Job;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.NodeRefusal;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JobProgressTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final List<JobStateType> changes = new ArrayList<>();
    private final JobProgress progress = new JobProgress(clock::get, p -> changes.add(p.state()));
    private final Job job =
            Job.builder()
                    .id("j-1")
                    .name("hello")
                    .namespace("default")
                    .type("batch")
                    .count(1)
                    .build();

    @Test
    void followsAnExecutionFromNewToCompletedAndTheJobFromPendingToRunning() {
        progress.submitted(job, List.of("job state is ignored when submitting a job"));
        progress.transition(JobStateType.QUEUED, "");
        progress.newExecution("e-1", 0, 1, ExecutionDesiredStateType.PENDING);
        clock.set(2_000);
        progress.placed("e-1", new NodeClaim("n1", "caravel-node-n1", "e-1", List.of()));
        progress.executionState("e-1", ExecutionStateType.RUNNING);
        progress.output("e-1", new RunOutput("hi", false, "", false, 7, ""));
        progress.completed("e-1", SpecConfig.of("local"));

        ExecutionRecord e = progress.executions().get(0);
        assertThat(e.state()).isEqualTo(ExecutionStateType.COMPLETED);
        assertThat(e.desiredState()).isEqualTo(ExecutionDesiredStateType.STOPPED);
        assertThat(e.nodeId()).isEqualTo("n1");
        assertThat(e.runOutput().exitCode()).isEqualTo(7);
        assertThat(e.createTime()).isEqualTo(1_000_000_000L);
        assertThat(e.modifyTime()).isEqualTo(2_000_000_000L);
        assertThat(progress.state()).isEqualTo(JobStateType.RUNNING);
        assertThat(changes)
                .containsExactly(JobStateType.PENDING, JobStateType.QUEUED, JobStateType.RUNNING);
        assertThat(progress.history())
                .extracting(JobEvent::message)
                .contains(
                        "Job submitted", "warning: job state is ignored when submitting a job",
                        "Execution e-1 placed on node n1",
                                "Execution e-1 completed with exit code 7");
    }

    @Test
    void aRefusalSaysWhyAQueuedJobWaitsWithoutChangingItsState() {
        progress.submitted(job, List.of());
        progress.newExecution("e-1", 0, 1, ExecutionDesiredStateType.PENDING);
        progress.refused(
                "e-1",
                new NodeRefusal("n1", true, "no docker"),
                "waiting for a node: n1: no docker");
        assertThat(progress.message())
                .as("only a Queued job's message says why it waits")
                .isEmpty();

        progress.transition(JobStateType.QUEUED, "");
        changes.clear();
        clock.set(3_000);
        progress.refused(
                "e-1",
                new NodeRefusal("n2", false, "busy: needs 1 CPU (0 free)"),
                "waiting for a node: n1: no docker; n2: busy: needs 1 CPU (0 free)");

        assertThat(progress.state()).isEqualTo(JobStateType.QUEUED);
        assertThat(progress.message())
                .isEqualTo("waiting for a node: n1: no docker; n2: busy: needs 1 CPU (0 free)");
        assertThat(progress.describe().job().state().message()).isEqualTo(progress.message());
        assertThat(progress.describe().job().modifyTime()).isEqualTo(3_000_000_000L);
        assertThat(changes).isEmpty();
        assertThat(progress.history())
                .extracting(JobEvent::message)
                .contains(
                        "Node n1 refused execution e-1: no docker",
                        "Node n2 refused execution e-1 for now: busy: needs 1 CPU (0 free)");

        progress.placed("e-1", new NodeClaim("n2", "caravel-node-n2", "e-1", List.of()));
        assertThat(progress.message()).isEmpty();
    }

    @Test
    void aTerminalStateIsNeverLeft() {
        progress.submitted(job, List.of());
        progress.transition(JobStateType.STOPPED, "enough");
        progress.transition(JobStateType.FAILED, "late failure");
        assertThat(progress.state()).isEqualTo(JobStateType.STOPPED);
        assertThat(progress.message()).isEqualTo("enough");
    }

    @Test
    void keepsOnlyTheNewestEvents() {
        progress.submitted(job, List.of());
        for (int i = 0; i < JobProgress.HISTORY_LIMIT + 50; i++) {
            progress.event(JobProgress.TOPIC_EXECUTION, "event " + i, "");
        }
        List<JobEvent> history = progress.history();
        assertThat(history).hasSize(JobProgress.HISTORY_LIMIT);
        assertThat(history.get(history.size() - 1).message())
                .isEqualTo("event " + (JobProgress.HISTORY_LIMIT + 49));
        assertThat(history.get(0).message()).isEqualTo("event 50");
    }

    @Test
    void describeShowsTheJobWithItsStateAndTimes() {
        progress.submitted(job, List.of());
        clock.set(5_000);
        progress.transition(JobStateType.FAILED, "no node");
        JobDescription d = progress.describe();
        assertThat(d.job().state().stateType()).isEqualTo(JobStateType.FAILED);
        assertThat(d.job().state().message()).isEqualTo("no node");
        assertThat(d.job().createTime()).isEqualTo(1_000_000_000L);
        assertThat(d.job().modifyTime()).isEqualTo(5_000_000_000L);
        assertThat(d.job().version()).isEqualTo(1);
        assertThat(progress.result().jobId()).isEqualTo("j-1");
    }

    @Test
    void aRejectedJobHasNoJobButAFailedState() {
        progress.rejected("the job spec is invalid");
        assertThat(progress.describe().job()).isNull();
        assertThat(progress.describe().state()).isEqualTo(JobStateType.FAILED);
        assertThat(progress.result().jobId()).isEmpty();
    }

    @Test
    void onlyACompletedJobRefusesAStop() {
        assertThat(JobProgress.stopRefusal(JobStateType.COMPLETED))
                .contains("cannot stop job in state Completed");
        for (JobStateType s :
                List.of(
                        JobStateType.PENDING,
                        JobStateType.QUEUED,
                        JobStateType.RUNNING,
                        JobStateType.STOPPED,
                        JobStateType.FAILED)) {
            assertThat(JobProgress.stopRefusal(s)).as(s.text()).isEmpty();
        }
    }

    @Test
    void aBigJobsResultCarriesItsOutputWithinTheBudgetAndSaysWhatWasCut() throws Exception {
        progress.submitted(job, List.of());
        String printed = "x".repeat(RunOutput.SUMMARY_LIMIT);
        for (int i = 0; i < 2000; i++) {
            String id = "e-" + i;
            progress.newExecution(id, i, 1, ExecutionDesiredStateType.PENDING);
            progress.output(id, new RunOutput(printed, true, printed, false, 0, ""));
            progress.completed(id, SpecConfig.EMPTY);
        }

        String json =
                io.caravel.workflows.CaravelDataConverter.mapper()
                        .writeValueAsString(progress.result());
        assertThat(json.length()).as("under Temporal's 2 MB payload limit").isLessThan(2_000_000);
        RunOutput kept = progress.result().executions().get(1999).runOutput();
        assertThat(kept.stdout()).hasSize(OutputBudget.CHARS / 4000);
        assertThat(kept.stdoutTruncated()).isTrue();
        assertThat(kept.stderrTruncated()).as("cut now").isTrue();
        assertThat(progress.executions().get(0).runOutput().stdout())
                .as("the records keep theirs")
                .hasSize(2048);
    }

    @Test
    void aSmallJobsOutputIsNotTouched() {
        progress.submitted(job, List.of());
        progress.newExecution("e-1", 0, 1, ExecutionDesiredStateType.PENDING);
        progress.output("e-1", new RunOutput("hi", false, "oops", false, 0, ""));

        assertThat(progress.result().executions().get(0).runOutput())
                .isEqualTo(new RunOutput("hi", false, "oops", false, 0, ""));
    }
}
