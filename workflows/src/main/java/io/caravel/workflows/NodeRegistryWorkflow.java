package io.caravel.workflows;

import io.caravel.workflows.model.NodeInfo;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;
import java.util.Map;

/**
 * The list of worker nodes, fed by their heartbeats. One instance, {@link #WORKFLOW_ID}, runs on
 * {@link TaskQueues#DEFAULT}; workers start it with signal-with-start. It continues as new to keep
 * its history short. Works on the Java test server and on a real server alike.
 */
@WorkflowInterface
public interface NodeRegistryWorkflow {
    String WORKFLOW_ID = "caravel-node-registry";
    String TYPE = "CaravelNodeRegistry";

    /** {@code nodes} carries the known nodes over a continue-as-new; empty on first start. */
    @WorkflowMethod(name = TYPE)
    void run(Map<String, NodeInfo> nodes);

    /** A node is alive and has this capacity now. */
    @SignalMethod(name = "heartbeat")
    void heartbeat(NodeInfo node);

    /** A node shuts down. */
    @SignalMethod(name = "leave")
    void leave(String nodeId);

    /** Nodes whose last heartbeat is recent enough to count as connected. */
    @QueryMethod(name = "nodes")
    List<NodeInfo> nodes();

    /** Every node known, connected or not. */
    @QueryMethod(name = "allNodes")
    List<NodeInfo> allNodes();
}
