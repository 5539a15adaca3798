package io.caravel.workers.registry;

import io.caravel.workflows.NodeRegistryWorkflow;
import io.caravel.workflows.model.NodeInfo;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the real registry workflow: {@link #allNodes()} answers every heartbeat received,
 * in order, and {@link #nodes()} the nodes that have not left.
 */
public class RecordingRegistry implements NodeRegistryWorkflow {
    private final List<NodeInfo> heartbeats = new ArrayList<>();
    private final Map<String, NodeInfo> present = new LinkedHashMap<>();

    @Override
    public void run(Map<String, NodeInfo> nodes) {
        Workflow.await(() -> false);
    }

    @Override
    public void heartbeat(NodeInfo node) {
        heartbeats.add(node);
        present.put(node.nodeId(), node);
    }

    @Override
    public void leave(String nodeId) {
        present.remove(nodeId);
    }

    @Override
    public List<NodeInfo> nodes() {
        return List.copyOf(present.values());
    }

    @Override
    public List<NodeInfo> allNodes() {
        return List.copyOf(heartbeats);
    }
}
