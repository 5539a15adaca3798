package io.caravel.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.placement.NodeLedger;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.JobStateType;
import io.caravel.api.quantity.Resources;
import io.caravel.workers.it.ResourceAccountingTest.CountingEngine;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobResult;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that takes claims ahead of room ({@link NodeLedger.AheadQueue}) on the real dev server:
 * the executions it took ahead run one after the other without overbooking it, and one that got no
 * room in time is placed again as the same attempt and completes.
 */
class ClaimsAheadOfRoomTest {
    private static final Resources ONE_CPU = new Resources(1_000, 8L << 30, 10L << 30, 0);

    @TempDir Path storage;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void executionsTakenAheadRunOneAfterTheOtherOnAFullNodeAndAllComplete() throws Exception {
        CountingEngine engine = new CountingEngine();
        try (TestCluster cluster = new TestCluster()) {
            TestNode node =
                    new TestNode(
                            cluster.newClient(),
                            "node-ahead",
                            ONE_CPU,
                            engine,
                            storage,
                            new NodeLedger.AheadQueue(2, Duration.ofSeconds(30)));
            node.start();

            JobResult result =
                    cluster.submit(job(6, 1)).getResult(100, TimeUnit.SECONDS, JobResult.class);

            assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
            assertThat(result.executions())
                    .hasSize(6)
                    .allSatisfy(e -> assertThat(e.state()).isEqualTo(ExecutionStateType.COMPLETED));
            assertThat(engine.maxRunning.get()).isEqualTo(1);
            assertThat(node.ledger.takenAhead()).isPositive();
            node.awaitNoReservations();
            assertThat(node.ledger.waitingCount()).isZero();
            node.kill();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anExecutionTakenAheadThatGetsNoRoomInTimeIsPlacedAgainAndCompletes() throws Exception {
        CountingEngine engine = new CountingEngine();
        try (TestCluster cluster = new TestCluster()) {
            TestNode node =
                    new TestNode(
                            cluster.newClient(),
                            "node-full",
                            ONE_CPU,
                            engine,
                            storage,
                            new NodeLedger.AheadQueue(1, Duration.ofSeconds(30)));
            node.start();
            // A release, so that the node turns executions over; then a long execution fills it.
            cluster.submit(job(1, 0)).getResult(60, TimeUnit.SECONDS, JobResult.class);
            WorkflowStub longOne = cluster.submit(job(1, 8));
            for (int i = 0; i < 200 && engine.running.get() == 0; i++) {
                Thread.sleep(50);
            }
            assertThat(engine.running.get()).isOne();

            JobResult waited =
                    cluster.submit(job(1, 0)).getResult(100, TimeUnit.SECONDS, JobResult.class);

            assertThat(waited.state()).isEqualTo(JobStateType.COMPLETED);
            assertThat(waited.executions()).hasSizeGreaterThanOrEqualTo(2);
            ExecutionRecord first = waited.executions().get(0);
            ExecutionRecord last = waited.executions().get(waited.executions().size() - 1);
            assertThat(first.state()).isEqualTo(ExecutionStateType.CANCELLED);
            assertThat(first.message()).contains("node node-full had no room for it in time");
            assertThat(last.state()).isEqualTo(ExecutionStateType.COMPLETED);
            assertThat(waited.executions()).allSatisfy(e -> assertThat(e.attempt()).isOne());
            assertThat(longOne.getResult(60, TimeUnit.SECONDS, JobResult.class).state())
                    .isEqualTo(JobStateType.COMPLETED);
            assertThat(engine.maxRunning.get()).isEqualTo(1);
            node.awaitNoReservations();
            node.kill();
        }
    }

    private static String job(int count, int sleepSeconds) {
        return """
                Type: batch
                Count: %d
                Tasks:
                  - Name: main
                    Engine:
                      Type: noop
                      Params:
                        Sleep: %d
                    Resources:
                      CPU: "1"
                      Memory: 100Mb
                """
                .formatted(count, sleepSeconds);
    }
}
