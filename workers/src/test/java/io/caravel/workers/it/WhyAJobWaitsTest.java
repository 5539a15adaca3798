package io.caravel.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.providers.local.LocalSource;
import io.caravel.activities.providers.noop.NoopEngine;
import io.caravel.activities.providers.noop.NoopPublisher;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.JobStateType;
import io.caravel.api.providers.local.LocalAllowList;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real nodes (policy, ledger, claim activity) refusing a job that mounts a local path: one node's
 * allow-list does not hold the path. While the job is Queued its message says why each node
 * refuses; when every connected node refuses for good (and there is no queue timeout) it fails at
 * once.
 */
class WhyAJobWaitsTest {
    private static final Resources TWO_CPUS = new Resources(2_000, 4L << 30, 10L << 30, 0);

    @TempDir Path storage;

    private TestCluster cluster;
    private final List<TestNode> nodes = new ArrayList<>();

    /** The nodes first: a node stopping after its server is gone waits on timeouts to leave it. */
    @AfterEach
    void stop() {
        stopNodes();
        if (cluster != null) {
            cluster.close();
        }
    }

    private void stopNodes() {
        nodes.forEach(TestNode::kill);
        nodes.clear();
    }

    private TestNode node(String id, Path allowed) throws InterruptedException {
        return node(cluster.newClient(), id, allowed);
    }

    private TestNode node(WorkflowClient client, String id, Path allowed)
            throws InterruptedException {
        LocalAllowList allowList = LocalAllowList.parse(List.of(allowed + "/**"));
        TestNode node =
                new TestNode(
                        client,
                        id,
                        TWO_CPUS,
                        new NoopEngine(),
                        storage,
                        List.of(new LocalSource(allowList)),
                        List.of(new NoopPublisher()),
                        allowList);
        nodes.add(node);
        node.start();
        return node;
    }

    /** A noop job reading {@code path} through a local source; no queue timeout. */
    private static String job(Path path) {
        return """
                Name: mounts-a-local-path
                Type: batch
                Count: 1
                Tasks:
                  - Name: main
                    Engine:
                      Type: noop
                    InputSources:
                      - Target: /inputs/data
                        Source:
                          Type: local
                          Params:
                            SourcePath: %s
                """
                .formatted(path);
    }

    private Path dir(String name) throws Exception {
        return Files.createDirectories(storage.resolve(name)).toRealPath();
    }

    /**
     * On the dev server (see {@link DevServerNamespace}): the Java test server hands every retried
     * claim to the node that polled last, so only one node would ever be asked.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aQueuedJobSaysWhyEachNodeRefusesAndRunsWhenOneFrees() throws Exception {
        Path data = dir("data");
        try (DevServerNamespace server = new DevServerNamespace(TestCluster.FAST)) {
            node(server.client, "node-a", dir("elsewhere"));
            TestNode nodeB = node(server.client, "node-b", data);
            // node-b may mount the path but is busy: 1800m of its 2 CPUs are held, the task needs
            // 500m.
            assertThat(
                            nodeB.ledger.tryReserve(
                                    "held-by-test", new Resources(1_800, 1L << 30, 0, 0)))
                    .isPresent();

            WorkflowStub job = server.submit(job(data));
            String waiting =
                    "waiting for a node: node-a: local source refused: volume "
                            + data
                            + " is not allowlisted; node-b: busy: needs 500m CPU (200m free)";
            JobDescription queued = server.describe(job);
            for (int i = 0; i < 300 && !queued.message().equals(waiting); i++) {
                assertThat(queued.state())
                        .as("the job waits: %s", queued.message())
                        .isIn(JobStateType.PENDING, JobStateType.QUEUED);
                Thread.sleep(100);
                queued = server.describe(job);
            }
            assertThat(queued.message()).isEqualTo(waiting);
            assertThat(queued.state()).isEqualTo(JobStateType.QUEUED);

            nodeB.ledger.release("held-by-test");
            JobResult result = job.getResult(60, TimeUnit.SECONDS, JobResult.class);
            assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
            assertThat(result.executions())
                    .singleElement()
                    .satisfies(
                            e -> {
                                assertThat(e.nodeId()).isEqualTo("node-b");
                                assertThat(e.state()).isEqualTo(ExecutionStateType.COMPLETED);
                            });
            stopNodes();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void whenTheOnlyNodeRefusesThePathTheJobFailsAtOnceSayingWhy() throws Exception {
        Path data = dir("data");
        cluster = new TestCluster();
        TestNode nodeA = node("node-a", dir("elsewhere"));
        WorkflowStub job = cluster.submit(job(data));
        ApplicationFailure failure;
        try {
            // Far less than the wait of a claim without queue timeout (the default execution
            // timeout).
            job.getResult(30, TimeUnit.SECONDS, JobResult.class);
            throw new AssertionError("the job completed");
        } catch (WorkflowFailedException e) {
            failure = (ApplicationFailure) e.getCause();
        }
        assertThat(failure.getType()).isEqualTo(JobWorkflow.JOB_FAILED);
        assertThat(failure.getOriginalMessage())
                .isEqualTo(
                        "no connected node can run the task: node-a: "
                                + "local source refused: volume "
                                + data
                                + " is not allowlisted");
        assertThat(cluster.describe(job).history())
                .anyMatch(e -> e.message().startsWith("Node node-a refused execution e-"));
        assertThat(nodeA.ledger.reservationCount()).isZero();
    }
}
