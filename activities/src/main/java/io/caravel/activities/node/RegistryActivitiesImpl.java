package io.caravel.activities.node;

import io.caravel.workflows.NodeRegistryWorkflow;
import io.caravel.workflows.activities.RegistryActivities;
import io.caravel.workflows.model.NodeInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Objects;

/**
 * Reads the node registry for workflows, which cannot query another workflow themselves: the
 * {@link NodeRegistryWorkflow#WORKFLOW_ID} workflow's {@code nodes()} query. Before any worker has
 * started the registry there are no nodes. Jobs that start at once share the query ({@link FreshReads}):
 * the registry is one workflow, and the server keeps only a few queries to one workflow waiting
 * while it is busy (10,000 jobs queued at once were refused {@code RESOURCE_EXHAUSTED: consistent
 * query buffer is full}).
 */
public final class RegistryActivitiesImpl implements RegistryActivities {
    /** The failure type when the registry exists but cannot be read (the server is unreachable). */
    public static final String REGISTRY_UNAVAILABLE = "REGISTRY_UNAVAILABLE";

    private final WorkflowClient client;
    private final FreshReads<List<NodeInfo>> reads = new FreshReads<>(this::query);

    public RegistryActivitiesImpl(WorkflowClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public List<NodeInfo> listNodes() {
        try {
            return reads.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure("interrupted while reading the node registry", REGISTRY_UNAVAILABLE);
        }
    }

    private List<NodeInfo> query() {
        NodeRegistryWorkflow registry = client.newWorkflowStub(NodeRegistryWorkflow.class,
                NodeRegistryWorkflow.WORKFLOW_ID);
        try {
            List<NodeInfo> nodes = registry.nodes();
            return nodes == null ? List.of() : List.copyOf(nodes);
        } catch (WorkflowNotFoundException e) {
            return List.of();
        } catch (RuntimeException e) {
            throw ApplicationFailure.newFailureWithCause("cannot read the node registry "
                    + NodeRegistryWorkflow.WORKFLOW_ID + ": " + e.getMessage(), REGISTRY_UNAVAILABLE, e);
        }
    }
}
