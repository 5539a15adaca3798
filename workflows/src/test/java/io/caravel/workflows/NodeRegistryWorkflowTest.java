package io.caravel.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.workflows.model.NodeInfo;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The node registry workflow: heartbeats, staleness by workflow time, leaving, continue-as-new. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeRegistryWorkflowTest {
    private static final OrchestrationSettings SETTINGS =
            OrchestrationSettings.builder().nodeListStaleAfter(Duration.ofSeconds(30)).build();
    private static final int SIGNALS_PER_RUN = 3;

    private TestWorkflowEnvironment env;
    private WorkflowClient client;
    private NodeRegistryWorkflow registry;

    @BeforeEach
    void start() {
        env =
                TestWorkflowEnvironment.newInstance(
                        TestEnvironmentOptions.newBuilder()
                                .setWorkflowClientOptions(
                                        WorkflowClientOptions.newBuilder()
                                                .setDataConverter(CaravelDataConverter.get())
                                                .build())
                                .build());
        // Both queues, as a worker polls them: a registry that an older worker started on the
        // default queue moves to its own when it continues as new.
        for (String queue : List.of(TaskQueues.DEFAULT, TaskQueues.REGISTRY)) {
            env.newWorker(queue)
                    .registerWorkflowImplementationFactory(
                            NodeRegistryWorkflow.class,
                            () -> new NodeRegistryWorkflowImpl(SETTINGS, SIGNALS_PER_RUN));
        }
        env.start();
        client = env.getWorkflowClient();
        registry =
                client.newWorkflowStub(
                        NodeRegistryWorkflow.class, NodeRegistryWorkflow.WORKFLOW_ID);
    }

    @AfterEach
    void close() {
        env.close();
    }

    /**
     * How a worker joins: signal-with-start, so the first node starts the registry; here on the
     * default queue, as workers before the registry's own queue started it.
     */
    private String heartbeat(String nodeId) {
        NodeRegistryWorkflow starter =
                client.newWorkflowStub(
                        NodeRegistryWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(NodeRegistryWorkflow.WORKFLOW_ID)
                                .setTaskQueue(TaskQueues.DEFAULT)
                                .build());
        BatchRequest request = client.newSignalWithStartRequest();
        request.add(starter::run, Map.<String, NodeInfo>of());
        request.add(starter::heartbeat, FakeRegistry.node(nodeId, 0, Map.of("zone", "a")));
        return client.signalWithStart(request).getRunId();
    }

    @Test
    void heartbeatsMakeNodesConnectedAndStampThemWithWorkflowTime() {
        heartbeat("n1");
        heartbeat("n2");

        List<NodeInfo> nodes = eventually(registry::nodes, n -> n.size() == 2);
        assertThat(nodes).extracting(NodeInfo::nodeId).containsExactly("n1", "n2");
        assertThat(nodes)
                .allSatisfy(
                        n -> {
                            assertThat(n.lastSeenMillis()).isPositive();
                            assertThat(n.labels()).containsEntry("zone", "a");
                            assertThat(n.nodeQueue()).isEqualTo(TaskQueues.node(n.nodeId()));
                        });
    }

    @Test
    void aNodeWithoutRecentHeartbeatIsNoLongerConnectedButStillKnown() {
        heartbeat("n1");
        eventually(registry::nodes, n -> n.size() == 1);

        env.sleep(Duration.ofSeconds(31));
        assertThat(eventually(registry::nodes, List::isEmpty)).isEmpty();
        assertThat(registry.allNodes()).extracting(NodeInfo::nodeId).containsExactly("n1");

        heartbeat("n1");
        assertThat(eventually(registry::nodes, n -> n.size() == 1))
                .extracting(NodeInfo::nodeId)
                .containsExactly("n1");
    }

    @Test
    void aNodeThatLeavesIsForgotten() {
        heartbeat("n1");
        heartbeat("n2");
        eventually(registry::nodes, n -> n.size() == 2);

        registry.leave("n1");
        assertThat(eventually(registry::allNodes, n -> n.size() == 1))
                .extracting(NodeInfo::nodeId)
                .containsExactly("n2");
        assertThat(registry.nodes()).extracting(NodeInfo::nodeId).containsExactly("n2");
    }

    @Test
    void continuesAsNewAfterEnoughSignalsAndKeepsTheNodes() {
        String firstRun = heartbeat("n1");
        heartbeat("n2");
        heartbeat("n3");
        heartbeat("n4");

        // A query can be answered by the first run after its last signal and before it continues
        // as new, so wait for the new run before reading the first run's history.
        String currentRun =
                eventually(
                        () -> WorkflowStub.fromTyped(registry).describe().getExecution().getRunId(),
                        run -> !run.equals(firstRun));
        assertThat(eventually(registry::nodes, n -> n.size() == 4))
                .extracting(NodeInfo::nodeId)
                .containsExactly("n1", "n2", "n3", "n4");
        List<HistoryEvent> firstHistory =
                client.fetchHistory(NodeRegistryWorkflow.WORKFLOW_ID, firstRun).getEvents();
        assertThat(firstHistory.get(firstHistory.size() - 1).getEventType())
                .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
        assertThat(currentRun).isNotEqualTo(firstRun);
        assertThat(
                        firstHistory
                                .get(firstHistory.size() - 1)
                                .getWorkflowExecutionContinuedAsNewEventAttributes()
                                .getTaskQueue()
                                .getName())
                .isEqualTo(TaskQueues.REGISTRY);
    }

    /**
     * Queries may run before a just-sent signal is applied; ask again until it is (bounded by the
     * test timeout).
     */
    private static <T> T eventually(Supplier<T> query, Predicate<T> done) {
        T value = query.get();
        while (!done.test(value)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            value = query.get();
        }
        return value;
    }
}
