package io.caravel.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.providers.noop.NoopEngine;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.JobStateType;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.OrchestrationSettings;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.StopResult;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop reaches an execution running on a real node within seconds, whatever the heartbeat
 * timeout. Here it is 5 minutes: a stop reaches the node only in the answer to a heartbeat, and
 * without the node worker's cap the SDK would send the next one up to a minute later, longer than
 * this test may take.
 */
class StopReachesTheNodeTest {
    private static final Resources TWO_CPUS = new Resources(2_000, 4L << 30, 10L << 30, 0);
    private static final OrchestrationSettings SLOW_HEARTBEATS =
            OrchestrationSettings.builder()
                    .heartbeatTimeout(Duration.ofMinutes(5))
                    .placementRetry(Duration.ofMillis(200))
                    .build();

    @TempDir Path storage;

    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void aStopEndsTheRunningExecutionOnTheNodeAndFreesItsReservation() throws Exception {
        try (TestCluster cluster = new TestCluster(SLOW_HEARTBEATS)) {
            TestNode node =
                    new TestNode(
                            cluster.newClient(), "node-stop", TWO_CPUS, new NoopEngine(), storage);
            node.start();
            WorkflowStub job =
                    cluster.submit(
                            """
                    Name: long-noop
                    Type: batch
                    Count: 1
                    Tasks:
                      - Name: main
                        Engine:
                          Type: noop
                          Params:
                            Sleep: 600
                    """);
            cluster.awaitRunningOn(job, "node-stop");

            StopResult stopped = job.update("stop", StopResult.class, "stopped by the test");

            assertThat(stopped.stopped()).isTrue();
            JobDescription d = cluster.describe(job);
            assertThat(d.state()).isEqualTo(JobStateType.STOPPED);
            assertThat(d.executions())
                    .singleElement()
                    .satisfies(e -> assertThat(e.state()).isEqualTo(ExecutionStateType.CANCELLED));
            node.awaitNoReservations();
            node.kill();
        }
    }
}
