package io.caravel.cli.faults;

import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.JobStateType;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code service} job whose second replica crash-loops, on a worker that continues long-running
 * jobs as new after 100 history events: the job lives through at least two continue-as-new, the
 * first replica's container runs all along (re-attached by each run, never started again), and no
 * execution ever has two containers.
 */
@Tag(FaultCases.TAG)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ServiceContinuesAsNewTest {
    private static final Map<String, String> SHORT_HISTORY =
            Map.of(
                    "CARAVEL_LONG_RUNNING_HISTORY",
                    "100",
                    "CARAVEL_RESTART_BACKOFF",
                    "1s",
                    "CARAVEL_RESTART_BACKOFF_MAX",
                    "2s");

    @Test
    void theRunningReplicaIsCarriedOverEveryContinueAsNewAndNoExecutionStartsTwice() {
        try (FaultScene scene = FaultScene.open("service-can")) {
            ContainerLedger ledger = scene.watch();
            WorkerProc a = scene.worker("a", FaultCases.NODE_GRACE_PERIOD, SHORT_HISTORY);
            String job = scene.submit(LongRunningJob.serviceWithACrashingReplica("service-can"));
            Await.until(
                    "three runs of the job's workflow",
                    Duration.ofMinutes(4),
                    () -> scene.jobs().runs(job).size() >= 3,
                    () -> ledger.account(job));

            SoftAssertions soft = new SoftAssertions();
            List<ExecutionRecord> replica0 =
                    scene.jobs().describe(job).orElseThrow().executions().stream()
                            .filter(e -> e.partitionIndex() == 0)
                            .toList();
            soft.assertThat(replica0)
                    .as("replica 0's executions")
                    .singleElement()
                    .extracting(ExecutionRecord::state)
                    .isEqualTo(ExecutionStateType.RUNNING);
            Map<String, Long> startsPerExecution =
                    ledger.starts(job).stream()
                            .collect(
                                    Collectors.groupingBy(
                                            ContainerLedger.Start::executionId,
                                            Collectors.counting()));
            soft.assertThat(startsPerExecution.values())
                    .as("container starts per execution (%s)", ledger.account(job))
                    .containsOnly(1L);
            soft.assertThat(startsPerExecution.size()).as("executions started").isGreaterThan(3);
            replica0.stream()
                    .map(ExecutionRecord::id)
                    .findFirst()
                    .ifPresent(
                            id ->
                                    soft.assertThat(
                                                    ledger.starts(job).stream()
                                                            .filter(s -> s.executionId().equals(id))
                                                            .map(Function.identity())
                                                            .toList())
                                            .as("containers of replica 0's execution %s", id)
                                            .hasSize(1));

            soft.assertThat(scene.jobs().stop(job).stopped()).isTrue();
            JobResult result = scene.jobs().awaitEnd(job, Duration.ofSeconds(60));
            soft.assertThat(result.state()).isEqualTo(JobStateType.STOPPED);
            JobChecks.noLeftovers(soft, scene, Duration.ofSeconds(30));
            JobChecks.reservationsFreed(soft, scene.jobs(), List.of(a), Duration.ofSeconds(20));
            FaultCases.assertAll(soft, scene);
        }
    }
}
