package io.caravel.activities.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.NetworkType;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.NodeRegistryWorkflow;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.model.NodeInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RegistryActivitiesImplTest {
    private TestWorkflowEnvironment env;

    @BeforeEach
    void setUp() {
        env =
                TestWorkflowEnvironment.newInstance(
                        TestEnvironmentOptions.newBuilder()
                                .setWorkflowClientOptions(
                                        WorkflowClientOptions.newBuilder()
                                                .setDataConverter(CaravelDataConverter.get())
                                                .build())
                                .build());
        Worker worker = env.newWorker(TaskQueues.DEFAULT);
        worker.registerWorkflowImplementationTypes(FakeRegistry.class);
        env.start();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    @Test
    void noRegistryYetMeansNoNodes() {
        assertThat(new RegistryActivitiesImpl(env.getWorkflowClient()).listNodes()).isEmpty();
    }

    @Test
    void listsTheNodesTheRegistryReports() {
        WorkflowClient client = env.getWorkflowClient();
        NodeRegistryWorkflow registry =
                client.newWorkflowStub(
                        NodeRegistryWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(NodeRegistryWorkflow.WORKFLOW_ID)
                                .setTaskQueue(TaskQueues.DEFAULT)
                                .build());
        WorkflowClient.start(registry::run, Map.of());
        NodeInfo node =
                new NodeInfo(
                        "n1",
                        TaskQueues.node("n1"),
                        new Resources(2000, 1L << 30, 0, 0),
                        new Resources(1000, 1L << 30, 0, 0),
                        Map.of("zone", "eu"),
                        Set.of("noop"),
                        Set.of(),
                        Set.of("noop"),
                        Set.of(NetworkType.NONE),
                        List.of(),
                        "",
                        0);
        client.newWorkflowStub(NodeRegistryWorkflow.class, NodeRegistryWorkflow.WORKFLOW_ID)
                .heartbeat(node);

        List<NodeInfo> nodes = new RegistryActivitiesImpl(client).listNodes();

        assertThat(nodes).extracting(NodeInfo::nodeId).containsExactly("n1");
        assertThat(nodes.get(0).labels()).containsEntry("zone", "eu");
    }

    @Test
    void aRecentListIsTheLastReadForASecondThenReadAgain() {
        WorkflowClient client = env.getWorkflowClient();
        NodeRegistryWorkflow registry =
                client.newWorkflowStub(
                        NodeRegistryWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(NodeRegistryWorkflow.WORKFLOW_ID)
                                .setTaskQueue(TaskQueues.DEFAULT)
                                .build());
        WorkflowClient.start(registry::run, Map.of());
        AtomicLong now = new AtomicLong();
        RegistryActivitiesImpl activities = new RegistryActivitiesImpl(client, now::get);
        heartbeat(client, "n1");
        assertThat(activities.listRecentNodes()).extracting(NodeInfo::nodeId).containsExactly("n1");

        heartbeat(client, "n2");
        now.addAndGet(RegistryActivitiesImpl.RECENT.toNanos());
        assertThat(activities.listRecentNodes()).extracting(NodeInfo::nodeId).containsExactly("n1");
        now.incrementAndGet();
        assertThat(activities.listRecentNodes())
                .extracting(NodeInfo::nodeId)
                .containsExactlyInAnyOrder("n1", "n2");
    }

    private static void heartbeat(WorkflowClient client, String nodeId) {
        client.newWorkflowStub(NodeRegistryWorkflow.class, NodeRegistryWorkflow.WORKFLOW_ID)
                .heartbeat(
                        new NodeInfo(
                                nodeId,
                                TaskQueues.node(nodeId),
                                new Resources(2000, 1L << 30, 0, 0),
                                new Resources(1000, 1L << 30, 0, 0),
                                Map.of(),
                                Set.of("noop"),
                                Set.of(),
                                Set.of("noop"),
                                Set.of(NetworkType.NONE),
                                List.of(),
                                "",
                                0));
    }

    /** The smallest registry that answers the query; the real one lives in the workflows module. */
    public static class FakeRegistry implements NodeRegistryWorkflow {
        private final List<NodeInfo> nodes = new ArrayList<>();
        private boolean done;

        @Override
        public void run(Map<String, NodeInfo> known) {
            Workflow.await(() -> done);
        }

        @Override
        public void heartbeat(NodeInfo node) {
            nodes.add(node);
        }

        @Override
        public void leave(String nodeId) {
            done = true;
        }

        @Override
        public List<NodeInfo> nodes() {
            return nodes;
        }

        @Override
        public List<NodeInfo> allNodes() {
            return nodes;
        }
    }
}
