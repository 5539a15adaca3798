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
 * A {@code service} job with {@code Count: 2} on two workers: a replica whose container is killed
 * is replaced; the replicas of a worker killed with {@code kill -9} come back on the other worker
 * after the node grace period; the dead worker fences its old container when it returns; {@code job
 * stop} ends every replica and leaves nothing.
 */
@Tag(FaultCases.TAG)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ServiceJobTest {
    private static final Duration START = Duration.ofSeconds(120);

    @Test
    void replicasAreReplacedAfterAKilledContainerAndAKilledWorkerAndTheStopLeavesNothing() {
        try (FaultScene scene = FaultScene.open("service")) {
            ContainerLedger ledger = scene.watch();
            WorkerProc a = scene.worker("a", FaultCases.NODE_GRACE_PERIOD);
            WorkerProc b = scene.worker("b", FaultCases.NODE_GRACE_PERIOD);
            String job = scene.submit(LongRunningJob.service("service-fault", 2));
            Await.until(
                    "two replicas running",
                    START,
                    () -> running(scene, job).size() == 2,
                    () -> ledger.account(job));

            SoftAssertions soft = new SoftAssertions();
            ContainerLedger.Start first = ledger.awaitStart(job, START);
            scene.dockerd().cli().run("kill", first.containerId());
            Await.until(
                    "the killed replica replaced",
                    START,
                    () ->
                            ledger.starts(job).size() == 3
                                    && running(scene, job).size() == 2
                                    && ledger.running(job).size() == 2,
                    () -> ledger.account(job));
            soft.assertThat(scene.jobs().describe(job).orElseThrow().state())
                    .isEqualTo(JobStateType.RUNNING);

            WorkerProc lost = running(scene, job).get(0).nodeId().equals(a.nodeId()) ? a : b;
            WorkerProc survivor = lost == a ? b : a;
            lost.kill9();
            Duration goal =
                    FaultCases.NODE_GRACE_PERIOD.plus(FaultCases.REPLACEMENT_SLACK).plusSeconds(60);
            Await.until(
                    "both replicas running on " + survivor.nodeId(),
                    goal,
                    () -> {
                        List<ExecutionRecord> r = running(scene, job);
                        return r.size() == 2
                                && r.stream().allMatch(e -> e.nodeId().equals(survivor.nodeId()));
                    },
                    () -> ledger.account(job));
            lost.restart();
            lost.awaitRegistered(scene.jobs());
            Await.tryUntil(
                    Duration.ofSeconds(30),
                    () ->
                            Leftovers.containersOfNode(scene.dockerd().cli(), lost.nodeId())
                                    .isEmpty());
            soft.assertThat(Leftovers.containersOfNode(scene.dockerd().cli(), lost.nodeId()))
                    .as("containers of the killed worker after it came back (fenced)")
                    .isEmpty();

            soft.assertThat(scene.jobs().stop(job).stopped()).isTrue();
            JobResult result = scene.jobs().awaitEnd(job, Duration.ofSeconds(60));
            soft.assertThat(result.state()).isEqualTo(JobStateType.STOPPED);
            soft.assertThat(result.executions())
                    .extracting(ExecutionRecord::state)
                    .doesNotContain(ExecutionStateType.RUNNING, ExecutionStateType.BID_ACCEPTED);
            JobChecks.noLeftovers(soft, scene, Duration.ofSeconds(30));
            JobChecks.reservationsFreed(soft, scene.jobs(), List.of(a, b), Duration.ofSeconds(20));
            FaultCases.assertAll(soft, scene);
        }
    }

    static List<ExecutionRecord> running(FaultScene scene, String job) {
        return scene.jobs()
                .describe(job)
                .map(
                        d ->
                                d.executions().stream()
                                        .filter(e -> e.state() == ExecutionStateType.RUNNING)
                                        .toList())
                .orElse(List.of());
    }
}
