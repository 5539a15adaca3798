package io.caravel.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.JobStateType;
import io.caravel.workflows.activities.NodeRefusal;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobEvent;
import io.caravel.workflows.model.JobResult;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * While a job is Queued its message says why each node refuses it; when every connected node
 * refuses for a lasting reason and there is no queue timeout, the job fails at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WhyAJobWaitsTest {
    private static final NodeRefusal N1_PATH =
            new NodeRefusal("n1", true, "local source refused: volume /x is not allowlisted");
    private static final NodeRefusal N2_BUSY =
            new NodeRefusal("n2", false, "busy: needs 1 CPU (0 free)");
    private static final NodeRefusal N2_ENGINE =
            new NodeRefusal("n2", true, "engine docker not enabled here (enabled: wasm)");

    private TestCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Nodes n1 and n2, taking untargeted claims in turn, refusing as given. */
    private TestCluster cluster(NodeRefusal... refusals) {
        cluster = new TestCluster();
        cluster.node("n1");
        cluster.node("n2");
        cluster.placement.rotation.addAll(List.of("n1", "n2"));
        for (NodeRefusal r : refusals) {
            cluster.placement.refusing.put(r.nodeId(), r);
        }
        return cluster.start();
    }

    private static JobDescription awaitDescription(
            JobWorkflow job, Predicate<JobDescription> wanted) throws InterruptedException {
        JobDescription d = job.describe();
        while (!wanted.test(d)) {
            Thread.sleep(50);
            d = job.describe();
        }
        return d;
    }

    private static List<String> claims(List<String> scheduled) {
        return scheduled.stream().filter(a -> a.startsWith("Claim ")).toList();
    }

    @Test
    void aQueuedJobsMessageNamesTheLatestReasonOfEachNode() throws Exception {
        cluster(N1_PATH, N2_BUSY);
        JobWorkflow job = cluster.startJob(Jobs.batch(1));

        String waiting =
                "waiting for a node: n1: local source refused: volume /x is not allowlisted; "
                        + "n2: busy: needs 1 CPU (0 free)";
        JobDescription queued = awaitDescription(job, d -> d.message().equals(waiting));
        assertThat(queued.state()).isEqualTo(JobStateType.QUEUED);
        assertThat(queued.job().state().message()).isEqualTo(waiting);
        assertThat(queued.history())
                .extracting(JobEvent::message)
                .anyMatch(
                        m ->
                                m.matches(
                                        "Node n1 refused execution e-\\S+: local source refused: .*"))
                .anyMatch(
                        m ->
                                m.matches(
                                        "Node n2 refused execution e-\\S+ for now: busy: needs 1 CPU \\(0 free\\)"));
        // Known refusals are retried by the server: more claims reach the nodes than the workflow
        // schedules.
        while (cluster.placement.claims.size() < 6) {
            Thread.sleep(50);
        }
        cluster.placement.refusing.remove("n2");
        JobResult result = WorkflowStub.fromTyped(job).getResult(JobResult.class);

        assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
        assertThat(result.message()).isEmpty();
        assertThat(result.executions())
                .singleElement()
                .extracting(ExecutionRecord::nodeId)
                .isEqualTo("n2");
        // One claim, and one more after each node's first report: the history does not grow with
        // the retries.
        assertThat(claims(cluster.scheduledActivities(result.jobId()))).hasSize(3);
        assertThat(cluster.placement.claims.size()).isGreaterThan(3);
        Scenarios.replay(cluster.client.fetchHistory(result.jobId()));
    }

    @Test
    void whenEveryConnectedNodeRefusesForGoodTheJobFailsAtOnceWithTheirReasons() throws Exception {
        cluster(N1_PATH, N2_ENGINE);
        JobWorkflow job = cluster.startJob(Jobs.batch(2));
        ApplicationFailure f =
                failure(() -> WorkflowStub.fromTyped(job).getResult(JobResult.class));

        String why =
                "no connected node can run the task: n1: local source refused: volume /x is not allowlisted; "
                        + "n2: engine docker not enabled here (enabled: wasm)";
        assertThat(f.getType()).isEqualTo(JobWorkflow.JOB_FAILED);
        assertThat(f.getOriginalMessage())
                .isEqualTo(
                        "2 of 2 partitions failed; partition 0: " + why + "; partition 1: " + why);
        JobResult result = f.getDetails().get(JobResult.class);
        assertThat(result.executions())
                .hasSize(2)
                .allSatisfy(
                        e -> {
                            assertThat(e.state()).isEqualTo(ExecutionStateType.FAILED);
                            assertThat(e.message()).isEqualTo(why);
                        });
        assertThat(cluster.nodes.get("n1").calls).isEmpty();
        Scenarios.replay(cluster.client.fetchHistory(result.jobId()));
    }

    @Test
    void withAQueueTimeoutLastingRefusalsWaitForANodeToJoin() {
        cluster(N1_PATH, N2_ENGINE);
        JobWorkflow job = cluster.startJob(Jobs.batch(1, "{\"QueueTimeout\": 1}"));
        ApplicationFailure f =
                failure(() -> WorkflowStub.fromTyped(job).getResult(JobResult.class));

        assertThat(f.getOriginalMessage())
                .startsWith("no node could take execution ")
                .contains("within the queue timeout 1s")
                .doesNotContain("no connected node can run");
        assertThat(job.describe().history())
                .extracting(JobEvent::message)
                .anyMatch(m -> m.startsWith("Node n1 refused execution"))
                .anyMatch(m -> m.startsWith("Node n2 refused execution"));
    }

    @Test
    void aNodeThatStopsRefusingTakesTheJob() {
        cluster(N1_PATH);
        JobResult result = cluster.run(Jobs.batch(1));

        assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
        assertThat(result.executions())
                .singleElement()
                .extracting(ExecutionRecord::nodeId)
                .isEqualTo("n2");
    }

    private static ApplicationFailure failure(Supplier<?> run) {
        Object result;
        try {
            result = run.get();
        } catch (WorkflowFailedException e) {
            assertThat(e.getCause()).isInstanceOf(ApplicationFailure.class);
            return (ApplicationFailure) e.getCause();
        }
        throw new AssertionError("the workflow did not fail; it returned " + result);
    }
}
