package io.caravel.cli.faults;

import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.JobStateType;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code daemon} job on one worker; a second worker joins and gets an execution; the first stops
 * and its execution ends; it comes back, fences its old container and gets a new execution; {@code
 * job stop} ends the rest and leaves nothing.
 */
@Tag(FaultCases.TAG)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class DaemonJobTest {
    private static final Duration START = Duration.ofSeconds(120);

    @Test
    void aJoiningNodeGetsAnExecutionAndALeavingNodesExecutionEnds() {
        try (FaultScene scene = FaultScene.open("daemon")) {
            ContainerLedger ledger = scene.watch();
            WorkerProc a = scene.worker("a", FaultCases.NODE_GRACE_PERIOD);
            String job = scene.submit(LongRunningJob.daemon("daemon-fault"));
            Await.until(
                    "the daemon running on " + a.nodeId(),
                    START,
                    () -> onNodes(scene, job).equals(List.of(a.nodeId())),
                    () -> ledger.account(job));

            WorkerProc b = scene.worker("b", FaultCases.NODE_GRACE_PERIOD);
            Await.until(
                    "the daemon running on " + b.nodeId() + " too",
                    START,
                    () ->
                            onNodes(scene, job).size() == 2
                                    && ledger.firstStart(job, b.nodeId()).isPresent(),
                    () -> ledger.account(job));

            a.sigterm();
            if (!a.awaitExit(Duration.ofSeconds(40))) {
                a.kill9();
            }
            Await.until(
                    "the execution of the stopped node ended",
                    START,
                    () -> onNodes(scene, job).equals(List.of(b.nodeId())),
                    () -> ledger.account(job));

            SoftAssertions soft = new SoftAssertions();
            a.restart();
            a.awaitRegistered(scene.jobs());
            Await.until(
                    "a new execution on the returning node",
                    START,
                    () -> onNodes(scene, job).size() == 2 && ledger.starts(job).size() == 3,
                    () -> ledger.account(job));
            soft.assertThat(ledger.running(job))
                    .as("containers running (%s)", ledger.account(job))
                    .hasSize(2);

            soft.assertThat(scene.jobs().stop(job).stopped()).isTrue();
            JobResult result = scene.jobs().awaitEnd(job, Duration.ofSeconds(60));
            soft.assertThat(result.state()).isEqualTo(JobStateType.STOPPED);
            soft.assertThat(result.executions())
                    .extracting(ExecutionRecord::state)
                    .doesNotContain(ExecutionStateType.RUNNING, ExecutionStateType.BID_ACCEPTED);
            JobChecks.noLeftovers(soft, scene, Duration.ofSeconds(30));
            FaultCases.assertAll(soft, scene);
        }
    }

    /** The nodes the daemon's running executions are on, sorted. */
    private static List<String> onNodes(FaultScene scene, String job) {
        return ServiceJobTest.running(scene, job).stream()
                .map(ExecutionRecord::nodeId)
                .sorted()
                .toList();
    }
}
