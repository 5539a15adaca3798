package io.caravel.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.JobStateType;
import io.caravel.workflows.FakeNode.Execute;
import io.caravel.workflows.internal.JobRunner;
import io.caravel.workflows.model.ChunkInfo;
import io.caravel.workflows.model.ExecutionPage;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobEvent;
import io.caravel.workflows.model.JobResult;
import io.caravel.workflows.model.StopResult;
import io.temporal.client.WorkflowStub;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A batch job with more partitions than a chunk: child workflows, the limit, stop, summary and
 * pages.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChunkedJobTest {
    /** Chunks of 2 partitions, 4 partitions at once: 2 chunks at a time. */
    private static final OrchestrationSettings CHUNKS_OF_2 =
            TestCluster.SETTINGS.toBuilder()
                    .partitionsPerChunk(2)
                    .maxConcurrentPartitions(4)
                    .build();

    private TestCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aCountAboveTheChunkSizeRunsInChildWorkflowsWithinTheLimitAndCompletes() {
        cluster = new TestCluster(CHUNKS_OF_2);
        FakeNode n1 = cluster.node("n1");
        n1.executeMillis = 200;
        cluster.start();
        JobWorkflow stub = cluster.startJob(Jobs.batch(7));
        JobResult result = WorkflowStub.fromTyped(stub).getResult(JobResult.class);
        String id = result.jobId();

        assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
        assertThat(result.executions()).isEmpty();
        assertThat(result.summary()).isEqualTo(Map.of("Completed", 7));
        assertThat(result.chunks())
                .extracting(ChunkInfo::workflowId)
                .containsExactly(
                        id + "-chunk-0", id + "-chunk-1", id + "-chunk-2", id + "-chunk-3");
        assertThat(result.chunks())
                .extracting(ChunkInfo::firstPartition)
                .containsExactly(0, 2, 4, 6);
        assertThat(result.chunks()).extracting(ChunkInfo::partitions).containsExactly(2, 2, 2, 1);
        assertThat(result.chunks()).allMatch(ChunkInfo::reported);
        assertThat(cluster.placement.mostHeld).hasValueBetween(1, 4);
        assertThat(n1.released).hasSize(7);
        // The job's own history holds the chunks, not the executions.
        assertThat(cluster.scheduledActivities(id)).isEmpty();
        assertThat(Histories.versionMarkers(cluster.client.fetchHistory(id)))
                .contains(JobRunner.CHUNKED_PARTITIONS_CHANGE);
        assertThat(cluster.scheduledActivities(id + "-chunk-3"))
                .contains("Execute caravel-node-n1");
        assertThat(stub.describe().history())
                .extracting(JobEvent::message)
                .contains(
                        "Running the 7 partitions in 4"
                                + " child workflows of at most 2 partitions, 2 at a time, each running at most 2 partitions at once");

        List<Integer> partitions =
                IntStream.range(0, 4)
                        .boxed()
                        .flatMap(c -> chunk(id, c).executions(0, 10).items().stream())
                        .map(ExecutionRecord::partitionIndex)
                        .toList();
        assertThat(partitions).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(chunk(id, 1).summary()).isEqualTo(Map.of("Completed", 2));
    }

    @Test
    void theExecutionsQueryPagesAndCapsItsPage() {
        cluster = new TestCluster(CHUNKS_OF_2);
        cluster.node("n1");
        cluster.start();
        JobWorkflow stub = cluster.startJob(Jobs.batch(3));
        String id = WorkflowStub.fromTyped(stub).getResult(JobResult.class).jobId();

        ExecutionPage second = chunk(id, 0).executions(1, 1);
        assertThat(second.total()).isEqualTo(2);
        assertThat(second.items()).extracting(ExecutionRecord::partitionIndex).containsExactly(1);
        assertThat(chunk(id, 0).executions(2, 1).items()).isEmpty();
        assertThat(chunk(id, 1).executions(0, 100_000).items()).hasSize(1);
        // The job's own workflow ran none of them.
        assertThat(stub.executions(0, 10).total()).isZero();
        JobDescription d = stub.describe();
        assertThat(d.executions()).isEmpty();
        assertThat(d.summary()).isEqualTo(Map.of("Completed", 3));
    }

    @Test
    void stopCancelsTheRunningChunksExecutionsAndStartsNoMore() throws InterruptedException {
        cluster = new TestCluster(CHUNKS_OF_2);
        FakeNode n1 = cluster.node("n1");
        n1.execute = Execute.HANG_HEARTBEATING;
        cluster.start();
        JobWorkflow stub = cluster.startJob(Jobs.batch(10));
        String id = TestCluster.id(stub);
        assertThat(n1.executionsStarted.tryAcquire(4, 20, TimeUnit.SECONDS)).isTrue();
        // While the chunks run, the job's summary leaves them out and their own query counts them.
        assertThat(stub.describe().chunks()).hasSize(2).noneMatch(ChunkInfo::reported);
        awaitSummary(id, 0, Map.of("Running", 2));

        StopResult stop = stub.stop("no longer needed");
        assertThat(stop.stopped()).isTrue();
        JobResult result = WorkflowStub.fromTyped(stub).getResult(JobResult.class);
        assertThat(result.state()).isEqualTo(JobStateType.STOPPED);
        // A cancelled chunk ends without telling the job its counts; its own result and query do.
        assertThat(result.chunks()).hasSize(2).noneMatch(ChunkInfo::reported);
        for (int c = 0; c < 2; c++) {
            assertThat(chunk(id, c).summary()).isEqualTo(Map.of("Cancelled", 2));
        }
        assertThat(n1.count("Execute")).isEqualTo(4);
        assertThat(n1.cancelled).hasSize(4);
        assertThat(n1.released).hasSize(4);
        assertThat(cluster.placement.claims).hasSize(4);
    }

    @Test
    void aFailedPartitionInAChunkFailsTheJobNamingIt() {
        cluster = new TestCluster(CHUNKS_OF_2);
        FakeNode n1 = cluster.node("n1");
        n1.execute = Execute.FAIL_FATAL;
        cluster.start();
        JobWorkflow stub = cluster.startJob(Jobs.batch(3));
        try {
            WorkflowStub.fromTyped(stub).getResult(JobResult.class);
            throw new AssertionError("the job completed");
        } catch (io.temporal.client.WorkflowFailedException e) {
            assertThat(e.getCause().getMessage())
                    .contains("3 of 3 partitions failed; partition 0: ", "partition 2: ");
        }
        assertThat(stub.describe().summary()).isEqualTo(Map.of("Failed", 3));
        assertThat(stub.describe().state()).isEqualTo(JobStateType.FAILED);
    }

    private JobChunkWorkflow chunk(String jobId, int index) {
        return cluster.client.newWorkflowStub(JobChunkWorkflow.class, jobId + "-chunk-" + index);
    }

    private void awaitSummary(String jobId, int index, Map<String, Integer> expected)
            throws InterruptedException {
        for (int i = 0; i < 100 && !chunk(jobId, index).summary().equals(expected); i++) {
            Thread.sleep(100);
        }
        assertThat(chunk(jobId, index).summary()).isEqualTo(expected);
    }
}
