package io.caravel.cli.faults;

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
 * The node's Docker daemon (a private one) is down when the job is submitted and comes back 15 s
 * later: the node's retries back off over the outage instead of failing the job within a second,
 * and the job completes from one container start.
 */
@Tag(FaultCases.TAG)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DockerdDownAtSubmissionTest {
    private static final TickJob JOB = new TickJob(5);
    private static final String CASE = "dockerd down at submission, 15 s";

    @Test
    void theJobWaitsOutTheDaemonsOutageAndCompletes() {
        try (FaultScene scene = FaultScene.open("dockerd-down")) {
            PrivateDockerd dockerd = scene.dockerd();
            ContainerLedger ledger = scene.watch();
            WorkerProc worker = scene.worker("a", FaultCases.NODE_GRACE_PERIOD);
            dockerd.stop();

            String job = scene.submit(JOB, "dockerd-down");
            Await.sleep(Duration.ofSeconds(15));
            dockerd.start();
            Instant back = Instant.now();
            JobResult result = scene.jobs().awaitEnd(job, Duration.ofSeconds(180));

            SoftAssertions soft = new SoftAssertions();
            JobChecks.completedOnceWithProgramOutput(soft, result, JOB);
            JobChecks.starts(soft, ledger, job, 1);
            JobChecks.noLeftovers(soft, scene, Duration.ofSeconds(30));
            JobChecks.reservationsFreed(
                    soft, scene.jobs(), List.of(worker), Duration.ofSeconds(20));

            Optional<ContainerLedger.Start> start = ledger.starts(job).stream().findFirst();
            RecoveryTimes.record(
                    CASE,
                    "daemon back → the job's container running",
                    start.map(s -> RecoveryTimes.seconds(Duration.between(back, s.at())))
                            .orElse("none"),
                    start.isPresent()
                            ? "bounded by the retry back-off"
                            : "no container started: the job " + result.state());
            FaultCases.assertAll(soft, scene);
        }
    }
}
