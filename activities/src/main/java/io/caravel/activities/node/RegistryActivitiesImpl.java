package io.caravel.activities.node;

import io.caravel.workflows.NodeRegistryWorkflow;
import io.caravel.workflows.activities.RegistryActivities;
import io.caravel.workflows.model.NodeInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Reads the node registry for workflows, which cannot query another workflow themselves: the {@link
 * NodeRegistryWorkflow#WORKFLOW_ID} workflow's {@code nodes()} query. Before any worker has started
 * the registry there are no nodes. Jobs that start at once share the query ({@link FreshReads}):
 * the registry is one workflow, and the server keeps only a few queries to one workflow waiting
 * while it is busy (10,000 jobs queued at once were refused {@code RESOURCE_EXHAUSTED: consistent
 * query buffer is full}).
 */
public final class RegistryActivitiesImpl implements RegistryActivities {
    /** The failure type when the registry exists but cannot be read (the server is unreachable). */
    public static final String REGISTRY_UNAVAILABLE = "REGISTRY_UNAVAILABLE";

    /** How long a node list read by this worker serves {@link #listRecentNodes()}. */
    public static final Duration RECENT = Duration.ofSeconds(1);

    private final WorkflowClient client;
    private final FreshReads<List<NodeInfo>> reads = new FreshReads<>(this::query);
    private final LongSupplier nanoTime;
    private volatile Snapshot last;

    /** A node list and when it was read ({@link System#nanoTime()}). */
    private record Snapshot(List<NodeInfo> nodes, long readAt) {}

    public RegistryActivitiesImpl(WorkflowClient client) {
        this(client, System::nanoTime);
    }

    RegistryActivitiesImpl(WorkflowClient client, LongSupplier nanoTime) {
        this.client = Objects.requireNonNull(client, "client");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    @Override
    public List<NodeInfo> listRecentNodes() {
        Snapshot snapshot = last;
        if (snapshot != null && nanoTime.getAsLong() - snapshot.readAt() <= RECENT.toNanos()) {
            return snapshot.nodes();
        }
        return listNodes();
    }

    @Override
    public List<NodeInfo> listNodes() {
        try {
            return reads.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure(
                    "interrupted while reading the node registry", REGISTRY_UNAVAILABLE);
        }
    }

    private List<NodeInfo> query() {
        NodeRegistryWorkflow registry =
                client.newWorkflowStub(
                        NodeRegistryWorkflow.class, NodeRegistryWorkflow.WORKFLOW_ID);
        long readAt = nanoTime.getAsLong();
        try {
            List<NodeInfo> read = registry.nodes();
            List<NodeInfo> nodes = read == null ? List.of() : List.copyOf(read);
            last = new Snapshot(nodes, readAt);
            return nodes;
        } catch (WorkflowNotFoundException e) {
            return List.of();
        } catch (RuntimeException e) {
            throw ApplicationFailure.newFailureWithCause(
                    "cannot read the node registry "
                            + NodeRegistryWorkflow.WORKFLOW_ID
                            + ": "
                            + e.getMessage(),
                    REGISTRY_UNAVAILABLE,
                    e);
        }
    }
}
