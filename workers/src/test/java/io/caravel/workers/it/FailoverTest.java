package io.caravel.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.providers.noop.NoopEngine;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.JobStateType;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.OrchestrationSettings;
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
 * Failover with real workers on the real dev server: the node running an execution dies mid-run and
 * does not come back within its grace period; the job is placed again on the surviving node under a
 * new execution ID, completes there, and the survivor's ledger never sees the dead node's
 * reservation. (Temporal's Java test server sets no schedule-to-start timer on a retried attempt,
 * so the grace period would never end there.)
 */
class FailoverTest {
    private static final Resources TWO_CPUS = new Resources(2_000, 4L << 30, 10L << 30, 0);

    @TempDir Path storage;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void jobCompletesOnTheSurvivorWhenItsNodeDies() throws Exception {
        OrchestrationSettings settings =
                TestCluster.FAST.toBuilder().nodeGracePeriod(Duration.ofSeconds(3)).build();
        try (DevServerNamespace cluster = new DevServerNamespace(settings)) {
            TestNode doomed =
                    new TestNode(
                            cluster.client, "node-doomed", TWO_CPUS, new NoopEngine(), storage);
            TestNode survivor =
                    new TestNode(
                            cluster.client, "node-survivor", TWO_CPUS, new NoopEngine(), storage);
            doomed.start();

            WorkflowStub job =
                    cluster.submit(
                            """
                    Name: failover
                    Type: batch
                    Count: 1
                    Tasks:
                      - Name: main
                        Engine:
                          Type: noop
                          Params:
                            Sleep: 6
                            Stdout: done
                        Resources:
                          CPU: "1"
                    """);

            awaitRunningOn(cluster, job, "node-doomed");
            assertThat(doomed.ledger.reservationCount()).isEqualTo(1);
            survivor.start();
            doomed.kill();

            JobResult result = job.getResult(60, TimeUnit.SECONDS, JobResult.class);
            assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
            assertThat(result.executions()).hasSize(2);
            ExecutionRecord first = result.executions().get(0);
            ExecutionRecord second = result.executions().get(1);
            assertThat(first.nodeId()).isEqualTo("node-doomed");
            assertThat(first.state()).isEqualTo(ExecutionStateType.FAILED);
            assertThat(second.nodeId()).isEqualTo("node-survivor");
            assertThat(second.state()).isEqualTo(ExecutionStateType.COMPLETED);
            assertThat(second.id()).isNotEqualTo(first.id());
            assertThat(second.runOutput().stdout()).isEqualTo("done");

            // The survivor released its own reservation and never held the dead node's.
            survivor.awaitNoReservations();
            assertThat(survivor.ledger.reservation(first.id())).isEmpty();
            assertThat(survivor.ledger.available()).isEqualTo(survivor.ledger.capacity());
            survivor.kill();
        }
    }

    private static void awaitRunningOn(DevServerNamespace cluster, WorkflowStub job, String node)
            throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            boolean running =
                    cluster.describe(job).executions().stream()
                            .anyMatch(
                                    e ->
                                            e.nodeId().equals(node)
                                                    && e.state() == ExecutionStateType.RUNNING);
            if (running) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(
                "the execution never ran on " + node + ": " + cluster.describe(job));
    }
}
