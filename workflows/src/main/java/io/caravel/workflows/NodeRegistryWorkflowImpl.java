package io.caravel.workflows;

import io.caravel.workflows.model.NodeInfo;
import io.temporal.worker.Worker;
import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * {@link NodeRegistryWorkflow}: the nodes known from their heartbeats, by node ID. A node counts as
 * connected while its last heartbeat is younger than {@link
 * OrchestrationSettings#nodeListStaleAfter()}. Queries see the workflow's clock, which only moves
 * when the workflow wakes up, so the workflow sets a timer for the moment the next node turns
 * stale. It continues as new after {@value #SIGNALS_PER_RUN} signals (or when the server suggests
 * it), carrying the nodes over, and never ends otherwise.
 */
public final class NodeRegistryWorkflowImpl implements NodeRegistryWorkflow {
    static final int SIGNALS_PER_RUN = 1000;

    private final OrchestrationSettings settings;
    private final int signalsPerRun;
    private final Map<String, NodeInfo> nodes = new TreeMap<>();
    private int signals;

    public NodeRegistryWorkflowImpl(OrchestrationSettings settings) {
        this(settings, SIGNALS_PER_RUN);
    }

    NodeRegistryWorkflowImpl(OrchestrationSettings settings, int signalsPerRun) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.signalsPerRun = signalsPerRun;
    }

    /** Registers the registry workflow on {@code worker} with these settings. */
    public static void register(Worker worker, OrchestrationSettings settings) {
        worker.registerWorkflowImplementationFactory(
                NodeRegistryWorkflow.class, () -> new NodeRegistryWorkflowImpl(settings));
    }

    @Override
    public void run(Map<String, NodeInfo> carried) {
        if (carried != null) {
            carried.forEach((id, node) -> nodes.putIfAbsent(id, node));
        }
        Promise<Void> wakeUp = null;
        while (signals < signalsPerRun && !Workflow.getInfo().isContinueAsNewSuggested()) {
            if (wakeUp == null || wakeUp.isCompleted()) {
                wakeUp =
                        nextStaleness().isPresent()
                                ? Workflow.newTimer(
                                        Duration.ofMillis(Math.max(1, nextStaleness().getAsLong())))
                                : null;
            }
            Promise<Void> timer = wakeUp;
            int seen = signals;
            Workflow.await(() -> signals != seen || (timer != null && timer.isCompleted()));
        }
        // Signal handlers here never block, but a future one might; let them finish first.
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(
                ContinueAsNewOptions.newBuilder().setTaskQueue(TaskQueues.REGISTRY).build(),
                new TreeMap<>(nodes));
    }

    @Override
    public void heartbeat(NodeInfo node) {
        signals++;
        if (node == null || node.nodeId() == null || node.nodeId().isBlank()) {
            Workflow.getLogger(NodeRegistryWorkflowImpl.class)
                    .warn("ignored a heartbeat without a node ID");
            return;
        }
        nodes.put(node.nodeId(), node.seenAt(Workflow.currentTimeMillis()));
    }

    @Override
    public void leave(String nodeId) {
        signals++;
        nodes.remove(nodeId);
    }

    @Override
    public List<NodeInfo> nodes() {
        long now = Workflow.currentTimeMillis();
        return nodes.values().stream().filter(n -> isConnected(n, now)).toList();
    }

    @Override
    public List<NodeInfo> allNodes() {
        return List.copyOf(nodes.values());
    }

    private boolean isConnected(NodeInfo node, long now) {
        return now - node.lastSeenMillis() < settings.nodeListStaleAfter().toMillis();
    }

    /** Milliseconds until the next connected node turns stale; empty when none is connected. */
    private OptionalLong nextStaleness() {
        long now = Workflow.currentTimeMillis();
        long staleAfter = settings.nodeListStaleAfter().toMillis();
        return nodes.values().stream()
                .filter(n -> isConnected(n, now))
                .mapToLong(n -> n.lastSeenMillis() + staleAfter - now)
                .min();
    }
}
