package io.caravel.cli.faults;

import io.caravel.workflows.model.JobResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code kill -9} of the worker running a job, restarted with the same node id 2 s later: the
 * restarted worker re-attaches to the running container, so the job completes from one container
 * start with its whole output once, and nothing is left. The program runs longer than the heartbeat
 * timeout, so a second execution started on the node would overlap the first.
 */
@Tag(FaultCases.TAG)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class WorkerKilledAndRestartedTest {
    private static final TickJob JOB = new TickJob(45);
    private static final String CASE = "kill -9 worker, restart after 2 s";

    @Test
    void theRestartedWorkerReattachesToTheRunningContainer() {
        try (FaultScene scene = FaultScene.open("kill9")) {
            ContainerLedger ledger = scene.watch();
            WorkerProc worker = scene.worker("a", FaultCases.NODE_GRACE_PERIOD);
            String job = scene.submit(JOB, "kill9-restart");
            ledger.awaitStart(job, Duration.ofSeconds(90));
            Await.sleep(Duration.ofSeconds(5));

            Instant killed = Instant.now();
            worker.kill9();
            Await.sleep(Duration.ofSeconds(2));
            worker.restart();
            worker.awaitRegistered(scene.jobs());
            Instant back = Instant.now();
            JobResult result = scene.jobs().awaitEnd(job, Duration.ofSeconds(180));
            Instant ended = Instant.now();

            SoftAssertions soft = new SoftAssertions();
            JobChecks.ranOnceAndLeftNothing(soft, scene, ledger, result, job, JOB, List.of(worker));
            RecoveryTimes.record(
                    CASE,
                    "kill → restarted worker registered",
                    Duration.between(killed, back),
                    "2 s wait + JVM start; must stay below the node grace period");
            RecoveryTimes.record(
                    CASE,
                    "container starts of the job",
                    Integer.toString(ledger.starts(job).size()),
                    "goal: 1 (the container is never restarted)");
            FaultCases.recordContainerToJobEnd(CASE, ledger, job, ended);
            FaultCases.assertAll(soft, scene);
        }
    }
}
