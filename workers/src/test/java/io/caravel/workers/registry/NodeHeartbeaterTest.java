package io.caravel.workers.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.placement.EngineAvailability;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.activities.providers.docker.DockerEngine;
import io.caravel.activities.providers.noop.NoopEngine;
import io.caravel.api.model.NetworkType;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.NodeRegistryWorkflow;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.model.NodeInfo;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class NodeHeartbeaterTest {
    private TestWorkflowEnvironment env;
    private WorkflowClient client;
    private final NodeLedger ledger =
            new NodeLedger(new Resources(4_000, 8L << 30, 100L << 30, 0), List.of(0));
    private final NodeDescription node =
            new NodeDescription(
                    "gpu-1",
                    ledger,
                    Map.of("zone", "eu"),
                    Set.of("noop"),
                    Set.of("inline", "urlDownload"),
                    Set.of("noop", "local"),
                    Set.of(NetworkType.NONE, NetworkType.HOST),
                    List.of("NVIDIA H100 80GB HBM3"),
                    "http://gpu-1:6001");

    @BeforeEach
    void startServer() {
        env =
                TestWorkflowEnvironment.newInstance(
                        TestEnvironmentOptions.newBuilder()
                                .setUseTimeskipping(false)
                                .setWorkflowClientOptions(
                                        WorkflowClientOptions.newBuilder()
                                                .setDataConverter(CaravelDataConverter.get())
                                                .build())
                                .build());
        env.newWorker(TaskQueues.REGISTRY)
                .registerWorkflowImplementationTypes(RecordingRegistry.class);
        env.start();
        client = env.getWorkflowClient();
    }

    @AfterEach
    void stopServer() {
        env.close();
    }

    private NodeRegistryWorkflow registry() {
        return client.newWorkflowStub(NodeRegistryWorkflow.class, NodeRegistryWorkflow.WORKFLOW_ID);
    }

    /**
     * Waits until {@code condition} holds; until the first heartbeat there is no registry to query.
     */
    /** A heartbeater every 50 ms whose node description fails while {@code fails} says so. */
    private NodeHeartbeater describingFailsWhen(BooleanSupplier fails) {
        return new NodeHeartbeater(
                client,
                () -> {
                    if (fails.getAsBoolean()) {
                        throw new IllegalStateException("a probe failed");
                    }
                    return node.get();
                },
                Duration.ofMillis(50));
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        while (!holds(condition)) {
            Thread.sleep(20);
        }
    }

    private static boolean holds(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (WorkflowNotFoundException notYet) {
            return false;
        }
    }

    @Test
    void aNodeWhoseDockerDaemonDoesNotAnswerSaysWhyInItsHeartbeats(@TempDir Path tmp)
            throws InterruptedException {
        String host = "unix://" + tmp.resolve("nothing-listens.sock");
        NodeDescription dockerNode =
                new NodeDescription(
                        "d-1",
                        ledger,
                        Map.of(),
                        Set.of("docker", "noop"),
                        Set.of(),
                        Set.of(),
                        Set.of(NetworkType.NONE),
                        List.of(),
                        "",
                        new EngineAvailability(List.of(new DockerEngine(host), new NoopEngine())));
        NodeHeartbeater heartbeater =
                new NodeHeartbeater(client, dockerNode, Duration.ofMillis(50));

        assertThat(heartbeater.beat()).isTrue();

        awaitTrue(() -> !registry().nodes().isEmpty());
        assertThat(registry().nodes().get(0).unavailableEngines())
                .containsExactly(
                        Map.entry(
                                "docker",
                                "docker daemon at "
                                        + host
                                        + " is not answering: SocketException: No such file or directory;"
                                        + " placement resumes when it answers"));
    }

    @Test
    void aNodeDescriptionThatFailsOnceDoesNotStopTheHeartbeats() throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger calls =
                new java.util.concurrent.atomic.AtomicInteger();
        NodeHeartbeater heartbeater = describingFailsWhen(() -> calls.getAndIncrement() == 0);
        heartbeater.start();
        awaitTrue(() -> !registry().allNodes().isEmpty());
        heartbeater.stop();

        assertThat(calls.get()).isGreaterThan(1);
        assertThat(registry().allNodes().get(0).nodeId()).isEqualTo("gpu-1");
    }

    @Test
    void heartbeatsStartTheRegistryAndCarryThisNode() throws InterruptedException {
        NodeHeartbeater heartbeater = new NodeHeartbeater(client, node, Duration.ofMillis(50));
        heartbeater.start();
        awaitTrue(() -> registry().allNodes().size() >= 2);
        heartbeater.stop();

        NodeInfo first = registry().allNodes().get(0);
        assertThat(first)
                .isEqualTo(
                        new NodeInfo(
                                "gpu-1",
                                "caravel-node-gpu-1",
                                new Resources(4_000, 8L << 30, 100L << 30, 1),
                                new Resources(4_000, 8L << 30, 100L << 30, 1),
                                Map.of("zone", "eu"),
                                Set.of("noop"),
                                Set.of("inline", "urlDownload"),
                                Set.of("noop", "local"),
                                Set.of(NetworkType.NONE, NetworkType.HOST),
                                List.of("NVIDIA H100 80GB HBM3"),
                                "http://gpu-1:6001",
                                0));
        assertThat(
                        client.fetchHistory(NodeRegistryWorkflow.WORKFLOW_ID)
                                .getHistory()
                                .getEvents(0)
                                .getWorkflowExecutionStartedEventAttributes()
                                .getWorkflowType()
                                .getName())
                .isEqualTo(NodeRegistryWorkflow.TYPE);
    }

    @Test
    void eachHeartbeatCarriesWhatTheLedgerHasFreeNow() throws InterruptedException {
        NodeHeartbeater heartbeater = new NodeHeartbeater(client, node, Duration.ofMillis(50));
        heartbeater.start();
        awaitTrue(() -> !registry().allNodes().isEmpty());

        ledger.tryReserve("e-1", new Resources(1_000, 1L << 30, 0, 1));

        awaitTrue(() -> registry().allNodes().stream().anyMatch(n -> n.available().gpus() == 0));
        heartbeater.stop();
        NodeInfo last = registry().allNodes().get(registry().allNodes().size() - 1);
        assertThat(last.available()).isEqualTo(new Resources(3_000, 7L << 30, 100L << 30, 0));
        assertThat(last.capacity()).isEqualTo(ledger.capacity());
    }

    @Test
    void stoppingSendsLeave() throws InterruptedException {
        NodeHeartbeater heartbeater = new NodeHeartbeater(client, node, Duration.ofMillis(50));
        heartbeater.start();
        awaitTrue(() -> !registry().nodes().isEmpty());

        heartbeater.stop();

        assertThat(heartbeater.isRunning()).isFalse();
        assertThat(registry().nodes()).isEmpty();
        assertThat(registry().allNodes()).isNotEmpty();
        heartbeater.stop();
    }

    @Test
    void aNodeDescriptionThatFailsWhenTheWorkerStopsStillLetsTheNodeLeave()
            throws InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean broken =
                new java.util.concurrent.atomic.AtomicBoolean();
        NodeHeartbeater heartbeater = describingFailsWhen(broken::get);
        heartbeater.start();
        awaitTrue(() -> !registry().nodes().isEmpty());
        broken.set(true);

        heartbeater.stop();

        assertThat(heartbeater.isRunning()).isFalse();
        assertThat(registry().nodes()).isEmpty();
    }

    @Test
    void aHeartbeatRestartsARegistryThatIsNoLongerRunning() {
        NodeHeartbeater heartbeater = new NodeHeartbeater(client, node, Duration.ofHours(1));
        assertThat(heartbeater.beat()).isTrue();
        client.newUntypedWorkflowStub(NodeRegistryWorkflow.WORKFLOW_ID).terminate("test");

        assertThat(heartbeater.beat()).isTrue();

        assertThat(registry().allNodes()).hasSize(1);
        assertThat(
                        client.fetchHistory(NodeRegistryWorkflow.WORKFLOW_ID)
                                .getLastEvent()
                                .getEventType()
                                .name())
                .doesNotContain("TERMINATED");
        assertThat(
                        env.getWorkflowServiceStubs()
                                .blockingStub()
                                .describeWorkflowExecution(
                                        io.temporal.api.workflowservice.v1
                                                .DescribeWorkflowExecutionRequest.newBuilder()
                                                .setNamespace(env.getNamespace())
                                                .setExecution(
                                                        io.temporal.api.common.v1.WorkflowExecution
                                                                .newBuilder()
                                                                .setWorkflowId(
                                                                        NodeRegistryWorkflow
                                                                                .WORKFLOW_ID))
                                                .build())
                                .getWorkflowExecutionInfo()
                                .getStatus())
                .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    }
}
