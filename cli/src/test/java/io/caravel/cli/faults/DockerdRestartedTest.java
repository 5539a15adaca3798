package io.caravel.cli.faults;

import io.caravel.api.model.ExecutionStateType;
import io.caravel.workflows.model.JobResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The node's Docker daemon (a private one) restarted while the job's container runs, down about 10
 * s: the daemon's stop kills the container, which is a node failure, not the program's result. The
 * job is never reported Completed with the killed container's exit code; it completes from a fresh
 * run, with the program's whole output.
 */
@Tag(FaultCases.TAG)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DockerdRestartedTest {
    private static final TickJob JOB = new TickJob(30);
    private static final String CASE = "dockerd restarted mid-execution, 10 s down";

    @Test
    void aContainerKilledByTheDaemonsRestartIsRunAgainNotReportedAsTheResult() {
        try (FaultScene scene = FaultScene.open("dockerd-restart")) {
            PrivateDockerd dockerd = scene.dockerd();
            ContainerLedger ledger = scene.watch();
            WorkerProc worker = scene.worker("a", FaultCases.NODE_GRACE_PERIOD);
            String job = scene.submit(JOB, "dockerd-restart");
            ledger.awaitStart(job, Duration.ofSeconds(90));
            Await.sleep(Duration.ofSeconds(5));

            dockerd.stop();
            Await.sleep(Duration.ofSeconds(10));
            dockerd.start();
            Instant back = Instant.now();
            JobResult result = scene.jobs().awaitEnd(job, Duration.ofSeconds(240));

            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(
                            JobChecks.summary(
                                    result.executions().stream()
                                            .filter(
                                                    e ->
                                                            e.state()
                                                                            == ExecutionStateType
                                                                                    .COMPLETED
                                                                    && e.runOutput().exitCode()
                                                                            != 0)
                                            .toList()))
                    .as(
                            "executions of job %s reported Completed with an exit code other than the program's 0 (the"
                                    + " killed container's)",
                            job)
                    .isEmpty();
            JobChecks.completedOnceWithProgramOutput(soft, result, JOB);
            JobChecks.neverTwoAtOnce(soft, ledger, job);
            JobChecks.noLeftovers(soft, scene, Duration.ofSeconds(30));
            JobChecks.reservationsFreed(
                    soft, scene.jobs(), List.of(worker), Duration.ofSeconds(20));

            Optional<ContainerLedger.Start> rerun =
                    ledger.starts(job).stream().filter(s -> s.at().isAfter(back)).findFirst();
            RecoveryTimes.record(
                    CASE,
                    "daemon back → the job's container running again",
                    rerun.map(s -> RecoveryTimes.seconds(Duration.between(back, s.at())))
                            .orElse("none"),
                    rerun.isPresent() ? "a fresh run" : "no container started after the restart");
            FaultCases.assertAll(soft, scene);
        }
    }
}
