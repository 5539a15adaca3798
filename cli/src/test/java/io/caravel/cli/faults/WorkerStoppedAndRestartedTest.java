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
 * SIGTERM to the worker running a job (a service stop), started again 8 s after the signal: the
 * worker leaves the container running (never kills it), the restarted worker re-attaches, and the
 * job completes from one container start with its whole output once.
 */
@Tag(FaultCases.TAG)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class WorkerStoppedAndRestartedTest {
    private static final TickJob JOB = new TickJob(45);
    private static final String CASE = "SIGTERM worker, restart after 8 s";

    @Test
    void theContainerOutlivesTheStoppedWorkerAndIsReattached() {
        try (FaultScene scene = FaultScene.open("sigterm")) {
            ContainerLedger ledger = scene.watch();
            WorkerProc worker = scene.worker("a", FaultCases.NODE_GRACE_PERIOD);
            String job = scene.submit(JOB, "sigterm-restart");
            ledger.awaitStart(job, Duration.ofSeconds(90));
            Await.sleep(Duration.ofSeconds(5));

            Instant signalled = Instant.now();
            worker.sigterm();
            boolean exited = worker.awaitExit(Duration.ofSeconds(40));
            Instant stopped = Instant.now();
            Duration left = Duration.ofSeconds(8).minus(Duration.between(signalled, stopped));
            if (!left.isNegative()) {
                Await.sleep(left);
            }
            if (!exited) {
                worker.kill9();
            }
            worker.restart();
            worker.awaitRegistered(scene.jobs());
            JobResult result = scene.jobs().awaitEnd(job, Duration.ofSeconds(180));
            Instant ended = Instant.now();

            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(exited).as("the worker ended within 40 s of SIGTERM").isTrue();
            JobChecks.ranOnceAndLeftNothing(soft, scene, ledger, result, job, JOB, List.of(worker));
            RecoveryTimes.record(
                    CASE,
                    "SIGTERM → worker process ended",
                    Duration.between(signalled, stopped),
                    "shutdownGracePeriod 5 s");
            RecoveryTimes.record(
                    CASE,
                    "container starts of the job",
                    Integer.toString(ledger.starts(job).size()),
                    "goal: 1 (the container is never killed or restarted)");
            FaultCases.recordContainerToJobEnd(CASE, ledger, job, ended);
            FaultCases.assertAll(soft, scene);
        }
    }
}
