package io.caravel.activities.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.TestJobs;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.activities.placement.NodePolicy;
import io.caravel.activities.providers.noop.NoopEngine;
import io.caravel.api.env.HostEnvResolver;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.RunOutput;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.activities.ClaimRequest;
import io.caravel.workflows.activities.ExecutionRequest;
import io.caravel.workflows.activities.NodeActivities;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.StagedInputs;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Execute of an execution its node claimed ahead of room ({@link NodeLedger.AheadQueue}): it starts
 * when a release makes room, and goes back to placement when none does in time.
 */
@Timeout(60)
class ExecuteAheadOfRoomTest {
    private static final long GIB = 1L << 30;
    private static final Resources WHOLE_NODE = new Resources(1000, GIB, 0, 0);

    @TempDir Path storage;

    private NodeLedger ledger;
    private NodeActivitiesHarness harness;
    private NodeActivities activities;

    @BeforeEach
    void setUp() throws Exception {
        ledger =
                new NodeLedger(
                        WHOLE_NODE,
                        List.of(),
                        NodeLedger.HeapBudget.NONE,
                        NodeLedger.AheadQueue.of(1));
        harness = noopNode(ledger, storage);
        activities = harness.activities();
        // The node turns executions over: one ended just now, one runs, e-2 is claimed ahead.
        assertThat(ledger.reserveWithin("e-0", WHOLE_NODE, 0, Duration.ZERO, true)).isPresent();
        ledger.release("e-0");
        assertThat(ledger.reserveWithin("e-1", WHOLE_NODE, 0, Duration.ZERO, true)).isPresent();
        assertThat(ledger.reserveWithin("e-2", WHOLE_NODE, 0, Duration.ZERO, true)).isPresent();
        assertThat(ledger.isWaiting("e-2")).isTrue();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void runsWhenTheRunningExecutionGivesItsRoomBack() throws Exception {
        CompletableFuture<RunOutput> run =
                CompletableFuture.supplyAsync(
                        () -> activities.execute(request("e-2"), StagedInputs.NONE));
        Thread.sleep(500);
        assertThat(run).isNotDone();

        ledger.release("e-1");

        assertThat(run.get(10, TimeUnit.SECONDS).exitCode()).isZero();
        assertThat(ledger.isWaiting("e-2")).isFalse();
        assertThat(ledger.reservationCount()).isZero();
    }

    @Test
    void withoutRoomInTimeItFailsAsBusySoThatTheWorkflowPlacesItAgain() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> activities.execute(request("e-2"), StagedInputs.NONE))
                .isInstanceOf(ActivityFailure.class)
                .cause()
                .isInstanceOfSatisfying(
                        ApplicationFailure.class,
                        f -> {
                            assertThat(f.getType()).isEqualTo(ErrorCode.NODE_BUSY.name());
                            assertThat(f.isNonRetryable()).isTrue();
                            assertThat(f.getOriginalMessage())
                                    .contains(
                                            "node n1 took execution e-2 ahead of room",
                                            "goes back to placement");
                        });
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(ClaimRequest.NODE_WAIT);
        assertThat(ledger.held("e-2")).isEmpty();
        assertThat(ledger.reservation("e-1")).isPresent();
    }

    @Test
    void afterARestartAClaimWhoseWorkNeverStartedWaitsForRoomInsteadOfOverbookingTheNode()
            throws Exception {
        // A restarted worker: its ledger holds only what runs (e-1); e-3 was claimed before.
        NodeLedger restarted = new NodeLedger(WHOLE_NODE, List.of());
        restarted.adopt("e-1", WHOLE_NODE, List.of(), true);
        NodeActivitiesHarness other = noopNode(restarted, storage.resolve("restarted"));
        try {
            CompletableFuture<RunOutput> run =
                    CompletableFuture.supplyAsync(
                            () -> other.activities().execute(request("e-3"), StagedInputs.NONE));
            Thread.sleep(500);
            assertThat(run).isNotDone();
            assertThat(restarted.isWaiting("e-3")).isTrue();

            restarted.release("e-1");

            assertThat(run.get(10, TimeUnit.SECONDS).exitCode()).isZero();
            assertThat(restarted.reservationCount()).isZero();
        } finally {
            other.close();
        }
    }

    /** Node n1 running noop tasks on {@code ledger}, its executions under {@code storage}. */
    private static NodeActivitiesHarness noopNode(NodeLedger ledger, Path storage) {
        return NodeActivitiesHarness.start(
                new NodeActivitiesImpl(
                        "n1",
                        new ExecutionDirs(storage),
                        NodePolicy.builder("n1").engines("noop").build(),
                        ledger,
                        Map.of("noop", new NoopEngine()),
                        Map.of(),
                        Map.of(),
                        new HostEnvResolver(List.of(), name -> null)),
                Duration.ofSeconds(5));
    }

    private static ExecutionRequest request(String executionId) {
        return new ExecutionRequest(
                TestJobs.noopJob(),
                executionId,
                0,
                new NodeClaim("n1", "caravel-node-n1", executionId, List.of(), true),
                true,
                true);
    }
}
