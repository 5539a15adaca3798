package io.caravel.cli;

import io.caravel.workflows.NodeRegistryWorkflow;
import io.caravel.workflows.model.NodeInfo;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.Optional;

/** Looks nodes up in the node registry workflow ({@code allNodes}: every node with a heartbeat). */
final class NodeDirectory {
    private NodeDirectory() {}

    /**
     * The node {@code nodeId} as it last declared itself; empty when the registry does not know it
     * (or is absent).
     */
    static Optional<NodeInfo> find(WorkflowClient client, String nodeId) {
        List<NodeInfo> nodes;
        try {
            nodes =
                    client.newWorkflowStub(
                                    NodeRegistryWorkflow.class, NodeRegistryWorkflow.WORKFLOW_ID)
                            .allNodes();
        } catch (RuntimeException e) {
            // No registry (no worker ever started) answers like a gone node: the caller falls back.
            return Optional.empty();
        }
        return nodes.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst();
    }
}
